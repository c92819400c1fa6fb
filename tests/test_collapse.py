"""Notebook 10's charts, computed on the real data and on small hand-made frames.

What a reader relies on: the first-published group line never joins two perimeters, recasts
stay apart and dashed, every title and finding is built from the plotted table, and every
parameter value the notebook accepts gives words, not a traceback or 'nan'.
"""

from __future__ import annotations

import re

import matplotlib
import pandas as pd
import pytest

from helpers import collapse, data, figdata, series

matplotlib.use("agg")

DS = data.load()
F = series.facts(DS)


def group(start=1998, end=2025):
    return collapse.group_story(F, start, end, DS.sources)


def businesses(start=1998, end=2025, phone_era_end=2013, rows=None, facts=None):
    return collapse.business_story(F if facts is None else facts, start, end, phone_era_end,
                                   DS.businesses if rows is None else rows)


def line_of(table, label, period):
    return table[(table["label"] == label) & (table["period"] == period)]["line"].iloc[0]


def no_nan(*texts):
    for text in texts:
        assert not re.search(r"\bnan\b|<NA>", str(text), re.I), text


# ---------------------------------------------------------------- group net sales

def test_first_published_line_breaks_where_the_phones_leave():
    chart = group()
    t = chart.table
    assert figdata.problems(t) == []
    first = t[t["label"] == collapse.FIRST]
    fy2011 = first[first["period"] == "FY2011"].iloc[0]
    fy2013 = first[first["period"] == "FY2013"].iloc[0]
    assert fy2011["perimeter"] != fy2013["perimeter"]
    assert fy2011["line"] != fy2013["line"]
    steps = collapse.perimeter_steps(t, collapse.FIRST)
    assert ("FY2011", "FY2013") in [(a, b) for a, b, _, _ in steps]
    assert any("FY2011 and FY2013" in n for n in chart.notes)


def test_recasts_are_their_own_dashed_series_one_per_document():
    t = group().table
    recast = t[t["label"] != collapse.FIRST]
    assert not recast.empty
    assert set(recast["basis"]) == {"restated"}
    assert (recast.groupby("label")["source_id"].nunique() == 1).all()
    # the 2013 annual report's continuing-operations figures form one labelled series
    label = "Recast in the annual report for FY2013"
    assert set(t[t["label"] == label]["period"]) >= {"FY2010", "FY2011", "FY2012"}
    # no recast point repeats a first-published figure of the same period and perimeter
    first = t[t["label"] == collapse.FIRST].set_index("period")
    for _, r in recast.iterrows():
        if r["period"] in first.index and first.loc[r["period"], "perimeter"] == r["perimeter"]:
            assert abs(first.loc[r["period"], "y"] - r["y"]) >= collapse.SAME


def test_markka_year_is_converted_and_said():
    chart = group()
    fy1998 = chart.table[(chart.table["label"] == collapse.FIRST)
                         & (chart.table["period"] == "FY1998")].iloc[0]
    assert fy1998["printed_unit"] == "FIM million"
    assert fy1998["y"] == pytest.approx(fy1998["printed_value"] / series.fim_per_eur(F))
    assert "FY1998 converted from Finnish markka" in chart.subtitle
    assert "FIM" not in group(2000, 2025).subtitle


def test_title_names_the_computed_peak_and_trough_within_one_perimeter():
    chart = group()
    first = chart.table[chart.table["label"] == collapse.FIRST]
    peak = first.loc[first["y"].idxmax()]
    same = first[(first["perimeter"] == peak["perimeter"]) & (first["x"] >= peak["x"])]
    trough = same.loc[same["y"].idxmin()]
    low = first.loc[first["y"].idxmin()]
    assert peak["period"] in chart.title and trough["period"] in chart.title
    assert f"{abs(trough['y'] / peak['y'] - 1) * 100:.0f}% lower" in chart.title
    assert (low["perimeter"] != peak["perimeter"]) == ("another perimeter" in chart.title)
    assert "recovered" not in chart.title and "Alcatel" not in chart.title
    assert chart.numbers["gaps"] and all(g in chart.subtitle for g in chart.numbers["gaps"])


