"""Series building and claim verdicts on hand-made facts."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import claims, data, series
from tests.conftest import FACTS_HEADER, SOURCES, write_data

ROWS = FACTS_HEADER + """\
nokia,total,net_sales,FY1998,1998-12-31,59457.3,FIM million,as_reported,nokia-ar-2007,p,earliest document of this table
eu,total,fim_per_eur,1999-01-01,1999-01-01,5.94573,FIM per EUR,as_reported,nokia-ar-2007,p,
nokia,total,net_sales,FY2007,2007-12-31,51.1,EUR billion,as_reported,nokia-ar-2007,p,
nokia,total,net_sales,FY2007,2007-12-31,40000,EUR million,restated,nokia-ar-2008,p,recast
nokia,devices_and_services,net_sales,FY2007,2007-12-31,37705,EUR million,restated,nokia-ar-2008,p,recast
nokia,devices_and_services,net_sales,FY2008,2008-12-31,35099,EUR million,as_reported,nokia-ar-2008,p,
nokia,mobile_networks,net_sales,FY2024,2024-12-31,7721,EUR million,as_reported,nokia-ar-2024,p,
nokia,cloud_and_network_services,net_sales,FY2024,2024-12-31,3021,EUR million,as_reported,nokia-ar-2024,p,
nokia,mobile_networks,net_sales,FY2024,2024-12-31,8159,EUR million,restated,nokia-recast-2025,p,recast
"""
MORE_SOURCES = SOURCES + (
    "nokia-ar-2008,Nokia in 2008,Nokia Corporation,2009-03-01,,annual_report\n"
    "nokia-ar-2024,Nokia in 2024,Nokia Corporation,2025-03-01,,annual_report\n"
    "nokia-recast-2025,Recast 2025,Nokia Corporation,2025-03-20,,press_release\n"
    # two documents published after every period the small tables below report
    "doc-a,Report A,Nokia Corporation,2026-11-01,,annual_report\n"
    "doc-b,Report B,Nokia Corporation,2026-11-02,,annual_report\n")
# the segments the facts use, as data/structures.csv declares them
MORE_STRUCTURES = """\
nokia,2008 segments,devices_and_services,total,FY2008,FY2010
nokia,2021 segments,mobile_networks,total,FY2019,FY2025
nokia,2021 segments,cloud_and_network_services,total,FY2019,FY2025
"""


PERIMETERS = """\
entity,segment,metric,measurer,first_year,last_year,source_id,perimeter,label,note
nokia,total,,,1990,2007,,with_phones,"Group, phones included",
nokia,total,,,2008,2100,,without_phones,"Group, phones left out",
nokia,mobile_networks,,,2020,2024,,mn_old,"Mobile Networks, old structure",
nokia,mobile_networks,,,,,nokia-recast-2025,mn_new,"Mobile Networks, new structure",
nokia,total,market_share,Nokia,1990,2009,,old_market,"Nokia's estimate, old market",
"""


@pytest.fixture
def facts(project):
    write_data(project, ROWS, MORE_SOURCES)
    (project / "data" / "perimeters.csv").write_text(PERIMETERS)
    with open(project / "data" / "structures.csv", "a") as fh:
        fh.write(MORE_STRUCTURES)
    return series.facts(data.load(project / "data"))


def test_the_one_rule_prefers_first_published_and_exact_figures(facts):
    rows = series.pick(facts, "nokia", "total", "net_sales").set_index("period")
    # FY2007: the first-published rounded figure beats the recast exact one
    assert rows.loc["FY2007", "basis"] == "as_reported"
    assert rows.loc["FY2007", "amount"] == pytest.approx(51100.0)
    assert series.in_eur(facts, rows.loc[["FY1998"]]).iloc[0] == pytest.approx(10000.0, rel=1e-4)
    assert rows.loc["FY1998", "unit"] == "FIM million"  # the typed value keeps its unit


def test_recasts_are_kept_apart_by_document(facts):
    recasts = series.recasts(facts, "nokia")
    assert recasts[["period", "source_id", "amount"]].values.tolist() == [
        ["FY2007", "nokia-ar-2008", 40000.0]]


def test_a_recast_takes_the_perimeter_of_the_document_that_recast_it(facts):
    rows = facts[(facts["metric"] == "net_sales") & (facts["segment"] == "total")]
    by = {(r.period, r.basis): r.perimeter for r in rows.itertuples()}
    assert by[("FY2007", "as_reported")] == "with_phones"
    # the 2008 report recast 2007 to its own structure, without the phones: a recast takes
    # the perimeter of the newest year its document reports
    assert by[("FY2007", "restated")] == "without_phones"
    mn = facts[facts["segment"] == "mobile_networks"].set_index("basis")["perimeter"]
    assert mn["as_reported"] == "mn_old" and mn["restated"] == "mn_new"


def test_a_segment_without_a_rule_is_its_own_perimeter(facts):
    row = facts[facts["segment"] == "devices_and_services"].iloc[0]
    assert row["perimeter"] == "devices_and_services" and row["perimeter_label"] == ""


def test_lines_break_at_a_perimeter_change_a_basis_change_and_a_gap():
    from helpers import figdata

    def point(period, perimeter="p", basis="as_reported"):
        return {"label": "s", "mark": "line", "x": figdata.period_x(period),
                "x_label": period, "period": period, "period_end": "", "y": 1.0, "unit": "u",
                "basis": basis, "perimeter": perimeter, "perimeter_label": perimeter,
                "source_id": "x", "locator": "l"}

    table = figdata.finish_table(pd.DataFrame([
        point("FY2001"), point("FY2002"), point("FY2003", perimeter="q"),
        point("FY2004", perimeter="q", basis="restated"), point("FY2006", perimeter="q",
                                                                basis="restated")]))
    assert table.groupby("line")["period"].apply(list).tolist() == [
        ["FY2001", "FY2002"], ["FY2003"], ["FY2004"], ["FY2006"]]
    assert figdata.problems(table) == []
    assert figdata.gaps(table) == {"s": ["FY2005"]}
    joined = table.assign(line="one")
    found = figdata.problems(joined)
    assert any("joins perimeters" in p for p in found)
    assert any("joins bases" in p for p in found)
    assert any("missing period" in p for p in found)


def test_quarters_are_consecutive_across_a_year_end():
    from helpers import figdata

    assert figdata.period_index("2025Q1") - figdata.period_index("2024Q4") == 1
    assert figdata.period_label("2025Q3") == "Q3 2025"
    assert figdata.period_label("FY2007") == "FY2007"
    assert figdata.period_x("FY2007") == 2007


def test_measurer_aliases_are_one_measurer(project):
    rows = FACTS_HEADER + """\
