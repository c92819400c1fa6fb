"""Where the project's folders are, independent of the current directory.

Notebooks run with their own folder as the working directory, cron runs from anywhere, and
tests build throw-away projects; all of them ask this module instead of guessing relative
paths. ``NOKIA_IN_NUMBERS_ROOT`` points the whole package at another tree (the tests use it);
without it the project is the nearest folder above the working directory that looks like one.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT_ENV = "NOKIA_IN_NUMBERS_ROOT"
SEEDS_ENV = "NOKIA_IN_NUMBERS_SEEDS"


class ProjectNotFound(RuntimeError):
    """No project tree could be found; the message says where the search looked."""


def _is_project(folder: Path) -> bool:
    return (folder / "pyproject.toml").is_file() and (folder / "data").is_dir()


def _find_root() -> Path:
    """The project root: the environment variable, else the nearest folder above the
    working directory that holds pyproject.toml and data/, else the checkout this package
    was installed from in editable mode."""
    override = os.environ.get(ROOT_ENV)
    if override:
        return Path(override).resolve()
    cwd = Path.cwd().resolve()
    for folder in (cwd, *cwd.parents):
        if _is_project(folder):
            return folder
    here = Path(__file__).resolve()
    for folder in here.parents:
        if _is_project(folder):
            return folder
    raise ProjectNotFound(
        f"cannot find the nokia-in-numbers project: no folder holding pyproject.toml and "
        f"data/ in {cwd} or any folder above it, nor above the installed package "
        f"({here.parent}). Run from inside the checkout, or set {ROOT_ENV}=/path/to/checkout")


def root() -> Path:
    """The project root (the folder holding pyproject.toml and data/)."""
    return _find_root()


def data_dir() -> Path:
    return root() / "data"


def notebooks_dir() -> Path:
    return root() / "notebooks"


# A report run that is not the default one (--only, -p, --formats) builds into a folder of
# its own under reports/runs/, never over figures/ or reports/index.html; the runner says
# which with ``use_run``.
_RUN: list[str] = []


def use_run(name: str | None) -> None:
    """Send this process's report output to reports/runs/<name>/ (None: the default)."""
    _RUN[:] = [name] if name else []


def run_name() -> str | None:
    return _RUN[0] if _RUN else None


def figures_dir() -> Path:
    """figures/, the committed figures of the default report; a side run keeps its figures
    inside its own report folder."""
    return reports_dir() / "figures" if _RUN else root() / "figures"


def reports_dir() -> Path:
    return root() / "reports" / "runs" / _RUN[0] if _RUN else root() / "reports"


def scratch_dir() -> Path:
    """Where a notebook run outside the report runner writes (git-ignored, under reports/):
    only `helpers report` publishes into figures/."""
    return reports_dir() / "scratch"


def seeds_dir() -> Path:
    """The news articles the project checks; they live beside the repository in shared/."""
    env = os.environ.get(SEEDS_ENV)
    if env:
        return Path(env)
    return root().parent / "shared" / "seeds"
