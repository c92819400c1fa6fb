"""Notebook 30's stories (revenue, the index, growth, optical, year ends) on small hand-made
fact tables and hand-made exchange rates.

What a reader relies on: a fiscal year is converted at the mean rate of its own days, and a
year without a rate is left out and named; the revenue title's ratio is the table's, in the
latest year every company has; the index is 100 at the base year and reaches the latest
year through the document that links Nokia's change of perimeter; growth leaves out changes
measured on rounded totals and names them, and names the fiscal year an acquisition fell in.
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers import competitors as comp
from helpers import data, draw, figdata, fx
from tests.facts import fact, frame

# USD per EUR: 1.0 to the end of 2023, 1.2 from 2024 on
STEP = pd.Series(1.0, index=pd.date_range("2015-01-01", "2025-12-31"))
STEP[STEP.index >= "2024-01-01"] = 1.2
NEW = "without Submarine"


def no_nan(*texts: str) -> None:
    for text in texts:
        assert not re.search(r"\bnan\b|<NA>|None", text), text


def nokia(period, value, source, perimeter="old", basis="as_reported", label="", **kw):
    return fact(entity="nokia", period=period, value=value, source=source, perimeter=perimeter,
                basis=basis, perimeter_label=label, **kw)


def peer(entity, period, value, source, unit="USD million", basis="as_reported", **kw):
    return fact(entity=entity, period=period, value=value, unit=unit, source=source,
                perimeter=entity, basis=basis, **kw)


def companies() -> pd.DataFrame:
    """Nokia leaves a business out from FY2024, and its FY2024 report prints FY2023 on the
    new perimeter; Ciena prints rounded billions until FY2023; Cisco starts in FY2023."""
    return frame(
        nokia("FY2021", 22000, "20f-2021"),
        nokia("FY2022", 24000, "20f-2022"),
        nokia("FY2023", 22000, "20f-2023"),
        nokia("FY2023", 21000, "20f-2024", "new", "restated", NEW),
        nokia("FY2024", 19000, "20f-2024", "new", label=NEW),
        nokia("FY2025", 19950, "20f-2025", "new", label=NEW),
        peer("ciena", "FY2021", 3.6, "ciena-2021", "USD billion"),
        peer("ciena", "FY2022", 3.6, "ciena-2022", "USD billion"),
        peer("ciena", "FY2023", 4.4, "ciena-2023", "USD billion"),
        peer("ciena", "FY2023", 4387, "ciena-2024", basis="restated"),
        peer("ciena", "FY2024", 4010, "ciena-2024"),
        peer("cisco", "FY2023", 57000, "cisco-2023"),
        peer("cisco", "FY2024", 53800, "cisco-2024"),
        peer("cisco", "FY2025", 56654, "cisco-2025"))


def optical_facts() -> pd.DataFrame:
    return frame(
        nokia("FY2022", 1800, "20f-2022", "optical", segment="optical_networks"),
        nokia("FY2023", 1900, "20f-2023", "optical", segment="optical_networks"),
        nokia("FY2024", 1700, "20f-2024", "optical", segment="optical_networks"),
        peer("ciena", "FY2022", 2900, "ciena-2022", segment="optical_networking"),
        peer("ciena", "FY2023", 3300, "ciena-2023", segment="optical_networking"),
        peer("ciena", "FY2024", 2800, "ciena-2024", segment="optical_networking"),
        peer("ciena", "FY2025", 3220, "ciena-2025", segment="optical_networking"))


def line(table: pd.DataFrame, label: str) -> pd.DataFrame:
    return table[table["label"] == label].set_index("period")


@pytest.fixture(scope="module")
def revenue_usd():
    return comp.revenue(companies(), "USD", ["ciena", "cisco"], 2021, 2025, STEP)


@pytest.fixture(scope="module")
def index():
    return comp.indexed(companies(), "USD", ["ciena", "cisco"], 2022, 2021, 2025, STEP)


@pytest.fixture(scope="module")
def growth():
    return comp.growth(companies(), ["ciena", "cisco"], 2022, 2025)


# ---------------------------------------------------------------- revenue

def test_a_fiscal_year_is_converted_at_the_mean_rate_of_its_own_days():
    t = comp.revenue(companies(), "EUR", ["ciena", "cisco"], 2021, 2025, STEP).table
    # Ciena's FY2024 runs from 1 Nov 2023 (61 days at 1.0) to 31 Oct 2024 (305 days at 1.2)
    ciena = line(t, "Ciena")
    assert ciena.loc["FY2024", "y"] == pytest.approx(4010 / ((61 * 1.0 + 305 * 1.2) / 366))
    assert ciena.loc["FY2024", "source_id"] == f"ciena-2024;{fx.ECB_SOURCE_ID}"
    # Cisco's FY2025 (28 Jul 2024 to 27 Jul 2025) is wholly at 1.2; Nokia needs no rate
    assert line(t, "Cisco").loc["FY2025", "y"] == pytest.approx(56654 / 1.2)
    assert line(t, "Nokia").loc["FY2025", "y"] == 19950
    assert line(t, "Nokia").loc["FY2025", "source_id"] == "20f-2025"


def test_revenue_line_breaks_where_nokias_total_changes_what_it_covers(revenue_usd):
    t = revenue_usd.table
    assert figdata.problems(t) == []
    n = line(t, "Nokia")
    assert n.loc["FY2023", "line"] != n.loc["FY2024", "line"]
    assert n.loc["FY2023", "y"] == 22000          # as first printed, not the recast 21,000


def test_revenue_title_quotes_the_ratio_in_the_latest_year_every_company_has(revenue_usd):
    chart = revenue_usd
    at = chart.table[chart.table["period"] == "FY2024"].set_index("label")["y"]
    assert chart.numbers["year"] == 2024                   # Ciena has no FY2025
    assert chart.title == (f"In FY2024 Cisco's revenue was {at['Cisco'] / at['Nokia']:.1f} "
                           f"times Nokia's and {at['Cisco'] / at['Ciena']:.1f} times Ciena's")
    assert chart.finding.startswith("In FY2024, the latest fiscal year they all have, revenue "
                                    "in USD was: Cisco USD 53.8 billion; Nokia USD 22.8 billion")
    assert "Nokia 31 December; Ciena 31 October; Cisco 27 July" in chart.subtitle
    assert len(chart.title) <= 110


def test_a_year_without_a_rate_is_left_out_and_named():
    rates = STEP[:"2024-06-30"]
    chart = comp.revenue(companies(), "USD", ["ciena", "cisco"], 2021, 2025, rates)
    assert list(line(chart.table, "Nokia").index) == ["FY2021", "FY2022", "FY2023"]
    assert chart.notes == ["Nokia: no rate for FY2024-FY2025"]
    # Ciena and Cisco print dollars and keep their years; the common year falls back
    assert chart.numbers["year"] == 2023
    no_nan(chart.title, chart.finding)


# ---------------------------------------------------------------- the index

def test_index_reaches_the_latest_year_through_the_link_across_nokias_perimeter_change(index):
    chart = index
    n = line(chart.table, "Nokia")
    assert n.loc["FY2022", "y"] == pytest.approx(100)
    assert n["line"].nunique() == 1 and figdata.problems(chart.table) == []
    assert n.loc["FY2024", "link"] == "20f-2024"
    # changes in euros on one perimeter (24,000 -> 22,000; 21,000 -> 19,000 -> 19,950), then
    # the rate: 1.0 in FY2022, 1.2 in FY2025
    own = 22000 / 24000 * 19000 / 21000 * 19950 / 19000
    assert n.loc["FY2025", "y"] == pytest.approx(100 * own * 1.2 / 1.0)
    assert chart.numbers["latest"]["Nokia"] == ("FY2025", pytest.approx(100 * own * 1.2))
    assert f"Nokia {100 * own * 1.2:.0f}" in chart.title
    assert len(chart.title) <= 110


def test_index_leaves_out_years_no_link_reaches_from_the_base_year_and_names_them(index):
    chart = index
    # Ciena's rounded billions link nothing to FY2022, Cisco has no FY2022
    assert list(line(chart.table, "Ciena").index) == ["FY2022"]
    assert "Ciena: FY2021, FY2023-FY2024 not linked to FY2022 by any document" in chart.notes
    assert "Cisco: no USD revenue for FY2022 in data/, so no line" in chart.notes
    assert "Cisco" not in set(chart.table["label"])


def test_index_year_without_a_rate_is_named_as_such():
    chart = comp.indexed(companies(), "USD", ["cisco"], 2023, 2021, 2025, STEP[:"2025-03-31"])
    assert "FY2025" not in set(line(chart.table, "Nokia").index)
    assert not any("not linked" in note for note in chart.notes), chart.notes
    assert any("rate" in note and "FY2025" in note for note in chart.notes), chart.notes


# ---------------------------------------------------------------- growth

def test_growth_leaves_out_changes_measured_on_rounded_totals_and_names_them(growth):
    chart = growth
    ciena = line(chart.table, "Ciena")
    # 3.6 -> 3.6 -> 4.4 billion cannot tell 0% from 3%; FY2024 is measured in one report
    assert list(ciena.index) == ["FY2024"]
    assert ciena.loc["FY2024", "y"] == pytest.approx((4010 / 4387 - 1) * 100)
    assert ciena.loc["FY2024", "link"] == "ciena-2024"
    assert chart.notes == ["Ciena: FY2022-FY2023 left out: the documents print totals too "
                           "rounded to measure the change"]


def test_growth_across_nokias_perimeter_change_is_measured_on_the_new_perimeter(growth):
    chart = growth
    n = line(chart.table, "Nokia")
    assert n.loc["FY2024", "y"] == pytest.approx((19000 / 21000 - 1) * 100)   # not / 22,000
    assert (n.loc["FY2024", "link"], n.loc["FY2024", "perimeter"]) == ("20f-2024", "new")
    assert figdata.problems(chart.table) == []
    # the latest years differ (Ciena ends with FY2024), so the title names each one
    latest = {label: part.sort_values("x").iloc[-1] for label, part in
              chart.table.groupby("label")}
    ranked = sorted(latest.items(), key=lambda kv: -kv[1]["y"])
    assert chart.title == "Latest: " + ", ".join(f"{k} {r['y']:+.1f}% ({r['period']})"
                                                 for k, r in ranked)


def test_an_acquisition_year_is_named_in_the_title_and_the_finding():
    bought = pd.DataFrame({"entity": ["cisco"], "date": ["2024-03-18"], "title": ["Splunk"]})
    chart = comp.growth(companies(), ["cisco"], 2022, 2025, bought)
    change = (53800 / 57000 - 1) * 100
    assert chart.numbers["bought"] == [("Cisco", "FY2024", pytest.approx(change), "Splunk")]
    assert chart.title.endswith(f"; Cisco {change:+.0f}% in FY2024 with an acquisition")
    assert f"Cisco's FY2024 growth of {change:+.0f}% includes an acquisition (Splunk)." \
        in chart.finding


def test_an_acquisition_is_named_in_the_fiscal_year_it_fell_in():
    bought = pd.DataFrame({"entity": ["cisco"], "date": ["2024-09-10"], "title": ["Deal"]})
    chart = comp.growth(companies(), ["cisco"], 2022, 2025, bought)
    assert [b[:2] for b in chart.numbers["bought"]] == [("Cisco", "FY2025")]


@pytest.mark.parametrize("only, first, last", [
    (None, 2030, 2025),          # an inverted window
    ("nokia", 2024, 2025),       # a peer with no revenue in data/
])
def test_growth_with_a_company_that_has_no_change_in_the_window_gives_words(only, first, last):
    rows = companies()
    rows = rows if only is None else rows[rows["entity"] == only]
    chart = comp.growth(rows, ["cisco"], first, last)
    no_nan(chart.title, chart.finding, *chart.notes)
    assert chart.finding.endswith(".")
    assert set(chart.table["label"]) == (set() if only is None else {"Nokia"})


# ---------------------------------------------------------------- optical and year ends

def test_optical_title_ratio_is_the_tables_in_the_last_year_both_have():
    chart = comp.optical(optical_facts(), "USD", 2022, 2025, STEP,
                         acquisition=("Infinera", "2025-02-28"))
    t = chart.table
    at = t[t["period"] == "FY2024"].set_index("label")["y"]
    theirs, ours = at["Ciena Optical Networking"], at["Nokia Optical Networks"]
    assert ours == pytest.approx(1700 * 1.2)
    assert chart.title == (f"Before Infinera, Ciena's optical line sold {theirs / ours:.1f} "
                           "times as much as Nokia's in FY2024")
    assert "In FY2025, after Nokia bought Infinera, Ciena's line grew " \
           f"{(3220 / 2800 - 1) * 100:+.0f}% in USD" in chart.finding
    assert chart.notes == ["Nokia Optical Networks with Infinera: no annual figure in data/ "
                           "after FY2024"]


def test_optical_words_place_the_year_by_the_acquisitions_day():
    # no acquisition given: the title names the year alone
    plain = comp.optical(optical_facts(), "USD", 2022, 2025, STEP)
    assert plain.title.startswith("Ciena's optical line sold")
    assert "In FY2025, Ciena's line grew" in plain.finding
    # an acquisition completed before Nokia's FY2024 ended: that year is after it
    early = comp.optical(optical_facts(), "USD", 2022, 2025, STEP,
                         acquisition=("Infinera", "2024-06-30"))
    assert early.title.startswith("After Nokia bought Infinera, Ciena's optical line sold")


def test_optical_without_a_nokia_line_names_no_year_zero():
    chart = comp.optical(optical_facts(), "USD", 2030, 2025, STEP)
    assert "no fiscal year has an optical figure for both" in chart.title.lower()
    assert not any("FY0" in note for note in chart.notes), chart.notes


def test_year_ends_are_read_from_the_dates_of_53_week_years():
    rows = frame(peer("cisco", "FY2021", 49818, "k-2021", period_end="2021-07-31"),
                 peer("cisco", "FY2022", 51557, "k-2022", period_end="2022-07-30"),
                 peer("cisco", "FY2023", 56998, "k-2023", period_end="2023-07-29"),
                 nokia("FY2022", 24911, "20f-2022"))
    ends = comp.year_ends(rows, ["cisco"], 2021, 2023)
    assert ends.loc["Cisco", "fiscal year ends"] == "late July"
    assert (ends.loc["Cisco", "earliest end"], ends.loc["Cisco", "latest end"]) == \
        ("29 Jul", "31 Jul")
    assert ends.loc["Nokia", "fiscal year ends"] == "31 December"


@pytest.mark.parametrize("story", ["revenue", "indexed", "optical"])
def test_an_inverted_window_reads_as_a_sentence(story):
    chart = {"revenue": lambda: comp.revenue(companies(), "USD", ["ciena"], 2030, 2025, STEP),
             "indexed": lambda: comp.indexed(companies(), "USD", ["ciena"], 2022, 2030, 2025,
                                             STEP),
             "optical": lambda: comp.optical(optical_facts(), "USD", 2030, 2025, STEP)}[story]()
    assert chart.table.empty
    assert chart.title and chart.finding.endswith(".")
    no_nan(chart.title, chart.finding)


# ---------------------------------------------------------------- drawing

def test_growth_figure_draws_without_overlapping_text(growth):
    fig = comp.draw_growth(growth, data.Dataset())
    try:
        assert draw.overlaps(fig) == []
    finally:
        plt.close(fig)


def test_revenue_title_tells_the_overtaking_and_the_currency_moving_a_peak():
    """Hand-made: B passes A in FY2003 in dollars; A's own-currency peak (FY2002) moves to
    FY2003 once converted, because its currency gained more than its sales fell."""
    rows = pd.DataFrame({"x": [2001, 2002, 2003] * 2, "label": ["A"] * 3 + ["B"] * 3,
                         "y": [100, 120, 118, 50, 110, 130]})
    from helpers.competitors.revenue import overtaking, peak_moved

    assert overtaking(rows) == {"leader": "B", "other": "A", "year": 2003}
    printed = pd.DataFrame({"period": ["FY2002", "FY2003"], "amount": [100.0, 98.0],
                            "converted": [100.0, 107.8], "currency": "EUR"})
    moved = peak_moved(printed, "A", "USD")
    assert (moved["own"], moved["converted"]) == ("FY2002", "FY2003")
    assert moved["sales_change"] == pytest.approx(-2.0)
    assert moved["rate_change"] == pytest.approx(10.0)


def test_a_company_far_smaller_than_the_others_gets_its_own_scale():
    """On one scale a company a tenth the size of the largest lies flat on the axis: it is
    drawn in a panel of its own; companies of comparable size share one."""
    from helpers.competitors.revenue import _panels

    table = pd.DataFrame({"label": ["Big", "Big", "Mid", "Tiny"],
                          "y": [60000.0, 50000.0, 20000.0, 4000.0]})
    assert list(_panels(table)["panel"]) == ["large", "large", "large", "small"]
    same = table.assign(y=[60000.0, 50000.0, 20000.0, 15000.0])
    assert set(_panels(same)["panel"]) == {"large"}
