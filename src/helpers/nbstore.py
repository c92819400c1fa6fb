"""Keep in each committed notebook only the outputs that nbval compares.

Cells whose source carries ``# NBVAL_CHECK_OUTPUT`` print key numbers (peak-to-trough,
growth rates, verdicts); their outputs and execution counts are stored so that nbval fails
when a number moves. Every other cell loses its outputs and its count, which makes strict
nbval skip it as unrun: ``pytest --nbval`` and ``--nbval-lax`` then check the same cells,
and a notebook saved after a JupyterLab session strips back to the committed file.

The same step removes what a run leaves in the file but the analysis does not own: papermill's
injected-parameters cell and its run metadata (a notebook run in place with ``-p`` must never
make its values the defaults), and what JupyterLab and its extensions add (scrolled and
collapsed outputs, hidden outputs, ExecuteTime, the kernel a contributor happened to pick, the
Python version that saved the file).

nbstripout (configured with ``keep_output`` cells and extra keys) does most of this, but it
keeps every output of a kept cell with its own count; nbval needs the stream outputs only,
counted from 1 in order, for strict and lax nbval to check the same cells, and nbstripout
knows nothing of papermill's cell. So the project keeps this one step of its own and does not
install nbstripout.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

MARK = "NBVAL_CHECK_OUTPUT"


# Cell metadata a run or an editor adds: timings (nbclient's `execution`, the ExecuteTime
# extension's), JupyterLab's view state, papermill's record of the run.
VIEW_STATE = ("execution", "ExecuteTime", "scrolled", "collapsed", "papermill")
INJECTED = "injected-parameters"


def drop_injected(nb: dict) -> bool:
    """In place: remove papermill's injected-parameters cell and its run metadata; True if
    there was any. Works on plain JSON and on nbformat's nodes alike."""
    cells = nb.get("cells", [])
    kept = [c for c in cells if INJECTED not in c.get("metadata", {}).get("tags", [])]
    found = len(kept) != len(cells) or "papermill" in nb.get("metadata", {})
    nb["cells"] = kept
    nb.get("metadata", {}).pop("papermill", None)
    return found


def _clean_metadata(nb) -> None:
    from helpers import kernel

    for cell in nb.cells:
        for key in VIEW_STATE:
            cell.metadata.pop(key, None)
        view = cell.metadata.get("jupyter", {})
        view.pop("outputs_hidden", None)
        if "jupyter" in cell.metadata and not view:
            del cell.metadata["jupyter"]
        if cell.metadata.get("tags") == []:  # papermill and JupyterLab add empty ones
            del cell.metadata["tags"]
    # the project's own kernel, whatever kernel the editor switched to
    nb.metadata["kernelspec"] = {"display_name": kernel.DISPLAY_NAME, "language": "python",
                                 "name": kernel.KERNEL_NAME}
    info = nb.metadata.get("language_info")
    if info:
        info.pop("version", None)  # the Python that saved the file, not one the code needs


def strip(nb) -> int:
    """In place: keep only the checked cells' stream outputs, counted from 1 in order, and
    drop papermill's cell, timings, view state and widget state; return how many cells were
    kept."""
    drop_injected(nb)
    _clean_metadata(nb)
    kept = 0
    for cell in nb.cells:
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
