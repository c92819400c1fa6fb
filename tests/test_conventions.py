"""What a contributor or a citing reader relies on outside the code: CI runs the README's
test command, the citation names the version that is installed, the command line names
itself as users call it."""

from __future__ import annotations

import re
import tomllib

import yaml

from helpers import cli
from tests.conftest import REPO


def test_ci_runs_the_readme_test_command_on_every_push_and_pull_request():
    readme = (REPO / "README.md").read_text()
    command = re.search(r"^(make test)\s+#", readme, re.M).group(1)
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "test.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "push" in triggers and "pull_request" in triggers
    runs = [step.get("run") for job in workflow["jobs"].values() for step in job["steps"]]
    assert command in runs


def test_the_citation_names_the_packages_version():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text())
    assert str(citation["version"]) == project["version"]
    changelog = (REPO / "CHANGELOG.md").read_text()
    assert f"## {project['version']} (" in changelog
    assert project["license"] == citation["license"] == "MIT"


def test_help_names_the_program_and_a_command_error_shows_that_commands_usage(capsys):
    import pytest

    assert cli.build_parser().format_usage().startswith("usage: helpers ")
    with pytest.raises(SystemExit) as stopped:
        cli.main(["report", "--bogus"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: helpers report ")
    assert "helpers report: error: unrecognized arguments: --bogus" in err
