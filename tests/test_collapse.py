"""Notebook 10's stories (group sales, the two businesses, market share, fall and pivot) on
small hand-made fact tables, and once on the real group figures.

What a reader relies on: the printed group line breaks where what the total covers changes,
while the same-perimeter, chained line goes on only through a document that prints the year before on
the new perimeter; the percentages in a title are the table's; a business is summed in the
structure of the document that printed it; a measurer quoted once is named, not drawn; an
empty or inverted window reads as a sentence.
"""

from __future__ import annotations

import math
import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers import collapse, data, draw, figdata, series
from helpers.collapse.group import LIKE, PRINTED
from tests.facts import fact, frame

WITH, WITHOUT = "Group with phones", "Networks only"


def no_nan(*texts: str) -> None:
    for text in texts:
        assert not re.search(r"\bnan\b|<NA>|None", text), text


def at(table: pd.DataFrame, label: str, period: str) -> pd.Series:
    return table[(table["label"] == label) & (table["period"] == period)].iloc[0]


# ---------------------------------------------------------------- fixtures

def sale(linked: bool = True) -> pd.DataFrame:
    """Group sales peaking in FY2010; the phones leave the count in FY2013. With ``linked``
    the FY2013 report also prints FY2012 without them (5,000 against 9,000 first printed)."""
    def group(period, value, source, perimeter, label, basis="as_reported"):
        return fact(period=period, value=value, source=source, perimeter=perimeter,
                    perimeter_label=label, basis=basis)

    rows = [group("FY2009", 10000, "ar-2009", "with", WITH),
            group("FY2010", 12000, "ar-2010", "with", WITH),
            group("FY2011", 11000, "ar-2011", "with", WITH),
            group("FY2012", 9000, "ar-2012", "with", WITH),
            group("FY2013", 4500, "ar-2013", "without", WITHOUT),
            group("FY2014", 4800, "ar-2014", "without", WITHOUT)]
    if linked:
        rows.append(group("FY2012", 5000, "ar-2013", "without", WITHOUT, "restated"))
    return frame(*rows)


ERAS = [
    {"entity": "nokia", "business": "phones", "segment": "mobile_phones", "first_year": 1997,
     "last_year": 2003, "label": "Mobile Phones", "note": ""},
    {"entity": "nokia", "business": "phones", "segment": "mobile_phones", "first_year": 2004,
     "last_year": 2007, "label": "Mobile Phones + Multimedia", "note": ""},
    {"entity": "nokia", "business": "phones", "segment": "multimedia", "first_year": 2004,
     "last_year": 2007, "label": "Mobile Phones + Multimedia", "note": ""},
    {"entity": "nokia", "business": "networks", "segment": "networks", "first_year": 1997,
     "last_year": 2007, "label": "Networks", "note": ""},
]


def handsets(recast: bool = True) -> pd.DataFrame:
    """Phones in one segment to FY2003, in two from FY2004; the FY2004 report recasts FY2003
    into the two (18,000 + 3,000), the FY2003 report printed it as one (22,000)."""
    def seg(segment, period, value, source, basis="as_reported"):
        return fact(segment=segment, period=period, value=value, source=source, basis=basis)

    rows = [seg("mobile_phones", "FY2002", 20000, "ar-2003", "restated"),
            seg("mobile_phones", "FY2003", 22000, "ar-2003"),
            seg("mobile_phones", "FY2004", 17000, "ar-2004"),
            seg("multimedia", "FY2004", 4500, "ar-2004"),
            seg("mobile_phones", "FY2005", 16000, "ar-2005"),
            seg("multimedia", "FY2005", 3500, "ar-2005"),
            seg("networks", "FY2003", 6000, "ar-2003"),
            seg("networks", "FY2004", 6600, "ar-2004"),
            seg("networks", "FY2005", 6930, "ar-2005")]
    if recast:
        rows += [seg("mobile_phones", "FY2003", 18000, "ar-2004", "restated"),
                 seg("multimedia", "FY2003", 3000, "ar-2004", "restated")]
    return frame(*rows)


