"""Notebook 50's explorer view on small hand-made fact tables and hand-made exchange rates.

What a reader relies on: without a base year each company is drawn as printed, converted,
breaking where what its total covers changes; with one, each company is 100 at the base year
and chained through the change by the document that links it; a company in another unit, or
a period without a rate, is left out and said; the title quotes the table's latest values.
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers import data, draw, explore, figdata
from tests.facts import fact, frame

RATES = pd.Series(1.25, index=pd.date_range("2015-01-01", "2025-12-31"))   # USD per EUR


def no_nan(*texts: str) -> None:
    for text in texts:
        assert not re.search(r"\bnan\b|<NA>|None", text), text


def nokia(period, value, source, perimeter="old", basis="as_reported", label="", **kw):
    return fact(entity="nokia", period=period, value=value, source=source, perimeter=perimeter,
                basis=basis, perimeter_label=label, **kw)


def ciena(period, value, source, unit="USD million", **kw):
    return fact(entity="ciena", period=period, value=value, unit=unit, source=source,
                perimeter="ciena", **kw)


def facts() -> pd.DataFrame:
    """Nokia's total leaves a business out from FY2024 (its FY2024 report prints FY2023 on
    the new perimeter); Ciena prints dollars; both have a few quarters and a head count."""
    new = "without Submarine"
    return frame(
        nokia("FY2021", 22000, "20f-2021"),
        nokia("FY2022", 24000, "20f-2022"),
        nokia("FY2023", 22000, "20f-2023"),
        nokia("FY2023", 21000, "20f-2024", "new", "restated", new),
        nokia("FY2024", 19000, "20f-2024", "new", label=new),
        nokia("FY2025", 19950, "20f-2025", "new", label=new),
        ciena("FY2021", 3600, "c-2021"),
        ciena("FY2022", 3630, "c-2022"),
        ciena("FY2023", 4390, "c-2023"),
        ciena("FY2024", 4010, "c-2024"),
        ciena("FY2025", 4770, "c-2025"),
        nokia("2024Q1", 4500, "q1-24"),
        nokia("2024Q2", 4700, "q2-24"),
        nokia("2024Q3", 4300, "q3-24"),
        ciena("2024Q1", 1000, "cq1-24"),
        ciena("2024Q2", 1100, "cq2-24"),
        nokia("FY2024", 78000, "20f-2024", metric="employees", unit="employees"),
        nokia("FY2025", 76000, "20f-2025", metric="employees", unit="employees"),
        ciena("FY2024", 8.5, "c-2024", unit="thousand employees", metric="employees"),
        ciena("FY2025", 8.6, "c-2025", unit="thousand employees", metric="employees"),
        fact(metric="market_share", period="FY2008", value=38.6, unit="percent",
             basis="estimate", source="g-2008", measurer="Gartner", perimeter="gartner"),
        fact(metric="market_share", period="FY2009", value=36.4, unit="percent",
             basis="estimate", source="g-2009", measurer="Gartner", perimeter="gartner"),
        fact(metric="market_share", period="FY2009", value=38.0, unit="percent",
             basis="estimate", source="idc-2009", measurer="IDC", perimeter="idc"),
    )


def view(*, entities=("nokia", "ciena"), metric="net_sales", currency="EUR", base_year=0,
         freq="annual", rates=RATES, segment="total"):
    return explore.view(facts(), list(entities), segment, metric, currency, base_year, freq,
                        rates)


def line(table: pd.DataFrame, label: str) -> pd.DataFrame:
    return table[table["label"] == label].set_index("period")


@pytest.fixture(scope="module")
def printed():
    return view()


@pytest.fixture(scope="module")
def indexed():
    return view(currency="USD", base_year=2022)


def test_without_a_base_year_each_company_is_as_printed_and_breaks_where_its_total_changes(
        printed):
    chart = printed
    t = chart.table
    assert figdata.problems(t) == []
    assert set(t["unit"]) == {"EUR million"}
    n = line(t, "Nokia")
    assert n.loc["FY2023", "y"] == 22000                  # first printed, not the recast
    assert n.loc["FY2023", "line"] != n.loc["FY2024", "line"]
    assert set(n["basis"]) == {"as_reported"}
    assert line(t, "Ciena").loc["FY2025", "y"] == pytest.approx(4770 / 1.25)
    assert "as printed (first published, else the earliest recast)" in chart.subtitle


def test_with_a_base_year_each_company_is_100_there_and_chained_through_the_change(indexed):
    chart = indexed
    t = chart.table
    assert figdata.problems(t) == []
    assert set(t["unit"]) == {"index, FY2022 = 100 (USD)"}
    assert set(t["basis"]) == {"chained"}
    for label in ("Nokia", "Ciena"):
        assert line(t, label).loc["FY2022", "y"] == pytest.approx(100)
    n = line(t, "Nokia")
    assert n["line"].nunique() == 1
    assert n.loc["FY2024", "link"] == "20f-2024"            # 21,000 -> 19,000 in one report
    assert n.loc["FY2025", "y"] == pytest.approx(100 * 22000 / 24000 * 19000 / 21000
                                                 * 19950 / 19000)
    assert line(t, "Ciena").loc["FY2025", "y"] == pytest.approx(100 * 4770 / 3630)
    assert "same perimeter, chained" in chart.subtitle
    # the reader's table under the chart names the document of each link
    shown = figdata.reader_table(t)
    shown = shown[shown["series"] == "Nokia"]
    assert shown.loc["FY2024", "linked by"] == "20f-2024"
    assert shown.loc["FY2024", "basis"] == "same perimeter, chained"


def test_a_base_year_outside_the_data_gives_no_line_and_says_why():
    chart = view(base_year=2019)
    assert chart.table.empty
    assert chart.notes == ["Nokia: no FY2019 value, so no index line",
                           "Ciena: no FY2019 value, so no index line"]
    assert chart.title == "Net sales, group total: nothing to draw for Nokia and Ciena"
    assert explore.summary(chart) == "nothing to show for these choices"


def test_a_company_in_another_unit_is_left_out_and_noted():
    chart = view(metric="employees")
    assert set(chart.table["label"]) == {"Nokia"}
    assert chart.notes == ["Ciena: in thousand employees, not employees; not drawn"]
    assert "Nokia 76,000 (FY2025)" in chart.title


def test_a_period_without_a_rate_is_left_out_and_named():
    chart = view(currency="USD", freq="quarter", rates=RATES[:"2024-08-31"])
    n = line(chart.table, "Nokia")
    assert list(n.index) == ["2024Q1", "2024Q2"]
    assert n.loc["2024Q2", "y"] == pytest.approx(4700 * 1.25)
    assert chart.notes == ["Nokia: no rate for Q3 2024"]
    assert "averaged over the days of each quarter" in chart.subtitle


def test_an_index_year_without_a_rate_is_named():
    chart = view(base_year=2022, rates=RATES[:"2024-06-30"])
    assert list(line(chart.table, "Ciena").index) == ["FY2021", "FY2022", "FY2023"]
    assert any("Ciena" in note and "FY2024" in note for note in chart.notes), chart.notes


def test_market_share_is_one_series_per_measurer():
    t = view(entities=["nokia"], metric="market_share").table
    assert set(t["label"]) == {"Nokia, Gartner", "Nokia, IDC"}
    assert set(t["unit"]) == {"percent"}
    assert line(t, "Nokia, Gartner")["line"].nunique() == 1


def test_title_quotes_each_companys_latest_value_from_the_table(printed, indexed):
    for chart in (printed, indexed):
        latest = {label: part.sort_values("x").iloc[-1] for label, part in
                  chart.table.groupby("label", sort=False)}
        shared = {row["x_label"] for row in latest.values()}
        for label, row in latest.items():
            shown = f"{row['y']:.0f}" if chart.numbers["unit"].startswith("index") \
                else f"{row['y']:,.0f}"
            # one period for every line: named once and the lines ranked; else each its own
            ranked = len(shared) == 1 and len(latest) > 1
            top = max(latest, key=lambda k: latest[k]["y"])
            quoted = (f"{label} highest at {shown}" if label == top else f"{label} {shown}") \
                if ranked else f"{label} {shown} ({row['x_label']})"
            assert quoted in chart.title
        if len(shared) == 1 and len(latest) > 1:
            assert f"in {shared.pop()}" in chart.title
        assert len(chart.title) <= 110
        no_nan(chart.title, chart.finding)


def test_nothing_to_draw_reads_as_a_sentence():
    cisco = view(entities=["cisco"])
    for chart in (view(entities=[]), view(segment="mobile_networks"), cisco):
        assert chart.table.empty
        assert "nothing to draw for" in chart.title
        assert chart.finding.endswith(".")
        no_nan(chart.title, chart.finding, chart.subtitle, *chart.notes)
    assert cisco.notes == ["Cisco: no annual net sales in data/"]


def test_summary_counts_the_points_sources_and_drawn_lines(printed):
    # ten yearly reports and the ECB's rates; Nokia's line is drawn in two pieces
    assert explore.summary(printed) == ("10 points from 11 sources; Nokia: 5 periods; "
                                        "Ciena: 5 periods; 3 separately drawn lines")


# ---------------------------------------------------------------- drawing

def test_the_default_view_draws_without_overlapping_text(printed):
    fig = explore.draw_view(printed, data.Dataset())
    try:
        ax = fig.axes[0]
        assert ax.get_ylabel() == "EUR million"
        ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
        assert ticks and all(t.startswith("FY") for t in ticks)
        assert draw.overlaps(fig) == []
    finally:
        plt.close(fig)
