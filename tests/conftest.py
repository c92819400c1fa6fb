"""Shared test set-up: a throw-away project tree, and outputs kept out of the repository.

Notebooks executed by nbval write figures through ``save_figure``; pointing
``NOKIA_OUTPUT_DIR`` at a temporary folder before any kernel starts keeps the committed
figures/ untouched by a test run.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
_SCRATCH = tempfile.mkdtemp(prefix="nokia-tests-")
os.environ["NOKIA_OUTPUT_DIR"] = _SCRATCH
os.environ["NOKIA_BATCH"] = "1"
# Kernels started by the tests (nbval's among them) write each figure's table but no image:
# the images are compared once, from the report build of test_notebooks.py; the runner sets
# its own formats for its workers.
os.environ["NOKIA_FIGURE_FORMATS"] = "none"
os.environ.setdefault("MPLBACKEND", "agg")

SOURCES = textwrap.dedent("""\
    source_id,title,publisher,date,url,kind
    nokia-ar-2007,Nokia in 2007,Nokia Corporation,2008-03-01,https://example.org/ar2007,annual_report
    cisco-10k-2025,Form 10-K 2025,Cisco Systems,2025-09-03,https://example.org/10k,form_10k
    """)
FACTS_HEADER = "entity,segment,metric,period,period_end,value,unit,basis,source_id,locator,note\n"
GOOD_FACTS = FACTS_HEADER + textwrap.dedent("""\
    nokia,total,net_sales,FY2007,2007-12-31,51058,EUR million,as_reported,nokia-ar-2007,p. 2,
    nokia,mobile_phones,net_sales,FY2007,2007-12-31,25083,EUR million,as_reported,nokia-ar-2007,p. 3,
    nokia,multimedia,net_sales,FY2007,2007-12-31,10538,EUR million,as_reported,nokia-ar-2007,p. 3,
    nokia,total,market_share,FY2007,2007-12-31,40,percent,estimate,nokia-ar-2007,p. 4,measured by Nokia; units
    cisco,total,net_sales,FY2025,2025-07-26,56654,USD million,as_reported,cisco-10k-2025,p. 40,
    """)
STRUCTURES = textwrap.dedent("""\
    entity,structure,segment,parent,first_period,last_period
    nokia,toy,mobile_phones,total,FY2007,FY2007
    nokia,toy,multimedia,total,FY2007,FY2007
    nokia,toy,networks,total,FY2007,FY2007
    """)


def write_data(root: Path, facts: str = GOOD_FACTS, sources: str = SOURCES,
               name: str = "facts.csv") -> Path:
    data = root / "data"
    data.mkdir(parents=True, exist_ok=True)
    (data / "sources.csv").write_text(sources)
    (data / name).write_text(facts)
    (data / "structures.csv").write_text(STRUCTURES)
    return data


def skeleton(root: Path) -> Path:
    """An empty project tree: pyproject.toml, notebooks/, figures/ and a small data/."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'fixture'\n")
    (root / "notebooks").mkdir(exist_ok=True)
    (root / "figures").mkdir(exist_ok=True)
    write_data(root)
    return root


@pytest.fixture
def project(tmp_path, monkeypatch):
    """An empty project tree that the whole package treats as its root."""
    skeleton(tmp_path)
    monkeypatch.setenv("NOKIA_IN_NUMBERS_ROOT", str(tmp_path))
    return tmp_path


@pytest.fixture
def python():
    return sys.executable


@pytest.fixture(scope="session")
def built_toy(tmp_path_factory):
    """The toy project (tests/toy_project.py) after one successful report run, built once
    per test process; ``built`` hands each test its own copy."""
    from tests.toy_project import make_notebook, report

    root = skeleton(tmp_path_factory.mktemp("toy") / "project")
    make_notebook(root, "01-toy")
    make_notebook(root, "02-other")
    result = report(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture
def built(project, built_toy):
    """A fresh copy of the built toy project, as the package's root."""
    shutil.rmtree(project)
    shutil.copytree(built_toy, project, symlinks=True)
    return project


def ran_in_place(notebooks: Path) -> None:
    """Leave the copy as a user may: notebook 30 run in place by papermill with another
    currency and saved as it is, notebook 20 run in place and then stripped by the hook. The
    default build must still be the default report (the committed figures)."""
    import papermill

    from helpers import nbstore

    for stem, value, strip in (("30-competitors", {"currency": "EUR"}, False),
                               ("20-segment-growth", {"growth_from": 2022}, True)):
        path = notebooks / f"{stem}.ipynb"
        papermill.execute_notebook(str(path), str(path), parameters=value, prepare_only=True,
                                   progress_bar=False)
        if strip:
            nbstore.strip_file(path)


@pytest.fixture(scope="session")
def built_copy(tmp_path_factory):
    """One full report build from a copy of the repository, shared by the tests that read a
    built report (the figures against the committed ones, the report in a browser): built
    once per test session, whichever parallel test process asks first, and never changed."""
    import subprocess

    from filelock import FileLock

    # the folder all of this session's test processes share (each has its own below it)
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    copy = shared / "built-copy" / "repo"
    with FileLock(str(shared / "built-copy.lock")):
        if not (copy.parent / "done").exists():
            shutil.rmtree(copy.parent, ignore_errors=True)
            for name in ("data", "notebooks"):
                shutil.copytree(REPO / name, copy / name)
            ran_in_place(copy / "notebooks")
            (copy / "figures").mkdir()
            shutil.copy(REPO / "pyproject.toml", copy / "pyproject.toml")
            env = dict(os.environ, NOKIA_IN_NUMBERS_ROOT=str(copy))
            env.pop("NOKIA_OUTPUT_DIR", None)
            env.pop("NOKIA_BATCH", None)
            env.pop("NOKIA_FIGURE_FORMATS", None)
            result = subprocess.run([sys.executable, "-m", "helpers", "report", "--jobs", "2"],
                                    env=env, capture_output=True, text=True, timeout=900)
            assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
            (copy.parent / "done").touch()
    return copy


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_SCRATCH, ignore_errors=True)



# The files that take longest start first, so parallel test processes finish together
# rather than one starting the grid when the others are done.
FIRST = ("test_notebook_runs.py", "test_browser.py", "test_report_browser.py",
         "test_runner_kernels.py", "test_runner.py")


def pytest_collection_modifyitems(config, items):
    def rank(item):
        name = item.path.name
        return FIRST.index(name) if name in FIRST else len(FIRST)
    items.sort(key=rank)  # stable: each file keeps its own order