def shares() -> pd.DataFrame:
    """Three measurers over several years, one quoted once, and Nokia's own estimate on two
    market definitions."""
    def share(measurer, period, value, source, perimeter=None, label=""):
        return fact(metric="market_share", period=period, value=value, unit="percent",
                    basis="estimate", source=source, measurer=measurer,
                    perimeter=perimeter or measurer.lower(), perimeter_label=label)

    old, new = "Nokia, market as defined to 2009", "Nokia, revised market (2010)"
    return frame(share("Gartner", "FY2007", 36.4, "g-2007"),
                 share("Gartner", "FY2008", 38.6, "g-2008"),
                 share("Gartner", "FY2009", 36.4, "g-2009"),
                 share("IDC", "FY2007", 38.0, "idc-2007"),
                 share("IDC", "FY2008", 39.5, "idc-2008"),
                 share("Strategy Analytics", "FY2008", 40.0, "sa-2008"),
                 share("Nokia", "FY2008", 38.0, "nokia-2008", "nokia_old", old),
                 share("Nokia", "FY2009", 35.0, "nokia-2009", "nokia_old", old),
                 share("Nokia", "FY2010", 33.0, "nokia-2010", "nokia_new", new),
                 share("Nokia", "FY2011", 29.0, "nokia-2011", "nokia_new", new))


# ---------------------------------------------------------------- charts shared by tests

@pytest.fixture(scope="module")
def group():
    return collapse.group_story(sale(), 2009, 2014)


@pytest.fixture(scope="module")
def unlinked():
    return collapse.group_story(sale(linked=False), 2009, 2014)


@pytest.fixture(scope="module")
def phones():
    return collapse.business_story(handsets(), 2002, 2007, 2013, ERAS)


@pytest.fixture(scope="module")
def share():
    return collapse.share_story(shares(), 2007, 2013, 2013)


@pytest.fixture(scope="module")
def everything():
    return pd.concat([sale(), handsets(), shares()], ignore_index=True)


# ---------------------------------------------------------------- group net sales

def test_printed_line_breaks_at_the_sale_and_the_chained_line_crosses_it_through_the_recast(group):
    t = group.table
    assert figdata.problems(t) == []
    assert at(t, PRINTED, "FY2012")["line"] != at(t, PRINTED, "FY2013")["line"]
    # the same-perimeter step into FY2013 is 5,000 -> 4,500 on the new perimeter, from ar-2013
    crossing = at(t, LIKE, "FY2013")
    assert crossing["line"] == at(t, LIKE, "FY2012")["line"]
    assert (crossing["link"], crossing["perimeter"]) == ("ar-2013", "without")
    assert crossing["y"] == pytest.approx(at(t, LIKE, "FY2012")["y"] * 4500 / 5000)
    # the figure's key says which document carries the line across
    marks = draw.perimeter_marks(t)
    assert [m["x"] for m in marks] == [2012.5]
    assert "Same perimeter, chained continues through ar-2013" in marks[0]["texts"][0]


def test_without_a_document_on_the_new_perimeter_the_chained_line_stops_and_says_why(unlinked):
    chart = unlinked
    like = chart.table[chart.table["label"] == LIKE]
    assert like["period"].iloc[-1] == "FY2012"
    assert chart.notes[0] == ("The same-perimeter chain ends at FY2012: no document prints "
                              "FY2012 and FY2013 on one perimeter")
    assert "No document prints FY2012 and FY2013 on one perimeter" in chart.finding
    # the title compares the peak with the last chained year, not with FY2014
    assert "to FY2012" in chart.title and "FY2014" not in chart.title


