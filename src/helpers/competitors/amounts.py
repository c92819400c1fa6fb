"""Revenue facts of one company and their conversion to one currency."""

from __future__ import annotations

import math

import pandas as pd

from helpers import fx, series, words


def rates_of(facts: pd.DataFrame) -> pd.Series:
    """The ECB's daily USD per EUR (see helpers.fx); ``facts`` is not needed any more but
    kept so callers need not change."""
    return fx.ecb_daily()


def _fim_source_ids(facts: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(facts.loc[facts["metric"] == "fim_per_eur", "source_id"]))


def in_currency(facts: pd.DataFrame, rows: pd.DataFrame, currency: str,
                rates: pd.Series | None = None, days=None) -> pd.DataFrame:
    """``rows`` with ``converted`` (``currency`` million; NaN where a rate is missing),
    ``rate`` (USD per EUR used, NaN if none was needed) and ``own`` (the amount in the
    company's own currency, FIM turned into EUR). ``source_id`` then names the company's
    document and the rate tables used, separated by ';'.

    ``days`` (a function of the row) overrides how many days a period spans; by default the
    period runs from the day after the company's previous period ended (helpers.fx).
    """
    rates = rates_of(facts) if rates is None else rates
    rows = rows.copy()
    if rows.empty:
        for column in ("converted", "rate", "own", "own_currency"):
            rows[column] = pd.Series(dtype=float)
        return rows
    fim_ids = _fim_source_ids(facts)
    own_currency = rows["currency"].replace({"FIM": "EUR"})
    fim = rows["currency"] == "FIM"
    own = series.in_eur(facts, rows) if fim.any() else rows["amount"].astype(float)
    converted, used, sources = [], [], []
    for (i, row), amount, cur in zip(rows.iterrows(), own, own_currency, strict=True):
        ids = [row["source_id"], *(fim_ids if fim[i] else [])]
        if cur == currency:
            converted.append(float(amount))
            used.append(math.nan)
        else:
            if days:
                start = pd.Timestamp(row["period_end"]) - pd.Timedelta(days=days(row) - 1)
            else:
                start = fx.period_start(facts, row["entity"], row["period_end"], row["freq"])
            rate = fx.period_rate(start, row["period_end"], rates)
            converted.append(fx.convert(float(amount), cur, currency, rate)
                             if pd.notna(rate) else math.nan)
            used.append(rate)
            if pd.notna(rate):
                ids.append(fx.ECB_SOURCE_ID)
        sources.append(";".join(dict.fromkeys(ids)))
    rows["own"] = own.astype(float).to_numpy()
    rows["own_currency"] = own_currency.to_numpy()
    rows["converted"] = converted
    rows["rate"] = used
    rows["source_id"] = sources
    return rows


def net_sales(facts: pd.DataFrame, entity: str, segment: str = "total",
              metric: str = "net_sales") -> pd.DataFrame:
    """Every annual net-sales fact (or another amount) of one company and segment in a
    currency."""
    rows = series.select(facts, entity, metric, segment)
    return rows[rows["currency"].notna()]


def converted_or_noted(facts: pd.DataFrame, rows: pd.DataFrame, currency: str, rates,
                       label: str, notes: list[str]) -> pd.DataFrame:
    """``in_currency`` keeping only the rows a rate converts; the periods left without a
    rate are named in ``notes`` under ``label``, so a chart never drops them silently."""
    priced = in_currency(facts, rows, currency, rates)
    lost = priced.loc[priced["converted"].isna(), "period"].tolist()
    if lost:
        notes.append(f"{label}: no rate for {words.period_runs(lost)}")
    return priced.dropna(subset=["converted"])
