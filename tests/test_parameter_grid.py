"""Every value a notebook's parameters cell allows runs to the end, and draws honestly.

The grid (helpers.report.grid) varies one parameter at a time over its choices, its year
bounds and both booleans; each case runs in the report's own worker kernels. A case passes
when the notebook finishes, every figure has its table, no drawn line joins a gap or two
perimeters or bases, and no finding prints 'nan'.
"""

from __future__ import annotations

import json
import os
import re

import pandas as pd
import pytest

from helpers import data, figdata, paths
from helpers.report import grid, params

pytestmark = pytest.mark.notebooks


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    notebooks = sorted(paths.notebooks_dir().glob("[0-9][0-9]-*.ipynb"))
    latest = data.latest_year(data.load())
    cases = grid.cases(notebooks, latest)
    scratch = tmp_path_factory.mktemp("grid")
    workers = max(1, min(2, os.cpu_count() or 1))
    return grid.run(cases, scratch, workers=workers)


def test_the_grid_covers_every_declared_choice_and_year_bound():
    latest = data.latest_year(data.load())
    notebooks = sorted(paths.notebooks_dir().glob("[0-9][0-9]-*.ipynb"))
    cases = grid.cases(notebooks, latest)
    for path in notebooks:
        declared = params.read_parameters(path)
        varied = {c.name for c in cases if c.notebook == path}
        promised = set(declared.choices) | set(declared.years or {}) | {
            n for n, v in declared.defaults.items() if isinstance(v, bool)}
        assert promised - grid.SKIP <= varied, path.name
    # each year range is run at both ends
    for path in notebooks:
        declared = params.read_parameters(path)
        for name, (first, last, _zero) in (declared.years or {}).items():
            run = {c.value for c in cases if c.notebook == path and c.name == name}
            assert first in run or declared.defaults[name] == first
            assert (last or latest) in run or declared.defaults[name] == (last or latest)


def test_every_case_runs_to_the_end(results):
    failed = [f"{c.notebook.stem} {c.name}={c.value!r}: {o.error}"
              for c, o, _ in results if not o.ok]
    assert failed == []


def test_every_case_publishes_honest_figure_tables(results):
    bad = []
    for case, outcome, stage in results:
        if not outcome.ok:
            continue
        folder = stage / "figures" / case.notebook.stem
        pngs = sorted(folder.glob("*.png"))
        assert pngs, f"{case.slug}: no figure"
        for png in pngs:
            table = png.with_suffix(".csv")
            if not table.exists():
                bad.append(f"{case.slug}/{png.name}: no table")
                continue
            found = figdata.problems(pd.read_csv(table, dtype={"period": str}))
            bad += [f"{case.slug}/{table.name}: {p}" for p in found]
    assert bad == []


def test_no_case_prints_nan_in_a_title_or_finding(results):
    bad = []
    for case, outcome, stage in results:
        if not outcome.ok:
            continue
        meta = json.loads((stage / "meta" / f"{case.notebook.stem}.json").read_text())
        texts = [f["title"] for f in meta["figures"]] + [f["text"] for f in meta["findings"]]
        bad += [f"{case.slug}: {t[:90]}" for t in texts if re.search(r"\bnan\b", t)]
    assert bad == []


def test_a_year_outside_the_promise_is_refused_before_any_kernel(tmp_path):
    declared = params.read_parameters(paths.notebooks_dir() / "10-revenue-collapse.ipynb")
    with pytest.raises(params.ParameterError, match="start_year"):
        params.resolve([declared], {"start_year": 1990}, latest=2025)
    with pytest.raises(params.ParameterError, match="start_year"):
        params.resolve([declared], {"start_year": 2031}, latest=2025)
