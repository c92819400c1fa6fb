"""Revenue of Nokia, Ciena and Cisco in one currency, fiscal year by fiscal year."""

from __future__ import annotations

import pandas as pd

from helpers import figdata, series
from helpers.competitors.amounts import chart_points, in_currency, missing_words, net_sales
from helpers.competitors.common import COMPANIES, RATE_WORDS, span_words, window


def revenue(facts: pd.DataFrame, currency: str = "USD", peers=("ciena", "cisco"),
            first: int = 2000, last: int | None = None,
            rates: pd.Series | None = None) -> figdata.Chart:
    """Each company's revenue in ``currency``, one point per fiscal year (by series.choose).

    A year whose conversion needs a missing rate is left out; so is a year data/ lacks.
    The title compares the companies in the latest fiscal year they all have.
    """
    first, last = window(facts, first, last)
    companies = list(dict.fromkeys(["nokia", *peers]))
    unit = f"{currency} million"
    parts, notes = [], []
    for entity in companies:
        name = COMPANIES[entity]
        rows = series.choose(net_sales(facts, entity))
        rows = rows[(rows["year"] >= first) & (rows["year"] <= last)]
        rows = in_currency(facts, rows, currency, rates)
        no_rate = rows.loc[rows["converted"].isna(), "year"].tolist()
        if no_rate:
            notes.append(missing_words(name, no_rate, "no rate for"))
        parts.append(chart_points(rows, name, "converted", unit,
                             ["own", "own_currency", "rate"]).assign(entity=entity))
    table = figdata.finish_table(*parts)
    chart = figdata.Chart("revenue", table, "", notes=notes,
                          extra={"currency": currency, "first": first, "last": last,
                                 "companies": companies})
    _describe_absent(chart, facts, companies, first, last)
    chart.title, chart.numbers = _revenue_title(table, companies, currency, first, last)
    chart.subtitle = chart_subtitle(chart, f"Revenue in {currency} million, each company's own "
                                      "fiscal years", converted=True)
    return chart


def _describe_absent(chart, facts, companies, first, last) -> None:
    """Notes for the years inside the window that data/ has no figure for at all."""
    table = chart.table
    for entity in companies:
        name = COMPANIES[entity]
        have = set(series.choose(net_sales(facts, entity))["year"])
        span = range(max(first, min(have, default=first)), last + 1)
        absent = [y for y in span if y not in have]
        if absent:
            chart.notes.append(missing_words(name, absent, "no figure in data/ for"))
        if have and (table.empty or not (table["label"] == name).any()):
            chart.notes.append(f"{name}: nothing to plot from FY{first} to FY{last}")
        elif not have:
            chart.notes.append(f"{name}: no revenue in data/")


def _ratio_chain(values: list[tuple[str, float]]) -> str:
    ordered = sorted(values, key=lambda kv: -kv[1])
    parts = []
    for (a, va), (b, vb) in zip(ordered, ordered[1:], strict=False):
        parts.append(f"{a}'s {'revenue ' if not parts else ''}was {va / vb:.1f} times {b}'s")
    return " and ".join(parts)


def common_year(table: pd.DataFrame, labels: list[str]) -> int | None:
    """The latest fiscal year in which every label has a point."""
    if table.empty or not labels:
        return None
    have = table[table["label"].isin(labels)].groupby("x")["label"].nunique()
    years = have[have == len(labels)].index
    return int(max(years)) if len(years) else None


