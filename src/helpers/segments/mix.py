"""The mix of segment sales, each year's bar from one document."""

from __future__ import annotations

import pandas as pd

from helpers import charts, figdata, series
from helpers.plotting import PALETTE, finish, new_figure
from helpers.segments.common import (
    NUMBER_WORDS,
    SHARE_UNIT,
    empty_table,
    listing,
    nokia_rows,
    segment_table,
    sentence,
    span,
    window_problem,
)
from helpers.segments.drawing import with_notes
from helpers.segments.net_sales import first_after


def segment_mix(facts: pd.DataFrame, segments, first: int, last: int) -> figdata.Chart:
    """Each segment's share of the selected segments' combined net sales, per fiscal year.

    A year is shown only when one document gives every selected segment for it (so one
    bar never mixes two structures); among such documents the basis rule picks one. Years
    where the segments are sourced only across documents are listed as left out.
    """
    name = "segment-mix"
    segments = list(dict.fromkeys(segments))
    numbers = {"empty": True, "segments": segments, "skipped": []}
    if first > last:
        return figdata.Chart(name, empty_table(), window_problem(first, last, "the mix"),
                             numbers=numbers)
    if len(segments) < 2:
        what = (f"only {charts.label(segments[0])}" if segments else "none")
        return figdata.Chart(name, empty_table(), f"A mix needs at least two segments; the "
                             f"parameter segments names {what}", numbers=numbers)
    rows = nokia_rows(facts, ["net_sales"], segments, "annual", first, last)
    picked, skipped = [], []
    for period, year_rows in rows.groupby("period", sort=True):
        complete = []
        for _, doc in year_rows.groupby("source_id"):
            doc = series.choose(doc, by=("segment",))
            if set(doc["segment"]) == set(segments):
                worst = doc.loc[doc["basis"].map(series.BASIS_RANK).idxmax()]
                complete.append((worst, doc))
        if not complete:
            skipped.append(period)
            continue
        reps = pd.DataFrame([w for w, _ in complete])
        source = series.choose(reps).iloc[0]["source_id"]
        picked.append(next(doc for w, doc in complete if w["source_id"] == source))
    numbers["skipped"] = skipped
    if not picked:
        title = (f"No single document in data/ gives all of {listing(map(charts.label, segments))} "
                 f"for any year in {span(first, last)}, so no mix is drawn")
        return figdata.Chart(name, empty_table(), title, numbers=numbers,
                             notes=[f"left out: {listing(skipped)}"] if skipped else [])
    chosen = pd.concat(picked)
    chosen = chosen.assign(eur=series.in_eur(facts, chosen))
    chosen["share"] = chosen["eur"] / chosen.groupby("period")["eur"].transform("sum") * 100
    parts = [figdata.points(chosen[chosen["segment"] == seg], charts.label(seg), y="share",
                            unit=SHARE_UNIT, mark="bar")
             .assign(segment=seg, amount=chosen.loc[chosen["segment"] == seg, "eur"].to_numpy())
             for seg in segments]
    table = segment_table(*parts)
    shares = table.pivot(index="period", columns="segment", values="y")[segments]
    a, b = shares.index[0], shares.index[-1]
    moved = (shares.loc[b] - shares.loc[a]).abs().sort_values(ascending=False, kind="stable")
    seg = moved.index[0]
    start, end = shares.loc[a, seg], shares.loc[b, seg]
    # a share depends on every segment of the bar, so any segment's new perimeter matters
    moved_perimeters = sorted(
        {charts.label(segment) for segment, part in table.groupby("segment")
         if part.set_index("period")["perimeter"].get(a) != part.set_index("period")[
             "perimeter"].get(b)})
    numbers.update(empty=False, first_period=a, last_period=b, segment=seg, start=start,
                   end=end, shares=shares, years=list(shares.index),
                   perimeter_changed=bool(moved_perimeters),
                   perimeters_changed=moved_perimeters)
    changes = figdata.breaks(figdata.assign_lines(table.assign(mark="line")))
    changes = changes[changes["kind"] == "perimeter"]
    notes = [f"{row['label']} from {first_after(table, row)}: {row['after']}"
             for _, row in changes.iterrows()]
    if skipped:
        notes.append("left out, no one document gives every segment: " + listing(skipped))
    n = len(segments)
    whole = f"the {NUMBER_WORDS.get(n, n)} segments' combined net sales"
    if a == b:
        title = (f"Only {a} has all {n} segments in one document: {charts.label(seg)} made "
                 f"{start:.0f}% of {whole}")
    else:
        if round(start) == round(end):
            move = f"was {end:.0f}% of {whole} in both {a} and {b}"
        else:
            verb = "rose" if end > start else "fell"
            move = f"{verb} from {start:.0f}% to {end:.0f}% of {whole} between {a} and {b}"
        title = f"{charts.label(seg)}, the segment whose share moved most, {move}"
        if moved_perimeters:
            whose = ("its" if moved_perimeters == [charts.label(seg)]
                     else listing(f"{m}'s" for m in moved_perimeters))
            title += f" ({whose} perimeter changed in between)"
    subtitle = ("Share of " + listing(charts.label(s) for s in segments)
                + "; each year's bar from one document")
    return figdata.Chart(name, table, title, subtitle, notes, numbers)


