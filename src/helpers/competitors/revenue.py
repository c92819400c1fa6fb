"""Revenue of Nokia, Ciena and Cisco in one currency, fiscal year by fiscal year, as printed."""

from __future__ import annotations

import pandas as pd

from helpers import chain, figdata, metrics, words
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
    parts, notes, ends, peaks = [], [], {}, []
    for entity in companies:
        rows = net_sales(facts, entity)
        rows = rows[(rows["year"] >= first) & (rows["year"] <= last)]
        if rows.empty:
            notes.append(f"{COMPANIES[entity]}: no revenue in data/ for {words.span(first, last)}")
            continue
        printed = converted_or_noted(facts, chain.record(rows, "amount"), currency, rates,
                                     COMPANIES[entity], notes)
        parts.append(figdata.points(printed, COMPANIES[entity], y="converted",
                                    unit=f"{currency} million").assign(entity=entity,
                                                                       own=printed["amount"]))
        moved = peak_moved(printed, COMPANIES[entity], currency)
        if moved:
            peaks.append(moved)
        ends[COMPANIES[entity]] = year_end_words(printed["period_end"])
    table = _panels(figdata.finish_table(*parts))
    notes += [f"{label}: no figure in data/ for {words.period_runs(missing)}"
              for label, missing in figdata.gaps(table).items()]
    n = {"currency": currency, "first": first, "last": last, "ends": ends, "peaks": peaks,
         "overtaken": overtaking(table)}
    names = [COMPANIES[e] for e in companies]
    common = _common_year(table, names)
    if common is not None:
        at = table[table["x"] == common].set_index("label")["y"]
        n.update(year=common, values={k: float(v) for k, v in at.items()})
    subtitle = (f"Revenue, {currency} million, as printed, each company's own fiscal years "
                f"({year_ends_words(ends)}); converted at {RATE_WORDS}")
    notes += [peak_words(m) for m in peaks]
    return figdata.Chart.told("revenue", table, revenue_words, subtitle, notes=notes, numbers=n)


def peak_moved(printed: pd.DataFrame, name: str, currency: str) -> dict | None:
    """Where converting moves a company's peak year: its highest year in its own currency
    and in ``currency``, its own sales change between them and how far its currency moved
    against ``currency`` (the ratio of the two years' average rates), when they differ."""
    if printed.empty or printed["currency"].iloc[0] == currency:
        return None
    by = printed.set_index("period")
    own, conv = by["amount"].idxmax(), by["converted"].idxmax()
    if own == conv:
        return None
    rate = (by.loc[conv, "converted"] / by.loc[conv, "amount"]) \
        / (by.loc[own, "converted"] / by.loc[own, "amount"])
    return {"name": name, "own": own, "converted": conv, "currency": currency,
            "own_currency": printed["currency"].iloc[0],
            "sales_change": metrics.change_pct(by.loc[own, "amount"], by.loc[conv, "amount"]),
            "rate_change": (rate - 1) * 100}


def peak_words(m: dict) -> str:
    return (f"{m['name']} peaks in {m['converted']} in {m['currency']} but in {m['own']} in "
            f"{m['own_currency']}: its sales changed {words.pct(m['sales_change'])} in "
            f"{m['own_currency']} while the {m['own_currency']} gained "
            f"{words.pct(m['rate_change'])} against the {m['currency']}")


def overtaking(table: pd.DataFrame) -> dict | None:
    """The latest year in which the largest company of the newest common year first stood
    above another that was larger the year before, both as printed in one currency."""
    if table.empty:
        return None
    wide = table.pivot_table(index="x", columns="label", values="y").sort_index()
    complete = wide.dropna()
    if complete.empty:
        return None
    leader = complete.iloc[-1].idxmax()
    found = None
    for other in wide.columns.drop(leader):
        pair = wide[[leader, other]].dropna()
        for (x0, a), (x1, b) in zip(pair.iterrows(), list(pair.iterrows())[1:], strict=False):
            if a[leader] < a[other] and b[leader] > b[other] and x1 == x0 + 1:
                found = {"leader": leader, "other": other, "year": int(x1)}
    return found


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
    passed = n.get("overtaken")
    if passed and passed["leader"] == big:
        title = (f"{big}'s revenue passed {words.possessive(passed['other'])} in "
                 f"{words.fy(passed['year'])}; by {year} it was " + " and ".join(
                     f"{bv / v:.1f} times {words.possessive(name)}" for name, v in rest))
    else:
        title = f"In {year} {big}'s revenue was " + " and ".join(
            f"{bv / v:.1f} times {words.possessive(name)}" for name, v in rest)
    finding = (f"In {year}, the latest fiscal year they all have, revenue in {n['currency']} "
               f"was: " + "; ".join(f"{name} {words.money(v, n['currency'])}"
                                    for name, v in ranked) + ".")
    if passed:
        finding += (f" {passed['leader']} passed {passed['other']} in "
                    f"{words.fy(passed['year'])}, as printed in {n['currency']}.")
    for m in n.get("peaks", []):
        finding += f" {peak_words(m)}."
    return title, finding


SMALL = 0.2  # a company below a fifth of the largest's peak gets a panel on its own scale


def _panels(table: pd.DataFrame) -> pd.DataFrame:
    """Which panel each company is drawn in: one panel, unless a company is so much smaller
    that on the shared scale its line would lie flat on the axis; it is then drawn below, on
    its own scale (the table keeps one row per point either way)."""
    if table.empty:
        return table.assign(panel=pd.Series(dtype=str))
    peaks = table.groupby("label")["y"].max()
    small = peaks[peaks < SMALL * peaks.max()].index
    return table.assign(panel=["small" if label in small else "large"
                               for label in table["label"]])


def draw_revenue(chart, ds, events=None):
    """Revenue in one currency; a company far smaller than the others in a panel of its own
    scale below, so its path can be read."""
    from helpers import draw

    unit = f"Revenue, {chart.numbers['currency']} million"
    small = sorted(set(chart.table.loc[chart.table["panel"] == "small", "label"])) \
        if not chart.table.empty else []
    if not small:
        return amounts_drawer("Revenue")(chart, ds, events)
    large = list(dict.fromkeys(chart.table.loc[chart.table["panel"] == "large", "label"]))
    panels = [draw.Panel("large", title=words.listing(large), ylabel=unit),
              draw.Panel("small", title=f"{words.listing(small)}, on its own scale",
                         ylabel=unit, height=1.6)]
    return draw.chart(chart, ds, panels, draw.event_marks(events))
