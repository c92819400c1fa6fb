"""The explorer's data path on the real facts: indexing, conversion, gaps, sources."""

from __future__ import annotations

import pytest

from helpers import data, explore, series


@pytest.fixture(scope="module")
def facts():
    return series.facts(data.load())


def test_base_year_indexes_every_company_to_100(facts):
    v = explore.view(facts, ["nokia", "cisco"], "total", "net_sales", "USD", 2017, "annual")
    for label, s in v.lines.items():
        at = s[s.index.year == 2017]
        assert at.round(6).tolist() == [100.0], label
    assert v.ylabel == "index, fiscal 2017 = 100"


def test_currency_choice_changes_nokia_but_not_the_facts(facts):
    eur = explore.view(facts, ["nokia"], "total", "net_sales", "EUR", 0, "annual")
    usd = explore.view(facts, ["nokia"], "total", "net_sales", "USD", 0, "annual")
    assert eur.facts.equals(usd.facts)
    e, u = eur.lines["Nokia group total"], usd.lines["Nokia group total"]
    common = e.dropna().index.intersection(u.dropna().index)
    common = common[common.year >= 2003]  # from 2003 on a euro bought more than a dollar
    assert len(common) > 5 and (u[common] > e[common]).all()
    assert any("no Fed rate" in n for n in usd.notes)
    assert any("FIM years converted" in n for n in eur.notes)


def test_lines_break_where_the_sources_have_no_year(facts):
    usd = explore.view(facts, ["nokia"], "total", "net_sales", "USD", 0, "annual")
    line = usd.lines["Nokia group total"]
    assert line.isna().any()  # e.g. 2008-2011 have no Fed rate: no bridge drawn


def test_every_fact_behind_the_chart_names_its_source(facts):
    v = explore.view(facts, ["ciena"], "total", "net_sales", "USD", 0, "annual")
    assert len(v.facts) > 10
    assert v.facts["source_id"].str.len().gt(0).all()
    assert v.facts["locator"].str.len().gt(0).all()
