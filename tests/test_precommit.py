"""The commit loop after a JupyterLab session: the pre-commit hook and nbval agree.

A contributor runs a notebook in JupyterLab (every cell gets an output and a count), saves
and commits: the hook must strip it back to exactly the committed file, and strict nbval
(`pytest --nbval`, which make test runs) must check the same cells as lax nbval would, so a
stored count never makes nbval compare a cell whose output was dropped.
"""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest
import yaml

from helpers import kernel, nbstore
from tests.conftest import REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def test_the_hooks_are_local_and_run_the_projects_own_tools():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    assert [r["repo"] for r in config["repos"]] == ["local"]
    entries = {h["id"]: h["entry"] for h in config["repos"][0]["hooks"]}
    assert "make -s strip-notebooks" in entries["strip-notebooks"]
    assert "make -s lint" in entries["ruff"]


def jupyterlab_noise(nb) -> None:
    """What a contributor's JupyterLab adds on saving: view state and timings on cells, the
    kernel they picked, the Python version they run."""
    for number, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            cell.metadata.update(scrolled=True, collapsed=number % 2 == 0,
                                 jupyter={"outputs_hidden": number % 3 == 0},
                                 ExecuteTime={"end_time": "2026-12-05T22:00:00.000Z",
                                              "start_time": "2026-12-05T21:59:59.000Z"})
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                 "name": "python3"}
    nb.metadata["language_info"]["version"] = "3.12.8"


def test_a_notebook_run_in_place_by_papermill_strips_back_to_the_committed_file(tmp_path):
    """`papermill nb.ipynb nb.ipynb -p growth_from 2022` leaves its injected cell and run
    metadata in the file; committed as it is, that value would become the notebook's default
    for nbval and JupyterLab. The hook takes it out."""
    import papermill

    committed = REPO / "notebooks" / "20-segment-growth.ipynb"
    copy = tmp_path / committed.name
    papermill.execute_notebook(str(committed), str(copy), parameters={"growth_from": 2022},
                               prepare_only=True, progress_bar=False)
    assert "injected-parameters" in copy.read_text()
    assert nbstore.strip_file(copy) is True
    assert copy.read_bytes() == committed.read_bytes()


@pytest.mark.notebooks
def test_a_notebook_run_as_jupyterlab_does_strips_back_to_the_committed_file(tmp_path):
    from nbclient import NotebookClient

    committed = REPO / "notebooks" / "40-claims-check.ipynb"
    copy = tmp_path / committed.name
    shutil.copy(committed, copy)
    nb = nbformat.read(copy, as_version=4)
    kernel.ensure_kernelspec()
    NotebookClient(nb, kernel_name=kernel.KERNEL_NAME, timeout=300,
                   resources={"metadata": {"path": str(committed.parent)}}).execute()
    assert sum(bool(c.get("outputs")) for c in nb.cells if c.cell_type == "code") > 3
    jupyterlab_noise(nb)
    nbformat.write(nb, copy)
    assert nbstore.strip_file(copy) is True          # the hook had work to do
    assert copy.read_bytes() == committed.read_bytes()
    assert nbstore.strip_file(copy) is False         # and a second pass changes nothing


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_only_checked_cells_are_stored_run_so_strict_and_lax_nbval_agree(path):
    for cell in json.loads(path.read_text())["cells"]:
        if cell["cell_type"] != "code":
            continue
        checked = nbstore.MARK in "".join(cell["source"])
        if checked:
            assert cell.get("execution_count"), f"{path.name}: checked cell without a count"
        else:
            assert cell.get("execution_count") is None and not cell.get("outputs"), \
                f"{path.name}: an unchecked cell is stored run; strict nbval would compare it"
