"""Segment and business-unit net sales, each on the same perimeter, chained through the changes of
structure, with each line's growth over the one span they all cover."""

from __future__ import annotations

import pandas as pd

from helpers import chain, compare, draw, figdata, metrics, series, words
from helpers.segments.common import SALES_UNIT, nokia_rows, window_problem

PANELS = {"segments": "Segments", "units": "Network Infrastructure business units"}


def segment_net_sales(facts: pd.DataFrame, segments, units, first: int,
                      last: int, newer=()) -> figdata.Chart:
    """Annual net sales per segment (top; ``newer`` segments too, where they have
    figures) and business unit (bottom), EUR million. Each line chains the year-on-year
    changes that one document, or one perimeter's first publications, measure, anchored on
    the line's latest first-published figure; a change of what a segment covers is marked
    where the line passes it, and the line breaks only where no document links two years.

    Growth is compared over one span only: the years every line that reaches the newest
    year covers without a break, so no rate since FY2019 is set against one since FY2022.
    A line that stops earlier is named, not ranked."""
    parts, linked_lines, breaks = [], [], []
    chosen = {"segments": list(dict.fromkeys(segments)), "units": list(dict.fromkeys(units))}
    # segments of a newer structure are drawn where they have figures, never listed missing
    drawn = dict(chosen, segments=list(dict.fromkeys([*chosen["segments"], *newer])))
    for panel, names in drawn.items():
        for seg in names:
            rows = nokia_rows(facts, ["net_sales"], [seg], "annual", first, last)
            if rows.empty:
                continue
            rows = rows.assign(eur=series.in_eur(facts, rows))
            linked = chain.chained(rows, "eur")
            label = words.segment(seg)
            parts.append(figdata.chained_points(linked, label, "level", SALES_UNIT)
                         .assign(panel=panel, segment=seg, printed=linked["eur"].to_numpy()))
            linked_lines.append((label, panel, linked))
            breaks += [f"{label}: no document links {a} and {b}"
                       for a, b in chain.breaks(linked)]
    table = figdata.finish_table(*parts)
    rates, span, stopped = common_span_rates(linked_lines)
    missing = [words.segment(s) for names in chosen.values() for s in names
               if table.empty or s not in set(table["segment"])]
    n = {"first": first, "last": last, "rates": rates.to_dict("records"), "missing": missing,
         "span": span, "stopped": stopped}
    subtitle = ("Net sales, EUR million, same perimeter, chained (each line chains the changes "
                "one document measures; marks show a change of what a segment covers)"
                + (f". Growth: compound rate a year over {span[0]}-{span[1]}, the years every "
                   "line reaching the newest year covers unbroken" if span else ""))
    c = figdata.Chart.told("segment-net-sales", table, segment_words, subtitle, numbers=n,
                           extra={"growth": rates})
    if missing:
        c.notes.append(f"No annual net sales in data/ for {words.span(first, last)}: "
                       + words.listing(missing))
    c.notes += breaks
    c.notes += [f"{name}: last figure {to}, so not in the growth comparison"
                for name, to in stopped]
    return c