def test_group_title_quotes_the_printed_fall_and_the_chained_index_of_the_table(group):
    chart = group
    t = chart.table
    peak, last = at(t, PRINTED, "FY2010")["y"], at(t, PRINTED, "FY2014")["y"]
    index = at(t, LIKE, "FY2014")["y"]
    assert at(t, LIKE, "FY2010")["y"] == pytest.approx(100)
    # the index is the product of the one-perimeter changes, the sale left out
    assert index == pytest.approx(100 * 11000 / 12000 * 9000 / 11000 * 4500 / 5000 * 4800 / 4500)
    printed_fall = (1 - last / peak) * 100
    like_fall = 100 - index
    assert chart.numbers["printed_change"] == pytest.approx(-printed_fall)
    assert chart.numbers["like_change"] == pytest.approx(-like_fall)
    assert chart.title == (f"From the FY2010 peak to FY2014 Nokia's sales fell "
                           f"{printed_fall:.0f}% as printed and {like_fall:.0f}% on the same "
                           "perimeter, chained")
    assert len(chart.title) <= 110
    assert "peaked at EUR 12.0 billion in FY2010" in chart.finding
    assert "from FY2013 the changes are measured on networks only" in chart.finding


def test_a_markka_year_is_converted_at_the_fixed_rate_and_said():
    rows = frame(fact(period="FY1998", value=79231, unit="FIM million", source="ar-1998"),
                 fact(period="FY1999", value=19772, source="ar-1999"),
                 fact(metric="fim_per_eur", period="FY1999", value=5.94573, unit="FIM per EUR",
                      source="ecb-fixed"))
    chart = collapse.group_story(rows, 1998, 1999)
    assert at(chart.table, PRINTED, "FY1998")["y"] == pytest.approx(79231 / 5.94573)
    assert "FY1998 converted from Finnish markka at 5.94573 FIM per euro" in chart.subtitle


@pytest.mark.parametrize("story, start, end", [
    ("group", 2015, 2010), ("group", 1990, 1995),
    ("businesses", 2015, 2010), ("businesses", 1990, 1995), ("businesses", 2014, 2020),
    ("share", 2015, 2010), ("share", 1990, 1995), ("share", 2014, 2020)])
def test_an_empty_or_inverted_window_reads_as_a_sentence(everything, story, start, end):
    """(2014, 2020) starts after the phone era, which ends with FY2013."""
    facts = everything
    chart = {"group": lambda: collapse.group_story(facts, start, end),
             "businesses": lambda: collapse.business_story(facts, start, end, 2013, ERAS),
             "share": lambda: collapse.share_story(facts, start, end, 2013)}[story]()
    assert chart.table.empty
    assert chart.title and chart.finding.endswith(".")
    no_nan(chart.title, chart.finding, *chart.notes)
    if start > end:
        assert f"FY{start} comes after FY{end}" in chart.title
    elif start > 2013:
        assert "the phone era shown here ends with FY2013" in chart.title
    else:
        assert "for FY1990-FY1995" in chart.title


# ---------------------------------------------------------------- perimeter changes and the fall

def test_a_perimeter_step_is_split_into_what_left_the_count_and_what_sales_did(group):
    changes = collapse.perimeter_changes(group)
    assert len(changes) == 1
    step = changes.iloc[0]
    assert (step["from"], step["to"], step["document"]) == ("FY2012", "FY2013", "ar-2013")
    assert step["before, on the new perimeter"] == 5000
    assert (step["perimeter change"], step["same-perimeter change"]) == (-4000, -500)
    assert step["perimeter change"] + step["same-perimeter change"] == \
        step["printed after"] - step["printed before"]
    text = collapse.perimeter_words(changes)
    assert "ar-2013 puts FY2012 on the new perimeter at EUR 5.0 billion" in text
    assert "removes EUR 4.0 billion" in text and "fall by EUR 500 million" in text
    assert "89% of the step is the perimeter" in text


def test_a_perimeter_step_no_document_bridges_is_named_but_not_split(unlinked):
    changes = collapse.perimeter_changes(unlinked)
    assert changes.iloc[0]["document"] == ""
    assert changes.iloc[0]["perimeter change"] == ""
    assert "No document prints FY2012 on the new perimeter" in collapse.perimeter_words(changes)


def test_the_printed_fall_is_measured_within_the_peaks_perimeter(group, phones):
    table = collapse.peak_to_trough_table(group, phones).set_index("series")
    printed = table.loc["Group, as printed (EUR million)"]
    # the sale (9,000 -> 4,500) is not a fall of sales: the trough is FY2012's 9,000
    assert (printed["peak"], printed["trough"], printed["change %"]) == ("FY2010", "FY2012", -25.0)
    like = table.loc["Group, same perimeter, chained (index)"]
    assert (like["trough"], like["change %"]) == ("FY2013", -32.5)
    assert "-25% from FY2010 to FY2012 (within the peak's perimeter)" in \
        collapse.fall_words(table.reset_index())


