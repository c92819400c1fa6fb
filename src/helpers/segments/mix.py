"""The mix of Nokia's net sales: each segment's share of the group, each year's bar from one
document, with the rest of the group shown so that the shares add up."""

from __future__ import annotations

import pandas as pd

from helpers import draw, figdata, metrics, series, words
from helpers.segments.common import nokia_rows, window_problem

UNIT = "percent of group net sales"


def segment_mix(facts: pd.DataFrame, segments, first: int, last: int,
                structures=None) -> figdata.Chart:
    """Each selected segment's share of the group total, per fiscal year, and the rest of
    the group (the structure's other segments, group common functions and eliminations:
    the total less the selected segments, from the same document). A year is drawn only
    where one document prints the total and every selected segment, so no bar mixes two
    documents; among such documents the basis rule picks one. What "the rest" holds is named
    from the structure in force in the last year drawn (``structures``: the rows of
    data/structures.csv), not from a later reorganisation."""
    from helpers.segments.common import structure_segments

    segments = list(dict.fromkeys(s for s in segments if s != "total"))
    rest = "Rest of the group"
    rows = nokia_rows(facts, ["net_sales"], ["total", *segments], "annual", first, last)
    rows = rows.assign(eur=series.in_eur(facts, rows))
    bars, skipped = [], []
    for period, year in rows.groupby("period", sort=True):
        complete = [doc for _, doc in year.groupby("source_id")
                    if {"total", *segments} <= set(doc["segment"])]
        if not complete:
            skipped.append(period)
            continue
        totals = pd.concat([d[d["segment"] == "total"] for d in complete])
        best = series.choose(totals).iloc[0]["source_id"]
        doc = series.choose(next(d for d in complete if d["source_id"].iloc[0] == best),
                            by=("segment",))
        total = doc[doc["segment"] == "total"].iloc[0]
        parts = doc[doc["segment"] != "total"]
        remainder = total.copy()
        remainder["segment"], remainder["eur"] = "rest", total["eur"] - parts["eur"].sum()
        remainder["perimeter"] = total["perimeter"]
        bar = pd.concat([parts, remainder.to_frame().T])
        bar["share"] = metrics.index_pct(bar["eur"].astype(float), float(total["eur"]))
        bars.append(bar)
    parts = []
    if bars:
        chosen = pd.concat(bars)
        for seg in [*segments, "rest"]:
            part = chosen[chosen["segment"] == seg]
            label = rest if seg == "rest" else words.segment(seg)
            parts.append(figdata.points(part, label, y="share", unit=UNIT, mark="bar")
                         .assign(segment=seg, amount=part["eur"].astype(float).to_numpy()))
    table = figdata.finish_table(*parts)
    described = int(table["period"].iloc[-1][2:6]) if not table.empty else last
    others = [s for s in structure_segments(structures or [], described) if s not in segments]
    n = {"first": first, "last": last, "empty": table.empty, "skipped": skipped,
         "rest": ", ".join(words.segment(s) for s in others) or "group functions"}
    if not table.empty:
        shares = table.pivot(index="period", columns="label", values="y")
        a, b = shares.index[0], shares.index[-1]
        moved = (shares.loc[b] - shares.loc[a]).drop(rest, errors="ignore")
        top = moved.abs().idxmax()
        n.update(a=a, b=b, segment=top, start=float(shares.loc[a, top]),
                 end=float(shares.loc[b, top]), rest_share=float(shares.loc[b, rest]),
                 changed=[words.segment(s) for s, p in table.groupby("segment")
                          if s != "rest" and p["perimeter"].nunique() > 1])
    subtitle = (f"Share of group net sales, percent; each bar from one document; the rest of "
                f"the group is the total less the segments shown ({n['rest']}, "
                "eliminations)")
    c = figdata.Chart.told("segment-mix", table, mix_words, subtitle, numbers=n)
    if skipped:
        c.notes.append(f"No document prints the total and every segment for "
                       f"{words.period_runs(skipped)}")
    return c


def mix_words(n: dict) -> tuple[str, str]:
    empty = window_problem(n["first"], n["last"])
    if empty:
        return f"Segment mix: {empty}", words.sentence(empty) + "."
    if n["empty"]:
        text = (f"no document in data/ prints the group and every selected segment for "
                f"{words.span(n['first'], n['last'])}")
        return words.unanswered(text)
    verb = "fell" if n["end"] < n["start"] else "rose"
    title = (f"{words.possessive(n['segment'])} share of Nokia's sales {verb} from "
             f"{n['start']:.0f}% in {n['a']} to {n['end']:.0f}% in {n['b']}")
    finding = (f"Of the segments shown, {n['segment']} moved most: {n['start']:.1f}% of group "
               f"net sales in {n['a']}, {n['end']:.1f}% in {n['b']}. The rest of the group "
               f"({n['rest']}) was {n['rest_share']:.1f}% in {n['b']}.")
    if n["changed"]:
        finding += (f" What {words.listing(n['changed'])} covers changed in between, as the "
                    "chart marks, so part of the move is a change of perimeter.")
    return title, finding


def mix_shares(chart: figdata.Chart) -> pd.DataFrame:
    """Shares per year as a reader's table (percent of group net sales)."""
    return figdata.wide(chart.table, "{:.1f}", index="year")


def draw_segment_mix(chart: figdata.Chart, ds):
    colors = {"Rest of the group": "#9aa3ad"}
    return draw.chart(chart, ds, [draw.Panel(ylabel="Share of group net sales, %",
                                             fmt="{:.0f}", kind="stacked")], colors=colors)