def common_span_rates(lines) -> tuple[pd.DataFrame, tuple[str, str] | None, list]:
    """Each line's compound growth over one span: from the latest first year of the unbroken
    pieces that reach the newest year, to that year. ``lines`` are (label, panel, chained)
    triples; returns the rates, the span and the lines that stop before the newest year."""
    columns = ["line", "panel", "from", "to", "first EUR m", "last EUR m", "a year %"]
    ends = [(label, panel, linked[linked["piece"] == linked["piece"].iloc[-1]])
            for label, panel, linked in lines if not linked.empty]
    if not ends:
        return pd.DataFrame(columns=columns), None, []
    newest = max(int(piece["year"].iloc[-1]) for _, _, piece in ends)
    # a line is compared when an unbroken piece of two years or more reaches the newest year
    reach = [(lab, pan, p) for lab, pan, p in ends
             if int(p["year"].iloc[-1]) == newest and len(p) > 1]
    compared = {lab for lab, _, _ in reach}
    stopped = [(lab, p["period"].iloc[-1] if int(p["year"].iloc[-1]) != newest
                else f"{p['period'].iloc[-1]}, linked to no year before")
               for lab, _, p in ends if lab not in compared]
    start = max((int(p["year"].iloc[0]) for _, _, p in reach), default=newest)
    if not reach or start >= newest:
        return pd.DataFrame(columns=columns), None, stopped
    out = []
    for label, panel, piece in reach:
        by_year = piece.set_index(piece["year"].astype(int))["level"]
        a, b = float(by_year[start]), float(by_year[newest])
        out.append({"line": label, "panel": panel, "from": words.fy(start),
                    "to": words.fy(newest), "first EUR m": round(a), "last EUR m": round(b),
                    "a year %": round(metrics.cagr(a, b, newest - start), 1)})
    rates = pd.DataFrame(out, columns=columns)
    rates = rates.sort_values("a year %", ascending=False, kind="stable").reset_index(drop=True)
    return rates, (words.fy(start), words.fy(newest)), stopped


def _measures(rates: list[dict]) -> list[compare.Measure]:
    return [compare.Measure(r["line"], r["a year %"], r["from"], r["to"],
                            kind=r["panel"], part_of="Network Infrastructure"
                            if r["panel"] == "units" else "")
            for r in rates]


def segment_words(n: dict) -> tuple[str, str]:
    empty = window_problem(n["first"], n["last"])
    if empty:
        return f"Segment net sales: {empty}", words.sentence(empty) + "."
    rates = n["rates"]
    if not rates:
        text = (f"no two segments have linked years up to the newest in "
                f"{words.span(n['first'], n['last'])}, so no growth rate is compared")
        return words.unanswered(text)

    def rate(value):
        return words.pct(value, 1)

    measures = _measures(rates)
    segs = [m for m in measures if m.kind == "segments"]
    units = [m for m in measures if m.kind == "units"]
    title = compare.rank(segs or units, rate, per="a year")
    if segs and units:
        top = max(units, key=lambda m: m.value)
        how = "" if len(units) == 1 else (" grew fastest" if top.value > 0 else " fell least")
        title += f"; within {units[0].part_of}, {top.name}{how} ({rate(top.value)})" \
            if how else f"; within {units[0].part_of}, {top.name} {rate(top.value)}"
    finding = ("Net sales, same perimeter, chained, compound rate a year, "
               + compare.listed(segs or units, rate, per="a year") + ".")
    if segs and units:
        finding += (f" Within {units[0].part_of}: "
                    + ", ".join(f"{m.name} {rate(m.value)}"
                                for m in sorted(units, key=lambda m: -m.value)) + ".")
    if n["stopped"]:
        finding += " Not compared, no unbroken line to the newest year: " + words.listing(
            f"{name} (last {to})" for name, to in n["stopped"]) + "."
    if n["missing"]:
        finding += f" No annual figures in data/ for {words.listing(n['missing'])}."
    return words.sentence(title), finding


def draw_segment_net_sales(chart: figdata.Chart, ds):
    panels = [draw.Panel(key, title, "Net sales, EUR million",
                         height=3.0 if key == "segments" else 2.6)
              for key, title in PANELS.items()
              if not chart.table.empty and (chart.table["panel"] == key).any()]
    return draw.chart(chart, ds, panels or [draw.Panel()])


def growth_table(chart: figdata.Chart) -> pd.DataFrame:
    """Each compared line's compound growth rate over the common span: the table the title
    and the finding quote, with what each line is (a segment, or a part of one)."""
    rates = chart.extra["growth"]
    kind = rates["panel"].map({"segments": "segment",
                               "units": f"part of {PANELS['units'].split(' business')[0]}"})
    return rates.drop(columns="panel").assign(**{"is": kind.to_numpy()})
