"""A full rebuild of the real report reproduces the committed figures byte for byte.

nbval (make test runs it) separately runs every notebook top to bottom and compares the cells
marked NBVAL_CHECK_OUTPUT with their stored outputs; tests/test_notebook_runs.py runs the
notebooks with other parameters and other data.
"""

from __future__ import annotations

import pytest

from helpers import paths

pytestmark = pytest.mark.notebooks


def test_figures_are_byte_identical_to_the_committed_ones(built_copy):
    """A full rebuild from a copy of the repository reproduces figures/ to the byte."""
    committed = {p.relative_to(paths.figures_dir()): p.read_bytes()
                 for p in paths.figures_dir().rglob("*") if p.is_file()}
    rebuilt = {p.relative_to(built_copy / "figures"): p.read_bytes()
               for p in (built_copy / "figures").rglob("*") if p.is_file()}
    assert sorted(rebuilt) == sorted(committed)
    changed = [str(k) for k in committed if committed[k] != rebuilt[k]]
    assert changed == [], "figures differ from the committed ones; run `make report` and commit"
