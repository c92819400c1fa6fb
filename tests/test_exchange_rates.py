"""Exchange rates: the ECB's daily history from the pinned package, checked against the Fed.

Two publishers measure the same thing differently (the ECB fixes at 14:15 CET, the Fed's
G.5A averages noon buying rates in New York), so their annual means agree closely but not
exactly; a gap above half a percent means a typo in the hand-typed Fed rows or a broken
package file.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers import data, fx, paths, series


@pytest.fixture(scope="module")
def facts():
    return series.facts(data.load())


def test_ecb_and_fed_annual_averages_agree_within_half_a_percent(facts):
    ecb = fx.annual_rates(facts, "ecb")
    fed = fx.annual_rates(facts, "fed")
    both = sorted(set(ecb.index) & set(fed.index))
    assert len(both) >= 5
    gaps = {y: abs(ecb[y] / fed[y] - 1) * 100 for y in both}
    assert max(gaps.values()) < 0.5, gaps


def test_the_ecb_facts_match_the_pinned_package():
    """data/ecb_rates.csv is what `python -m helpers ecb-rates` writes from the package."""
    assert (paths.data_dir() / "ecb_rates.csv").read_text(encoding="utf-8") == \
        fx.ecb_rates_csv()


def test_every_year_since_the_euro_has_an_ecb_average(facts):
    ecb = fx.annual_rates(facts, "ecb")
    assert list(ecb.index) == list(range(1999, int(ecb.index.max()) + 1))


def test_a_period_is_converted_at_the_mean_of_exactly_its_days():
    daily = pd.Series([1.0, 2.0, 4.0, 8.0],
                      index=pd.to_datetime(["2024-07-26", "2024-07-29", "2025-07-25",
                                            "2025-07-28"]))
    # a Cisco-like year from 27 July 2024 to 26 July 2025 holds the middle two days only
    assert fx.period_rate("2024-07-27", "2025-07-26", daily) == pytest.approx(3.0)
    assert math.isnan(fx.period_rate("2025-07-27", "2025-08-30", daily))  # not yet published
    assert math.isnan(fx.period_rate("1998-01-01", "1998-12-31", daily))  # before the euro


def test_a_53_week_fiscal_year_starts_the_day_after_the_previous_one_ended(facts):
    # Cisco's FY2016 was a 53-week year: it ran from 26 July 2015 to 30 July 2016
    start = fx.period_start(facts, "cisco", pd.Timestamp("2016-07-30"))
    assert start == pd.Timestamp("2015-07-26")
    assert (pd.Timestamp("2016-07-30") - start).days + 1 == 371


def test_converted_figures_cite_the_ecb_and_every_nokia_year_converts(facts):
    from helpers import competitors

    rows = competitors.net_sales(facts, "nokia")
    rows = series.choose(rows[rows["year"] >= 1999])
    out = competitors.in_currency(facts, rows, "USD")
    assert out["converted"].notna().all(), out.loc[out["converted"].isna(), "period"].tolist()
    assert out["source_id"].str.contains(fx.ECB_SOURCE_ID).all()
