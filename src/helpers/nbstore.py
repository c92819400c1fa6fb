"""Keep in each committed notebook only the outputs that nbval compares.

Cells whose source carries ``# NBVAL_CHECK_OUTPUT`` print key numbers (peak-to-trough,
growth rates, verdicts); their outputs are stored so that nbval fails when a number moves.
Every other output is dropped, as nbstripout would, so diffs stay readable.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

MARK = "NBVAL_CHECK_OUTPUT"


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
    kept = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if MARK in cell.source:
            cell.metadata["keep_output"] = True
            kept += 1
            cell.outputs = [o for o in cell.outputs if o.get("output_type") == "stream"]
            for o in cell.outputs:
                o.pop("execution_count", None)
            cell.metadata.pop("execution", None)  # timings: nbstripout drops them too
            continue  # nbval needs the execution count of a cell it compares
        cell.outputs = []
        cell.metadata.pop("keep_output", None)
        cell.execution_count = None
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    return kept
