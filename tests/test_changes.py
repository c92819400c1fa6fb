"""What a rebuild says moved: the line a cron mail opens with and the report's box."""

from __future__ import annotations

from helpers.report import changes

HEADER = "entity,segment,metric,period,period_end,value,unit,basis,source_id,locator,note\n"
ROW = "nokia,total,net_sales,FY2024,2024-12-31,{v},EUR million,as_reported,nokia-20f-2024,p,\n"


def test_a_retyped_value_is_changed_not_added_and_removed():
    moved = changes.facts(HEADER + ROW.format(v=19220), HEADER + ROW.format(v=19230))
    assert moved["counts"] == {"added": 0, "changed": 1, "removed": 0}
    assert moved["changed"][0]["old"].startswith("19220 EUR million")
    assert moved["changed"][0]["new"].startswith("19230 EUR million")


def test_a_new_period_end_unit_or_basis_is_a_changed_fact():
    """A period end moves the conversion window (Cisco FY2025 typed five days late moves it
    in euros by 5%); a unit or basis moves the line: none is 'nothing changed'."""
    row = ROW.format(v=19220)
    for edit in (row.replace("2024-12-31", "2024-12-26"),
                 row.replace("EUR million", "EUR billion"),
                 row.replace("as_reported", "restated")):
        moved = changes.facts(HEADER + row, HEADER + edit)
        assert moved["counts"] == {"added": 0, "changed": 1, "removed": 0}, edit
        assert moved["changed"][0]["old"] != moved["changed"][0]["new"]


def test_a_chart_title_that_now_says_something_else_is_a_moved_finding():
    before = {"20": {"findings": [], "figures": [{"name": "mix", "title": "A fell to 40%"}]}}
    after = {"20": {"findings": [], "figures": [{"name": "mix", "title": "A fell to 39%"},
                                               {"name": "new", "title": "A new chart"}]}}
    moved = changes.findings(before, after)
    assert moved == [{"notebook": "20", "figure": "mix", "old": "A fell to 40%",
                      "new": "A fell to 39%"}]   # a new chart is not a moved finding


def test_an_unchanged_rebuild_says_so_in_one_plain_line():
    same = {"facts": {"counts": {"added": 0, "changed": 0, "removed": 0}}, "findings": [],
            "figures": []}
    assert changes.summary(same) == "nothing changed since the last build"
    one = {**same, "findings": [{"notebook": "20", "old": "a", "new": "b"}]}
    assert "1 finding(s)" in changes.summary(one)


def test_a_key_finding_keeps_its_brackets_whole():
    from helpers.report import index

    text = ("Nokia printed EUR 19.9 billion for FY2025, 30% more than before (EUR 15.3 billion "
            "for FY2008, Nokia Siemens Networks; both as reported), but acquisitions bought "
            "the growth; same perimeter, chained, -9%. A second sentence.")
    assert index._first_sentence(text) == (
        "Nokia printed EUR 19.9 billion for FY2025, 30% more than before (EUR 15.3 billion for "
        "FY2008, Nokia Siemens Networks; both as reported), but acquisitions bought the growth; "
        "same perimeter, chained, -9%.")
    assert index._first_sentence("Sales fell; then rose") == "Sales fell."
