"""The real notebooks, run many ways in the report's own warm worker kernels.

One pool of workers runs every case of this module once (the expensive part of the suite),
and each test reads what it needs from the results:

- the parameter grid: every value a parameters cell promises (`# one of:` choices, both ends
  of every `# years` range, both booleans) runs to the end and draws honestly (no figure
  table joins two perimeters or bases without a cited link, no title says 'nan');
- particular runs a reader relies on (another currency and base year, a shorter window, a
  refused value);
- data changes that must reach the charts through data/ alone (a new fiscal year).
"""

from __future__ import annotations

import json
import os
import re
import shutil

import pandas as pd
import pytest

from helpers import checks, data, figdata, paths
from helpers.report import grid, params

pytestmark = pytest.mark.notebooks

NOTEBOOKS = sorted(paths.notebooks_dir().glob("[0-9][0-9]-*.ipynb"))
LATEST = data.latest_year(data.load())
SOURCE = ("synthetic-future,A made-up report for the future-year test,Test,{date},"
          "https://example.org/future,annual_report\n")


def notebook(stem: str):
    return paths.notebooks_dir() / f"{stem}.ipynb"


def project_copy(base, name: str):
    """A copy of the project's data and notebooks that a case may change."""
    copy = base / name
    for folder in ("data", "notebooks"):
        shutil.copytree(paths.root() / folder, copy / folder)
    (copy / "figures").mkdir()
    shutil.copy(paths.root() / "pyproject.toml", copy / "pyproject.toml")
    return copy


def add_year(folder, year: int) -> None:
    """Plausible rows for FY``year`` (made-up values: the test checks only that the year
    reaches the charts; Nokia's first quarter comes from ``typed_quarter``)."""
    with open(folder / "sources.csv", "a", encoding="utf-8") as fh:
        fh.write(SOURCE.format(date=f"{year + 1}-02-01"))
    rows = [
        f"nokia,total,net_sales,FY{year},{year}-12-31,20500,EUR million,as_reported",
        f"nokia,optical_networks,net_sales,FY{year},{year}-12-31,2600,EUR million,as_reported",
        f"ciena,total,net_sales,FY{year},{year}-10-31,5200,USD million,as_reported",
        f"cisco,total,net_sales,FY{year},{year}-07-25,58000,USD million,as_reported",
    ]
    with open(folder / "future.csv", "w", encoding="utf-8") as fh:
        fh.write("entity,segment,metric,period,period_end,value,unit,basis,source_id,locator,"
                 "note\n")
        for row in rows:
            fh.write(f"{row},synthetic-future,p. 1,made up for a test\n")


def special_cases(base) -> list[grid.Case]:
    from tests.test_new_period import typed_quarter

    # one copy of data/ one period ahead: Nokia's next quarter typed through new-period, and
    # a made-up next fiscal year for every company
    future = project_copy(base, "future")
    typed_quarter(future)
    add_year(future / "data", LATEST + 1)
    return [
        grid.Case(notebook("30-competitors"), {"currency": "EUR", "base_year": 2018},
                  formats=("png", "pdf"), name="euros-2018"),
        grid.Case(notebook("10-revenue-collapse"), {"start_year": 2008, "end_year": 2012},
                  name="window-2008-2012"),
        grid.Case(notebook("30-competitors"), {"currency": "GBP"}, name="refused-currency"),
        grid.Case(notebook("30-competitors"), {"first_year": 2020, "last_year": 2010},
                  name="refused-window"),
        *[grid.Case(future / "notebooks" / nb.name, {}, root=future, name=f"future-{nb.stem}")
          for nb in NOTEBOOKS if not nb.stem.startswith("40")],
    ]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("runs")
    cases = grid.cases(NOTEBOOKS, LATEST) + special_cases(base)
    workers = max(1, min(2, os.cpu_count() or 1))
    # the made-up next year is published after it ends: the runs happen on a later day
    os.environ[checks.TODAY_ENV] = f"{LATEST + 2}-03-01"
    try:
        results = grid.run(cases, base / "stages", workers=workers)
    finally:
        del os.environ[checks.TODAY_ENV]
    return {case.slug: (case, outcome, stage) for case, outcome, stage in results}


def grid_runs(runs):
    return [r for slug, r in runs.items() if not r[0].name]


def meta(stage, stem: str) -> dict:
    return json.loads((stage / "meta" / f"{stem}.json").read_text())


# ---------------------------------------------------------------- the parameter grid

def test_the_grid_covers_every_declared_choice_and_year_bound():
    cases = grid.cases(NOTEBOOKS, LATEST)
    for path in NOTEBOOKS:
        written = params.read_parameters(path)
        declared = params.with_data_choices(written, data.load())
        run = [c.parameters for c in cases if c.notebook == path]
        for name, default in declared.defaults.items():
            if name in grid.SKIP | grid.unwalked(written):
                continue
            tried = [p[name] for p in run if name in p] + [default]
            for value in grid.values(declared, name, LATEST):
                assert value in tried, (path.name, name, value)
            if name in declared.choices and isinstance(default, list):
                inside = {v for t in tried for v in t}
                assert set(declared.choices[name]) <= inside, (path.name, name)
                assert any(len(t) == 1 for t in tried), (path.name, name, "alone")
                assert list(declared.choices[name]) in tried, (path.name, name, "all")
            if name in (declared.years or {}):
                first, last, _zero = declared.years[name]
                assert first in tried and (last or LATEST) in tried, (path.name, name)


def test_every_case_runs_to_the_end(runs):
    failed = [f"{c.notebook.stem} {c.parameters}: {o.error}" for c, o, _ in grid_runs(runs)
              if not o.ok]
    assert failed == []