def test_a_shorter_window_changes_the_title():
    chart = group(2008, 2012)
    assert chart.title.startswith("Nokia's net sales as first published were highest in "
                                  "FY2008")
    assert "another perimeter" not in chart.title
    assert "FY2012" in chart.subtitle  # no first-published FY2012: said, though at the edge


def test_one_year_and_empty_windows_give_sentences():
    one = group(2025, 2025)
    assert len(one.table) >= 1 and "holds no other" in one.title
    assert "at least two years" in collapse.describe_group(one)
    empty = group(2025, 1998)
    assert empty.table.empty and "no years to show" in empty.title
    no_nan(one.title, one.subtitle, collapse.describe_group(one), empty.title,
           collapse.describe_group(empty))


def test_perimeter_change_is_split_by_the_recast():
    changes = collapse.perimeter_changes(group())
    row = changes[(changes["from"] == "FY2011") & (changes["to"] == "FY2013")].iloc[0]
    t = group().table
    fp = t[t["label"] == collapse.FIRST].set_index("period")["y"]
    recast = t[(t["label"] == "Recast in the annual report for FY2013")
               & (t["period"] == "FY2011")]["y"].iloc[0]
    assert row["perimeter change"] == round(recast - fp["FY2011"])
    assert row["same-perimeter change"] == round(fp["FY2013"] - recast)
    text = collapse.describe_perimeter_changes(changes)
    per, same = abs(row["perimeter change"]), abs(row["same-perimeter change"])
    expected = ("most of the move is the change of perimeter" if per > same
                else "most of the move is a change of sales")
    assert expected in text.split("From FY2013")[0]


def synthetic_chart(rows):
    """A group chart from (label, period, y, perimeter, basis) tuples."""
    frame = pd.DataFrame(rows, columns=["label", "period", "amount", "perimeter", "basis"])
    parts = []
    for label, part in frame.groupby("label", sort=False):
        part = part.assign(period_end=[f"{p[2:]}-12-31" for p in part["period"]],
                           unit="EUR million", perimeter_label=part["perimeter"],
                           source_id="s", locator="p")
        points = figdata.points(part, label, unit="EUR million")
        parts.append(points.assign(document=f"the {label.lower()}"))
    return figdata.Chart("group-net-sales", figdata.finish_table(*parts), "t")


def test_perimeter_split_says_when_sales_not_perimeter_explain_the_move():
    chart = synthetic_chart([
        (collapse.FIRST, "FY2001", 100.0, "big", "as_reported"),
        (collapse.FIRST, "FY2002", 50.0, "small", "as_reported"),
        ("Recast in a report", "FY2001", 90.0, "small", "restated"),
    ])
    changes = collapse.perimeter_changes(chart)
    assert changes.iloc[0]["perimeter change"] == -10
    assert changes.iloc[0]["same-perimeter change"] == -40
    text = collapse.describe_perimeter_changes(changes)
    assert "most of the move is a change of sales on the same perimeter" in text
    # without a bridging recast the move is not split
    bare = synthetic_chart([(collapse.FIRST, "FY2001", 100.0, "big", "as_reported"),
                            (collapse.FIRST, "FY2002", 50.0, "small", "as_reported")])
    assert "cannot be split" in collapse.describe_perimeter_changes(
        collapse.perimeter_changes(bare))


# ---------------------------------------------------------------- phones and networks

def test_business_eras_are_perimeters_and_lines_break_at_reorganisations():
    chart = businesses()
    t = chart.table
    assert figdata.problems(t) == []
    phones = "Phone business"
    assert line_of(t, phones, "FY2003") != line_of(t, phones, "FY2004")
    assert line_of(t, phones, "FY2007") != line_of(t, phones, "FY2008")
    eras = collapse.business_eras(DS.businesses)
    assert set(t["perimeter"]) <= set(eras["perimeter"])
    fy2004 = t[(t["label"] == phones) & (t["period"] == "FY2004")].iloc[0]
    parts = sum(series.pick(F, "nokia", seg, "net_sales").set_index("period")["amount"]
                ["FY2004"] for seg in ("mobile_phones", "multimedia", "enterprise_solutions"))
    assert fy2004["y"] == pytest.approx(parts)
    assert fy2004["perimeter_label"] == "Mobile Phones + Multimedia + Enterprise Solutions"


