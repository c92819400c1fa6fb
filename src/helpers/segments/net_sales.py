"""Segment and business-unit net sales, each chained like for like through the changes of
structure, with the growth rate of each line."""

from __future__ import annotations

import pandas as pd

from helpers import chain, draw, figdata, metrics, series, words
from helpers.segments.common import SALES_UNIT, nokia_rows, window_problem

PANELS = {"segments": "Segments", "units": "Network Infrastructure business units"}


def segment_net_sales(facts: pd.DataFrame, segments, units, first: int,
                      last: int, newer=()) -> figdata.Chart:
    """Annual net sales per segment (top; ``newer`` segments too, where they have
    figures) and business unit (bottom), EUR million. Each
    line chains the year-on-year changes that one document, or one perimeter's first
    publications, measure, anchored on the line's latest first-published figure; a change
    of what a segment covers is marked where the line passes it, and the line breaks only
    where no document links two years. The growth rate of a line is its compound rate
    from its first to its last year."""
    parts, growth, breaks = [], [], []
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
            growth += _growth(linked, label, panel)
            breaks += [f"{label}: no document links {a} and {b}"
                       for a, b in chain.breaks(linked)]
    table = figdata.finish_table(*parts)
    rates = pd.DataFrame(growth, columns=["line", "panel", "from", "to", "first EUR m",
                                          "last EUR m", "a year %"])
    rates = rates.sort_values("a year %", ascending=False, kind="stable").reset_index(drop=True)
    missing = [words.segment(s) for names in chosen.values() for s in names
               if table.empty or s not in set(table["segment"])]
    n = {"first": first, "last": last, "rates": rates.to_dict("records"), "missing": missing}
    subtitle = ("Net sales, EUR million. Each line chains the year-on-year changes one "
                "document (or one structure's first publications) measures, anchored on its "
                "latest first-published year; growth is the compound rate of a line")
    c = figdata.Chart.told("segment-net-sales", table, segment_words, subtitle, numbers=n,
                           extra={"growth": rates})
    if missing:
        c.notes.append(f"No annual net sales in data/ for {words.span(first, last)}: "
                       + words.listing(missing))
    c.notes += breaks
    return c


def _growth(linked: pd.DataFrame, label: str, panel: str) -> list[dict]:
    out = []
    for _, piece in linked.groupby("piece"):
        if len(piece) < 2:
            continue
        a, b = piece.iloc[0], piece.iloc[-1]
        years = b["year"] - a["year"]
        out.append({"line": label, "panel": panel, "from": a["period"], "to": b["period"],
                    "first EUR m": round(a["level"]), "last EUR m": round(b["level"]),
                    "a year %": round(metrics.cagr(a["level"], b["level"], years), 1)})
    return out


def segment_words(n: dict) -> tuple[str, str]:
    empty = window_problem(n["first"], n["last"])
    if empty:
        return f"Segment net sales: {empty}", words.sentence(empty) + "."
    rates = n["rates"]
    if not rates:
        text = (f"no segment has two linked years in {words.span(n['first'], n['last'])}, so "
                "no growth rate is computed")
        return words.unanswered(text)
    def rate(r):
        return f"{words.pct(r['a year %'], 1)} a year, {r['from']}-{r['to']}"

    # the question is which businesses grow now: lines that reach the newest year
    newest = max(r["to"] for r in rates)
    now = [r for r in rates if r["to"] == newest] or rates
    best, worst = now[0], now[-1]
    if best is worst:
        title = f"{best['line']} changed {words.pct(best['a year %'], 1)} a year to {newest}"
    else:
        verb = "fell most" if worst["a year %"] < 0 else "grew least"
        if best["from"] == worst["from"]:
            title = (f"{best['from']}-{newest}: {best['line']} grew fastest "
                     f"({words.pct(best['a year %'], 1)} a year); {worst['line']} {verb} "
                     f"({words.pct(worst['a year %'], 1)})")
        else:  # rates over different spans: each says its own
            title = (f"To {newest}, {best['line']} grew fastest "
                     f"({words.pct(best['a year %'], 1)} a year since {best['from']}); "
                     f"{worst['line']} {verb} ({words.pct(worst['a year %'], 1)} a year "
                     f"since {worst['from']})")
    finding = ("Measured like for like, year by year, "
               + "; ".join(f"{r['line']} {rate(r)}" for r in rates) + ".")
    if n["missing"]:
        finding += f" No annual figures in data/ for {words.listing(n['missing'])}."
    return title, finding


def draw_segment_net_sales(chart: figdata.Chart, ds):
    panels = [draw.Panel(key, title, "Net sales, EUR million",
                         height=3.0 if key == "segments" else 2.6)
              for key, title in PANELS.items()
              if not chart.table.empty and (chart.table["panel"] == key).any()]
    return draw.chart(chart, ds, panels or [draw.Panel()])


def growth_table(chart: figdata.Chart) -> pd.DataFrame:
    """Each drawn line's compound growth rate, for readers."""
    return chart.extra["growth"].drop(columns="panel")