def test_every_case_publishes_honest_figure_tables(runs):
    bad = []
    for case, outcome, stage in grid_runs(runs):
        if not outcome.ok:
            continue
        figures = meta(stage, case.notebook.stem)["figures"]
        assert figures, f"{case.slug}: no figure"
        for figure in figures:
            table = stage / "figures" / case.notebook.stem / f"{figure['name']}.csv"
            if not table.exists():
                bad.append(f"{case.slug}/{figure['name']}: no table")
                continue
            found = figdata.problems(pd.read_csv(table, dtype={"period": str}))
            bad += [f"{case.slug}/{table.name}: {p}" for p in found]
    assert bad == []


def test_no_case_prints_nan_in_a_title_or_finding(runs):
    bad = []
    for case, outcome, stage in grid_runs(runs):
        if not outcome.ok:
            continue
        m = meta(stage, case.notebook.stem)
        texts = [f["title"] for f in m["figures"]] + [f["text"] for f in m["findings"]]
        bad += [f"{case.slug}: {t[:90]}" for t in texts if re.search(r"\bnan\b", t)]
    assert bad == []


def test_a_year_outside_the_promise_is_refused_before_any_kernel():
    declared = params.read_parameters(notebook("10-revenue-collapse"))
    with pytest.raises(params.ParameterError, match="start_year"):
        params.resolve([declared], {"start_year": 1990}, latest=LATEST)
    with pytest.raises(params.ParameterError, match="start_year"):
        params.resolve([declared], {"start_year": LATEST + 6}, latest=LATEST)


# ---------------------------------------------------------------- particular runs

def test_competitors_in_euros_with_another_base_year(runs):
    case, outcome, stage = runs["euros-2018"]
    assert outcome.ok, outcome.error
    folder = stage / "figures" / "30-competitors"
    index = pd.read_csv(folder / "indexed.csv", dtype={"period": str})
    assert set(index.loc[index["period"] == "FY2018", "y"].round(6)) == {100.0}
    assert set(index["unit"]) == {"index, FY2018 = 100 (EUR)"}
    titles = {f["name"]: f["title"] for f in meta(stage, "30-competitors")["figures"]}
    assert "FY2018 = 100" in titles["indexed"]
    assert (folder / "revenue.pdf").is_file() and (folder / "revenue.png").is_file()
    assert not (folder / "revenue.svg").exists()


def test_collapse_for_a_shorter_window_changes_the_numbers(runs):
    case, outcome, stage = runs["window-2008-2012"]
    assert outcome.ok, outcome.error
    group = pd.read_csv(stage / "figures" / "10-revenue-collapse" / "group-net-sales.csv",
                        dtype={"period": str})
    assert set(group["period"]) == {f"FY{y}" for y in range(2008, 2013)}
    title = next(f["title"] for f in meta(stage, "10-revenue-collapse")["figures"]
                 if f["name"] == "group-net-sales")
    assert "FY2008 peak" in title      # from 2008 the peak is 2008 itself


def test_a_wrong_parameter_value_fails_with_its_name(runs):
    _, outcome, _ = runs["refused-currency"]
    assert not outcome.ok
    assert "parameter currency" in outcome.error and "USD" in outcome.error


def test_papermill_refuses_what_the_runner_refuses_with_the_same_message(runs):
    """Run by papermill (as the workers do, and as a user does by hand or in JupyterLab), a
    window that ends before it starts stops the notebook at its start with the message the
    runner prints before exiting 2, instead of drawing empty charts."""
    _, outcome, stage = runs["refused-window"]
    declared = params.read_parameters(notebook("30-competitors"))
    with pytest.raises(params.ParameterError) as refused:
        params.resolve([declared], {"first_year": 2020, "last_year": 2010}, latest=LATEST)
    assert not outcome.ok
    assert str(refused.value) in outcome.error
    assert not list((stage / "figures").rglob("*.csv"))


# ---------------------------------------------------------------- data alone moves the charts

def test_a_new_year_in_data_reaches_every_time_series_notebook(runs):
    future = f"FY{LATEST + 1}"
    missing = []
    for slug, (case, outcome, stage) in runs.items():
        if not slug.startswith("future-"):
            continue
        assert outcome.ok, f"{slug}: {outcome.error}"
        periods = set()
        for table in (stage / "figures" / case.notebook.stem).glob("*.csv"):
            periods |= set(pd.read_csv(table, dtype={"period": str})["period"].astype(str))
        if not any(future in p for p in periods):
            missing.append(case.notebook.stem)
    assert missing == [], f"{future} not in the figure tables of {missing}"


def test_a_quarter_typed_from_new_period_reaches_the_quarterly_charts(runs):
    """Nokia's next quarter (2026Q1, the first of its 2026 structure, while data/ ends in
    2025), typed through new-period, reaches the quarterly charts with no notebook edit, its
    new segments included."""
    from helpers import new_period, words

    quarter = new_period.next_period(data.load(), "nokia")
    case, outcome, stage = runs["future-20-segment-growth"]
    assert outcome.ok, outcome.error
    folder = stage / "figures" / "20-segment-growth"
    group = pd.read_csv(folder / "group-growth.csv", dtype={"period": str})
    assert quarter in set(group["period"])
    segments = pd.read_csv(folder / "segment-growth.csv", dtype={"period": str})
    newest = segments[segments["period"] == quarter]
    assert "Mobile Infrastructure" in set(newest["label"])
    title = next(f["title"] for f in meta(stage, "20-segment-growth")["figures"]
                 if f["name"] == "group-growth")
    assert words.period(quarter) in title
