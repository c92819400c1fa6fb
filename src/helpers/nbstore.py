"""Keep in each committed notebook only the outputs that nbval compares.

Cells whose source carries ``# NBVAL_CHECK_OUTPUT`` print key numbers (peak-to-trough,
growth rates, verdicts); their outputs and execution counts are stored so that nbval fails
when a number moves. Every other cell loses its outputs and its count, which makes strict
nbval skip it as unrun: ``pytest --nbval`` and ``--nbval-lax`` then check the same cells,
and a notebook saved after a JupyterLab session strips back to the committed file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

MARK = "NBVAL_CHECK_OUTPUT"


def strip(nb) -> int:
    """In place: keep only the checked cells' stream outputs, counted from 1 in order, and
    drop timings and widget state; return how many cells were kept."""
    kept = 0
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # timings change on every run
        if cell.cell_type != "code":
            continue
        if MARK in cell.source:
            kept += 1
            cell.metadata["keep_output"] = True
            cell.outputs = [o for o in cell.outputs if o.get("output_type") == "stream"]
            for o in cell.outputs:
                o.pop("execution_count", None)
            # nbval compares a cell only if it was run; the count itself is never compared
            cell.execution_count = kept
            continue
        cell.outputs = []
        cell.metadata.pop("keep_output", None)
        cell.execution_count = None
    nb.metadata.pop("widgets", None)
    return kept


def strip_file(path: Path) -> bool:
    """Strip a notebook file; True if that changed it (the pre-commit hook's question)."""
    import nbformat

    before = path.read_bytes()
    nb = nbformat.read(path, as_version=4)
    strip(nb)
    nbformat.write(nb, path)
    return path.read_bytes() != before


def refresh(path: Path) -> int:
    """Execute ``path`` in place and keep only the checked cells' outputs; return their count."""
    import nbformat
    from nbclient import NotebookClient

    from helpers import kernel

    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as stage:
        os.environ["NOKIA_OUTPUT_DIR"] = stage
        os.environ["NOKIA_BATCH"] = "1"
        client = NotebookClient(nb, kernel_name=kernel.KERNEL_NAME, timeout=600,
                                resources={"metadata": {"path": str(path.parent)}})
        client.execute()
    kept = strip(nb)
    nbformat.write(nb, path)
    return kept
