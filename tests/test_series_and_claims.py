"""Series building and claim verdicts on hand-made facts."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import claims, data, series
from tests.conftest import FACTS_HEADER, SOURCES, write_data

ROWS = FACTS_HEADER + """\
nokia,total,net_sales,FY1998,1998-12-31,59457.3,FIM million,as_reported,nokia-ar-2007,p,
eu,total,fim_per_eur,1999-01-01,1999-01-01,5.94573,FIM per EUR,as_reported,nokia-ar-2007,p,
nokia,total,net_sales,FY2007,2007-12-31,51.1,EUR billion,as_reported,nokia-ar-2007,p,
nokia,total,net_sales,FY2007,2007-12-31,40000,EUR million,restated,nokia-ar-2008,p,recast
nokia,devices_and_services,net_sales,FY2007,2007-12-31,37705,EUR million,restated,nokia-ar-2008,p,recast
nokia,mobile_networks,net_sales,FY2024,2024-12-31,7721,EUR million,as_reported,nokia-ar-2007,p,
nokia,cloud_and_network_services,net_sales,FY2024,2024-12-31,3021,EUR million,as_reported,nokia-ar-2007,p,
nokia,mobile_networks,net_sales,FY2024,2024-12-31,8159,EUR million,restated,nokia-ar-2008,p,recast
"""
MORE_SOURCES = SOURCES + "nokia-ar-2008,Nokia in 2008,Nokia Corporation,2009-03-01,,annual_report\n"


@pytest.fixture
def facts(project):
    write_data(project, ROWS, MORE_SOURCES)
    return series.facts(data.load(project / "data"))


def test_first_reported_converts_fim_and_billions(facts):
    rows = series.first_reported(facts, "nokia")
    assert rows.loc["FY1998", "eur"] == pytest.approx(10000.0, rel=1e-4)
    assert rows.loc["FY1998", "unit"] == "FIM million"  # the typed value keeps its unit
    assert rows.loc["FY2007", "eur"] == pytest.approx(51100.0)


def test_restatements_are_kept_apart_by_report(facts):
    recasts = series.restatements(facts, "nokia")
    assert list(recasts) == ["nokia-ar-2008"]
    assert recasts["nokia-ar-2008"].loc["FY2007", "eur"] == 40000.0


def test_latest_view_takes_a_year_from_one_report(facts):
    # the recast report moved sales into mobile_networks but gives no cloud figure, so the
    # year must not mix the recast mobile figure with the old cloud figure
    rows = series.latest_view(facts, "nokia", "net_sales",
                              ["mobile_networks", "cloud_and_network_services"])
    got = dict(zip(rows["segment"], rows["amount"], strict=True))
    assert got == {"mobile_networks": 7721.0, "cloud_and_network_services": 3021.0}
    alone = series.latest_view(facts, "nokia", "net_sales", ["mobile_networks"])
    assert alone["amount"].tolist() == [8159.0]


def claim(**kw):
    base = {"claim_id": "c", "seed_file": "s.txt", "paraphrase": "p", "claimed_value": "37.7",
            "claimed_unit": "EUR billion", "implied_scope": "total", "entity": "nokia",
            "segment": "devices_and_services", "metric": "net_sales", "period": "FY2007",
            "tolerance": "0.05", "note": ""}
    base.update(kw)
    return pd.Series(base)


def test_unit_figure_quoted_as_revenue_is_a_caveat(facts):
    v = claims.check(claim(), facts)
    assert v.verdict == claims.CAVEAT
    assert "devices and services figure, not the total" in v.caveat
    assert "51.1 EUR billion" in v.caveat


def test_exact_match_of_the_claimed_scope_is_supported(facts):
    v = claims.check(claim(segment="total", claimed_value="51.1"), facts)
    assert v.verdict == claims.SUPPORTED and v.caveat == ""


def test_number_outside_tolerance_is_contradicted(facts):
    v = claims.check(claim(segment="total", claimed_value="45"), facts)
    assert v.verdict == claims.CONTRADICTED
    assert "51.1 EUR billion" in v.data_say


def test_nothing_sourced_is_not_verifiable(facts):
    v = claims.check(claim(metric="gdp_share", claimed_unit="percent"), facts)
    assert v.verdict == claims.UNVERIFIABLE


def test_growth_never_splices_a_recast_year_onto_a_first_publication(project):
    from helpers import competitors

    rows = FACTS_HEADER + """\
nokia,total,net_sales,FY2010,2010-12-31,42446,EUR million,as_reported,nokia-ar-2007,p,
nokia,total,net_sales,FY2011,2011-12-31,38659,EUR million,as_reported,nokia-ar-2007,p,
nokia,total,net_sales,FY2011,2011-12-31,15968,EUR million,restated,nokia-ar-2008,p,recast without devices
nokia,total,net_sales,FY2012,2012-12-31,15400,EUR million,restated,nokia-ar-2008,p,recast without devices
"""
    write_data(project, rows, MORE_SOURCES)
    facts = series.facts(data.load(project / "data"))
    g = competitors.like_for_like_growth(facts, "nokia").set_index("fiscal year")
    assert g.loc[2011, "growth %"] == pytest.approx(-8.9)  # first publications, same perimeter
    assert g.loc[2012, "growth %"] == pytest.approx(-3.6)  # both years from the recasting report
    assert g.loc[2012, "compared"] == "same document"  # not 15400 / 38659 - 1 = -60%
