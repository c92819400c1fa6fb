"""Currency conversion with annual average rates from one named publisher.

A fiscal year that straddles two calendar years (Cisco's ends in July, Ciena's around
1 November) is converted at the average of the two calendar years' rates weighted by the
days of the fiscal year that fall in each; so every company's revenue meets the same rate
for the same days.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd


def annual_rates(frame: pd.DataFrame, publisher: str = "fed") -> pd.Series:
    """USD per EUR by calendar year, from one publisher only."""
    rows = frame[(frame["entity"] == publisher) & (frame["metric"] == "usd_per_eur")
                 & (frame["freq"] == "annual")]
    if rows.empty:
        raise LookupError(f"no usd_per_eur rates from {publisher!r} in data/")
    rows = rows.sort_values("published").drop_duplicates("year", keep="first")
    return rows.set_index("year")["value"].sort_index()


def fiscal_year_rate(period_end: dt.date, rates: pd.Series, days: int = 364) -> float:
    """USD per EUR over the fiscal year ending on ``period_end`` (NaN if a year is missing)."""
    end = pd.Timestamp(period_end).date()
    start = end - dt.timedelta(days=days)
    weights: dict[int, int] = {}
    day = start
    while day <= end:
        weights[day.year] = weights.get(day.year, 0) + 1
        day += dt.timedelta(days=1)
    if any(year not in rates.index for year in weights):
        return float("nan")
    total = sum(weights.values())
    return sum(rates[year] * n for year, n in weights.items()) / total


def convert(amount: float, currency: str, target: str, rate_usd_per_eur: float) -> float:
    """``amount`` in ``currency`` expressed in ``target`` (EUR or USD)."""
    if currency == target:
        return amount
    if (currency, target) == ("USD", "EUR"):
        return amount / rate_usd_per_eur
    if (currency, target) == ("EUR", "USD"):
        return amount * rate_usd_per_eur
    raise ValueError(f"cannot convert {currency} to {target}")


def to_currency(rows: pd.DataFrame, target: str, rates: pd.Series) -> pd.Series:
    """Each row's ``amount`` (EUR or USD million) in ``target`` million, NaN where no rate."""
    out = []
    for _, row in rows.iterrows():
        if row["currency"] == target:
            out.append(row["amount"])
            continue
        rate = fiscal_year_rate(row["period_end"], rates)
        out.append(convert(row["amount"], row["currency"], target, rate))
    return pd.Series(out, index=rows.index, dtype=float)
