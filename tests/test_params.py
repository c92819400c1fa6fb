"""Parameters are checked before any kernel starts: papermill would only warn."""

from __future__ import annotations

import json

import pytest

from helpers.report import params


def notebook(tmp_path, source: str, tag: bool = True):
    cell = {"cell_type": "code", "id": "parameters",
            "metadata": {"tags": ["parameters"] if tag else []},
            "source": source, "outputs": [], "execution_count": None}
    path = tmp_path / "nb.ipynb"
    kernelspec = {"name": "nokia-in-numbers", "display_name": "x", "language": "python"}
    path.write_text(json.dumps({"cells": [cell], "metadata": {"kernelspec": kernelspec},
                                "nbformat": 4,
                                "nbformat_minor": 5}))
    return path


def test_reads_literals_and_choices(tmp_path):
    p = params.read_parameters(notebook(
        tmp_path, 'currency = "USD"  # one of: USD, EUR\nbase_year = 2017\npeers = ["a"]\n'))
    assert p.defaults == {"currency": "USD", "base_year": 2017, "peers": ["a"]}
    assert p.choices == {"currency": ("USD", "EUR")}


@pytest.mark.parametrize("source, words", [
    ("x = 1 + y\n", "must be a literal"),
    ("print(1)\n", "only assignments"),
    ("x = (\n", "parameters cell line"),
])
def test_bad_parameter_cells(tmp_path, source, words):
    with pytest.raises(params.ParameterError, match=words):
        params.read_parameters(notebook(tmp_path, source))


def test_missing_tag(tmp_path):
    with pytest.raises(params.ParameterError, match="exactly one cell tagged 'parameters'"):
        params.read_parameters(notebook(tmp_path, "x = 1\n", tag=False))


def test_resolve_applies_names_where_declared_and_checks_types(tmp_path):
    a = params.NotebookParams(tmp_path / "a.ipynb", {"currency": "USD", "year": 2017},
                              {"currency": ("USD", "EUR")})
    b = params.NotebookParams(tmp_path / "b.ipynb", {"year": 2019}, {})
    plan = params.resolve([a, b], params.parse_assignments(["currency=EUR", "year=2020"]))
    assert plan == {a.path: {"currency": "EUR", "year": 2020}, b.path: {"year": 2020}}
    with pytest.raises(params.ParameterError, match="unknown parameter.*colour"):
        params.resolve([a, b], {"colour": "red"})
    with pytest.raises(params.ParameterError, match="'soon' is a str.*2017 is a int"):
        params.resolve([a], params.parse_assignments(["year=soon"]))
    with pytest.raises(params.ParameterError, match="'GBP' is not allowed; choose from USD, EUR"):
        params.resolve([a], {"currency": "GBP"})


def test_parse_assignments_needs_name_equals_value():
    with pytest.raises(params.ParameterError, match="expected NAME=VALUE"):
        params.parse_assignments(["currency"])
    assert params.parse_assignments(["peers=['cisco']"]) == {"peers": ["cisco"]}


def test_year_ranges_are_read_and_checked_against_the_latest_year(tmp_path):
    p = params.read_parameters(notebook(
        tmp_path, "start = 1998  # years 1998-latest\nend = 0  # years 1998-latest; 0 means latest\n"
                  "era = 2013  # years 1998-2013\n"))
    assert p.years == {"start": (1998, None, False), "end": (1998, None, True),
                       "era": (1998, 2013, False)}
    assert params.resolve([p], {"end": 0, "start": 2025}, latest=2025)
    with pytest.raises(params.ParameterError, match="start: 2026 is outside.*1998 to 2025"):
        params.resolve([p], {"start": 2026}, latest=2025)
    with pytest.raises(params.ParameterError, match="start: 0 is outside"):
        params.resolve([p], {"start": 0}, latest=2025)
    with pytest.raises(params.ParameterError, match="era: 2014 is outside.*1998 to 2013"):
        params.resolve([p], {"era": 2014}, latest=2025)
    # a year added to data/ widens what is accepted, with no notebook edited
    assert params.resolve([p], {"start": 2026}, latest=2026)


def test_a_window_that_ends_before_it_starts_is_refused(tmp_path):
    p = params.read_parameters(notebook(
        tmp_path, "first_year = 2000  # years 2000-latest\n"
                  "last_year = 0  # years 2000-latest; 0 means latest\n"))
    with pytest.raises(params.ParameterError, match="first_year 2024 comes after last_year 2010"):
        params.resolve([p], {"first_year": 2024, "last_year": 2010}, latest=2025)
    with pytest.raises(params.ParameterError, match="first_year 2006 comes after last_year 2005"):
        params.resolve([p], {"last_year": 2005, "first_year": 2006}, latest=2025)
    # 0 means the newest year, which no first year comes after
    assert params.resolve([p], {"first_year": 2025, "last_year": 0}, latest=2025)
    assert params.resolve([p], {"first_year": 2010, "last_year": 2010}, latest=2025)


