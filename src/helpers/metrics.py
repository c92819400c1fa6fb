"""Growth, CAGR, indexing, shares and peak-to-trough: the arithmetic the findings quote.

One definition each, so a title, its finding and a table never compute the same change two
ways; the functions take numbers, numpy arrays or pandas Series alike, and are tested on
hand-made numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


def change_pct(before, after):
    """Percent change from ``before`` to ``after`` (+10 for 100 -> 110)."""
    return (after / before - 1.0) * 100.0


def index_pct(value, base):
    """``value`` on a scale where ``base`` is 100 (an index, or a part of a whole)."""
    return value / base * 100.0


def cagr(first: float, last: float, years: float) -> float:
    """Compound annual growth rate in percent between two values ``years`` apart."""
    if years <= 0:
        raise ValueError("CAGR needs a positive number of years")
    if first <= 0 or last <= 0:
        raise ValueError("CAGR needs positive values")
    return ((last / first) ** (1.0 / years) - 1.0) * 100.0


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
