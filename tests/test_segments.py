"""Notebook 20's charts: what each table holds and what its title may say.

The real data answer "does the chart keep perimeters and bases apart"; small synthetic
frames answer "does the title follow the numbers" (a sentence that would be false for other
numbers must change with them) and "does an edge value give a sentence, not a traceback".
"""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpers import charts, data, figdata, metrics, notebook, series  # noqa: E402
from helpers import segments as seg  # noqa: E402

DS = data.load()
F = series.facts(DS)
LATEST = notebook.latest_year(F)
SEGMENTS = ["mobile_networks", "network_infrastructure", "cloud_and_network_services"]
UNITS = ["ip_networks", "optical_networks", "fixed_networks", "submarine_networks"]


def events(chart: str) -> pd.DataFrame:
    wanted = [r["event_id"] for r in DS.annotations if r["chart"] == chart]
    frame = data.table_frame(DS.events, ("event_id", "date", "entity", "title",
                                         "description", "source_id", "locator"))
    frame["date"] = pd.to_datetime(frame["date"])
    return frame[frame["event_id"].isin(wanted)]


# ---------------------------------------------------------------- synthetic facts

def fact(segment, metric, period, value, basis="as_reported", source="doc-a",
         perimeter=None, perimeter_label="", published="2026-01-01", unit=None):
    quarter = "Q" in period
    year = int(period[2:6]) if period.startswith("FY") else int(period[:4])
    q = int(period[-1]) if quarter else None
    end = (pd.Timestamp(year=year, month=3 * q, day=1) + pd.offsets.MonthEnd(0)
           if quarter else pd.Timestamp(year=year, month=12, day=31))
    unit = unit or ("percent" if metric.startswith("net_sales_growth") else "EUR million")
    return {"entity": "nokia", "segment": segment, "metric": metric, "period": period,
            "period_end": end, "value": float(value), "unit": unit,
            "basis": basis, "source_id": source, "locator": "p. 1", "note": "",
            "freq": "quarter" if quarter else "annual", "year": year, "quarter": q,
            "currency": "EUR" if unit.startswith("EUR") else None,
            "amount": float(value), "published": published, "measurer": None,
            "perimeter": perimeter or segment, "perimeter_label": perimeter_label}


