"""The arithmetic behind every finding, on numbers small enough to check by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import fx, metrics


def test_change_from_before_to_after_on_numbers_and_series():
    assert metrics.change_pct(100.0, 110.0) == pytest.approx(10.0)
    assert metrics.change_pct(110.0, 99.0) == pytest.approx(-10.0)
    ratios = pd.Series([1.25, 0.5])
    assert list(metrics.change_pct(1.0, ratios)) == [25.0, -50.0]


def test_cagr():
    assert metrics.cagr(100, 121, 2) == pytest.approx(10.0)
    with pytest.raises(ValueError):
        metrics.cagr(100, 121, 0)


def test_index_puts_the_base_at_100():
    s = pd.Series([50.0, 100.0, 150.0], index=[2016, 2017, 2018])
    assert list(metrics.index_pct(s, s[2017])) == [50.0, 100.0, 150.0]
    assert list(metrics.index_pct(s, s[2016])) == [100.0, 200.0, 300.0]
    parts = pd.Series([1.0, 3.0])
    assert metrics.index_pct(parts, parts.sum()).sum() == pytest.approx(100.0)


def test_peak_to_trough_uses_the_low_after_the_peak():
    s = pd.Series([10.0, 40.0, 50.0, 20.0, 12.5, 30.0], index=range(2000, 2006))
    p = metrics.peak_to_trough(s)
    assert (p.peak_year, p.trough_year) == (2002, 2004)
    assert p.decline_pct == pytest.approx(-75.0)
    assert p.years == 2
    assert p.annual_rate_pct == pytest.approx(-50.0)


def test_convert_directions():
    assert fx.convert(110.0, "USD", "EUR", 1.1) == pytest.approx(100.0)
    assert fx.convert(100.0, "EUR", "USD", 1.1) == pytest.approx(110.0)
    assert fx.convert(5.0, "EUR", "EUR", 1.1) == 5.0
    with pytest.raises(ValueError):
        fx.convert(1.0, "FIM", "USD", 1.1)
