"""Notebook 20's stories (segment sales, group and segment growth, the mix, Optical before
and after Infinera) on small hand-made fact tables.

What a reader relies on: a segment line is chained through a recast into a new structure and
breaks where no document links two years; printed growth lines run through a change of
perimeter on their own documents but break at a missing quarter; the dots of segment growth
share one basis; mix shares add up to 100 with the rest of the group taken from the same
document; the gap Infinera made is reported minus organic growth; titles quote the table.
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers import data, draw, figdata, metrics
from helpers import segments as seg
from tests.facts import fact, frame

R = "net_sales_growth"
CC = "net_sales_growth_constant_currency"
CCP = "net_sales_growth_constant_currency_portfolio"


def no_nan(*texts: str) -> None:
    for text in texts:
        assert not re.search(r"\bnan\b|<NA>|None", text), text


def annual(segment, period, value, source, perimeter=None, basis="as_reported", label=""):
    return fact(segment=segment, period=period, value=value, source=source,
                perimeter=perimeter or segment, basis=basis, perimeter_label=label)


def quarter(segment, period, value, source, metric=R, perimeter=None):
    return fact(segment=segment, metric=metric, period=period, value=value, unit="percent",
                source=source, perimeter=perimeter or segment)


# ---------------------------------------------------------------- fixtures

def segment_sales() -> pd.DataFrame:
    """Mobile Networks gains a unit in FY2025 (a recast prints FY2024 in the new structure);
    Network Infrastructure has no FY2024 at all; IP Networks grows 10% a year."""
    mn = "MN with Managed Services"
    return frame(
        annual("mobile_networks", "FY2022", 10000, "20f-2022", "mn_old"),
        annual("mobile_networks", "FY2023", 9000, "20f-2023", "mn_old"),
        annual("mobile_networks", "FY2024", 8100, "20f-2024", "mn_old"),
        annual("mobile_networks", "FY2024", 9100, "recast-2025", "mn_new", "restated", mn),
        annual("mobile_networks", "FY2025", 9555, "20f-2025", "mn_new", label=mn),
        annual("network_infrastructure", "FY2022", 8000, "20f-2022", "ni"),
        annual("network_infrastructure", "FY2023", 9600, "20f-2023", "ni"),
        annual("network_infrastructure", "FY2025", 9261, "20f-2025", "ni_2025"),
        annual("ip_networks", "FY2022", 3000, "20f-2022"),
        annual("ip_networks", "FY2023", 3300, "20f-2023"),
        annual("ip_networks", "FY2024", 3630, "20f-2024"),
        annual("ip_networks", "FY2025", 3993, "20f-2025"))


def group_growth_facts() -> pd.DataFrame:
    """Quarterly group growth; what the total covers changes in Q2 2024; constant currency
    has no Q4 2024."""
    return frame(
        quarter("total", "2024Q1", -20.0, "q1-24", perimeter="old"),
        quarter("total", "2024Q2", -15.0, "q2-24", perimeter="new"),
        quarter("total", "2024Q3", -5.0, "q3-24", perimeter="new"),
        quarter("total", "2024Q4", 2.0, "q4-24", perimeter="new"),
        quarter("total", "2025Q1", 3.0, "q1-25", perimeter="new"),
        quarter("total", "2024Q1", -18.0, "q1-24", CC, perimeter="old"),
        quarter("total", "2024Q2", -14.0, "q2-24", CC, perimeter="new"),
        quarter("total", "2024Q3", -4.0, "q3-24", CC, perimeter="new"),
        quarter("total", "2025Q1", 4.0, "q1-25", CC, perimeter="new"))


def segment_growth_facts() -> pd.DataFrame:
    """2025 gives three segments at constant currency and portfolio, two as reported."""
    return frame(
        quarter("mobile_networks", "2024Q4", 5.0, "q4-24", R),
        quarter("mobile_networks", "2025Q1", 1.0, "q1-25", R),
        quarter("mobile_networks", "2025Q1", 2.0, "q1-25", CCP),
        quarter("mobile_networks", "2025Q2", 3.0, "q2-25", CCP),
        quarter("network_infrastructure", "2025Q1", 10.0, "q1-25", CCP),
        quarter("network_infrastructure", "2025Q2", 12.0, "q2-25", CCP),
        quarter("network_infrastructure", "2025Q2", 30.0, "q2-25", R),
        quarter("cloud_and_network_services", "2025Q2", -4.0, "q2-25", CCP),
        quarter("total", "2025Q2", 8.0, "q2-25", CCP))


def mix_facts() -> pd.DataFrame:
    """FY2022 from one report; FY2023's total and segments from two documents; FY2024's
    first report lacks Network Infrastructure, so only the recast prints all of it."""
    return frame(
        annual("total", "FY2022", 20000, "20f-2022"),
        annual("mobile_networks", "FY2022", 10000, "20f-2022"),
        annual("network_infrastructure", "FY2022", 6000, "20f-2022"),
        annual("total", "FY2023", 21000, "20f-2023"),
        annual("mobile_networks", "FY2023", 9000, "q4-2023"),
        annual("network_infrastructure", "FY2023", 7000, "q4-2023"),
        annual("total", "FY2024", 19000, "20f-2024"),
        annual("mobile_networks", "FY2024", 8000, "20f-2024"),
        annual("total", "FY2024", 19500, "recast-2025", basis="restated"),
        annual("mobile_networks", "FY2024", 8500, "recast-2025", "mn_new", "restated"),
        annual("network_infrastructure", "FY2024", 7400, "recast-2025", basis="restated"))


INFINERA = pd.DataFrame({"event_id": ["infinera"], "date": ["2025-02-28"],
                         "title": ["Infinera acquired"]})


def optical_facts() -> pd.DataFrame:
    return frame(
        annual("optical_networks", "FY2022", 1800, "20f-2022", "before"),
        annual("optical_networks", "FY2023", 1900, "20f-2023", "before"),
        annual("optical_networks", "FY2024", 1700, "20f-2024", "before"),
        annual("optical_networks", "FY2025", 2900, "20f-2025", "after"),
        quarter("network_infrastructure", "2024Q4", 9.0, "q4-24", R),
        quarter("network_infrastructure", "2025Q1", -5.0, "q1-25", CCP),
        quarter("network_infrastructure", "2025Q2", 28.0, "q2-25", R),
        quarter("network_infrastructure", "2025Q2", 11.0, "q2-25", CCP),
        quarter("network_infrastructure", "2025Q3", 39.0, "q3-25", R),
        quarter("network_infrastructure", "2025Q3", 11.0, "q3-25", CCP),
        quarter("optical_networks", "2025Q2", 4.0, "q2-25", CCP),
        quarter("optical_networks", "2025Q3", 9.0, "q3-25", CCP))


@pytest.fixture(scope="module")
def sales():
    return seg.segment_net_sales(segment_sales(), ["mobile_networks", "network_infrastructure",
                                                   "nokia_technologies"], ["ip_networks"],
                                 2022, 2025)


@pytest.fixture(scope="module")
def everything():
    return pd.concat([segment_sales(), group_growth_facts(), segment_growth_facts(),
                      mix_facts(), optical_facts()], ignore_index=True)


@pytest.fixture(scope="module")
def growth():
    return seg.group_growth(group_growth_facts(), 2024, 2025)


@pytest.fixture(scope="module")
def mix():
    return seg.segment_mix(mix_facts(), ["mobile_networks", "network_infrastructure"], 2022,
                           2024, MIX_STRUCTURES)


def structure_row(segment: str, first: str, last: str) -> dict:
    return {"entity": "nokia", "structure": "s", "segment": segment, "parent": "total",
            "first_period": first, "last_period": last}


# the 2021 segments to FY2025, then a 2026 structure that no FY2024 bar may be described by
MIX_STRUCTURES = [structure_row(s, "FY2019", "FY2025") for s in
                  ("mobile_networks", "network_infrastructure", "cloud_and_network_services")] \
    + [structure_row("portfolio_businesses", "FY2026", "")]


def test_the_rest_of_the_group_is_named_from_the_structure_of_the_year_described():
    """A 2026 quarter typed makes 2026 the latest year; the last bar is still FY2024, whose
    rest is Cloud and Network Services, not a segment of the 2026 structure."""
    mix = seg.segment_mix(mix_facts(), ["mobile_networks", "network_infrastructure"], 2022,
                          2026, MIX_STRUCTURES)
    assert mix.numbers["b"] == "FY2024"
    assert mix.numbers["rest"] == "Cloud and Network Services", mix.numbers["rest"]


# ---------------------------------------------------------------- segment net sales

def test_a_segment_line_runs_into_its_new_structure_through_the_recast(sales):
    t = sales.table
    assert figdata.problems(t) == []
    mn = t[t["label"] == "Mobile Networks"].set_index("period")
    assert mn["line"].nunique() == 1
    assert mn.loc["FY2025", "link"] == "recast-2025;20f-2025"
    assert (mn.loc["FY2024", "perimeter"], mn.loc["FY2025", "perimeter"]) == ("mn_old", "mn_new")
    # anchored on FY2025 as first printed; FY2024 on the new structure, earlier years back-cast
    assert mn.loc["FY2025", "y"] == pytest.approx(9555)
    assert mn.loc["FY2024", "y"] == pytest.approx(9100)
    assert mn.loc["FY2022", "y"] == pytest.approx(9100 * 10000 / 8100)
    assert mn.loc["FY2022", "printed"] == 10000


def test_a_year_no_document_links_breaks_the_segment_line_and_its_growth_rate(sales):
    chart = sales
    ni = chart.table[chart.table["label"] == "Network Infrastructure"].set_index("period")
    assert ni.loc["FY2023", "line"] != ni.loc["FY2025", "line"]
    assert "Network Infrastructure: no document links FY2023 and FY2025" in chart.notes
    # FY2025 alone is linked to nothing, so Network Infrastructure has no rate to compare
    assert "Network Infrastructure" not in set(seg.growth_table(chart)["line"])
    assert "Network Infrastructure (last FY2025, linked to no year before)" in chart.finding


def test_segment_rates_are_compared_over_one_common_span(sales):
    chart = sales
    rates = seg.growth_table(chart).set_index("line")
    assert set(rates["from"]) == {"FY2022"} and set(rates["to"]) == {"FY2025"}
    ip, mn = rates.loc["IP Networks", "a year %"], rates.loc["Mobile Networks", "a year %"]
    assert ip == pytest.approx(10.0)
    assert mn == round(metrics.cagr(9100 * 10000 / 8100, 9555, 3), 1)
    # one segment is ranked alone; the business unit is named as a part of its segment
    assert chart.title == (f"FY2022-FY2025: Mobile Networks {mn:+.1f}% a year; within "
                           f"Network Infrastructure, IP Networks {ip:+.1f}%")
    assert "No annual net sales in data/ for FY2022-FY2025: Nokia Technologies" in chart.notes
    assert "No annual figures in data/ for Nokia Technologies." in chart.finding


# ---------------------------------------------------------------- group growth

def test_group_growth_runs_through_a_perimeter_change_on_its_own_document_but_breaks_at_a_gap(
        growth):
    chart = growth
    t = chart.table
    assert figdata.problems(t) == []
    reported = t[t["label"] == "reported"].set_index("period")
    assert reported["line"].nunique() == 1
    assert reported.loc["2024Q2", "link"] == "q2-24"
    assert (reported.loc["2024Q1", "perimeter"], reported.loc["2024Q2", "perimeter"]) == \
        ("old", "new")
    cc = t[t["label"] == "constant currency"].set_index("period")
    assert cc.loc["2024Q3", "line"] != cc.loc["2025Q1", "line"]
    assert chart.notes == ["constant currency: no figure for Q4 2024"]
    # the figure's key says both lines cross the change on the Q2 report
    marks = draw.perimeter_marks(t)
    assert marks[0]["x"] == pytest.approx(2024.25)
    assert "reported and constant currency continue through q2-24" in marks[0]["texts"][0]


def test_group_growth_title_counts_the_quarters_of_one_sign_from_the_table(growth):
    chart = growth
    reported = chart.table[chart.table["label"] == "reported"].set_index("period")["y"]
    assert (reported[["2024Q4", "2025Q1"]] > 0).all() and reported["2024Q3"] < 0
    assert chart.title == ("Nokia's net sales have grown year on year for 2 quarters "
                           f"(reported); {reported['2025Q1']:+.0f}% in Q1 2025")
    assert chart.finding.startswith("In Q1 2025 Nokia's net sales changed on a year earlier "
                                    "by +3% reported; +4% constant currency.")
    assert "after -5% in Q3 2024" in chart.finding
    assert len(chart.title) <= 110


# ---------------------------------------------------------------- segment growth

def test_a_segment_of_a_newer_structure_joins_the_chosen_ones_once_it_has_figures():
    facts = pd.concat([segment_growth_facts(), frame(
        quarter("mobile_infrastructure", "2025Q2", 6.0, "q2-25", CCP))], ignore_index=True)
    chosen = ["mobile_networks", "network_infrastructure"]
    chart = seg.segment_growth(facts, chosen, 2024, 2025, newer=["mobile_infrastructure",
                                                               "portfolio_businesses"])
    assert "Mobile Infrastructure" in set(chart.table["label"])
    # a newer segment without figures is not "missing": the reader never asked for it
    assert not any("Portfolio Businesses" in note for note in chart.notes)
    without = seg.segment_growth(facts, chosen, 2024, 2025)
    assert "Mobile Infrastructure" not in set(without.table["label"])


def test_segment_growth_dots_share_the_basis_with_most_segments_in_the_newest_year():
    names = ["total", "mobile_networks", "network_infrastructure", "cloud_and_network_services",
             "ip_networks"]
    chart = seg.segment_growth(segment_growth_facts(), names, 2024, 2025)
    t = chart.table.set_index("label")
    assert chart.numbers["basis"] == "constant currency and portfolio"
    assert set(t["mark"]) == {"point"}
    assert "Group total" not in t.index
    # Network Infrastructure's reported +30% is not mixed in with the others' organic growth
    assert t.loc["Network Infrastructure"].set_index("period")["y"].to_dict() == \
        {"2025Q1": 10.0, "2025Q2": 12.0}
    assert chart.notes == ["No constant currency and portfolio growth in data/ for 2025: "
                           "IP Networks"]
    assert chart.title == ("Q2 2025: Network Infrastructure grew fastest (+12%); Cloud and "
                           "Network Services fell most (-4%)")


def test_a_chosen_segment_the_years_structure_no_longer_has_is_not_called_missing():
    structures = [{"entity": "nokia", "structure": "s", "segment": s, "parent": "total",
                   "first_period": "FY2023", "last_period": last}
                  for s, last in [("mobile_networks", ""), ("network_infrastructure", ""),
                                  ("cloud_and_network_services", ""), ("ip_networks", "FY2024")]]
    names = ["mobile_networks", "network_infrastructure", "cloud_and_network_services",
             "ip_networks"]
    chart = seg.segment_growth(segment_growth_facts(), names, 2024, 2025, structures=structures)
    assert chart.notes == ["Not in Nokia's structure in 2025: IP Networks"]


def test_segment_growth_titles_say_ties_and_falls_as_they_are():
    tied = frame(quarter("mobile_networks", "2025Q1", 3.0, "q1-25", CCP),
                 quarter("network_infrastructure", "2025Q1", 3.2, "q1-25", CCP))
    assert seg.segment_growth(tied, ["mobile_networks", "network_infrastructure"], 2025,
                              2025).title.endswith("every segment shown changed by +3%")
    fell = frame(quarter("mobile_networks", "2025Q1", -1.0, "q1-25", CCP),
                 quarter("network_infrastructure", "2025Q1", -6.0, "q1-25", CCP))
    title = seg.segment_growth(fell, ["mobile_networks", "network_infrastructure"], 2025,
                               2025).title
    assert title == "Q1 2025: no segment shown grew; Network Infrastructure fell most (-6%)"
    assert "fastest" not in title


def test_segment_growth_prefers_the_headline_basis_on_a_tie():
    facts = frame(quarter("mobile_networks", "2025Q1", 1.0, "q1-25", R),
                  quarter("mobile_networks", "2025Q1", 2.0, "q1-25", CCP))
    chart = seg.segment_growth(facts, ["mobile_networks"], 2025, 2025)
    assert chart.numbers["basis"] == "constant currency and portfolio"
    assert chart.table["y"].tolist() == [2.0]


def test_segment_growth_title_fits_two_lines_with_the_longest_segment_names():
    chart = seg.segment_growth(segment_growth_facts(), ["network_infrastructure",
                                                        "cloud_and_network_services"], 2025, 2025)
    lines = draw.wrap(chart.title, draw.WIDTH - 0.35, draw.TITLE_SIZE, bold=True)
    assert len(lines) <= 2, lines


def test_segment_growth_compares_one_quarter_and_puts_units_inside_their_segment():
    """The tempting comparison: IP Networks' Q1 +20% against the segments' Q2 figures, and a
    unit against the segment that holds it. Neither is made."""
    structures = [{"entity": "nokia", "structure": "s", "segment": s, "parent": parent,
                   "first_period": "FY2023", "last_period": ""}
                  for s, parent in [("mobile_networks", "total"),
                                    ("network_infrastructure", "total"),
                                    ("nokia_technologies", "total"),
                                    ("ip_networks", "network_infrastructure")]]
    facts = frame(quarter("mobile_networks", "2025Q2", 3.0, "q2-25", CCP),
                  quarter("network_infrastructure", "2025Q2", 5.0, "q2-25", CCP),
                  quarter("nokia_technologies", "2025Q2", -9.0, "q2-25", CCP),
                  quarter("ip_networks", "2025Q1", 20.0, "q1-25", CCP))
    chart = seg.segment_growth(facts, ["mobile_networks"], 2025, 2025, structures=structures)
    labels = list(dict.fromkeys(chart.table["label"]))
    # every segment of the structure is drawn, the unit in a row under its segment
    assert labels == ["Mobile Networks", "Network Infrastructure", "of which IP Networks",
                      "Nokia Technologies"]
    assert chart.title == ("Q2 2025: Network Infrastructure grew fastest (+5%); Nokia "
                           "Technologies fell most (-9%)")
    assert "IP Networks" not in chart.title
    assert "Within their segments: IP Networks +20% (Q1 2025)." in chart.finding


# ---------------------------------------------------------------- segment mix

def test_mix_shares_add_up_to_100_with_the_rest_of_the_group_from_the_same_document(mix):
    chart = mix
    t = chart.table
    assert set(t["period"]) == {"FY2022", "FY2024"}
    for period, bar in t.groupby("period"):
        assert bar["y"].sum() == pytest.approx(100), period
        assert bar["source_id"].nunique() == 1, period
    fy2024 = t[t["period"] == "FY2024"].set_index("label")
    # only the recast prints every segment for FY2024, so its total (19,500) is the base
    assert set(fy2024["source_id"]) == {"recast-2025"}
    assert fy2024.loc["Rest of the group", "amount"] == 19500 - 8500 - 7400
    assert fy2024.loc["Mobile Networks", "y"] == pytest.approx(8500 / 19500 * 100)
    assert chart.notes == ["No document prints the total and every segment for FY2023"]


def test_mix_title_quotes_the_segment_whose_share_moved_most(mix):
    chart = mix
    shares = seg.mix_shares(chart)
    start = float(shares.loc["FY2022", "Network Infrastructure"])
    end = float(shares.loc["FY2024", "Network Infrastructure"])
    assert (start, end) == (30.0, round(7400 / 19500 * 100, 1))
    moved = (shares.loc["FY2024"].astype(float) - shares.loc["FY2022"].astype(float))
    assert moved.drop("Rest of the group").abs().idxmax() == "Network Infrastructure"
    assert chart.title == (f"Network Infrastructure's share of Nokia's sales rose from "
                           f"{start:.0f}% in FY2022 to {end:.0f}% in FY2024")
    rest = (19500 - 8500 - 7400) / 19500 * 100
    assert f"The rest of the group (Cloud and Network Services) was {rest:.1f}% in FY2024" \
        in chart.finding
    # Mobile Networks' FY2024 figure is on the recast structure: the finding says so
    assert "What Mobile Networks covers changed in between" in chart.finding


# ---------------------------------------------------------------- Optical and Infinera

def test_optical_is_told_on_optical_figures_with_its_segment_as_context_only():
    chart = seg.optical_infinera(optical_facts(), INFINERA, 2022, 2025)
    n = chart.numbers
    assert n["unit_growth"] == {"2025Q2": 4.0, "2025Q3": 9.0}
    # the title is about Optical Networks: its organic growth, and its size before the deal
    assert chart.title == ("After Infinera, Optical Networks grew +4% to +9% organically "
                           "(Q2 2025 and Q3 2025), after its sales fell 11% to EUR 1.7 "
                           "billion in FY2024")
    assert "Network Infrastructure" not in chart.title
    # the segment's reported growth against its organic, quarter by quarter, in words only
    assert "Network Infrastructure grew +28% (Q2 2025), +39% (Q3 2025): 17 points and 28 " \
        "points more." in chart.finding
    growth = chart.table[chart.table["panel"] == "growth"]
    assert set(growth["label"]) == {"Optical Networks, organic",
                                    "Network Infrastructure, organic (context)"}
    assert not (growth["period"] == "2024Q4").any()
    # the size panel runs on into the year with Infinera, the acquisition marked by its event
    size = chart.table[chart.table["panel"] == "size"]
    assert size["period"].tolist() == ["FY2022", "FY2023", "FY2024", "FY2025"]
    assert "EUR 1.7 billion to EUR 1.9 billion a year (FY2022-FY2024)" in chart.finding
    assert "With Infinera: EUR 2.9 billion in FY2025." in chart.finding


# ---------------------------------------------------------------- empty windows

@pytest.mark.parametrize("story", ["net sales", "group growth", "segment growth", "mix",
                                   "optical"])
@pytest.mark.parametrize("first, last", [(2026, 2024), (2010, 2012)])
def test_an_empty_or_inverted_window_reads_as_a_sentence(everything, story, first, last):
    facts = everything
    chart = {
        "net sales": lambda: seg.segment_net_sales(facts, ["mobile_networks"], [], first, last),
        "group growth": lambda: seg.group_growth(facts, first, last),
        "segment growth": lambda: seg.segment_growth(facts, ["mobile_networks"], first, last),
        "mix": lambda: seg.segment_mix(facts, ["mobile_networks"], first, last),
        "optical": lambda: seg.optical_infinera(facts, INFINERA, first, last),
    }[story]()
    assert chart.table.empty
    assert chart.title and chart.finding.endswith(".")
    no_nan(chart.title, chart.finding, *chart.notes)
    if first > last and story in ("net sales", "group growth", "mix"):
        assert "comes after" in chart.title


def test_optical_without_an_event_says_there_is_no_before_and_after():
    chart = seg.optical_infinera(optical_facts(), INFINERA.iloc[0:0], 2022, 2025)
    assert chart.table.empty
    assert "names no event for this chart" in chart.title


# ---------------------------------------------------------------- drawing

def test_mix_figure_draws_without_overlapping_text(mix):
    fig = seg.draw_segment_mix(mix, data.Dataset())
    try:
        assert draw.overlaps(fig) == []
    finally:
        plt.close(fig)