# ---------------------------------------------------------------- the two businesses

def test_a_recast_comparative_counts_in_the_structure_of_its_documents_newest_year():
    derived = collapse.business_facts(handsets(), collapse.business_eras(ERAS))
    phones = derived[derived["segment"] == "phones"].set_index(["source_id", "period"])
    # ar-2004's FY2003 is Mobile Phones + Multimedia, in the 2004-2007 era
    assert phones.loc[("ar-2004", "FY2003"), "perimeter"] == "phones:2004-2007"
    assert phones.loc[("ar-2004", "FY2003"), "eur"] == 18000 + 3000
    assert phones.loc[("ar-2004", "FY2003"), "basis"] == "restated"
    # ar-2003's FY2003 is the old Mobile Phones alone
    assert phones.loc[("ar-2003", "FY2003"), "perimeter"] == "phones:1997-2003"
    assert phones.loc[("ar-2003", "FY2003"), "eur"] == 22000
    # a year whose document lacks a segment of its era gives no sum
    partial = handsets()
    partial = partial[~((partial["source_id"] == "ar-2005")
                        & (partial["segment"] == "multimedia"))]
    derived = collapse.business_facts(partial, collapse.business_eras(ERAS))
    assert "FY2005" not in set(derived.loc[derived["segment"] == "phones", "period"])


def test_phone_line_runs_through_the_reorganisation_and_the_title_quotes_its_levels(phones):
    t = phones.table
    assert figdata.problems(t) == []
    phone = t[t["label"] == "Phone business"].set_index("period")
    assert phone["line"].nunique() == 1
    assert phone.loc["FY2004", "link"] == "ar-2004"           # 21,000 -> 21,500 in one report
    assert phone.loc["FY2004", "perimeter"] == "phones:2004-2007"
    assert phone.loc["FY2003", "perimeter"] == "phones:1997-2003"
    # anchored on FY2005 as first printed, reached back through both structures
    assert phone.loc["FY2005", "y"] == pytest.approx(19500)
    assert phone.loc["FY2004", "y"] == pytest.approx(21500)
    assert phone.loc["FY2003", "y"] == pytest.approx(21000)   # as ar-2004 recast it, not 22,000
    assert phone.loc["FY2002", "y"] == pytest.approx(21000 / (22000 / 20000))
    smaller = (1 - 19500 / 21500) * 100
    assert phones.title == ("Nokia's phone business peaked at EUR 21.5 billion in FY2004 and "
                            f"was {smaller:.0f}% smaller by FY2005")
    nets = t[t["label"] == "Network business"].set_index("period")
    ratio = nets.loc["FY2005", "y"] / phone.loc["FY2005", "y"] * 100
    assert "In FY2005, the last year with both, the network business made EUR 6.9 billion, " \
           f"{ratio:.0f}% of the phones' EUR 19.5 billion." in phones.finding


def test_a_reorganisation_no_document_bridges_breaks_the_business_line_and_is_noted():
    chart = collapse.business_story(handsets(recast=False), 2002, 2007, 2013, ERAS)
    phones = chart.table[chart.table["label"] == "Phone business"].set_index("period")
    assert phones.loc["FY2003", "line"] != phones.loc["FY2004", "line"]
    assert "Phone business: no document links FY2003 and FY2004, so the line breaks" \
        in chart.notes
    assert figdata.problems(chart.table) == []


# ---------------------------------------------------------------- market share