def _revenue_title(table, companies, currency, first, last):
    names = [COMPANIES[e] for e in companies]
    drawn = [n for n in names if not table.empty and (table["label"] == n).any()]
    if not drawn:
        return (f"No revenue of {' or '.join(names)} can be shown "
                f"{span_words(first, last)} in {currency}"), {}
    if len(names) == 1:
        row = table.sort_values("x").iloc[-1]
        return (f"Nokia's revenue was {row['y']:,.0f} million in {row['x_label']}, the "
                f"latest fiscal year shown, in {currency}"), {"year": int(row["x"]),
                                                             "values": {"Nokia": row["y"]}}
    year = common_year(table, names)
    everyone = "both" if len(names) == 2 else "all three" if len(names) == 3 else "all"
    if year is None:
        return (f"No fiscal year {span_words(first, last)} has a revenue figure for "
                f"{everyone} companies in {currency}"), {}
    at = table[table["x"] == year].set_index("label")["y"]
    values = [(n, float(at[n])) for n in names]
    return (f"{_ratio_chain(values)} in FY{year}, the latest fiscal year {everyone} have "
            f"in {currency}"), {"year": year, "values": dict(values)}


def perimeter_changes(table: pd.DataFrame) -> list[dict]:
    """Where a series changes perimeter: label, the period before and after, what it becomes."""
    out = []
    if table.empty:
        return out
    lines = table[table["mark"] == "line"].sort_values("x")
    for label, part in lines.groupby("label", sort=False):
        previous = None
        for _, row in part.iterrows():
            if previous is not None and row["perimeter"] != previous["perimeter"]:
                out.append({"label": label, "before": previous["x_label"],
                            "after": row["x_label"],
                            "to": row["perimeter_label"] or row["perimeter"]})
            previous = row
    return out


def perimeter_words(table: pd.DataFrame) -> list[str]:
    """One sentence per series that changes perimeter (the changes the chart marks)."""
    by_label: dict[str, list[str]] = {}
    for change in perimeter_changes(table):
        by_label.setdefault(change["label"], []).append(
            f"from {change['after']}: {change['to']}")
    return [f"{label} changes perimeter (marked, never joined): " + "; ".join(parts)
            for label, parts in by_label.items()]


def chart_subtitle(chart, lead: str, converted: bool) -> str:
    table = chart.table
    words = [lead]
    if converted:
        words.append(f"converted at {RATE_WORDS}")
    words += perimeter_words(table)
    notes = [n for n in chart.notes if n]
    if notes:
        words.append("Left out: " + "; ".join(notes))
    return ". ".join(w[:1].upper() + w[1:] for w in words) + "."


def wide(chart: figdata.Chart, digits: int = 0) -> pd.DataFrame:
    """A chart's points as fiscal year x series (what the notebook shows before the figure)."""
    table = chart.table
    if table.empty:
        return pd.DataFrame()
    out = table.pivot_table(index="x", columns="label", values="y", aggfunc="first")
    out.index = [figdata.period_label(f"FY{int(x)}") for x in out.index]
    out.index.name = "fiscal year"
    out.columns.name = None
    order = list(dict.fromkeys(table["label"]))
    return out[order].round(digits)


def show(chart: figdata.Chart, columns: list[str]) -> pd.DataFrame:
    """The chart's table with those of ``columns`` it has (an empty chart has fewer)."""
    return chart.table[[c for c in columns if c in chart.table.columns]]


def describe_revenue(chart: figdata.Chart) -> str:
    """The finding: the companies in their latest common fiscal year, and how far each
    company's own points reach."""
    table, currency = chart.table, chart.extra["currency"]
    if table.empty or "values" not in chart.numbers:
        return chart.title + "."
    year, values = chart.numbers["year"], chart.numbers["values"]
    ordered = sorted(values.items(), key=lambda kv: -kv[1])
    at = table[table["x"] == year].set_index("label")
    text = (f"In FY{year}, revenue in {currency} million was "
            + ", ".join(f"{n} {v:,.0f}" for n, v in ordered) + ".")
    scope = at.loc["Nokia", "perimeter_label"] if "Nokia" in at.index else ""
    if scope:
        text += f" Nokia's figure covers: {scope}."
    ends = table.groupby("label", sort=False)["x"].max()
    if ends.nunique() > 1:
        reach = [f"FY{int(x)} for {' and '.join(ends[ends == x].index)}"
                 for x in sorted(ends.unique(), reverse=True)]
        text += (" The points reach " + ", ".join(reach)
                 + " (no later figure or rate in data/).")
    return text
