"""The real notebooks under papermill: non-default parameters, bad values, stable figures.

nbval (configured in pyproject.toml) separately runs every notebook top to bottom and
compares the cells marked NBVAL_CHECK_OUTPUT with their stored outputs.
"""

from __future__ import annotations

import json
import os

import papermill as pm
import pytest

from helpers import kernel, paths

pytestmark = pytest.mark.notebooks


def run(name, tmp_path, **parameters):
    stage = tmp_path / "stage"
    os.environ["NOKIA_OUTPUT_DIR"] = str(stage)
    out = tmp_path / f"{name}.ipynb"
    kernel.ensure_kernelspec()
    nb = pm.execute_notebook(str(paths.notebooks_dir() / f"{name}.ipynb"), str(out),
                             parameters=parameters, kernel_name=kernel.KERNEL_NAME,
                             cwd=str(paths.notebooks_dir()), progress_bar=False)
    meta = json.loads((stage / "meta" / f"{name}.json").read_text())
    text = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    return text, meta, stage


def test_competitors_in_euros_with_another_base_year(tmp_path):
    text, meta, stage = run("30-competitors", tmp_path, currency="EUR", base_year=2018,
                            formats=["png", "pdf"])
    rows = [line.split() for line in text.splitlines() if line.startswith("2018 ")]
    assert rows and all(v == "100.0" for v in rows[-1][1:])
    titles = {f["name"]: f["title"] for f in meta["figures"]}
    assert titles["revenue"].endswith("in EUR")
    assert (stage / "figures" / "30-competitors" / "revenue.pdf").is_file()
    assert not (stage / "figures" / "30-competitors" / "revenue.svg").exists()


def test_collapse_for_a_shorter_window_changes_the_numbers(tmp_path):
    text, meta, _ = run("10-revenue-collapse", tmp_path, start_year=2008, end_year=2012)
    # from 2008 the group peak is 2008 itself, and the trough falls inside the window
    line = next(line for line in text.splitlines() if line.startswith("Group, as first"))
    assert " FY2008 " in line and " FY2011 " in line
    assert len(meta["findings"]) == 6


def test_a_wrong_parameter_value_fails_with_its_name(tmp_path):
    with pytest.raises(pm.PapermillExecutionError) as err:
        run("30-competitors", tmp_path, currency="GBP")
    assert "parameter currency" in str(err.value) and "USD" in str(err.value)


def test_figures_are_byte_identical_to_the_committed_ones(built_copy):
    """A full rebuild from a copy of the repository reproduces figures/ to the byte."""
    committed = {p.relative_to(paths.figures_dir()): p.read_bytes()
                 for p in paths.figures_dir().rglob("*") if p.is_file()}
    rebuilt = {p.relative_to(built_copy / "figures"): p.read_bytes()
               for p in (built_copy / "figures").rglob("*") if p.is_file()}
    assert sorted(rebuilt) == sorted(committed)
    changed = [str(k) for k in committed if committed[k] != rebuilt[k]]
    assert changed == [], "figures differ from the committed ones; run `make report` and commit"
