"""The committed figures: each has its table, and the table shows nothing joined that
should not be. These are the files readers see; the parameter grid checks other values."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import figdata, paths

PNGS = sorted(paths.figures_dir().rglob("*.png"))


def test_there_are_figures():
    assert len(PNGS) >= 10


@pytest.mark.parametrize("png", PNGS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_each_figure_has_an_honest_table(png):
    table_path = png.with_suffix(".csv")
    assert table_path.exists(), f"{png} has no table of its plotted points"
    table = pd.read_csv(table_path, dtype={"period": str})
    assert not table.empty
    assert figdata.problems(table) == []
    plotted = table[table["mark"] != "note"]  # notes are listed in words, not plotted
    assert plotted["source_id"].notna().all() and plotted["unit"].notna().all()
    assert plotted["y"].notna().all()


def test_no_annual_nokia_point_is_labelled_as_a_calendar_date():
    """Fiscal years are labelled as fiscal years: an annual point's label is 'FYnnnn'."""
    for png in PNGS:
        table = pd.read_csv(png.with_suffix(".csv"), dtype={"period": str})
        annual = table[table["period"].astype(str).str.fullmatch(r"FY\d{4}")
                       & table["mark"].isin(["line", "bar"])]
        assert (annual["x_label"] == annual["period"]).all(), png