def test_the_real_runner_refuses_an_out_of_range_year_before_any_kernel(project, python):
    import shutil
    import subprocess

    from helpers import paths
    from tests.conftest import REPO

    shutil.copy(REPO / "notebooks" / "10-revenue-collapse.ipynb", project / "notebooks")
    result = subprocess.run([python, "-m", "helpers", "report", "-p", "start_year=1990"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "start_year: 1990 is outside" in result.stderr
    assert not (paths.reports_dir() / "notebooks").exists()


def test_papermill_style_parameters_and_a_yaml_file(tmp_path):
    from helpers import cli

    parser = cli.build_parser()
    args = parser.parse_args(["report", "-p", "currency", "EUR", "-p", "base_year=2018"])
    assert params.parse_assignments(args.parameters) == {"currency": "EUR", "base_year": 2018}
    with pytest.raises(SystemExit):
        parser.parse_args(["report", "-p", "a", "b", "c"])
    yaml_file = tmp_path / "p.yaml"
    yaml_file.write_text("currency: EUR\npeers: [ciena]\n")
    assert params.read_parameters_file(str(yaml_file)) == {"currency": "EUR",
                                                           "peers": ["ciena"]}
    yaml_file.write_text("- just\n- a list\n")
    with pytest.raises(params.ParameterError, match="expected a mapping"):
        params.read_parameters_file(str(yaml_file))
    with pytest.raises(params.ParameterError, match="cannot read"):
        params.read_parameters_file(str(tmp_path / "missing.yaml"))


def test_papermill_reads_every_parameter_line_of_the_real_notebooks():
    """papermill gives up on a parameters line with a second '=' (its --help-notebook then
    omits it and every run warns 'unknown parameter'), so the comments must not hold one."""
    import json

    from papermill.translators import PythonTranslator

    from helpers import paths

    for path in sorted(paths.notebooks_dir().glob("[0-9][0-9]-*.ipynb")):
        cell = next(c for c in json.loads(path.read_text())["cells"]
                    if "parameters" in c["metadata"].get("tags", []))
        cell = dict(cell, source="".join(cell["source"]))
        found = {p.name: p for p in PythonTranslator.inspect(cell)}
        declared = params.read_parameters(path).defaults
        assert set(found) == set(declared), path.name
        assert all(found[n].inferred_type_name != "None" for n in found), path.name


REFUSED = [
    ("30-competitors", {"first_year": 2020, "last_year": 2010}),
    ("30-competitors", {"base_year": "soon"}),
    ("10-revenue-collapse", {"phone_era_end": 2014}),
    ("20-segment-growth", {"segments": ["phones"]}),
    ("40-claims-check", {"seed_files": ["no-such-article.md"]}),
    ("50-explore", {"metric": "net_salez"}),
]


@pytest.fixture(scope="module")
def real_data():
    from helpers import data

    return data.load()


@pytest.mark.parametrize("stem, values", REFUSED, ids=[f"{s[:2]}-{'-'.join(v)}"
                                                       for s, v in REFUSED])
def test_a_notebook_refuses_what_the_runner_refuses_with_the_same_words(real_data, stem,
                                                                        values):
    """The check at a notebook's start (papermill, JupyterLab) is the runner's own: the same
    values fail with the same message, so no way of running draws what another refuses."""
    from helpers import data, notebook, paths

    path = paths.notebooks_dir() / f"{stem}.ipynb"
    declared = params.with_data_choices(params.read_parameters(path), real_data)
    with pytest.raises(params.ParameterError) as runner:
        params.resolve([declared], values, latest=data.latest_year(real_data))
    namespace = dict(declared.defaults, **values)
    with pytest.raises(params.ParameterError) as started:
        notebook.check_parameters(stem, namespace, real_data)
    assert str(started.value) == str(runner.value)


def test_a_notebook_takes_papermills_bare_value_as_the_runner_does(real_data):
    from helpers import notebook

    namespace = {"peers": "ciena", "currency": "EUR"}  # papermill's `-p peers ciena`
    notebook.check_parameters("30-competitors", namespace, real_data)
    assert namespace == {"peers": ["ciena"], "currency": "EUR"}
