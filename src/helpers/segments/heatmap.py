"""Quarterly growth by segment, one heatmap panel per growth basis."""

from __future__ import annotations

import math

import pandas as pd

from helpers import charts, figdata
from helpers.plotting import finish, new_figure
from helpers.segments.common import (
    GROWTH_BASES,
    GROWTH_UNIT,
    empty_table,
    listing,
    pct,
    quarter_name,
    segment_table,
    window_problem,
)
from helpers.segments.drawing import room_for_panel_titles, with_notes
from helpers.segments.group_growth import growth_rows


def segment_growth(facts: pd.DataFrame, segments, first: int, last: int) -> figdata.Chart:
    """Quarterly growth of each segment, one panel per growth basis, blank where unsourced.

    Table: one ``cell`` per segment, basis and quarter; ``label`` is
    ``"<segment> | <basis>"``. Where a segment's perimeter changes between two of its cells
    on one basis, ``extra['changes']`` says where, and the figure marks it.
    """
    name = "segment-growth"
    segments = list(dict.fromkeys(segments))
    if first > last:
        return figdata.Chart(name, empty_table(), window_problem(first, last, "growth", True),
                             numbers={"empty": True}, extra={"segments": segments})
    rows = growth_rows(facts, segments, first, last)
    parts = []
    for seg in segments:
        for basis in GROWTH_BASES.values():
            part = rows[(rows["segment"] == seg) & (rows["growth_basis"] == basis)]
            if not part.empty:
                parts.append(figdata.points(part, f"{charts.label(seg)} | {basis}", y="value",
                                            unit=GROWTH_UNIT, mark="cell")
                             .assign(segment=seg, growth_basis=basis))
    table = segment_table(*parts)
    if table.empty:
        return figdata.Chart(name, table, f"data/ has no quarterly growth for the selected "
                             f"segments from {first} to {last}", numbers={"empty": True},
                             extra={"segments": segments})
    bases = [b for b in GROWTH_BASES.values() if b in set(table["growth_basis"])]
    quarters = {}
    for basis in bases:
        idx = [figdata.period_index(p) for p in table.loc[table["growth_basis"] == basis,
                                                         "period"]]
        quarters[basis] = [quarter_name(i) for i in range(min(idx), max(idx) + 1)]
    changes = []
    for _, part in table.groupby("label", sort=False):
        part = part.sort_values("x")
        previous = None
        for _, r in part.iterrows():
            if previous is not None and r["perimeter"] != previous["perimeter"]:
                changes.append({"segment": r["segment"], "growth_basis": r["growth_basis"],
                                "before": previous["period"], "after": r["period"],
                                "label": r["perimeter_label"] or r["perimeter"]})
            previous = r
    counts = table["growth_basis"].value_counts()
    basis = max(bases, key=lambda b: (counts[b], -bases.index(b)))
    mine = table[table["growth_basis"] == basis]
    tally = {seg: (int((part["y"] > 0).sum()), len(part))
             for seg, part in mine.groupby("segment", sort=False)}
    order = [s for s in segments if s in tally]
    best = max(order, key=lambda s: (tally[s][0] / tally[s][1], tally[s][1]))
    worst = min(order, key=lambda s: (tally[s][0] / tally[s][1], -tally[s][1]))
    blank = [s for s in segments if s not in set(table["segment"])]
    numbers = {"empty": False, "basis": basis, "tally": tally, "best": best, "worst": worst,
               "blank": blank,
               "cells": {b: int(counts[b]) for b in bases},
               "positive": {b: int((table.loc[table["growth_basis"] == b, "y"] > 0).sum())
                            for b in bases}}
    title = (f"On the basis with the most figures ({basis} growth), {charts.label(best)} grew "
             f"in {tally[best][0]} of the {tally[best][1]} quarters the sources give")
    if worst != best:
        title += f"; {charts.label(worst)} in {tally[worst][0]} of {tally[worst][1]}"
    merged: dict[tuple, list[str]] = {}
    for c in changes:
        merged.setdefault((c["segment"], c["after"], c["label"]), []).append(c["growth_basis"])
    notes = [f"{charts.label(seg)} from {figdata.period_label(after)} ({', '.join(which)}): "
             f"{label}" for (seg, after, label), which in merged.items()]
    if blank:
        notes.append("no growth figure in data/: " + listing(charts.label(s) for s in blank))
    subtitle = ("Year-on-year change of net sales, percent; one panel per growth basis, one "
                "colour scale; blank = not in the sources; a black bar = change of perimeter")
    return figdata.Chart(name, table, title, subtitle, notes, numbers,
                         extra={"segments": segments, "bases": bases, "quarters": quarters,
                                "changes": changes})


