"""Which segments grow now: each segment's latest quarters of growth on one basis."""

from __future__ import annotations

import pandas as pd

from helpers import draw, figdata, series, words
from helpers.segments.common import GROWTH_BASES, GROWTH_UNIT, in_force, nokia_rows


def segment_growth(facts: pd.DataFrame, segments, first: int, last: int,
                   newer=(), structures=None) -> figdata.Chart:
    """Year-on-year growth per segment in the newest calendar year that has segment
    figures, on the one basis that year gives for the most segments (Nokia's headline
    basis since 2025 is constant currency and portfolio), one row per segment: a dot
    per quarter, the latest quarter labelled. ``newer`` segments (of a structure newer than
    the chosen ones) are drawn where they have figures. With ``structures`` (the rows of
    data/structures.csv), a chosen segment the structure of that year no longer has is
    named as such, not as a gap in data/."""
    asked = list(segments)
    segments = list(dict.fromkeys([*asked, *newer]))  # newer: drawn where they have figures
    rows = nokia_rows(facts, GROWTH_BASES, segments, "quarter", first, last)
    rows = rows[rows["segment"] != "total"]
    n: dict = {"first": first, "last": last, "empty": rows.empty}
    table = figdata.finish_table()
    if not rows.empty:
        year = int(rows["year"].max())
        latest = rows[rows["year"] == year]
        counts = latest.groupby("metric")["segment"].nunique()
        metric = max(counts.index, key=lambda m: (counts[m], list(GROWTH_BASES).index(m)))
        chosen = series.choose(latest[latest["metric"] == metric], by=("segment",))
        order = [s for s in segments if s in set(chosen["segment"])]
        parts = [figdata.points(chosen[chosen["segment"] == s], words.segment(s), y="value",
                                unit=GROWTH_UNIT, mark="point").assign(segment=s)
                 for s in order]
        table = figdata.finish_table(*parts)
        newest = table.sort_values("x").groupby("label").tail(1)
        n.update(year=year, basis=GROWTH_BASES[metric], empty=False,
                 latest=dict(zip(newest["label"], zip(newest["period"], newest["y"],
                                                      strict=True), strict=True)),
                 left_out=[s for s in asked if s != "total" and s not in order])
        gone = set() if structures is None else set(n["left_out"]) - in_force(structures, year)
        n.update(gone=[words.segment(s) for s in n["left_out"] if s in gone],
                 left_out=[words.segment(s) for s in n["left_out"] if s not in gone])
    subtitle = ("Year-on-year change of each segment's net sales per quarter, percent, on one "
                "basis; the latest quarter a segment has is filled and labelled")
    c = figdata.Chart.told("segment-growth", table, segment_growth_words, subtitle, numbers=n)
    if n.get("left_out"):
        c.notes.append(f"No {n['basis']} growth in data/ for {n['year']}: "
                       + words.listing(n["left_out"]))
    if n.get("gone"):
        c.notes.append(f"Not in Nokia's structure in {n['year']}: " + words.listing(n["gone"]))
    return c


def segment_growth_words(n: dict) -> tuple[str, str]:
    if n["empty"]:
        text = f"no quarterly segment growth in data/ for {n['first']}-{n['last']}"
        return words.unanswered(text)
    ranked = sorted(n["latest"].items(), key=lambda kv: -kv[1][1])
    (top, (tp, tv)), (low, (lp, lv)) = ranked[0], ranked[-1]
    head = f"In {n['year']}'s latest quarters"
    if len(ranked) > 1 and words.pct(tv) == words.pct(lv):
        title = f"{head} every segment shown changed by {words.pct(tv)}"
    elif tv > 0:
        title = f"{head} {top} grew fastest ({words.pct(tv)}, {words.period(tp)})"
        if lv < 0:
            title += f"; {low} shrank ({words.pct(lv)})"
        elif low != top:
            title += f"; {low} grew least ({words.pct(lv)})"
    else:
        title = f"{head} no segment shown grew; {low} fell most ({words.pct(lv)}, " \
                f"{words.period(lp)})"
    finding = (f"On the {n['basis']} basis, the latest quarter each segment has in "
               f"{n['year']}: " + "; ".join(f"{name} {words.pct(v)} ({words.period(p)})"
                                          for name, (p, v) in ranked) + ".")
    return title, finding


def draw_segment_growth(chart: figdata.Chart, ds):
    basis = chart.numbers.get("basis", "")
    return draw.chart(chart, ds, [draw.Panel(ylabel=f"Year-on-year change, percent ({basis})",
                                             fmt="{:+.0f}%", kind="dots", bar_fmt="{:+.0f}%",
                                             height=0.42 * max(3, chart.table["label"].nunique()
                                                               if not chart.table.empty else 3))])
