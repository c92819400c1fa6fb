"""The explorer's figure table on the real facts: lines, breaks, indexing, conversion,
sources, and every segment x metric the data hold."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import matplotlib.pyplot as plt
import pytest

from helpers import data, explore, figdata, series

F = series.facts()
DS = data.load()
COMPANIES = ["nokia", "ciena", "cisco"]


def line_of(table, label, period):
    row = table[(table["label"] == label) & (table["period"] == period)]
    return row["line"].iloc[0] if len(row) else None


def test_default_view_does_not_draw_the_fall_that_never_happened():
    chart = explore.view(F, COMPANIES, "total", "net_sales", "EUR", 0, "annual")
    table = chart.table
    assert figdata.problems(table) == []
    nokia = table[table["label"] == "Nokia group total"].set_index("period")
    assert nokia.loc["FY2011", "basis"] == "as_reported"
    assert nokia.loc["FY2012", "basis"] == "restated"
    # 38,659 with phones and 15,400 without them are two lines, and the change is marked
    assert line_of(table, "Nokia group total", "FY2011") != \
        line_of(table, "Nokia group total", "FY2012")
    found = figdata.breaks(table)
    change = found[(found["label"] == "Nokia group total") & (found["kind"] == "perimeter")]
    assert ((change["x"] > 2011) & (change["x"] < 2012)).any()
    assert "changes perimeter" in chart.subtitle


def test_title_is_computed_from_the_table():
    chart = explore.view(F, COMPANIES, "total", "net_sales", "EUR", 0, "annual")
    for label, part in chart.table.groupby("label"):
        last = part.sort_values("x").iloc[-1]
        assert f"{label} {last['y']:,.0f} in {last['x_label']}" in chart.title
    text = explore.describe(chart)
    assert f"{chart.table['line'].nunique()} separate line(s)" in text


def test_fiscal_years_are_plotted_as_fiscal_years_with_their_ends():
    chart = explore.view(F, ["nokia", "cisco"], "total", "net_sales", "USD", 0, "annual")
    table = chart.table
    assert (table["x"] == table["period"].str[2:].astype(int)).all()
    assert "Cisco late July" in chart.subtitle and "Nokia 31 December" in chart.subtitle
    fig = explore.draw(chart, DS)
    fig.canvas.draw()
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert ticks and all(t.startswith("FY") for t in ticks)
    plt.close(fig)


def test_base_year_indexes_every_company_to_100_within_its_perimeter():
    chart = explore.view(F, ["nokia", "cisco"], "total", "net_sales", "USD", 2017, "annual")
    table = chart.table
    at = table[table["x"] == 2017]
    assert at["y"].round(6).tolist() == [100.0, 100.0]
    assert set(table["unit"]) == {"index, FY2017 = 100, in USD"}
    for label, part in table.groupby("label"):
        assert part["perimeter"].nunique() == 1, label
    assert any("in another perimeter than FY2017" in n for n in chart.notes)


def _rates_without(*years):
    from helpers import fx

    daily = fx.ecb_daily()
    return daily[~daily.index.year.isin(years)]


def test_a_base_year_without_a_value_leaves_the_line_out_and_says_so():
    chart = explore.view(F, ["nokia", "ciena"], "total", "net_sales", "EUR", 2017, "annual",
                         rates=_rates_without(2016, 2017))
    assert set(chart.table["label"]) == {"Nokia group total"}
    assert any("Ciena group total: no EUR value for FY2017" in n for n in chart.notes)


def test_currency_choice_changes_nokia_and_names_the_rate_tables():
    eur = explore.view(F, ["nokia"], "total", "net_sales", "EUR", 0, "annual").table
    usd = explore.view(F, ["nokia"], "total", "net_sales", "USD", 0, "annual").table
    both = eur.merge(usd, on="period", suffixes=("_eur", "_usd"))
    recent = both[both["period"].str[2:].astype(int) >= 2003]  # a euro bought > 1 dollar
    assert len(recent) > 5 and (recent["y_usd"] > recent["y_eur"]).all()
    assert usd["source_id"].str.contains("ecb-eurofxref-hist").all()
    assert not eur["source_id"].str.contains("ecb-eurofxref-hist").any()


def test_periods_without_a_rate_are_left_out_and_listed():
    chart = explore.view(F, ["nokia"], "total", "net_sales", "USD", 0, "annual",
                         rates=_rates_without(2008, 2009, 2010, 2011))
    assert not set(chart.table["period"]) & {"FY2008", "FY2009", "FY2010", "FY2011"}
    assert any("no rate for" in n and "FY2008-FY2011" in n for n in chart.notes)
    assert figdata.problems(chart.table) == []


def test_every_point_names_its_source():
    chart = explore.view(F, ["ciena"], "total", "net_sales", "USD", 0, "annual")
    assert len(chart.table) > 10
    assert chart.table["source_id"].str.len().gt(0).all()
    assert chart.table["locator"].str.len().gt(0).all()
    shown = explore.table_view(chart)
    assert {"source_id", "locator", "entity", "basis"} <= set(shown.columns)


def test_quarters_sit_at_their_middle_and_are_not_indexed():
    chart = explore.view(F, ["nokia"], "total", "net_sales", "EUR", 2017, "quarter")
    table = chart.table
    assert figdata.problems(table) == []
    q3 = table[table["period"] == "2025Q3"]
    assert q3["x"].iloc[0] == pytest.approx(2025.625) and q3["x_label"].iloc[0] == "Q3 2025"
    assert not table["unit"].str.startswith("index").any()
    assert any("not indexed" in n for n in chart.notes)


def test_market_shares_are_one_series_per_measurer():
    chart = explore.view(F, ["nokia"], "total", "market_share", "EUR", 0, "annual")
    assert chart.table["label"].str.contains("measured by").all()
    assert figdata.problems(chart.table) == []


def test_nothing_to_show_is_a_sentence():
    chart = explore.view(F, ["ciena"], "devices_and_services", "devices_shipped", "USD", 0,
                         "quarter")
    assert chart.table.empty and "nothing to draw for Ciena. Ciena: no quarter" in chart.title
    fig = explore.draw(chart, DS)
    plt.close(fig)


def combinations():
    companies = F[F["entity"].isin(COMPANIES)]
    return sorted(set(zip(companies["segment"], companies["metric"], strict=True)))


def test_every_segment_and_metric_in_the_data_gives_an_honest_view():
    """view() for every segment x metric x frequency x currency; draw() for a sample."""
    cases = list(itertools.product(combinations(), ["annual", "quarter"], ["EUR", "USD"]))
    assert len(cases) > 100
    rates = explore.competitors.rates_of(F)
    for i, ((segment, metric), freq, currency) in enumerate(cases):
        base = 2017 if i % 5 == 0 else 0
        chart = explore.view(F, COMPANIES, segment, metric, currency, base, freq, rates)
        assert figdata.problems(chart.table) == [], (segment, metric, freq, currency)
        assert "nan" not in chart.title.lower(), (segment, metric, freq, currency)
        if i % 23 == 0:
            plt.close(explore.draw(chart, DS))


def test_the_widget_redraws_on_a_change():
    pytest.importorskip("ipywidgets")
    nb = SimpleNamespace(facts=F, ds=DS)
    explorer = explore.Explorer(nb, ["nokia"], "total", "net_sales", "EUR", 0, "annual")
    before = explorer.current().table["y"].tolist()
    explorer.currency.value = "USD"
    after = explorer.current().table
    assert after["unit"].iloc[0] == "USD million" and after["y"].tolist() != before
