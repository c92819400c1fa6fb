"""Nokia against Ciena and Cisco: the figure tables on the real data and on small frames.

What a reader of notebook 30 relies on: fiscal years are plotted as fiscal years, no line
joins two perimeters, two bases or a missing year, titles quote the table, every parameter
value gives a chart (or a sentence saying why not), and conversions that need a missing
rate leave the point out and say so.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers import competitors as comp
from helpers import data, figdata, fx, notebook, series
from tests.conftest import FACTS_HEADER, SOURCES, write_data

F = series.facts()
DS = data.load()
LATEST = notebook.latest_year(F)


def rates_without(*years: int) -> pd.Series:
    """The ECB's daily rates with whole calendar years taken out (a publisher's gap)."""
    daily = fx.ecb_daily()
    return daily[~daily.index.year.isin(years)]


def joined(table: pd.DataFrame, label: str, a: str, b: str) -> bool:
    """Whether the points of ``label`` for periods ``a`` and ``b`` share a drawn line."""
    part = table[table["label"] == label].set_index("period")
    return a in part.index and b in part.index and part.loc[a, "line"] == part.loc[b, "line"]


# ---------------------------------------------------------------- fiscal years and their ends

@pytest.mark.parametrize("dates, words", [
    (["2007-12-31", "2008-12-31"], "31 December"),
    (["2020-07-25", "2021-07-31", "2019-07-27"], "late July"),
    (["2023-10-28", "2024-11-02", "2022-10-29"], "late October to early November"),
    (["2019-12-28", "2021-01-02"], "late December to early January"),
])
def test_year_end_words_come_from_the_dates(dates, words):
    assert comp.year_end_words(pd.to_datetime(dates)) == words


def test_year_ends_table_reads_each_companys_calendar():
    ends = comp.year_ends(F, ["ciena", "cisco"], 2000, LATEST)
    assert ends.loc["Nokia", "fiscal year ends"] == "31 December"
    assert ends.loc["Ciena", "fiscal year ends"] == "late October to early November"
    assert ends.loc["Cisco", "fiscal year ends"] == "late July"


def test_every_company_is_plotted_at_its_fiscal_year_number():
    chart = comp.revenue(F, "USD", ["ciena", "cisco"], 2000, LATEST)
    table = chart.table
    assert (table["x"] == table["period"].str[2:].astype(int)).all()
    assert (table["x_label"] == table["period"]).all()
    # Cisco's FY2007 ended in July 2007, Nokia's in December: same x all the same
    at = table[table["period"] == "FY2007"].set_index("label")
    assert at.loc["Cisco", "x"] == at.loc["Nokia", "x"] == 2007
    assert at.loc["Cisco", "period_end"] < at.loc["Nokia", "period_end"]


def test_legend_names_each_fiscal_year_end():
    chart = comp.revenue(F, "USD", ["ciena", "cisco"], 2000, LATEST)
    labels = comp.year_end_labels(chart.table)
    assert labels["Cisco"] == "Cisco (FY ends late July)"
    assert labels["Nokia"] == "Nokia (FY ends 31 December)"


# ---------------------------------------------------------------- revenue

def test_revenue_never_joins_nokias_phones_to_the_recast_without_them():
    chart = comp.revenue(F, "EUR", ["ciena", "cisco"], 2000, LATEST)
    assert figdata.problems(chart.table) == []
    assert not joined(chart.table, "Nokia", "FY2011", "FY2012")
    changes = comp.perimeter_changes(chart.table)
    assert any(c["label"] == "Nokia" and c["after"] == "FY2012" for c in changes)
    assert "Nokia changes perimeter" in chart.subtitle


def test_revenue_title_names_the_latest_common_year_of_the_table():
    chart = comp.revenue(F, "USD", ["ciena", "cisco"], 2000, LATEST)
    per_year = chart.table.groupby("x")["label"].nunique()
    common = int(per_year[per_year == 3].index.max())
    assert f"in FY{common}, the latest fiscal year all three have in USD" in chart.title
    at = chart.table[chart.table["x"] == common].set_index("label")["y"]
    assert f"{at['Cisco'] / at['Nokia']:.1f} times Nokia's" in chart.title


def test_missing_rates_leave_points_out_and_are_listed():
    chart = comp.revenue(F, "USD", ["ciena", "cisco"], 2000, LATEST,
                         rates_without(2008, 2009, 2010, 2011))
    nokia = chart.table[chart.table["label"] == "Nokia"]
    assert not set(nokia["period"]) & {"FY2008", "FY2009", "FY2010", "FY2011"}
    assert "Nokia: no rate for" in chart.subtitle and "FY2008-FY2011" in chart.subtitle
    assert "ECB euro reference rates" in chart.subtitle
    assert "averaged over the days of each fiscal year" in chart.subtitle


def test_with_the_full_ecb_history_every_nokia_year_converts():
    chart = comp.revenue(F, "USD", ["ciena", "cisco"], 2000, LATEST)
    nokia = chart.table[chart.table["label"] == "Nokia"]
    assert {"FY2008", "FY2009", "FY2010", "FY2011", "FY2024", "FY2025"} <= set(nokia["period"])
    assert "no rate for" not in chart.subtitle


def test_sources_name_company_documents_and_rate_tables():
    chart = comp.revenue(F, "USD", ["ciena", "cisco"], 2000, LATEST)
    kinds = {DS.sources[s]["kind"] for s in chart.sources()}
    assert "rate_table" in kinds and len(kinds) > 1
    converted = chart.table[chart.table["label"] == "Nokia"]
    assert converted["source_id"].str.contains(fx.ECB_SOURCE_ID).all()
    native = chart.table[chart.table["label"] == "Cisco"]
    assert not native["source_id"].str.contains(fx.ECB_SOURCE_ID).any()


def test_converted_values_use_the_fiscal_year_rate():
    chart = comp.revenue(F, "EUR", ["cisco"], 2000, LATEST)
    row = chart.table[(chart.table["label"] == "Cisco")].iloc[-1]
    assert row["own_currency"] == "USD"
    assert row["y"] == pytest.approx(row["own"] / row["rate"])


# ---------------------------------------------------------------- indexed

def test_index_is_100_in_the_base_year_and_stays_in_its_perimeter():
    chart = comp.indexed(F, "USD", ["ciena", "cisco"], 2017, 2000, LATEST)
    table = chart.table
    assert figdata.problems(table) == []
    at = table[table["x"] == 2017].set_index("label")["y"]
    assert at.round(6).tolist() == [100.0, 100.0, 100.0]
    for label, part in table.groupby("label"):
        assert part["perimeter"].nunique() == 1, label
    nokia = table[table["label"] == "Nokia"]
    assert nokia["x"].min() > 2011  # the group with its phones is not indexed to FY2017
    assert "in another perimeter than FY2017" in chart.subtitle
    # each index point names the base year's document as well as its own
    for label, part in table.groupby("label"):
        base_ids = set(part.loc[part["x"] == 2017, "source_id"].iloc[0].split(";"))
        assert all(base_ids <= set(ids.split(";")) for ids in part["source_id"]), label


def test_index_uses_the_recast_of_the_base_years_perimeter():
    chart = comp.indexed(F, "EUR", [], 2012, 2000, LATEST)
    nokia = chart.table[chart.table["label"] == "Nokia"]
    assert set(nokia["perimeter"]) == {"without_devices"}
    assert {2009, 2010, 2011, 2012, 2013} <= set(nokia["x"])
    # FY2011 is indexed on the recast without devices, not the 38,659 first published
    assert nokia.set_index("x").loc[2011, "y"] == pytest.approx(15968 / 15400 * 100)


def test_a_company_without_a_base_year_value_gets_a_sentence_not_an_error():
    # Ciena's and Cisco's FY2017 straddle 2016 and 2017, which these rates leave out
    chart = comp.indexed(F, "EUR", ["ciena", "cisco"], 2017, 2000, LATEST,
                         rates_without(2016, 2017))
    assert set(chart.table["label"]) == {"Nokia"}
    assert "no point indexed to FY2017 in EUR for Ciena and Cisco" in chart.title
    assert any("Ciena: no EUR value for FY2017" in n for n in chart.notes)
    text = comp.describe_indexed(chart)
    assert "no index line" in text and "nan" not in text


def test_index_table_is_fiscal_year_by_company():
    chart = comp.indexed(F, "EUR", ["ciena", "cisco"], 2018, 2000, LATEST)
    table = comp.index_table(chart)
    assert table.loc[2018].tolist() == [100.0, 100.0, 100.0]
    assert list(table.columns) == ["Nokia", "Ciena", "Cisco"]


# ---------------------------------------------------------------- growth

def test_growth_compares_like_with_like():
    g = comp.like_for_like_growth(F, "nokia").set_index("fiscal year")
    # FY2012 only exists recast without devices; the recasting report prints FY2011 too
    assert g.loc[2012, "growth %"] == pytest.approx(-3.6)
    assert g.loc[2012, "compared"] == "same document"
    assert 2014 not in g.index  # FY2013 is not printed without HERE next to FY2014


def test_growth_chart_lines_and_title_come_from_the_table():
    chart = comp.growth(F, ["ciena", "cisco"], 2000, LATEST)
    table = chart.table
    assert figdata.problems(table) == []
    assert "same cycles" not in chart.title
    for label, part in table.groupby("label"):
        last = part.sort_values("x").iloc[-1]
        assert f"{label} {last['y']:+.1f}% ({last['x_label']})" in chart.title
    assert not joined(table, "Nokia", "FY2011", "FY2012")
    worst = table.loc[table["y"].idxmin()]
    assert f"{worst['label']}'s {worst['y']:+.1f}% in {worst['x_label']}" in \
        comp.describe_growth(chart)


def test_growth_finds_a_later_document_that_prints_both_years(project):
    sources = SOURCES + ("nokia-q4-2008,Q4 2008,Nokia Corporation,2009-01-20,,press_release\n"
                         "nokia-ar-2009,Nokia in 2009,Nokia Corporation,2010-03-01,,"
                         "annual_report\n")
    rows = FACTS_HEADER + """\