def test_a_measurer_quoted_for_one_year_is_named_in_the_notes_not_drawn(share):
    chart = share
    t = chart.table
    assert "Strategy Analytics" not in set(t["measurer"])
    assert chart.notes == ["Also quoted for one year only: Strategy Analytics 40% (FY2008)"]
    # the title tells the fall within one measurer (the longest line), never one measurer's
    # share against another's; a lone 40% changes nothing
    gartner = t[t["label"] == "Gartner"].set_index("period")["y"]
    assert chart.title.startswith(f"By Gartner's count Nokia's world share peaked at "
                                  f"{gartner.max():g}% in {gartner.idxmax()}")
    assert len(draw.wrap(chart.title, draw.WIDTH - 0.35, draw.TITLE_SIZE, bold=True)) <= 2


def test_a_new_market_definition_starts_a_new_line_of_the_same_measurer(share):
    t = share.table
    nokia = t[t["measurer"] == "Nokia"].set_index("period")
    assert nokia.loc["FY2009", "label"] == "Nokia, market as defined to 2009"
    assert nokia.loc["FY2010", "label"] == "Nokia, revised market (2010)"
    assert nokia.loc["FY2009", "line"] != nokia.loc["FY2010", "line"]
    assert figdata.problems(t) == []


# ---------------------------------------------------------------- the pivot

def test_pivot_growth_leaves_out_the_year_an_acquisition_was_consolidated(phones):
    """The phones' last year in the chart is FY2005; the group after it is networks only."""
    facts = frame(fact(period="FY2006", value=7000, source="ar-2006", perimeter="nets"),
                  fact(period="FY2007", value=7350, source="ar-2007", perimeter="nets"),
                  fact(period="FY2008", value=11000, source="ar-2008", perimeter="nets"),
                  fact(period="FY2009", value=11550, source="ar-2009", perimeter="nets"))
    bought = pd.DataFrame({"date": ["2008-04-01"], "title": ["Bought Co"]})
    text = collapse.pivot_words(facts, phones, bought)
    organic = (7350 / 7000) * (11550 / 11000) - 1
    assert "Acquisitions: Bought Co (FY2008)." in text
    # the answer first, in one sentence of at most 40 words
    first = text.split(". ")[0]
    assert first.startswith("Yes, also without acquisitions: leaving out FY2008")
    assert f"same-perimeter sales changed +{organic * 100:.0f}% from FY2006 to FY2009" in first
    assert len(first.split()) <= 40
    assert f"{(11550 / 6930 - 1) * 100:.0f}% more than the network business made" in text
    everything = collapse.pivot_words(facts, phones, bought.iloc[0:0])
    assert f"sales changed +{(11550 / 7000 - 1) * 100:.0f}%" in everything
    no_nan(text, everything)


# ---------------------------------------------------------------- drawing

def test_group_figure_draws_without_overlapping_text(group):
    fig = collapse.draw_group(group, data.Dataset())
    try:
        assert draw.overlaps(fig) == []
    finally:
        plt.close(fig)


# ---------------------------------------------------------------- the real group figures

@pytest.fixture(scope="module")
def real():
    return series.facts(data.load())


def test_real_chained_line_crosses_the_sale_of_the_phones_through_the_2013_report(real):
    chart = collapse.group_story(real, 2010, 2014)
    t = chart.table
    assert figdata.problems(t) == []
    assert at(t, PRINTED, "FY2012")["line"] != at(t, PRINTED, "FY2013")["line"]
    crossing = at(t, LIKE, "FY2013")
    assert crossing["link"] == "nokia-ar-2013"
    assert crossing["line"] == at(t, LIKE, "FY2012")["line"]
    assert [c["link"] for c in chart.numbers["crossings"]] == ["nokia-ar-2013"]
    # the title's two falls are the table's: printed FY2014 (first published on continuing
    # operations) over the FY2010 peak, and the index
    printed = 1 - at(t, PRINTED, "FY2014")["y"] / at(t, PRINTED, "FY2010")["y"]
    like = 100 - at(t, LIKE, "FY2014")["y"]
    assert at(t, LIKE, "FY2010")["y"] == pytest.approx(100)
    assert chart.title == (f"From the FY2010 peak to FY2014 Nokia's sales fell "
                           f"{printed * 100:.0f}% as printed and {like:.0f}% on the same "
                           "perimeter, chained")
    assert not math.isclose(printed * 100, like, abs_tol=5)