def test_business_title_is_computed_and_the_old_claim_is_gone():
    chart = businesses()
    n = chart.numbers
    phones = chart.table[chart.table["label"] == "Phone business"]
    assert n["phones_peak_period"] == phones.loc[phones["y"].idxmax(), "period"]
    assert n["phones_peak_period"] in chart.title and n["both_period"] in chart.title
    assert "never came close" not in chart.title
    # a network year with no segment figure is left out and said
    networks = set(chart.table[chart.table["label"] == "Network business"]["period"])
    for label, year, _ in n["missing"]:
        assert f"FY{year}" not in set(chart.table[chart.table["label"] == label]["period"])
    assert "Network business left out" in chart.subtitle or not n["missing"]
    assert networks


@pytest.mark.parametrize("era_end", [1998, 2005, 2013])
def test_every_phone_era_end_runs_and_bounds_the_chart(era_end):
    chart = businesses(phone_era_end=era_end)
    assert chart.table["x"].max() <= era_end
    table = collapse.peak_to_trough_table(group(), chart)
    texts = [chart.title, collapse.describe_businesses(chart), collapse.describe_fall(table),
             table.to_string()]
    no_nan(*texts)
    if era_end == 1998:
        assert "only FY1998 in the window" in collapse.describe_fall(table)


def test_a_phone_era_past_the_data_is_said_not_drawn():
    last = max(int(r["last_year"]) for r in DS.businesses if r["business"] == "phones")
    chart = businesses(phone_era_end=last + 5)
    assert chart.table["x"].max() <= last
    assert f"ends the phone business with FY{last}" in chart.title
    assert f"FY{last + 5}" in collapse.describe_businesses(chart)


def fact(segment, period, value, basis="as_reported", source="s1"):
    year = int(period[2:])
    return {"entity": "nokia", "segment": segment, "metric": "net_sales", "period": period,
            "period_end": f"{year}-12-31", "value": value, "unit": "EUR million",
            "basis": basis, "source_id": source, "locator": "p", "note": "",
            "freq": "annual", "year": year, "quarter": float("nan"), "currency": "EUR",
            "amount": value, "published": f"{year + 1}-03-01", "measurer": None,
            "perimeter": segment, "perimeter_label": ""}


TOY_BUSINESSES = [
    {"entity": "nokia", "business": "phones", "segment": "a", "first_year": "2001",
     "last_year": "2004", "label": "A + B", "note": ""},
    {"entity": "nokia", "business": "phones", "segment": "b", "first_year": "2001",
     "last_year": "2004", "label": "A + B", "note": ""},
    {"entity": "nokia", "business": "networks", "segment": "n", "first_year": "2001",
     "last_year": "2004", "label": "N", "note": ""},
]


def test_business_years_with_mixed_bases_or_a_missing_segment_are_left_out():
    toy = pd.DataFrame([
        fact("a", "FY2001", 10), fact("b", "FY2001", 5),
        fact("a", "FY2002", 11), fact("b", "FY2002", 6, basis="restated"),   # mixed
        fact("a", "FY2003", 12),                                             # b missing
        fact("a", "FY2004", 13, basis="non_ifrs"), fact("b", "FY2004", 7, basis="non_ifrs"),
        fact("n", "FY2001", 4), fact("n", "FY2004", 3),
    ])
    chart = businesses(2001, 2004, 2004, rows=TOY_BUSINESSES, facts=toy)
    phones = chart.table[chart.table["label"] == "Phone business"].set_index("period")
    assert list(phones.index) == ["FY2001", "FY2004"]
    assert phones.loc["FY2001", "y"] == 15 and phones.loc["FY2004", "basis"] == "non_ifrs"
    assert any("FY2002" in n and "different bases" in n for n in chart.notes)
    assert any("FY2003" in n and "no B figure" in n for n in chart.notes)
    assert "Phone business left out for FY2002" in chart.subtitle
    assert figdata.problems(chart.table) == []
    assert phones.loc["FY2001", "line"] != phones.loc["FY2004", "line"]


