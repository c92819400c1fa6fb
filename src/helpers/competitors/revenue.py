"""Revenue of Nokia, Ciena and Cisco in one currency, fiscal year by fiscal year, as printed."""

from __future__ import annotations

import pandas as pd

from helpers import chain, figdata, words
from helpers.competitors.amounts import converted_or_noted, net_sales
from helpers.competitors.common import COMPANIES, RATE_WORDS, amounts_drawer, window, year_end_words


def revenue(facts: pd.DataFrame, currency: str = "USD", peers=("ciena", "cisco"),
            first: int = 2000, last: int | None = None,
            rates: pd.Series | None = None) -> figdata.Chart:
    """Each company's revenue as printed (first published, else the earliest recast),
    converted to ``currency`` at the ECB's average for its fiscal year; a line breaks where
    what a total covers changes (Nokia's disposals), or a year or a rate is missing."""
    first, last = window(facts, first, last)
    companies = list(dict.fromkeys(["nokia", *peers]))
    parts, notes, ends = [], [], {}
    for entity in companies:
        rows = net_sales(facts, entity)
        rows = rows[(rows["year"] >= first) & (rows["year"] <= last)]
        if rows.empty:
            notes.append(f"{COMPANIES[entity]}: no revenue in data/ for {words.span(first, last)}")
            continue
        printed = converted_or_noted(facts, chain.record(rows, "amount"), currency, rates,
                                     COMPANIES[entity], notes)
        parts.append(figdata.points(printed, COMPANIES[entity], y="converted",
                                    unit=f"{currency} million").assign(entity=entity))
        ends[COMPANIES[entity]] = year_end_words(printed["period_end"])
    table = figdata.finish_table(*parts)
    notes += [f"{label}: no figure in data/ for {words.period_runs(missing)}"
              for label, missing in figdata.gaps(table).items()]
    n = {"currency": currency, "first": first, "last": last, "ends": ends}
    names = [COMPANIES[e] for e in companies]
    common = _common_year(table, names)
    if common is not None:
        at = table[table["x"] == common].set_index("label")["y"]
        n.update(year=common, values={k: float(v) for k, v in at.items()})
    subtitle = (f"Revenue, {currency} million, as printed, each company's own fiscal years "
                f"({year_ends_words(ends)}); converted at {RATE_WORDS}")
    return figdata.Chart.told("revenue", table, revenue_words, subtitle, notes=notes, numbers=n)


def _common_year(table: pd.DataFrame, names: list[str]) -> int | None:
    drawn = [n for n in names if not table.empty and (table["label"] == n).any()]
    if len(drawn) < 2:
        return None
    years = set.intersection(*(set(table.loc[table["label"] == n, "x"]) for n in drawn))
    return int(max(years)) if years else None


def year_ends_words(ends: dict[str, str]) -> str:
    return "fiscal years end: " + "; ".join(f"{k} {v}" for k, v in ends.items())


def revenue_words(n: dict) -> tuple[str, str]:
    if "year" not in n:
        text = (f"no fiscal year {words.span(n['first'], n['last'])} has revenue for two of "
                f"the companies in {n['currency']}")
        return words.unanswered(text)
    ranked = sorted(n["values"].items(), key=lambda kv: -kv[1])
    (big, bv), rest = ranked[0], ranked[1:]
    year = words.fy(n["year"])
    title = f"In {year} {big}'s revenue was " + " and ".join(
        f"{bv / v:.1f} times {words.possessive(name)}" for name, v in rest)
    finding = (f"In {year}, the latest fiscal year they all have, revenue in {n['currency']} "
               f"was: " + "; ".join(f"{name} {words.money(v, n['currency'])}"
                                    for name, v in ranked) + ".")
    return title, finding


draw_revenue = amounts_drawer("Revenue")
