"""A company's revenue on the same perimeter, chained, in one currency: the piece the comparisons of
notebook 30 and the explorer share."""

from __future__ import annotations

import pandas as pd

from helpers import chain, figdata, metrics, series
from helpers.competitors.amounts import in_currency, net_sales


def revenue_chain(facts: pd.DataFrame, entity: str, currency: str, first: int, last: int,
                  rates: pd.Series | None = None, segment: str = "total",
                  base: str | None = None, metric: str = "net_sales") -> pd.DataFrame:
    """``chain.chained`` on the company's own currency (a change of revenue is measured
    before any exchange rate touches it), then each chained level converted at its own
    fiscal year's average rate (``converted``); ``index`` is the converted level over the
    base year's, times 100, in the piece that holds the base year. A year whose rate is
    missing is dropped with its link, so the chain breaks there."""
    rows = net_sales(facts, entity, segment, metric)
    rows = rows[(rows["year"] >= first) & (rows["year"] <= last)]
    if rows.empty:
        return rows.assign(converted=pd.Series(dtype=float), index=pd.Series(dtype=float),
                           own=pd.Series(dtype=float))
    linked = chain.chained(rows.assign(own=series.in_eur(facts, rows)), "own")
    # the rate of each year, read off its printed figure; the rate table joins its sources
    priced = in_currency(facts, linked, currency, rates)
    rate = priced["converted"] / priced["own"]
    linked = linked.assign(converted=linked["level"] * rate.to_numpy(),
                           source_id=priced["source_id"].to_numpy())
    linked["index"] = float("nan")
    if base is not None and (linked["period"] == base).any():
        at = linked.index[linked["period"] == base][0]
        mine = (linked["piece"] == linked.loc[at, "piece"]) & linked["converted"].notna()
        linked.loc[mine, "index"] = metrics.index_pct(linked.loc[mine, "converted"],
                                                      linked.loc[at, "converted"])
    return linked


def points(linked: pd.DataFrame, label: str, y: str, unit: str) -> pd.DataFrame:
    return figdata.chained_points(linked, label, y, unit).assign(
        printed=linked.dropna(subset=[y])["own"].to_numpy())
