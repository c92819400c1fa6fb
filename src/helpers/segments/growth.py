"""Which segments grow now: each segment's quarters of growth in the newest year, on one
basis, every dot named by its quarter, business units drawn within their segment."""

from __future__ import annotations

import pandas as pd

from helpers import compare, draw, figdata, series, words
from helpers.segments.common import (
    GROWTH_BASES,
    GROWTH_UNIT,
    in_force,
    nokia_rows,
    structure_segments,
)


def _parents(structures, year: int) -> dict[str, str]:
    """Each business unit of ``year``'s structure and the segment it sits in."""
    out = {}
    for row in structures or []:
        first = int(row["first_period"][2:6])
        last = int(row["last_period"][2:6]) if row["last_period"] else 9999
        if row["entity"] == "nokia" and row["parent"] != "total" and first <= year <= last:
            out[row["segment"]] = row["parent"]
    return out


def segment_growth(facts: pd.DataFrame, segments, first: int, last: int,
                   newer=(), structures=None) -> figdata.Chart:
    """Year-on-year growth per segment in the newest calendar year that has segment
    figures, on the one basis that year gives for the most segments (Nokia's headline
    basis since 2025 is constant currency and portfolio, i.e. organic), one row per segment
    and a dot per quarter, each dot named by its quarter. ``newer`` segments (of a structure
    newer than the chosen ones) are drawn where they have figures. With ``structures`` (the
    rows of data/structures.csv), every segment of that year's structure is drawn (Nokia
    Technologies too), each business unit in a row under its own segment, and a chosen
    segment the structure of that year no longer has is named as such, not as a gap."""
    asked = list(segments)
    segments = list(dict.fromkeys([*asked, *newer]))  # newer: drawn where they have figures
    rows = nokia_rows(facts, GROWTH_BASES, segments, "quarter", first, last)
    n: dict = {"first": first, "last": last, "empty": True}
    table = figdata.finish_table()
    if structures is not None and not rows.empty:
        year = int(rows["year"].max())
        segments = list(dict.fromkeys([*segments, *structure_segments(structures, year),
                                       *_parents(structures, year)]))
        rows = nokia_rows(facts, GROWTH_BASES, segments, "quarter", first, last)
    rows = rows[rows["segment"] != "total"]
    if not rows.empty:
        year = int(rows["year"].max())
        latest = rows[rows["year"] == year]
        counts = latest.groupby("metric")["segment"].nunique()
        metric = max(counts.index, key=lambda m: (counts[m], list(GROWTH_BASES).index(m)))
        chosen = series.choose(latest[latest["metric"] == metric], by=("segment",))
        parent = _parents(structures, year)
        have = set(chosen["segment"])
        tops = [s for s in segments if s in have and s not in parent]
        order = []
        for s in tops:  # each segment, then the units it holds
            order += [s] + [u for u in segments if parent.get(u) == s and u in have]
        order += [s for s in segments if s in have and s not in order]
        parts = []
        for s in order:
            name = words.segment(s)
            label = f"of which {name}" if s in parent and parent[s] in tops else name
            parts.append(figdata.points(chosen[chosen["segment"] == s], label, y="value",
                                        unit=GROWTH_UNIT, mark="point")
                         .assign(segment=s, name=name,
                                 part_of=words.segment(parent[s]) if s in parent else ""))
        table = figdata.finish_table(*parts)
        newest = table.sort_values("x").groupby("label", sort=False).tail(1)
        n.update(year=year, basis=GROWTH_BASES[metric], empty=False,
                 latest=[{"name": r["name"], "period": r["period"], "value": float(r["y"]),
                          "part_of": r["part_of"]} for _, r in newest.iterrows()],
                 left_out=[s for s in asked if s != "total" and s not in order])
        gone = set() if structures is None else set(n["left_out"]) - in_force(structures, year)
        n.update(gone=[words.segment(s) for s in n["left_out"] if s in gone],
                 left_out=[words.segment(s) for s in n["left_out"] if s not in gone])
    basis = n.get("basis", "")
    organic = " (organic)" if basis == "constant currency and portfolio" else ""
    subtitle = (f"Year-on-year change of net sales per quarter, percent, {basis}{organic}; "
                "each dot is one quarter, the latest filled; 'of which' rows are business "
                "units inside the segment above")
    c = figdata.Chart.told("segment-growth", table, segment_growth_words, subtitle, numbers=n)
    if n.get("left_out"):
        c.notes.append(f"No {n['basis']} growth in data/ for {n['year']}: "
                       + words.listing(n["left_out"]))
    if n.get("gone"):
        c.notes.append(f"Not in Nokia's structure in {n['year']}: " + words.listing(n["gone"]))
    return c


def segment_growth_words(n: dict) -> tuple[str, str]:
    """Segments compared within one quarter only (the newest one most of them have); a
    business unit only within its segment; a row whose latest quarter is older is named
    with its quarter and not ranked."""
    if n["empty"]:
        text = f"no quarterly segment growth in data/ for {n['first']}-{n['last']}"
        return words.unanswered(text)
    latest = [compare.Measure(r["name"], r["value"], r["period"], r["period"],
                              kind="unit" if r["part_of"] else "segment",
                              part_of=r["part_of"]) for r in n["latest"]]
    segs = [m for m in latest if m.kind == "segment"]
    units = [m for m in latest if m.kind == "unit"]
    # the quarter most segments have as their latest: the one the title compares
    quarters = [m.end for m in segs or units]
    quarter = max(set(quarters), key=lambda q: (quarters.count(q), q))
    same = [m for m in segs or units if m.end == quarter]
    title = compare.rank(same, words.pct)
    if len(same) > 1 and all(words.pct(m.value) == words.pct(same[0].value) for m in same):
        title = (f"{words.period(quarter)}: every segment shown changed by "
                 f"{words.pct(same[0].value)}")
    elif len(same) > 1 and max(m.value for m in same) <= 0:
        low = min(same, key=lambda m: m.value)
        title = (f"{words.period(quarter)}: no segment shown grew; {low.name} fell most "
                 f"({words.pct(low.value)})")
    inside = [m for m in units if m.end == quarter]
    if segs and inside:
        top = max(inside, key=lambda m: m.value)
        title += f"; within {top.part_of}, {top.name} {words.pct(top.value)}"
    head = f"Year-on-year, {n['basis']}"
    finding = (f"{head}: " + compare.listed(same, words.pct))
    older = [m for m in (segs or units) if m.end != quarter]
    if older:
        finding += "; latest earlier: " + "; ".join(
            f"{m.name} {words.pct(m.value)} ({m.span})" for m in older)
    finding += "."
    if segs and units:
        finding += " Within their segments: " + "; ".join(
            f"{m.name} {words.pct(m.value)} ({m.span})"
            for m in sorted(units, key=lambda m: -m.value)) + "."
    return words.sentence(title), finding


def draw_segment_growth(chart: figdata.Chart, ds):
    basis = chart.numbers.get("basis", "")
    return draw.chart(chart, ds, [draw.Panel(ylabel=f"Year-on-year change, percent ({basis})",
                                             fmt="{:+.0f}%", kind="dots", bar_fmt="{:+.0f}%",
                                             height=0.42 * max(3, chart.table["label"].nunique()
                                                               if not chart.table.empty else 3))])