# ---------------------------------------------------------------- peak to trough

def test_peak_to_trough_rows_come_from_the_chart_tables():
    g, b = group(2008, 2012), businesses(2008, 2012)
    table = collapse.peak_to_trough_table(g, b)
    row = table[table["series"] == "Group, as first published"].iloc[0]
    assert (row["peak FY"], row["trough FY"]) == ("FY2008", "FY2011")
    first = g.table[g.table["label"] == collapse.FIRST].set_index("period")["y"]
    assert row["peak EUR m"] == round(first["FY2008"])
    assert row["decline %"] == round((first["FY2011"] / first["FY2008"] - 1) * 100, 1)
    text = collapse.describe_fall(table)
    assert "FY2008" in text and "nan" not in text.lower()


# ---------------------------------------------------------------- market share

def test_market_share_keeps_definitions_and_measurers_apart():
    chart = collapse.share_story(F, 1998, 2025, 2013)
    t = chart.table
    assert figdata.problems(t) == []
    nokia09 = t[(t["measurer"] == "Nokia") & (t["period"] == "FY2009")]
    assert nokia09["perimeter"].nunique() == 2 and nokia09["line"].nunique() == 2
    assert not any("Dataquest" in label for label in t["label"])   # aliases unified
    assert (t.groupby(["label", "period"]).size() == 1).all()       # one figure per line-year
    text = collapse.describe_share(chart)
    assert text.startswith(f"{t['measurer'].nunique()} measurers")
    peak = chart.numbers["peak_period"]
    at_peak = t[t["period"] == peak]["y"]
    assert f"{at_peak.min():g}-{at_peak.max():g}%" in chart.title
    assert "2007-08" not in chart.title


def test_market_share_windows_without_data_say_so():
    start_late = collapse.share_story(F, 2025, 2025, 2013)
    assert start_late.table.empty and "no years to show" in start_late.title
    assert "no years to show" in collapse.describe_share(start_late)


# ---------------------------------------------------------------- drawing

def test_every_chart_draws_including_empty_ones():
    import matplotlib.pyplot as plt

    for chart, draw in ((group(2025, 1998), collapse.draw_group),
                        (businesses(2025, 2025), collapse.draw_businesses),
                        (group(2008, 2012), collapse.draw_group)):
        fig = draw(chart, DS, None)
        plt.close(fig)
    fig = collapse.draw_share(collapse.share_story(F, 1998, 2025, 1998), DS)
    plt.close(fig)


def test_the_pivot_sentence_compares_named_perimeters_from_the_tables():
    chart, phones = group(), businesses()
    text = collapse.describe_pivot(chart, phones)
    last = chart.table[chart.table["label"] == collapse.FIRST].sort_values("x").iloc[-1]
    assert f"EUR {last['y']:,.0f} million for {last['x_label']}" in text
    assert last["perimeter_label"] in text and "Nokia Siemens Networks" in text
    # a window with no year after the phones cannot answer, and says so
    assert "cannot be measured" in collapse.describe_pivot(group(2008, 2012), phones)


def test_a_perimeter_mark_sits_where_the_new_perimeter_starts_not_inside_a_gap():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    from helpers.collapse.drawing import mark_perimeters

    table = pd.DataFrame({
        "label": ["as first published"] * 3, "period": ["FY2010", "FY2011", "FY2013"],
        "x": [2010, 2011, 2013], "perimeter": ["with", "with", "without"],
        "perimeter_label": ["with devices", "with devices", "devices left out"]})
    fig, ax = plt.subplots()
    handles = mark_perimeters(ax, table)
    rules = [line.get_xdata()[0] for line in ax.get_lines()]
    plt.close(fig)
    # FY2012 is missing: the change is at the start of FY2013, not halfway through the gap
    assert rules == [2012.5]
    assert handles[0].get_label() == "from FY2013: devices left out"
