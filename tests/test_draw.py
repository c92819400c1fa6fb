"""The chart grammar: what every figure promises a reader, on hand-made tables.

Titles fit in two lines, names sit at the ends of lines instead of in a legend, no text
overlaps another, and the marks of perimeter changes are read from the figure's own table,
naming the document that links the two perimeters where a line continues through one.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from helpers import chain, data, draw, figdata
from tests.facts import fact, frame


@pytest.fixture(scope="module")
def ds():
    return data.Dataset()


def crowded() -> figdata.Chart:
    """Five lines ending close together, one of them early: the end labels must spread."""
    parts = []
    for i, name in enumerate(["Alpha Networks", "Beta", "Gamma Services", "Delta", "Epsilon"]):
        values = {f"FY{y}": 1000 + 10 * i + y - 2015 for y in range(2015, 2025 - (i == 4) * 4)}
        rows = frame(*[fact(period=p, value=v, source=f"d{p}") for p, v in values.items()])
        parts.append(figdata.points(rows, name, "amount"))
    table = figdata.finish_table(*parts)
    return figdata.Chart("crowded", table, title="Five lines whose ends almost meet, and "
                         "their names never overlap each other or a line", subtitle="Test")


def test_names_at_line_ends_do_not_overlap(ds):
    fig = draw.chart(crowded(), ds, [draw.Panel(ylabel="EUR million")])
    try:
        assert draw.overlaps(fig) == []
        names = {t.get_text() for t in fig.texts}
        assert {"Alpha Networks", "Beta", "Gamma Services", "Delta", "Epsilon"} <= names
        assert fig.axes[0].get_legend() is None
    finally:
        plt.close(fig)


def test_overlaps_are_found_when_texts_collide(ds):
    fig = draw.chart(crowded(), ds, [draw.Panel(ylabel="EUR million")])
    try:
        fig.text(0.0, 0.995, "a text on the title", fontsize=13, va="top")
        assert any("a text on the title" in o for o in draw.overlaps(fig))
    finally:
        plt.close(fig)


def test_a_long_title_wraps_within_the_figure():
    lines = draw.wrap("word " * 60, 9.6, draw.TITLE_SIZE, True)
    assert all(draw.text_width(line, draw.TITLE_SIZE, True) <= 9.6 for line in lines)
    assert len(lines) > 2


def test_perimeter_marks_name_a_break_and_a_crossing_apart():
    rows = frame(fact(period="FY2020", value=10000, source="a", perimeter="old",
                      perimeter_label="Old scope"),
                 fact(period="FY2021", value=11000, source="b", perimeter="old",
                      perimeter_label="Old scope"),
                 fact(period="FY2021", value=5000, basis="restated", source="c", perimeter="new",
                      perimeter_label="New scope"),
                 fact(period="FY2022", value=5500, source="c", perimeter="new",
                      perimeter_label="New scope"))
    printed = figdata.points(chain.record(rows), "As printed", "amount")
    like = figdata.chained_points(chain.chained(rows), "Chained", "level", "u")
    table = figdata.finish_table(printed, like)
    marks = draw.perimeter_marks(table, name=lambda ids: f"doc {ids}")
    assert len(marks) == 1 and marks[0]["x"] == 2021.5
    text = marks[0]["texts"][0]
    assert text.startswith("FY2022: New scope")
    assert "Chained continues through doc c" in text


def test_events_are_numbered_from_left_to_right(ds):
    import pandas as pd

    events = pd.DataFrame({"date": ["2024-06-01", "2016-01-04"], "title": ["Late", "Early"]})
    fig = draw.chart(crowded(), ds, [draw.Panel(ylabel="EUR million")],
                     draw.event_marks(events))
    try:
        # named on the chart beside their rules where they fit, else in the key
        texts = [str(t.get_text()) for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
        assert any(t.startswith("1 Early") or "1  Early" in t for t in texts)
        assert any(t.startswith("2 Late") or "2  Late" in t for t in texts)
    finally:
        plt.close(fig)
