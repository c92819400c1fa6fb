"""Chart builders shared by the notebooks: lines with basis styling, event markers, bars.

They draw on an axes they are given and return it, so a notebook decides the layout and the
words (title, finding) while the drawing conventions stay the same everywhere.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict

import matplotlib.ticker as mticker
import pandas as pd

from helpers.plotting import COLORS

KIND_WORDS = {
    "annual_report": "annual reports", "form_20f": "20-F filings", "form_10k": "10-K filings",
    "quarterly_report": "interim reports", "press_release": "press releases",
    "rate_table": "rate tables", "analyst": "analysts", "news": "news reports",
    "other": "other documents",
}


# A document of each kind named in a sentence ("recast in the 20-F for FY2017").
SINGULAR = {
    "annual_report": "the annual report", "form_20f": "the 20-F", "form_10k": "the 10-K",
    "quarterly_report": "the interim report", "press_release": "a press release",
    "rate_table": "a rate table", "analyst": "an analyst note", "news": "a news report",
    "other": "a document",
}


def source_line(ds, source_ids, prefix: str = "Sources") -> str:
    """Name the documents behind a figure: publisher, kind of document, years."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for sid in source_ids:
        row = ds.sources.get(sid)
        if row is None:
            continue
        groups[(row["publisher"], row["kind"])].append(row["date"][:4])
    parts = []
    for (publisher, kind), years in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        span = min(years) if min(years) == max(years) else f"{min(years)}-{max(years)}"
        parts.append(f"{publisher} {KIND_WORDS.get(kind, kind)} ({span})")
    if not parts:
        return (f"{prefix}: no document in data/ gives a value for what is shown. "
                "Every value with its page or table: data/*.csv, reports/index.html.")
    if len(parts) > 6:
        parts = parts[:6] + [f"{len(parts) - 6} more publishers"]
    return (f"{prefix}: " + "; ".join(parts)
            + ". Every value with its page or table: data/*.csv, reports/index.html.")


def thousands_axis(ax, unit: str) -> None:
    ax.yaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylabel(unit)


def nothing_to_draw(ax, text: str, width: int = 48) -> None:
    """An empty panel that says why it is empty, instead of axes with nothing on them."""
    wrapped = "\n".join(line for part in text.split("\n") for line in textwrap.wrap(part, width))
    ax.text(0.5, 0.5, wrapped, transform=ax.transAxes, ha="center", va="center", fontsize=10,
            color="#555")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)


def empty_figure(chart, ds, width: float = 10, height: float = 5):
    """The figure of a chart with nothing to plot: its title, why, and its source line."""
    from helpers.plotting import finish, new_figure

    fig, ax = new_figure(width, height)
    nothing_to_draw(ax, chart.title)
    finish(fig, chart.title, source_line(ds, chart.sources()))
    return fig


def fiscal_year_axis(ax, start: int | None = None, end: int | None = None,
                     step: int | None = None, label: str = "") -> None:
    """Ticks labelled as fiscal years ('FY2007'), never as dates or bare calendar years."""
    if start is not None and end is not None:
        step = step or (1 if end - start <= 8 else 2 if end - start <= 16 else 4)
        ax.set_xlim(start - 0.6, end + 0.6)
    ax.xaxis.set_major_locator(mticker.MultipleLocator(step or 2))
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(
        lambda v, _: f"FY{int(round(v))}" if abs(v - round(v)) < 1e-6 else ""))
    if label:
        ax.set_xlabel(label)


def quarter_axis(ax, table: pd.DataFrame, label: str = "") -> None:
    """One tick per plotted quarter, labelled 'Q3\n2025'."""
    ticks = table.drop_duplicates("x").sort_values("x")
    ax.set_xticks(ticks["x"])
    ax.set_xticklabels([t.replace(" ", "\n") for t in ticks["x_label"]], fontsize=8.5)
    if label:
        ax.set_xlabel(label)


# How each basis looks, on every chart: first published solid with filled markers, a recast
# dashed with hollow markers, non-IFRS dotted, estimates dash-dotted.
BASIS_STYLE = {
    "as_reported": {"linestyle": "-", "fill": True},
    "restated": {"linestyle": "--", "fill": False},
    "non_ifrs": {"linestyle": ":", "fill": False},
    "estimate": {"linestyle": "-.", "fill": True},
}


