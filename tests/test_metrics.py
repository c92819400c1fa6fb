"""The arithmetic behind every finding, on numbers small enough to check by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers import fx, metrics


def test_yoy_growth_skips_gaps():
    s = pd.Series([100.0, 110.0, 99.0, 120.0], index=[2001, 2002, 2003, 2005])
    g = metrics.yoy_growth(s)
    assert g[2002] == pytest.approx(10.0)
    assert g[2003] == pytest.approx(-10.0)
    assert math.isnan(g[2005])  # 2004 missing: no growth across the gap


def test_cagr():
    assert metrics.cagr(100, 121, 2) == pytest.approx(10.0)
    with pytest.raises(ValueError):
        metrics.cagr(100, 121, 0)


def test_index_to_base_year_and_missing_base():
    s = pd.Series([50.0, 100.0, 150.0], index=[2016, 2017, 2018])
    assert list(metrics.index_to(s, 2017)) == [50.0, 100.0, 150.0]
    assert list(metrics.index_to(s, 2016)) == [100.0, 200.0, 300.0]
    with pytest.raises(KeyError, match="base period 2015"):
        metrics.index_to(s, 2015)


def test_peak_to_trough_uses_the_low_after_the_peak():
    s = pd.Series([10.0, 40.0, 50.0, 20.0, 12.5, 30.0], index=range(2000, 2006))
    p = metrics.peak_to_trough(s)
    assert (p.peak_year, p.trough_year) == (2002, 2004)
    assert p.decline_pct == pytest.approx(-75.0)
    assert p.years == 2
    assert p.annual_rate_pct == pytest.approx(-50.0)


def test_mix_shares_sum_to_100_and_drop_incomplete_rows():
    t = pd.DataFrame({"a": [1.0, 3.0, None], "b": [3.0, 1.0, 2.0]}, index=[1, 2, 3])
    shares = metrics.mix_shares(t)
    assert list(shares.index) == [1, 2]
    assert shares.loc[1, "a"] == pytest.approx(25.0)
    assert (shares.sum(axis=1).round(9) == 100).all()


def test_convert_directions():
    assert fx.convert(110.0, "USD", "EUR", 1.1) == pytest.approx(100.0)
    assert fx.convert(100.0, "EUR", "USD", 1.1) == pytest.approx(110.0)
    assert fx.convert(5.0, "EUR", "EUR", 1.1) == 5.0
    with pytest.raises(ValueError):
        fx.convert(1.0, "FIM", "USD", 1.1)