def mix_shares(chart: figdata.Chart) -> pd.DataFrame:
    """Shares in percent, one row per fiscal year, one column per segment (labels)."""
    if chart.numbers["empty"]:
        return pd.DataFrame()
    shares = chart.numbers["shares"].copy()
    shares.columns = [charts.label(s) for s in shares.columns]
    return shares


def draw_segment_mix(chart: figdata.Chart, ds):
    table = chart.table
    if table.empty:
        return charts.empty_figure(chart, ds, 9.5, 5.6)
    fig, ax = new_figure(9.5, 5.6)
    segments = chart.numbers["segments"]
    bottom = pd.Series(0.0, index=sorted(table["x"].unique()))
    for i, seg in enumerate(segments):
        part = table[table["segment"] == seg].set_index("x")["y"].reindex(bottom.index)
        ax.bar(bottom.index, part, bottom=bottom, width=0.75, color=PALETTE[i % len(PALETTE)],
               label=charts.label(seg))
        for x, value in part.items():
            if value >= 4:
                ax.text(x, bottom[x] + value / 2, f"{value:.0f}%", ha="center", va="center",
                        color="white", fontsize=9, fontweight="bold")
        bottom = bottom + part.fillna(0)
    ax.set_ylim(0, 118)
    ax.set_yticks(range(0, 101, 20))
    ax.set_ylabel("Share of the segments' combined net sales, %")
    charts.fiscal_year_axis(ax, int(table["x"].min()), int(table["x"].max()), step=1)
    ax.grid(False)
    charts.mark_breaks(ax, figdata.assign_lines(table.assign(mark="line")), width=30)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(0.0, -0.07), ncol=3,
              fontsize=8.5)
    finish(fig, chart.title, charts.source_line(ds, chart.sources()),
           subtitle=with_notes(chart.subtitle, chart.notes),
           legend_rows=-(-len(labels) // 3))
    return fig


def describe_segment_mix(chart: figdata.Chart) -> str:
    n = chart.numbers
    if n["empty"]:
        text = chart.title + "."
        if n["skipped"]:
            text += f" Years with some but not all segments: {listing(n['skipped'])}."
        return text
    shares = n["shares"]
    a, b = n["first_period"], n["last_period"]
    moves = "; ".join(f"{charts.label(s)} {shares.loc[a, s]:.0f}% to {shares.loc[b, s]:.0f}%"
                      for s in shares.columns)
    text = (f"Shares of the selected segments' combined net sales, {a} to {b} (each year "
            f"from one document): {moves}.")
    if chart.notes:
        text += " " + sentence("; ".join(chart.notes)) + "."
    return text
