"""The revenue bridge on hand-made numbers: which deals fall in the span, and that the
start plus the bars is the end."""

from __future__ import annotations

import pytest

from helpers import data, series
from helpers.collapse import bridge
from tests.conftest import FACTS_HEADER, SOURCES, write_data

ROWS = FACTS_HEADER + """\
nokia,total,net_sales,FY2007,2007-12-31,50000,EUR million,as_reported,nokia-ar-2007,p,earliest document of this table
nokia,total,net_sales,FY2012,2012-12-31,30000,EUR million,as_reported,nokia-ar-2007,p,earliest document of this table
nokia,total,net_sales,FY2020,2020-12-31,20000,EUR million,as_reported,nokia-ar-2007,p,earliest document of this table
nokia,phones,net_sales,FY2010,2010-12-31,9000,EUR million,as_reported,nokia-ar-2007,p,earliest document of this table
nokia,maps,net_sales,FY2006,2006-12-31,400,EUR million,as_reported,nokia-ar-2007,p,earliest document of this table
"""
DEALS = [
    {"business": "Maps", "change": "bought", "year": "2007", "sales_entity": "nokia",
     "sales_segment": "maps", "sales_period": "FY2006"},
    {"business": "Rival", "change": "bought", "year": "2015", "sales_entity": "",
     "sales_segment": "", "sales_period": ""},
    {"business": "Phones", "change": "sold", "year": "2011", "sales_entity": "nokia",
     "sales_segment": "phones", "sales_period": "FY2010"},
    {"business": "Cables", "change": "sold", "year": "2021", "sales_entity": "nokia",
     "sales_segment": "phones", "sales_period": "FY2010"},
]


@pytest.fixture
def facts(project):
    write_data(project, ROWS, SOURCES.replace("2008-03-01", "2021-03-01"))
    (project / "data" / "structures.csv").write_text(
        "entity,structure,segment,parent,first_period,last_period\n"
        "nokia,toy,phones,total,FY2006,FY2020\nnokia,toy,maps,total,FY2006,FY2020\n")
    return series.facts(data.load(project / "data"))


def test_a_deal_counts_when_it_took_effect_after_the_start_and_by_the_end():
    # bought in the start year is inside the start level; sold after the end is not yet gone
    assert [d["business"] for d in bridge.in_bridge(DEALS, 2007, 2020)] == ["Phones", "Rival"]
    assert [d["business"] for d in bridge.in_bridge(DEALS, 2006, 2021)] == \
        ["Phones", "Cables", "Maps", "Rival"]


def test_the_start_plus_the_bars_is_the_end(facts):
    c = bridge.bridge_story(facts, DEALS, 2007, 2020)
    t = c.table.set_index("kind")
    assert t.loc["start", "y"] == 50000 and t.loc["end", "y"] == 20000
    assert t.loc["sold", "y"] == -9000
    # the bought rival has no figure: the rest holds it and is not called organic
    assert "bought" not in t.index and "organic" not in t.index
    assert t.loc["other", "y"] == pytest.approx(20000 - 50000 + 9000)
    assert bridge.check(c.table) == pytest.approx(0)
    assert "Rival" in " ".join(c.notes)
    assert "EUR 9.0 billion left with businesses sold" in c.title
    assert "shrank by EUR 21.0 billion" in c.title
    # every bar names its documents; the rest, computed, those of the two levels
    assert (c.table["source_id"] != "").all()
    assert c.table.set_index("kind").loc["other", "locator"].startswith("computed")


def test_a_bridge_whose_deals_all_have_figures_calls_the_rest_organic(facts):
    deals = [d for d in DEALS if d["business"] != "Rival"]
    c = bridge.bridge_story(facts, deals, 2007, 2020)
    assert "organic" in set(c.table["kind"]) and "other" not in set(c.table["kind"])


def test_a_span_without_printed_levels_draws_no_bridge(facts):
    c = bridge.bridge_story(facts, DEALS, 2008, 2020)
    assert c.table.empty and "FY2008" in c.title