nokia,total,market_share,FY1999,1999-12-31,27,percent,estimate,nokia-ar-2007,p,measured by Dataquest (Gartner); units
nokia,total,market_share,FY2000,2000-12-31,30.6,percent,estimate,nokia-ar-2007,p,measured by Gartner Dataquest; units
nokia,total,market_share,FY2001,2001-12-31,35,percent,estimate,nokia-ar-2007,p,measured by Gartner; units
"""
    write_data(project, rows, MORE_SOURCES)
    (project / "data" / "measurers.csv").write_text(
        "alias,measurer,note\nDataquest,Gartner,\nGartner Dataquest,Gartner,\n")
    f = series.facts(data.load(project / "data"))
    assert set(f.loc[f["metric"] == "market_share", "measurer"]) == {"Gartner"}


def claim(**kw):
    base = {"claim_id": "c", "seed_file": "s.txt", "paraphrase": "p", "claimed_value": "37.7",
            "claimed_unit": "EUR billion", "implied_scope": "total", "entity": "nokia",
            "segment": "devices_and_services", "metric": "net_sales", "period": "FY2007",
            "tolerance": "0.05", "note": ""}
    base.update(kw)
    return pd.Series(base)


def test_a_unit_figure_quoted_as_revenue_is_the_right_number_for_the_wrong_scope(facts):
    v = claims.check(claim(), facts)
    assert v.verdict == claims.WRONG_SCOPE
    assert "devices and services net sales, not the total net sales" in v.caveat
    assert "51.1 EUR billion" in v.caveat


def test_a_wrong_scope_claim_is_drawn_against_the_scope_it_names_not_at_zero(facts):
    """The tempting picture: the number matches a sourced value exactly, so its gap is 0 and
    it looks right. The chart sets it against the scope the wording names instead."""
    v = claims.check(claim(), facts)
    assert v.scope_value == pytest.approx(51.1)
    chart = claims.verdict_chart(pd.DataFrame([v.__dict__]))
    row = chart.table.iloc[0]
    assert row["y"] == pytest.approx((51.1 / float(v.claimed_value) - 1) * 100)
    assert abs(row["y"]) > 1
    assert "sources for the scope named: 51.1 EUR billion" in row["label"]
    assert row["label"].endswith("RIGHT NUMBER, WRONG SCOPE")


def test_a_deal_total_read_as_the_price_of_the_unit_is_the_wrong_scope():
    from tests.facts import fact, frame

    deal = frame(fact(segment="devices_and_services", metric="deal_value", period="2013-09-03",
                      value=5.44, unit="EUR billion", source="release"),
                 fact(segment="devices_and_services", metric="deal_value_business",
                      period="2013-09-03", value=3.79, unit="EUR billion", source="release"))
    v = claims.check(claim(claimed_value="5.4", segment="devices_and_services",
                           implied_scope="devices_and_services", metric="deal_value",
                           implied_metric="deal_value_business", period="2013-09-03"), deal)
    assert v.verdict == claims.WRONG_SCOPE
    assert "the devices and services deal value business was 3.79 EUR billion" in v.caveat


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
    from helpers import chain

    rows = FACTS_HEADER + """\
