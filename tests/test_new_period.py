"""Typing the next quarter: `helpers new-period` lists its rows, validation is the to-do list.

On a copy of the real data/: Nokia's 2026Q1 is the first quarter of its 2026 structure, so
its rows must follow that structure (Mobile Infrastructure and Portfolio Businesses in,
Mobile Networks and Cloud and Network Services out); appended rows are listed by
validation one line each, and typed values make the data valid again.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from helpers import data, new_period
from tests.conftest import REPO

SOURCE = ("synthetic-q1-2026,Made-up interim report for Q1 2026 (test),Nokia Corporation,"
          "2026-04-23,https://example.org/q1-2026,quarterly_report\n")


@pytest.fixture
def copy(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    with open(root / "data" / "sources.csv", "a", encoding="utf-8") as fh:
        fh.write(SOURCE)
    return root


def type_values(root, written: dict[str, int]) -> None:
    """Type every appended value (made up: only the loop is tested) and where it is printed;
    the group is the sum of its three segments, as validation checks."""
    for name in written:
        path = root / name
        text = path.read_text(encoding="utf-8").replace(
            ",2026-03-31,,EUR million,", ",2026-03-31,1500,EUR million,").replace(
            ",2026-03-31,,percent,", ",2026-03-31,3.0,percent,").replace(
            "synthetic-q1-2026,,", "synthetic-q1-2026,p. 3,made up for a test")
        text = text.replace("nokia,total,net_sales,2026Q1,2026-03-31,1500,",
                            "nokia,total,net_sales,2026Q1,2026-03-31,4500,")
        path.write_text(text, encoding="utf-8")


def typed_quarter(root) -> None:
    """data/ under ``root`` with Nokia's 2026Q1 appended by new-period and typed in."""
    with open(root / "data" / "sources.csv", "a", encoding="utf-8") as fh:
        fh.write(SOURCE)
    ds, _ = data.validate(root / "data")
    type_values(root, new_period.write(root, new_period.template(ds, "nokia", None,
                                                                   "synthetic-q1-2026")))


def template(root, period=None, source="synthetic-q1-2026"):
    ds, problems = data.validate(root / "data")
    assert problems == []
    return new_period.template(ds, "nokia", period, source)


def test_the_next_nokia_quarter_follows_the_structure_in_force(copy):
    rows = template(copy)
    assert {r.values["period"] for r in rows} == {"2026Q1"}
    assert {r.values["period_end"] for r in rows} == {"2026-03-31"}
    segments = {r.values["segment"] for r in rows}
    assert {"mobile_infrastructure", "portfolio_businesses", "total"} <= segments
    assert not segments & {"mobile_networks", "cloud_and_network_services"}
    assert all(r.values["value"] == "" and r.values["source_id"] == "synthetic-q1-2026"
               for r in rows)
    # the new segments get the metrics their siblings printed, in the unit Nokia's own
    # reports print (news copies of the quarters before round to billions)
    mi = {r.values["metric"]: r.values["unit"] for r in rows
          if r.values["segment"] == "mobile_infrastructure"}
    assert mi.get("net_sales") == "EUR million"


def test_appended_rows_are_the_to_do_list_and_typed_values_clear_it(copy):
    rows = template(copy)
    written = new_period.write(copy, rows)
    assert sum(written.values()) == len(rows)
    _, problems = data.validate(copy / "data")
    # one line per row still to type, at that row, naming the document to read
    assert len(problems) == len(rows)
    assert {p.column for p in problems} == {"value"}
    assert all("synthetic-q1-2026" in p.message for p in problems)
    lines = {(p.file, p.line) for p in problems}
    assert len(lines) == len(rows)
    type_values(copy, written)
    ds, problems = data.validate(copy / "data")
    assert problems == [], problems[:3]
    assert not [w for w in ds.warnings if "nokia 2026Q1" in w]
    with pytest.raises(new_period.PeriodError, match="complete"):
        new_period.template(ds, "nokia", "2026Q1", "synthetic-q1-2026")


def test_a_half_typed_quarter_is_named_by_what_it_still_lacks(copy):
    rows = template(copy)
    total = next(r for r in rows if (r.values["segment"], r.values["metric"],
                                     r.values["basis"]) == ("total", "net_sales",
                                                            "as_reported"))
    total.values.update(value="4500", locator="p. 1")
    new_period.write(copy, [total])
    ds, problems = data.validate(copy / "data")
    assert problems == []
    lacking = [w for w in ds.warnings if w.startswith("nokia 2026Q1")]
    assert len(lacking) == len(rows) - 1
    assert any("mobile_infrastructure net_sales" in w for w in lacking)


def test_a_locator_is_carried_over_only_from_the_same_publisher(copy):
    ds, _ = data.validate(copy / "data")
    prev = [r for r in ds.facts if r["entity"] == "nokia" and r["period"] == "2025Q4"
            and r["basis"] == "as_reported"]
    rows = template(copy)
    by_key = {(r.values["segment"], r.values["metric"]): r.values["locator"] for r in rows}
    for row in prev:
        key = (row["segment"], row["metric"])
        if key in by_key and ds.sources[row["source_id"]]["publisher"] != "Nokia Corporation":
            assert by_key[key] == "", key


@pytest.mark.parametrize("args, message", [
    (["nosuch"], "unknown company 'nosuch'"),
    (["nokia", "2026-Q1"], "is not a quarter"),
    (["nokia", "--source", "no-such-document"], "not in data/sources.csv"),
])
def test_the_command_refuses_a_wrong_request_with_exit_2(copy, args, message):
    if "--source" not in args:
        args = [*args, "--source", "synthetic-q1-2026"]
    done = subprocess.run([sys.executable, "-m", "helpers", "new-period", *args],
                          env={"NOKIA_IN_NUMBERS_ROOT": str(copy), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert message in done.stderr
    assert (copy / "data" / "nokia_segments.csv").read_bytes() == \
        (REPO / "data" / "nokia_segments.csv").read_bytes()