def draw_segment_growth(chart: figdata.Chart, ds):
    import matplotlib.colors as mcolors
    import numpy as np

    table = chart.table
    if table.empty:
        return charts.empty_figure(chart, ds, 10, 5)
    bases, segments = chart.extra["bases"], chart.extra["segments"]
    # one set of columns for every panel, so a quarter sits in the same place on each basis
    idx = [figdata.period_index(q) for b in bases for q in chart.extra["quarters"][b]]
    cols = [quarter_name(i) for i in range(min(idx), max(idx) + 1)]
    panel_height = 0.62 + 0.3 * len(segments)
    fig, axes = new_figure(max(8.5, 3.2 + 0.55 * len(cols)),
                           2.2 + panel_height * len(bases), len(bases), 2,
                           gridspec_kw={"width_ratios": [1, 0.025]}, squeeze=False)
    grid_spec = axes[0, 1].get_gridspec()
    for ax in axes[:, 1]:
        ax.remove()
    cax = fig.add_subplot(grid_spec[:, 1])
    limit = max(10.0, math.ceil(table["y"].abs().max() / 10) * 10)
    norm = mcolors.Normalize(-limit, limit)
    image = None
    for ax, basis in zip(axes[:, 0], bases, strict=True):
        grid = np.full((len(segments), len(cols)), np.nan)
        for _, r in table[table["growth_basis"] == basis].iterrows():
            grid[segments.index(r["segment"]), cols.index(r["period"])] = r["y"]
        image = ax.imshow(np.ma.masked_invalid(grid), cmap="RdBu", norm=norm, aspect="auto")
        for (row, col), value in np.ndenumerate(grid):
            if not np.isnan(value):
                ax.text(col, row, pct(value), ha="center", va="center", fontsize=7.5,
                        color="white" if abs(value) > 0.6 * limit else "#222")
        for c in chart.extra["changes"]:
            if c["growth_basis"] == basis:
                row, col = segments.index(c["segment"]), cols.index(c["after"])
                ax.plot([col - 0.5, col - 0.5], [row - 0.5, row + 0.5], color="black",
                        linewidth=3, solid_capstyle="butt")
        ax.set_xticks(range(len(cols)))
        ax.set_xticklabels([figdata.period_label(q).replace(" ", "\n") for q in cols]
                           if ax is axes[-1, 0] else [], fontsize=8)
        ax.set_yticks(range(len(segments)))
        ax.set_yticklabels([charts.label(s) for s in segments], fontsize=8.5)
        ax.set_title(f"Growth, {basis}", fontsize=10, loc="left")
        ax.grid(False)
        ax.set_facecolor("#f4f4f4")
    bar = fig.colorbar(image, cax=cax)
    cax.grid(False)
    bar.set_label("Year-on-year change, percent", fontsize=9)
    bar.ax.yaxis.set_label_position("left")
    finish(fig, chart.title, charts.source_line(ds, chart.sources()),
           subtitle=with_notes(chart.subtitle, chart.notes), left=0.2)
    room_for_panel_titles(fig)
    fig.subplots_adjust(hspace=0.3, right=0.93)
    return fig


def describe_segment_growth(chart: figdata.Chart) -> str:
    n = chart.numbers
    if n["empty"]:
        return chart.title + "."
    per_basis = "; ".join(f"{b}: {n['positive'][b]} of {n['cells'][b]} figures positive"
                          for b in n["cells"])
    text = f"{chart.title}. Across all segments shown, {per_basis}."
    if chart.notes:
        text += " Note: " + "; ".join(chart.notes) + "."
    return text