nokia,total,net_sales,FY2010,2010-12-31,42446,EUR million,as_reported,doc-a,p,earliest document of this table
nokia,total,net_sales,FY2011,2011-12-31,38659,EUR million,as_reported,doc-a,p,earliest document of this table
nokia,total,net_sales,FY2011,2011-12-31,15968,EUR million,restated,doc-b,p,recast without devices
nokia,total,net_sales,FY2012,2012-12-31,15400,EUR million,restated,doc-b,p,recast without devices
"""
    write_data(project, rows, MORE_SOURCES)
    facts = series.facts(data.load(project / "data"))
    links = chain.links(series.select(facts, "nokia", "net_sales")).set_index("period")
    assert links.loc["FY2011", "change"] == pytest.approx(38659 / 42446)  # same perimeter
    # both years from the recasting report, not 15,400 / 38,659 - 1 = -60%
    assert links.loc["FY2012", "change"] == pytest.approx(15400 / 15968)
    assert links.loc["FY2012", "kind"] == "one document"


def test_a_share_below_every_sourced_measurer_says_so():
    ds = data.load()
    facts = series.facts(ds)
    claim_row = next(r for r in ds.claims if r["claim_id"] == "c01-share-2000")
    v = claims.check(pd.Series(claim_row.values), facts)
    assert v.verdict == claims.CONTRADICTED
    assert "no sourced measurer is this low: the lowest is 30.6 percent (Gartner)" in v.caveat


def test_a_perimeter_can_change_within_a_year(project):
    rows = FACTS_HEADER + """\
nokia,total,net_sales,2024Q1,2024-03-31,4667,EUR million,as_reported,doc-a,p,earliest document of this table
nokia,total,net_sales,2024Q2,2024-06-30,4466,EUR million,as_reported,doc-a,p,earliest document of this table
nokia,total,net_sales,FY2024,2024-12-31,19220,EUR million,as_reported,doc-b,p,earliest document of this table
"""
    write_data(project, rows, MORE_SOURCES)
    (project / "data" / "perimeters.csv").write_text(
        "entity,segment,metric,measurer,first_year,last_year,source_id,perimeter,label,note\n"
        "nokia,total,,,2015,2024Q1,,with_sub,with Submarine,\n"
        "nokia,total,,,2024Q2,2100,,without_sub,without Submarine,\n")
    f = series.facts(data.load(project / "data"))
    got = dict(zip(f["period"], f["perimeter"], strict=True))
    assert got == {"2024Q1": "with_sub", "2024Q2": "without_sub", "FY2024": "without_sub"}
    (project / "data" / "perimeters.csv").write_text(
        "entity,segment,metric,measurer,first_year,last_year,source_id,perimeter,label,note\n"
        "nokia,total,,,2015,2024Q5,,with_sub,with Submarine,\n")
    _, problems = data.validate(project / "data")
    assert any("'2024Q5' is not a year (2024) or a quarter (2024Q2)" in str(p) for p in problems)


def test_a_date_holds_at_the_precision_the_article_uses():
    from helpers import dated_claims

    events = pd.DataFrame([{"event_id": "e1", "date": "2025-04-01", "title": "Hotard becomes CEO",
                            "source_id": "s", "locator": "p"}])
    dated = pd.DataFrame([
        {"claim_id": "a", "seed_file": "x", "paraphrase": "in 2025", "claimed_date": "2025",
         "event_id": "e1"},
        {"claim_id": "b", "seed_file": "x", "paraphrase": "in April", "claimed_date": "2025-04",
         "event_id": "e1"},
        {"claim_id": "c", "seed_file": "x", "paraphrase": "in June", "claimed_date": "2025-06",
         "event_id": "e1"},
        {"claim_id": "d", "seed_file": "x", "paraphrase": "in 2023", "claimed_date": "2023",
         "event_id": "e1"},
    ])
    v = dated_claims.check_all(dated, events).set_index("claim_id")
    assert list(v["verdict"]) == [claims.SUPPORTED, claims.SUPPORTED, claims.CONTRADICTED,
                                  claims.CONTRADICTED]
    assert v.loc["c", "off_by"] == "2 months earlier"
    # a date that holds is quoted no more precisely than the claim (some events are known
    # only to the year)
    assert v.loc["a", "data_say"] == "Hotard becomes CEO, 2025 (s)"
    assert v.loc["b", "data_say"] == "Hotard becomes CEO, April 2025 (s)"
    assert v.loc["d", "off_by"] == "2 years later"
    finding = dated_claims.describe(v.reset_index())
    assert finding.startswith("2 of 4 dates")
    assert "Hotard becomes CEO, 1 April 2025 (s), 2 months earlier than June 2025" in finding


def test_the_seed_dates_are_checked_against_sourced_events():
    from helpers import dated_claims, schema

    ds = data.load()
    dated = data.table_frame(ds.dated_claims, schema.DATED_CLAIM_COLUMNS)
    events = data.table_frame(ds.events, schema.EVENT_COLUMNS)
    v = dated_claims.check_all(dated, events).set_index("claim_id")
    assert v.loc["d05-hotard", "verdict"] == claims.SUPPORTED
    assert v.loc["d05-hotard", "event_date"] == "2025-04-01"
    assert (v["verdict"] != claims.UNVERIFIABLE).all()


def test_a_worded_improvement_is_judged_on_the_change_from_a_year_before(project):
    rows = FACTS_HEADER + """\