def draw_lines(ax, table: pd.DataFrame, colors: dict[str, str] | None = None,
               markers: dict[str, str] | None = None, legend_labels: dict[str, str] | None
               = None) -> dict[str, str]:
    """Draw every ``line`` of a figure table as its own polyline, styled by basis.

    Each series label appears once in the legend. Returns label -> colour used.
    """
    from helpers.plotting import PALETTE

    colors = dict(colors or {})
    markers = markers or {}
    used: dict[str, str] = {}
    shown: set[str] = set()
    lines = table[table["mark"] == "line"]
    for label in dict.fromkeys(lines["label"]):
        color = colors.get(label) or PALETTE[len(used) % len(PALETTE)]
        used[label] = color
        for _, part in lines[lines["label"] == label].groupby("line", sort=False):
            part = part.sort_values("x")
            style = BASIS_STYLE.get(part["basis"].iloc[0], BASIS_STYLE["as_reported"])
            ax.plot(part["x"], part["y"], linestyle=style["linestyle"], color=color,
                    marker=markers.get(label, "o"), markersize=4.5, linewidth=1.8,
                    markerfacecolor=color if style["fill"] else "white",
                    markeredgecolor=color,
                    label=None if label in shown else (legend_labels or {}).get(label, label))
            shown.add(label)
    return used


def basis_legend_handles(table: pd.DataFrame) -> list:
    """Legend entries explaining the line styles of the bases a table actually holds."""
    from matplotlib.lines import Line2D

    from helpers.series import BASIS_WORDS

    handles = []
    for basis in [b for b in BASIS_STYLE if b in set(table["basis"])]:
        style = BASIS_STYLE[basis]
        handles.append(Line2D([], [], color="#555", linestyle=style["linestyle"], marker="o",
                              markersize=4.5, markerfacecolor="#555" if style["fill"]
                              else "white", label=BASIS_WORDS[basis]))
    return handles


def mark_breaks(ax, table: pd.DataFrame, width: int = 22, max_marks: int = 6) -> int:
    """A thin vertical rule and a short note where a series changes perimeter or basis.

    Returns how many were marked. Only perimeter changes get words (a basis change is
    already visible as a change of line style).
    """
    from helpers.figdata import breaks

    found = breaks(table)
    found = found[found["kind"] == "perimeter"].drop_duplicates("x")
    top = ax.get_ylim()[1]
    lo, hi = ax.get_xlim()
    for i, (_, b) in enumerate(found.head(max_marks).iterrows()):
        ax.axvline(b["x"], color="#999", linewidth=0.9, linestyle=(0, (2, 2)), zorder=0)
        text = "\n".join(textwrap.wrap(f"from here: {b['after']}", width))
        # near the right edge the note goes to the rule's left, so it is not cut off
        right = b["x"] > lo + 0.75 * (hi - lo)
        nudge = 0.012 * (hi - lo)
        ax.text(b["x"] - nudge if right else b["x"] + nudge, top * (0.985 - 0.13 * (i % 2)),
                text, fontsize=7, va="top", ha="right" if right else "left", color="#444",
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1})
    return len(found)


def separate_notes(fig) -> None:
    """Move a perimeter note below any earlier one it would cover (call once the layout is
    final, since boxes are measured on the page)."""
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        placed = []
        for text in [t for t in ax.texts if t.get_text().startswith("from here")]:
            box = text.get_window_extent(renderer)
            for _ in range(8):
                if not any(box.overlaps(other) for other in placed):
                    break
                x, y = text.get_position()
                lower = ax.transData.inverted().transform(
                    (0, ax.transData.transform((x, y))[1] - box.height - 3))[1]
                text.set_position((x, lower))
                box = text.get_window_extent(renderer)
            placed.append(box)


def annotate_events(ax, events: pd.DataFrame, start: int, end: int, as_year: bool = True,
                    width: int = 18) -> None:
    """Dashed vertical lines at dated milestones, labels staggered so they do not collide."""
    rows = events.sort_values("date")
    top = ax.get_ylim()[1]
    levels = [0.97, 0.84, 0.71]
    placed = 0
    for _, ev in rows.iterrows():
        when = pd.Timestamp(ev["date"])
        # a fiscal year FYn is drawn at x = n, centred on its middle (FYn spans n-0.5..n+0.5)
        x = when.year - 0.5 + (when.dayofyear - 1) / 365.25 if as_year else when
        if as_year and not (start <= x <= end + 1):
            continue
        ax.axvline(x, color=COLORS["event"], linestyle=":", linewidth=1, zorder=0)
        label = "\n".join(textwrap.wrap(f"{ev['title']} ({when:%b %Y})", width))
        lo, hi = ax.get_xlim()
        near_right = as_year and x > lo + 0.85 * (hi - lo)
        ax.text(x, top * levels[placed % len(levels)], label, fontsize=7.5, color="#333",
                va="top", ha="right" if near_right else "left",
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1})
        placed += 1


def label(segment: str) -> str:
    """A segment id as Nokia, Ciena and Cisco write it: 'ip_networks' -> 'IP Networks'."""
    special = {"ip": "IP", "and": "and", "of": "of", "for": "for", "the": "the",
               "nokia": "Nokia", "navteq": "NAVTEQ", "total": "Group total"}
    words = segment.split("_")
    out = [special.get(w, w.capitalize()) for w in words]
    out[0] = out[0][0].upper() + out[0][1:]
    return " ".join(out)
