"""Same-perimeter links and chained series, on small hand-made tables.

What a reader relies on: a chained line never measures a change across two perimeters, it
breaks where no document links two periods, its index is exactly the product of its links,
and each point names the document of its link.
"""

from __future__ import annotations

import math

import pytest

from helpers import chain, figdata
from tests.facts import fact, frame


def sale():
    """A company that sells a business in FY2022: the FY2022 report prints FY2021 again
    without it, so FY2021 -> FY2022 can be measured on the new perimeter."""
    return frame(
        fact(period="FY2019", value=10000, source="ar-2019", perimeter="big"),
        fact(period="FY2020", value=11000, source="ar-2020", perimeter="big"),
        fact(period="FY2021", value=12100, source="ar-2021", perimeter="big"),
        fact(period="FY2021", value=6000, basis="restated", source="ar-2022", perimeter="small"),
        fact(period="FY2022", value=6600, source="ar-2022", perimeter="small"),
        fact(period="FY2023", value=7260, source="ar-2023", perimeter="small"),
    )


def test_a_link_is_measured_on_one_perimeter_only():
    links = chain.links(sale()).set_index("period")
    # FY2022 is linked by the document that prints FY2021 on the new perimeter (6,000 -> 6,600),
    # never by the first publications of two perimeters (12,100 -> 6,600)
    assert links.loc["FY2022", "link"] == "ar-2022"
    assert links.loc["FY2022", "kind"] == "one document"
    assert links.loc["FY2022", "change"] == pytest.approx(6600 / 6000)
    assert links.loc["FY2022", "perimeter"] == "small"
    # two first publications of one perimeter link too, naming both documents
    assert links.loc["FY2020", "link"] == "ar-2019;ar-2020"
    assert links.loc["FY2020", "kind"] == "same perimeter"


def test_no_document_linking_two_perimeters_breaks_the_chain():
    rows = sale()
    rows = rows[rows["basis"] != "restated"]          # nobody printed FY2021 on 'small'
    linked = chain.chained(rows)
    assert "FY2022" not in set(chain.links(rows)["period"])
    assert linked.set_index("period")["piece"].to_dict() == {
        "FY2019": 0, "FY2020": 0, "FY2021": 0, "FY2022": 1, "FY2023": 1}
    assert chain.breaks(linked) == [("FY2021", "FY2022")]
    table = figdata.finish_table(figdata.chained_points(linked, "x", "level", "EUR million"))
    assert table.set_index("period").loc["FY2021", "line"] != \
        table.set_index("period").loc["FY2022", "line"]


def test_the_chained_index_is_the_product_of_its_links():
    linked = chain.chained(sale(), base="FY2019").set_index("period")
    links = chain.links(sale()).set_index("period")
    for period in ("FY2020", "FY2021", "FY2022", "FY2023"):
        product = math.prod(links.loc[p, "change"] for p in links.index if p <= period)
        assert linked.loc[period, "index"] == pytest.approx(100 * product)
    # 10% a year on each perimeter: the index grows 10% a year through the sale
    assert linked.loc["FY2023", "index"] == pytest.approx(100 * 1.1 ** 4)


def test_levels_are_anchored_on_the_latest_first_published_figure():
    linked = chain.chained(sale()).set_index("period")
    assert linked.loc["FY2023", "level"] == pytest.approx(7260)
    # back-cast on today's perimeter: FY2021 as the new perimeter printed it
    assert linked.loc["FY2021", "level"] == pytest.approx(6000)
    assert linked.loc["FY2019", "level"] == pytest.approx(6000 / 1.21)


def test_each_point_names_its_link_and_the_crossing_is_found():
    linked = chain.chained(sale())
    assert list(linked["link"]) == ["", "ar-2019;ar-2020", "ar-2020;ar-2021", "ar-2022",
                                    "ar-2022;ar-2023"]
    crossing = chain.crossings(linked)
    assert list(crossing[["at", "next", "link"]].itertuples(index=False, name=None)) == [
        ("FY2021", "FY2022", "ar-2022")]


def test_the_link_on_the_periods_own_perimeter_wins():
    """When two documents print both years, the one on the perimeter of the period's own
    figure links them, so the chain crosses a perimeter only where it must."""
    rows = frame(
        fact(period="FY2010", value=10000, source="q4-2010", perimeter="with"),
        fact(period="FY2011", value=9000, source="q4-2011", perimeter="with"),
        fact(period="FY2010", value=10000, basis="restated", source="q4-2011", perimeter="with"),
        fact(period="FY2010", value=4000, basis="restated", source="ar-2013", perimeter="without"),
        fact(period="FY2011", value=4400, basis="restated", source="ar-2013", perimeter="without"),
    )
    step = chain.links(rows).set_index("period").loc["FY2011"]
    assert (step["link"], step["perimeter"]) == ("q4-2011", "with")


def test_figures_too_rounded_to_measure_a_change_make_no_link():
    rows = frame(fact(period="FY2014", value=2.3, unit="USD billion", source="r-2014"),
                 fact(period="FY2015", value=2.4, unit="USD billion", source="r-2015"))
    assert chain.links(rows).empty
    exact = frame(fact(period="FY2014", value=2288.3, unit="USD million", source="k-2015"),
                  fact(period="FY2015", value=2445.7, unit="USD million", source="k-2015"))
    assert chain.links(exact)["change"].iloc[0] == pytest.approx(2445.7 / 2288.3)


def test_a_printed_record_joins_a_recast_only_through_one_document_on_its_perimeter():
    rows = frame(fact(period="FY2014", value=11.0, basis="restated", source="q4-2015"),
                 fact(period="FY2015", value=12.0, source="q4-2015"),
                 fact(period="FY2016", value=24.0, basis="restated", source="20f-2017",
                      perimeter="other"))
    printed = chain.record(rows).set_index("period")["link"]
    assert printed["FY2015"] == "q4-2015" and printed["FY2016"] == ""
    table = figdata.finish_table(figdata.points(chain.record(rows), "x", "amount"))
    lines = table.set_index("period")["line"]
    assert lines["FY2014"] == lines["FY2015"] != lines["FY2016"]
    assert figdata.problems(table) == []


def test_problems_find_a_join_across_perimeters_without_a_link():
    rows = frame(fact(period="FY2020", value=1, perimeter="a"),
                 fact(period="FY2021", value=2, perimeter="b"))
    table = figdata.finish_table(figdata.points(rows, "x", "amount"))
    table["line"] = "one"                               # someone joins them by hand
    assert figdata.problems(table) == ["line 'one' joins perimeters at FY2021 without a link "
                                       "(a/as_reported to b/as_reported)"]
    table.loc[1, "link"] = "ar-2021"
    assert figdata.problems(table) == []


def test_a_chained_point_is_joined_only_by_its_link():
    rows = frame(fact(period="FY2020", value=1, source="a"),
                 fact(period="FY2021", value=2, source="b", basis="non_ifrs"))
    linked = chain.chained(rows)          # different kinds of figure: no link
    table = figdata.finish_table(figdata.chained_points(linked, "x", "level", "u"))
    assert table["line"].nunique() == 2
