"""The comparison rules of the sentence layer, on hand-made numbers where the tempting
comparison is invalid: rates over different spans, changes of different quarters, a business
unit against the segment that holds it."""

from __future__ import annotations

from helpers import compare, words
from helpers.compare import Measure
from helpers.segments import net_sales


def pct(v):
    return words.pct(v, 1)


def test_rates_over_different_spans_are_not_ranked_and_each_names_its_span():
    a = Measure("Fixed", 4.1, "FY2019", "FY2024")
    b = Measure("Infrastructure", -9.1, "FY2022", "FY2024")
    text = compare.rank([a, b], pct, per="a year")
    assert "fastest" not in text and "most" not in text
    assert text == "Fixed +4.1% a year (FY2019-FY2024); Infrastructure -9.1% a year (FY2022-FY2024)"


def test_rates_over_one_span_are_ranked_with_the_span_said_once():
    ms = [Measure("A", 3.0, "FY2022", "FY2024"), Measure("B", -15.0, "FY2022", "FY2024"),
          Measure("C", 1.0, "FY2022", "FY2024")]
    assert compare.rank(ms, pct, per="a year") == \
        "FY2022-FY2024: A grew fastest (+3.0% a year); B fell most (-15.0%)"
    assert compare.listed(ms, pct, per="a year") == \
        "FY2022-FY2024: A +3.0% a year, C +1.0%, B -15.0%"


def test_changes_of_different_quarters_are_listed_each_with_its_quarter():
    ms = [Measure("IP", 7, "2025Q1", "2025Q1"), Measure("Optical", 17, "2025Q4", "2025Q4")]
    text = compare.rank(ms, words.pct)
    assert text == "IP +7% (Q1 2025); Optical +17% (Q4 2025)"
    assert not compare.alike(ms)


def test_a_business_unit_is_not_ranked_against_segments():
    ms = [Measure("Mobile", -5.0, "FY2022", "FY2024", kind="segment"),
          Measure("IP", 2.0, "FY2022", "FY2024", kind="unit", part_of="Infrastructure")]
    assert not compare.alike(ms)
    assert [len(g) for g in compare.groups(ms)] == [1, 1]
    assert compare.parts_within(ms) == {"Infrastructure": [ms[1]]}


def test_all_falling_is_said_as_such():
    ms = [Measure("A", -1.0, "FY2022", "FY2024"), Measure("B", -8.0, "FY2022", "FY2024")]
    assert compare.rank(ms, pct, per="a year") == \
        "FY2022-FY2024: all fell; A least (-1.0% a year), B most (-8.0%)"


def test_segment_sentence_ranks_segments_and_puts_units_within_their_segment():
    rates = [{"line": "Seg A", "panel": "segments", "from": "FY2022", "to": "FY2024",
              "a year %": 2.0},
             {"line": "Seg B", "panel": "segments", "from": "FY2022", "to": "FY2024",
              "a year %": -4.0},
             {"line": "Unit X", "panel": "units", "from": "FY2022", "to": "FY2024",
              "a year %": 9.0}]
    n = {"first": 2019, "last": 2024, "rates": rates, "missing": [], "stopped": [],
         "span": ("FY2022", "FY2024")}
    title, finding = net_sales.segment_words(n)
    # the unit grew fastest of all, but it is never set against the segments
    assert title.startswith("FY2022-FY2024: Seg A grew fastest (+2.0% a year); Seg B fell "
                            "most (-4.0%)")
    assert "within Network Infrastructure, Unit X +9.0%" in title
    assert "Within Network Infrastructure: Unit X +9.0%." in finding