nokia,total,gross_margin,2025Q1,2025-03-31,42.3,percent,as_reported,doc-a,p,earliest document of this table
nokia,total,gross_margin,2026Q1,2026-03-31,42.8,percent,as_reported,doc-b,p,earliest document of this table
nokia,total,gross_margin,2025Q1,2025-03-31,40.9,percent,restated,doc-b,p,comparative
"""
    write_data(project, rows, MORE_SOURCES)
    facts = series.facts(data.load(project / "data"))
    improved = claim(claimed_value="1", claimed_unit="percent", implied_scope="total",
                     segment="total", metric="gross_margin_change", period="2026Q1",
                     tolerance="0", test="at_least")
    v = claims.check(improved, facts)
    # the same document's comparative (40.9) is the year before, not the first publication
    assert v.verdict == claims.SUPPORTED
    assert v.sourced_value == pytest.approx(1.9)
    assert "2025Q1 40.9 to 2026Q1 42.8 percent: 1.9 percentage points" in v.data_say
    v = claims.check(improved.copy().replace({"1": "2.5"}), facts)
    assert v.verdict == claims.CONTRADICTED
    v = claims.check(improved.copy().replace({"2026Q1": "2027Q1"}), facts)
    assert v.verdict == claims.UNVERIFIABLE


def test_steady_means_every_yearly_change_within_tolerance_from_one_document(project):
    rows = FACTS_HEADER + """\
nokia,nokia_technologies,net_sales,FY2015,2015-12-31,100,EUR million,as_reported,doc-a,p,earliest document of this table
nokia,nokia_technologies,net_sales,FY2016,2016-12-31,104,EUR million,as_reported,doc-a,p,earliest document of this table
nokia,nokia_technologies,net_sales,FY2017,2017-12-31,98,EUR million,as_reported,doc-b,p,earliest document of this table
nokia,nokia_technologies,net_sales,FY2016,2016-12-31,60,EUR million,restated,doc-b,p,recast
"""
    write_data(project, rows, MORE_SOURCES)
    facts = series.facts(data.load(project / "data"))
    steady = claim(claimed_value="0", claimed_unit="percent", implied_scope="nokia_technologies",
                   segment="nokia_technologies", period="FY2015-FY2017", tolerance="10",
                   test="steady")
    v = claims.check(steady, facts)
    # 98 against the recast 60 is +63%: 98 against the first-published 104 would hide it
    assert v.verdict == claims.CONTRADICTED
    assert v.sourced_value == pytest.approx(63.33, abs=0.01)
    assert "FY2015 100 to FY2016 104 EUR million: 4 percent" in v.data_say
    v = claims.check(steady.copy().replace({"10": "70"}), facts)
    assert v.verdict == claims.SUPPORTED
