"""Revenue indexed to a base year, same perimeter, chained through perimeter changes."""

from __future__ import annotations

import pandas as pd

from helpers import draw, figdata, words
from helpers.competitors.chained import points, revenue_chain
from helpers.competitors.common import COMPANIES, RATE_WORDS, ranked_latest, window


def indexed(facts: pd.DataFrame, currency: str = "USD", peers=("ciena", "cisco"),
            base_year: int = 2017, first: int = 2000, last: int | None = None,
            rates: pd.Series | None = None) -> figdata.Chart:
    """Each company's revenue, ``base_year`` = 100, chained: every year-on-year change is
    measured on one perimeter in the company's own currency, and the chained level is
    converted at each fiscal year's rate, so Nokia's line runs through the disposals to its
    latest year. Years no link reaches from the base year are left out and named."""
    first, last = window(facts, first, last)
    base = f"FY{base_year}"
    parts, notes, n = [], [], {"base": base, "currency": currency, "first": first,
                               "last": last, "latest": {}}
    for entity in dict.fromkeys(["nokia", *peers]):
        name = COMPANIES[entity]
        linked = revenue_chain(facts, entity, currency, first, last, rates, base=base)
        piece = linked.dropna(subset=["index"]) if not linked.empty else linked
        if piece.empty:
            notes.append(f"{name}: no {currency} revenue for {base} in data/, so no line")
            continue
        no_rate = linked[linked["index"].isna() & linked["converted"].isna()]
        left = linked[linked["index"].isna() & linked["converted"].notna()]
        if len(no_rate):
            notes.append(f"{name}: no rate for {words.period_runs(no_rate['period'])}")
        if len(left):
            notes.append(f"{name}: {words.period_runs(left['period'])} not linked to {base} "
                         "by any document")
        parts.append(points(piece, name, "index", f"index, {base} = 100 ({currency})")
                     .assign(entity=entity))
        end = piece.iloc[-1]
        n["latest"][name] = (end["period"], float(end["index"]))
    table = figdata.finish_table(*parts)
    subtitle = (f"Revenue in {currency}, {base} = 100, chained: each year's change is measured "
                f"on one perimeter in the company's own currency; converted at {RATE_WORDS}")
    return figdata.Chart.told("indexed", table, indexed_words, subtitle, notes=notes, numbers=n)


def indexed_words(n: dict) -> tuple[str, str]:
    if not n["latest"]:
        text = f"no company has revenue for {n['base']} in {n['currency']}"
        return words.unanswered(text)
    year, listed, ranked = ranked_latest(n["latest"], "{:.0f}".format)
    when = f"by {year}" if year else "at their latest years"
    title = f"Revenue, {n['base']} = 100, same perimeter, chained: {when} {listed}"
    finding = (f"Indexed to {n['base']} = 100 in {n['currency']} on the same perimeter, chained, "
               + "; ".join(f"{name} stood at {v:.0f} in {p}" for name, (p, v) in ranked) + ".")
    return title, finding


def index_table(chart: figdata.Chart) -> pd.DataFrame:
    """The index per fiscal year and company, for readers."""
    return figdata.wide(chart.table, "{:.1f}", index="fiscal year")


def draw_indexed(chart: figdata.Chart, ds, events=None):
    return draw.chart(chart, ds, [draw.Panel(ylabel=f"Index, {chart.numbers['base']} = 100",
                                             value_fmt="{:.0f}")],
                      draw.event_marks(events))