def frame(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def growth_rows(segment, values: dict[str, float], metric="net_sales_growth"):
    return [fact(segment, metric, p, v, source=f"q-{p}") for p, v in values.items()]


# ---------------------------------------------------------------- segment net sales

@pytest.fixture(scope="module")
def sales():
    return seg.segment_net_sales(F, SEGMENTS, UNITS, 2019, LATEST)


def test_sales_table_joins_nothing_it_should_not(sales):
    assert figdata.problems(sales.table) == []
    for _, part in sales.table.groupby("line"):
        assert part["perimeter"].nunique() == 1 and part["basis"].nunique() == 1


def test_a_year_given_in_two_perimeters_is_drawn_in_both(sales):
    t = sales.table
    both = t.groupby(["segment", "period"])["perimeter"].nunique()
    doubled = both[both > 1]
    # data/ holds Mobile Networks FY2024 as first published and recast into 2025 structure
    assert ("mobile_networks", "FY2024") in doubled.index
    rows = t[(t["segment"] == "mobile_networks") & (t["period"] == "FY2024")]
    assert rows["label"].nunique() == 2
    assert set(rows["label"]) == set(rows["perimeter_label"])


def test_structure_change_comes_from_the_perimeter_column(sales):
    changes = figdata.breaks(sales.extra["main"])
    ni = changes[(changes["label"] == "Network Infrastructure")
                 & (changes["kind"] == "perimeter")]
    assert len(ni) == 1 and ni["x"].iloc[0] == 2021.5
    assert "without Submarine" in ni["after"].iloc[0]
    assert any("Network Infrastructure from FY2022" in n for n in sales.notes)


def test_cagr_is_computed_within_one_drawn_line(sales):
    cagr = sales.extra["cagr"]
    assert not cagr.empty
    for _, row in cagr.iterrows():
        line = sales.table[sales.table["line"] == row["line"]].sort_values("x")
        assert line["perimeter"].nunique() == 1 and line["basis"].nunique() == 1
        assert (row["from"], row["to"]) == (line["x"].iloc[0], line["x"].iloc[-1])
        expected = metrics.cagr(line["y"].iloc[0], line["y"].iloc[-1],
                                row["to"] - row["from"])
        assert row["CAGR %"] == pytest.approx(round(expected, 1))


def test_sales_title_names_the_fastest_line_and_its_span(sales):
    best = sales.extra["cagr"].iloc[0]
    assert best["label"] in sales.title
    assert f"FY{best['from']}-FY{best['to']}" in sales.title
    assert f"{best['CAGR %']:+.1f}%" in sales.title
    assert "sold in 2024" not in seg.describe_segment_net_sales(sales)


def test_a_segment_ending_early_is_said_from_the_data(sales):
    text = seg.describe_segment_net_sales(sales)
    last = int(sales.table.loc[sales.table["segment"] == "submarine_networks", "x"].max())
    assert f"no value after FY{last} for Submarine Networks" in text


def test_cagr_never_spans_two_perimeters_on_synthetic_data():
    facts = frame(
        fact("network_infrastructure", "net_sales", "FY2020", 100, perimeter="with",
             perimeter_label="NI with"),
        fact("network_infrastructure", "net_sales", "FY2021", 110, perimeter="with",
             perimeter_label="NI with"),
        fact("network_infrastructure", "net_sales", "FY2022", 400, perimeter="without",
             perimeter_label="NI without"),
        fact("network_infrastructure", "net_sales", "FY2023", 360, perimeter="without",
             perimeter_label="NI without"))
    chart = seg.segment_net_sales(facts, ["network_infrastructure"], [], 2020, 2023)
    assert chart.title.startswith("Within one perimeter and basis, NI with grew fastest "
                                  "(+10.0% a year, FY2020-FY2021)")
    assert "NI without fell most (-10.0% a year, FY2022-FY2023)" in chart.title


def test_the_title_verb_follows_the_sign():
    facts = frame(
        fact("ip_networks", "net_sales", "FY2020", 100), fact("ip_networks", "net_sales",
                                                              "FY2021", 90),
        fact("fixed_networks", "net_sales", "FY2020", 100),
        fact("fixed_networks", "net_sales", "FY2021", 80))
    chart = seg.segment_net_sales(facts, [], ["ip_networks", "fixed_networks"], 2020, 2021)
    assert "every line fell; IP Networks fell least" in chart.title
    assert "grew" not in chart.title


@pytest.mark.parametrize("first,last", [(2025, 2019), (LATEST, LATEST)])
def test_sales_edge_windows_give_a_sentence(first, last):
    chart = seg.segment_net_sales(F, ["nokia_technologies"], ["submarine_networks"], first,
                                  last)
    assert chart.table.empty
    assert "Nothing to draw" in chart.title or "data/ has no annual net sales" in chart.title
    assert seg.describe_segment_net_sales(chart)


# ---------------------------------------------------------------- group growth

@pytest.fixture(scope="module")
def growth():
    return seg.group_growth(F, 2023, LATEST, events("group-growth"))


def test_group_growth_has_one_series_per_basis(growth):
    t = growth.table
    assert set(t["label"]) <= set(seg.GROWTH_BASES.values())
    assert (t["label"] == t["growth_basis"]).all()
    assert t.groupby(["label", "period"]).size().max() == 1
    assert figdata.problems(t) == []


def test_group_growth_breaks_where_the_group_perimeter_changes(growth):
    # Submarine Networks is a discontinued operation from the Q2 2024 report on
    t = growth.table[growth.table["label"] == "reported"]
    q1, q2 = t[t["period"] == "2024Q1"], t[t["period"] == "2024Q2"]
    assert not q1.empty and not q2.empty
    assert q1["line"].iloc[0] != q2["line"].iloc[0]
    assert any(n.startswith("from Q2 2024") for n in growth.notes)


def test_group_growth_title_quotes_the_latest_quarter(growth):
    rep = growth.table[growth.table["label"] == "reported"].sort_values("x")
    latest = rep.iloc[-1]
    assert f"in {latest['x_label']}" in growth.title
    assert seg.pct(latest["y"]) in growth.title
    assert "returned to growth" not in growth.title
    assert "(Feb 2025)" not in growth.title


def test_event_marks_take_their_date_from_the_events_frame():
    facts = frame(*growth_rows("total", {"2030Q1": 1, "2030Q2": 2, "2030Q3": 3}))
    ev = pd.DataFrame([{"event_id": "x", "date": pd.Timestamp("2030-05-17"),
                        "title": "Something happened"}])
    chart = seg.group_growth(facts, 2030, 2030, ev)
    (mark,) = chart.extra["events"]
    assert mark["text"] == "Something happened (17 May 2030)"
    assert 2030.25 < mark["x"] < 2030.5


@pytest.mark.parametrize("values,expected", [
    ({"2030Q1": -3, "2030Q2": 2, "2030Q3": 5, "2030Q4": 1},
     "have grown on a year earlier in every quarter since Q2 2030 (3 quarters"),
    ({"2030Q1": 4, "2030Q2": 2, "2030Q3": -5, "2030Q4": -1},
     "have shrunk on a year earlier in every quarter since Q3 2030 (2 quarters"),
    ({"2030Q1": 4, "2030Q2": 2, "2030Q3": 5, "2030Q4": -1},
     "shrank -1% on a year earlier in Q4 2030 (reported growth), after +5% in Q3 2030"),
    ({"2030Q1": -3, "2030Q2": 2, "2030Q4": 1},
     "in every quarter the sources give since Q2 2030"),
])
def test_growth_title_follows_the_numbers(values, expected):
    chart = seg.group_growth(frame(*growth_rows("total", values)), 2030, 2030)
    assert expected in chart.title


def test_growth_title_falls_back_to_a_named_basis():
    rows = growth_rows("total", {"2030Q1": 2, "2030Q2": 3},
                       metric="net_sales_growth_constant_currency_portfolio")
    chart = seg.group_growth(frame(*rows), 2030, 2030)
    assert "constant currency and portfolio growth" in chart.title


def test_growth_window_after_last_year_is_a_sentence():
    chart = seg.group_growth(F, LATEST, 2016)
    assert chart.table.empty and chart.title.startswith("Nothing to draw")
    assert seg.describe_group_growth(chart).startswith("Nothing to draw")


# ---------------------------------------------------------------- segment growth heatmap

@pytest.fixture(scope="module")
def heat():
    return seg.segment_growth(F, ["total"] + SEGMENTS + UNITS, 2023, LATEST)


def test_heatmap_cells_keep_bases_apart(heat):
    t = heat.table
    assert (t["mark"] == "cell").all()
    assert (t["label"] == t["segment"].map(charts.label) + " | "
            + t["growth_basis"]).all()
    assert t.groupby(["segment", "growth_basis", "period"]).size().max() == 1
    assert heat.extra["bases"] == [b for b in seg.GROWTH_BASES.values()
                                   if b in set(t["growth_basis"])]


def test_heatmap_title_counts_on_the_basis_it_names(heat):
    basis = heat.numbers["basis"]
    counts = heat.table["growth_basis"].value_counts()
    assert counts[basis] == counts.max()
    assert f"({basis} growth)" in heat.title
    best = heat.numbers["best"]
    part = heat.table[(heat.table["segment"] == best) & (heat.table["growth_basis"] == basis)]
    assert f"grew in {(part['y'] > 0).sum()} of the {len(part)} quarters" in heat.title


def test_heatmap_marks_perimeter_changes_within_a_row(heat):
    # Network Infrastructure loses Submarine Networks from Q2 2024; its next reported
    # growth figure in data/ is for Q1 2025, and the change is marked before it
    ni = [c for c in heat.extra["changes"] if c["segment"] == "network_infrastructure"]
    assert any(c["before"] == "2024Q1" and c["after"] == "2025Q1" for c in ni)


def test_heatmap_title_does_not_depend_on_row_order():
    rows = (growth_rows("ip_networks", {"2030Q1": 1, "2030Q2": 2})
            + growth_rows("fixed_networks", {"2030Q1": -1, "2030Q2": 2}))
    a = seg.segment_growth(frame(*rows), ["ip_networks", "fixed_networks"], 2030, 2030)
    b = seg.segment_growth(frame(*rows), ["fixed_networks", "ip_networks"], 2030, 2030)
    assert a.title == b.title
    assert "IP Networks grew in 2 of the 2 quarters" in a.title
    assert "Fixed Networks in 1 of 2" in a.title


# ---------------------------------------------------------------- segment mix

@pytest.fixture(scope="module")
def mix():
    return seg.segment_mix(F, SEGMENTS, 2019, LATEST)


def test_each_mix_year_comes_from_one_document(mix):
    t = mix.table
    assert (t["mark"] == "bar").all()
    assert (t.groupby("period")["source_id"].nunique() == 1).all()
    assert (t.groupby("period")["segment"].nunique() == len(SEGMENTS)).all()
    assert t.groupby("period")["y"].sum().round(6).eq(100).all()


def test_mix_title_is_the_same_whatever_the_order(mix):
    other = seg.segment_mix(F, list(reversed(SEGMENTS)), 2019, LATEST)
    assert other.title == mix.title
    n = mix.numbers
    verb = "rose" if round(n["end"]) > round(n["start"]) else "fell"
    assert verb in mix.title
    assert f"from {n['start']:.0f}% to {n['end']:.0f}%" in mix.title


@pytest.mark.parametrize("order", list(itertools.permutations(SEGMENTS)))
def test_mix_title_names_the_biggest_move_with_a_computed_verb(order):
    shares = {2030: (50, 30, 20), 2031: (49, 25, 26), 2032: (48, 20, 32)}
    rows = [fact(s, "net_sales", f"FY{year}", v, source=f"d{year}")
            for year, values in shares.items() for s, v in zip(SEGMENTS, values, strict=True)]
    chart = seg.segment_mix(frame(*rows), list(order), 2030, 2032)
    assert chart.title.startswith("Cloud and Network Services, the segment whose share moved "
                                  "most, rose from 20% to 32% of the three segments'")
    reverse = {2030: shares[2032], 2031: shares[2031], 2032: shares[2030]}
    rows = [fact(s, "net_sales", f"FY{year}", v, source=f"d{year}")
            for year, values in reverse.items() for s, v in zip(SEGMENTS, values, strict=True)]
    down = seg.segment_mix(frame(*rows), list(order), 2030, 2032)
    assert "Cloud and Network Services, the segment whose share moved most, fell from 32% to " \
           "20%" in down.title
    assert "fell" in down.title and "rose" not in down.title


def test_mix_title_segment_moved_most_on_real_data(mix):
    shares = mix.numbers["shares"]
    a, b = mix.numbers["first_period"], mix.numbers["last_period"]
    moves = (shares.loc[b] - shares.loc[a]).abs()
    assert mix.numbers["segment"] == moves.idxmax()
    assert mix.title.startswith(charts.label(moves.idxmax()))


def test_mix_skips_a_year_no_single_document_covers():
    rows = [fact("mobile_networks", "net_sales", "FY2030", 60, source="a"),
            fact("network_infrastructure", "net_sales", "FY2030", 40, source="a"),
            fact("mobile_networks", "net_sales", "FY2031", 60, source="b"),
            fact("network_infrastructure", "net_sales", "FY2031", 40, source="c")]
    chart = seg.segment_mix(frame(*rows), ["mobile_networks", "network_infrastructure"],
                            2030, 2031)
    assert set(chart.table["period"]) == {"FY2030"}
    assert chart.numbers["skipped"] == ["FY2031"]
    assert any("FY2031" in n for n in chart.notes)


@pytest.mark.parametrize("segments", [["mobile_networks"], [],
                                      SEGMENTS + ["nokia_technologies"]])
def test_mix_that_cannot_be_drawn_says_why(segments):
    chart = seg.segment_mix(F, segments, 2019, LATEST)
    assert chart.table.empty
    assert "mix" in chart.title
    assert seg.describe_segment_mix(chart)


# ---------------------------------------------------------------- Optical Networks

@pytest.fixture(scope="module")
def optical():
    return seg.optical_infinera(F, events("optical-infinera"), 2019, LATEST)


def test_optical_splits_at_the_event_date(optical):
    when = events("optical-infinera")["date"].min()
    t = optical.table
    annual, after = t[t["panel"] == "annual"], t[t["panel"] == "quarterly"]
    assert not annual.empty and not after.empty
    assert (pd.to_datetime(annual["period_end"]) < when).all()
    assert (pd.to_datetime(after["period_end"]) > when).all()
    assert (annual["mark"] == "bar").all() and (after["mark"] == "bar").all()
    assert set(after["label"]) == {f"Growth, {b}" for b in after["growth_basis"]}
    assert seg.date_words(when) in optical.title


def test_optical_title_date_is_not_typed():
    rows = [fact("optical_networks", "net_sales", "FY2029", 1500),
            fact("optical_networks", "net_sales_growth", "2030Q3", 9, source="q")]
    ev = pd.DataFrame([{"event_id": "e", "date": pd.Timestamp("2030-04-02"),
                        "title": "A deal closed"}])
    chart = seg.optical_infinera(frame(*rows), ev, 2029, 2030)
    assert "after 2 Apr 2030 (A deal closed)" in chart.title
    assert "was +9% in Q3 2030" in chart.title
    assert "Feb 2025" not in chart.title


def test_optical_without_an_event_is_a_sentence():
    chart = seg.optical_infinera(F, events("no-such-chart"), 2019, LATEST)
    assert chart.table.empty and "names no event" in chart.title


# ---------------------------------------------------------------- drawing never fails

def test_every_draw_function_copes_with_an_empty_chart():
    empty = [seg.segment_net_sales(F, [], [], 2025, 2019),
             seg.group_growth(F, 2025, 2019),
             seg.segment_growth(F, ["total"], 2025, 2019),
             seg.segment_mix(F, ["mobile_networks"], 2019, 2025),
             seg.optical_infinera(F, events("optical-infinera"), 2025, 2019)]
    draws = [seg.draw_segment_net_sales, seg.draw_group_growth, seg.draw_segment_growth,
             seg.draw_segment_mix, seg.draw_optical_infinera]
    for chart, draw in zip(empty, draws, strict=True):
        plt.close(draw(chart, DS))


def test_a_perimeter_change_across_a_gap_names_the_first_new_year():
    facts = frame(
        fact("optical_networks", "net_sales", "FY2023", 100, perimeter="before"),
        fact("optical_networks", "net_sales", "FY2024", 110, perimeter="before"),
        fact("optical_networks", "net_sales", "FY2026", 300, perimeter="with",
             perimeter_label="Optical with"))
    chart = seg.segment_net_sales(facts, [], ["optical_networks"], 2023, 2026)
    assert "Optical Networks from FY2026: Optical with" in chart.notes
    assert "Optical Networks has no value for FY2025" in chart.notes


def test_the_mix_title_says_when_another_segment_changed_perimeter():
    from helpers import segments as seg

    chart = seg.segment_mix(F, ["mobile_networks", "network_infrastructure",
                                "cloud_and_network_services"], 2019, 2025)
    # Mobile Networks moved most, but Network Infrastructure lost Submarine Networks in
    # between, which changes every share of the bar
    assert "Network Infrastructure's perimeter changed in between" in chart.title
    same = seg.segment_mix(F, ["mobile_networks", "network_infrastructure",
                               "cloud_and_network_services"], 2022, 2024)
    assert "perimeter changed" not in same.title
