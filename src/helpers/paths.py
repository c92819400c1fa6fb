"""Where the project's folders are, independent of the current directory.

Notebooks run with their own folder as the working directory, cron runs from anywhere, and
tests build throw-away projects; all of them ask this module instead of guessing relative
paths. ``NOKIA_IN_NUMBERS_ROOT`` points the whole package at another tree (the tests use it).
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT_ENV = "NOKIA_IN_NUMBERS_ROOT"


def _find_root() -> Path:
    override = os.environ.get(ROOT_ENV)
    if override:
        return Path(override).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file() and (parent / "data").is_dir():
            return parent
    # Installed outside a checkout: fall back to the working directory.
    return Path.cwd().resolve()


def root() -> Path:
    """The project root (the folder holding pyproject.toml and data/)."""
    return _find_root()


def data_dir() -> Path:
    return root() / "data"


def notebooks_dir() -> Path:
    return root() / "notebooks"


def figures_dir() -> Path:
    return root() / "figures"


def reports_dir() -> Path:
    return root() / "reports"


def seeds_dir() -> Path:
    """The news articles the project checks; they live beside the repository in shared/."""
    env = os.environ.get("NOKIA_IN_NUMBERS_SEEDS")
    if env:
        return Path(env)
    return root().parent / "shared" / "seeds"
