"""Growth, CAGR, indexing, peak-to-trough and mix: the arithmetic the findings quote.

Each function takes a plain pandas Series indexed by year (or period) so it can be tested
on five hand-made numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


def yoy_growth(series: pd.Series) -> pd.Series:
    """Percent change on the previous entry; consecutive years only (a gap gives NaN)."""
    s = series.sort_index()
    prev = s.shift(1)
    growth = (s / prev - 1.0) * 100.0
    index = pd.Series(s.index, index=s.index)
    if pd.api.types.is_integer_dtype(index):
        growth[index.diff() != 1] = float("nan")
    return growth


def cagr(first: float, last: float, years: float) -> float:
    """Compound annual growth rate in percent between two values ``years`` apart."""
    if years <= 0:
        raise ValueError("CAGR needs a positive number of years")
    if first <= 0 or last <= 0:
        raise ValueError("CAGR needs positive values")
    return ((last / first) ** (1.0 / years) - 1.0) * 100.0


def index_to(series: pd.Series, base) -> pd.Series:
    """The series rebased so that ``base`` equals 100."""
    if base not in series.index or pd.isna(series[base]):
        raise KeyError(f"base period {base} is not in the series "
                       f"({series.index.min()}..{series.index.max()})")
    return series / series[base] * 100.0


@dataclass(frozen=True)
class PeakToTrough:
    peak_year: int
    peak: float
    trough_year: int
    trough: float

    @property
    def decline_pct(self) -> float:
        return (self.trough / self.peak - 1.0) * 100.0

    @property
    def years(self) -> int:
        return self.trough_year - self.peak_year

    @property
    def annual_rate_pct(self) -> float:
        return cagr(self.peak, self.trough, self.years) if self.years else 0.0


def peak_to_trough(series: pd.Series) -> PeakToTrough:
    """The all-time peak and the lowest value after it."""
    s = series.dropna().sort_index()
    if s.empty:
        raise ValueError("empty series")
    peak_year = s.idxmax()
    after = s.loc[peak_year:]
    trough_year = after.idxmin()
    return PeakToTrough(int(peak_year), float(s[peak_year]), int(trough_year),
                        float(after[trough_year]))


def mix_shares(table: pd.DataFrame) -> pd.DataFrame:
    """Each column's share of the row total, in percent (rows with a gap are dropped)."""
    complete = table.dropna()
    return complete.div(complete.sum(axis=1), axis=0) * 100.0