nokia,total,net_sales,FY2008,2008-12-31,50710,EUR million,as_reported,nokia-q4-2008,p,
nokia,total,net_sales,FY2009,2009-12-31,40984,EUR million,as_reported,nokia-ar-2007,p,
nokia,total,net_sales,FY2009,2009-12-31,40984,EUR million,restated,nokia-ar-2009,p,comparative
nokia,total,net_sales,FY2008,2008-12-31,50000,EUR million,restated,nokia-ar-2009,p,recast
"""
    write_data(project, rows, sources)
    facts = series.facts(data.load(project / "data"))
    g = comp.like_for_like_growth(facts, "nokia").set_index("fiscal year")
    # the first publication of FY2009 has no FY2008 beside it; the 2009 report prints the
    # same FY2009 value and its own FY2008, which was recast: compare within that report
    assert g.loc[2009, "compared"] == "same document"
    assert g.loc[2009, "growth %"] == pytest.approx(round((40984 / 50000 - 1) * 100, 1))


# ---------------------------------------------------------------- optical

def test_optical_compares_ciena_optical_line_not_the_whole_segment():
    chart = comp.optical(F, "USD", 2000, LATEST, perimeters=DS.perimeters)
    assert set(chart.table["segment"]) == {"optical_networks", "optical_networking"}
    assert figdata.problems(chart.table) == []
    year = comp.common_year(chart.table, ["Nokia Optical Networks", "Ciena Optical Networking"])
    assert f"in FY{year}, the latest fiscal year both have in USD" in chart.title
    scope = chart.table[(chart.table["x"] == year)
                        & (chart.table["label"] == "Nokia Optical Networks")]
    assert scope["perimeter_label"].iloc[0] in chart.title
    assert "Networking Platforms segment without routing and switching" in chart.subtitle


def test_optical_marks_infinera_and_says_when_nokias_figure_includes_it():
    row = F[(F["entity"] == "nokia") & (F["segment"] == "optical_networks")
            & (F["period"] == "FY2024")].iloc[[0]].copy()
    row[["period", "year", "value", "amount", "perimeter", "perimeter_label"]] = [
        "FY2025", 2025, 2500.0, 2500.0, "optical_with_infinera", "Optical Networks with Infinera"]
    row["period_end"] = pd.Timestamp("2025-12-31")
    facts = pd.concat([F, row], ignore_index=True)
    rates = pd.Series(1.1, index=pd.date_range("1999-01-04", f"{LATEST + 1}-12-31"))
    chart = comp.optical(facts, "EUR", 2000, LATEST, rates=rates, perimeters=DS.perimeters)
    found = figdata.breaks(chart.table)
    assert (found["kind"] == "perimeter").any()
    assert not joined(chart.table, "Nokia Optical Networks", "FY2024", "FY2025")
    assert "Nokia's Optical Networks with Infinera in FY2025" in chart.title


# ---------------------------------------------------------------- every parameter value

def charts_for(currency, peers, base_year, first, last):
    return [comp.revenue(F, currency, peers, first, last),
            comp.indexed(F, currency, peers, base_year, first, last),
            comp.growth(F, peers, first, last),
            comp.optical(F, currency, first, last, perimeters=DS.perimeters)]


def assert_honest(chart):
    assert figdata.problems(chart.table) == [], chart.name
    assert chart.title and "nan" not in chart.title.lower(), chart.name
    describe = getattr(comp, f"describe_{chart.name}")
    for text in (chart.subtitle, describe(chart)):
        assert "nan" not in text.replace("Infinera", ""), chart.name


WINDOWS = [("USD", ["ciena", "cisco"], 2000, 0), ("EUR", ["ciena", "cisco"], 2000, 0),
           ("USD", ["ciena"], 2000, 0), ("USD", ["cisco"], 2000, 0), ("EUR", [], 2000, 0),
           ("USD", ["ciena", "cisco"], LATEST, 0), ("USD", ["ciena", "cisco"], 2000, 2000),
           ("EUR", ["ciena", "cisco"], LATEST, 2000)]


@pytest.mark.parametrize("currency, peers, first, last", WINDOWS)
def test_every_peer_and_year_window_gives_honest_charts(currency, peers, first, last):
    for chart in charts_for(currency, peers, 2017, first, last):
        assert_honest(chart)


@pytest.mark.parametrize("currency", ["USD", "EUR"])
@pytest.mark.parametrize("base_year", [2000, 2008, 2012, 2017, LATEST])
def test_every_base_year_gives_an_honest_index(currency, base_year):
    chart = comp.indexed(F, currency, ["ciena", "cisco"], base_year, 2000, LATEST)
    assert_honest(chart)
    drawn = set(chart.table["label"])
    for name in ("Nokia", "Ciena", "Cisco"):
        # a company is either drawn or named in a note saying why not
        assert name in drawn or any(n.startswith(f"{name}:") and "no index line" in n
                                    for n in chart.notes), (name, base_year, currency)


def test_a_base_year_nobody_has_says_so():
    chart = comp.indexed(F, "USD", ["ciena", "cisco"], 2000, 2000, LATEST)
    assert "Ciena" not in set(chart.table["label"])
    assert any("Ciena: no revenue figure for FY2000" in n for n in chart.notes)


def test_an_empty_window_draws_a_sentence():
    chart = comp.revenue(F, "USD", ["ciena", "cisco"], LATEST, 2000)
    assert chart.table.empty and chart.title.startswith("No revenue")
    fig = comp.draw_revenue(chart, DS)
    plt.close(fig)


@pytest.mark.parametrize("currency", ["USD", "EUR"])
def test_draw_functions_run(currency):
    for chart in charts_for(currency, ["ciena", "cisco"], 2017, 2000, 0):
        draw = getattr(comp, f"draw_{chart.name}")
        fig = draw(chart, DS)
        fig.canvas.draw()
        labels = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
        assert labels and all(t.startswith("FY") for t in labels), chart.name
        plt.close(fig)
