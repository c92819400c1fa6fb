"""Drawing pieces the notebook-10 figures share: lettered perimeter marks and legends."""

from __future__ import annotations

import pandas as pd

from helpers import charts, figdata
from helpers.collapse.common import perimeter_steps


def mark_perimeters(ax, table: pd.DataFrame) -> list:
    """A thin rule and a letter where a series changes perimeter; the legend says what
    each letter starts. Returns the legend handles.

    Like ``charts.mark_breaks``, but the words go into the legend instead of onto the
    plot, where they collided with the event labels of these crowded charts.
    """
    from matplotlib.lines import Line2D

    steps = []
    for label in dict.fromkeys(table["label"]):
        pts = table[table["label"] == label].set_index("period")["x"]
        for _before, after, _, becomes in perimeter_steps(table, label):
            # half a period before the first value of the new perimeter, where the change
            # happens, however long a gap came before it (as figdata.breaks places it)
            half = 0.125 if figdata.is_quarter(after) else 0.5
            steps.append((pts[after] - half, label, after, becomes))
    handles, placed = [], {}
    several = table["label"].nunique() > 1
    for x, label, after, becomes in sorted(steps, key=lambda s: s[0]):
        if x in placed:
            continue
        letter = chr(ord("A") + len(placed))
        placed[x] = letter
        ax.axvline(x, color="#999", linewidth=0.9, linestyle=(0, (2, 2)), zorder=0)
        ax.text(x, ax.get_ylim()[1] * 0.015, letter, ha="center", va="bottom",
                fontsize=8, fontweight="bold", color="#333",
                bbox={"facecolor": "white", "edgecolor": "#999",
                      "boxstyle": "round,pad=0.25"})
        who = f"{label} " if several else ""
        handles.append(Line2D([], [], linestyle="none", marker=f"${letter}$",
                              color="#333", markersize=7,
                              label=f"{who}from {after}: {becomes}"))
    return handles


def collapse_legend(ax, table: pd.DataFrame, ncol: int, styles: bool = True,
            extra: list | None = None) -> int:
    """Series, line styles and perimeter letters in one legend under the axes; returns
    how many rows it takes."""
    handles, labels = ax.get_legend_handles_labels()
    more = (charts.basis_legend_handles(table) if styles else []) + list(extra or [])
    handles += more
    labels += [h.get_label() for h in more]
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(0.0, -0.07), ncol=ncol,
              fontsize=8.5)
    return -(-len(labels) // ncol)
