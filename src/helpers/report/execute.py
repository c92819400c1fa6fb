"""Run one notebook with papermill inside a worker process and report how it went.

This module is imported only in the worker processes, so the parent (which decides what to
run and publishes) never pays for papermill, nbconvert or a kernel.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Job:
    stem: str
    notebook: Path
    stage: Path          # this run's staging root
    parameters: dict
    formats: list[str] | None


@dataclass(frozen=True)
class Outcome:
    stem: str
    ok: bool
    seconds: float
    error: str = ""


def warm_up() -> None:
    """Pool initializer: import papermill while the parent is still scheduling."""
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401


def executed_notebook(stage: Path, stem: str) -> Path:
    return stage / "notebooks" / f"{stem}.ipynb"


def run(job: Job) -> Outcome:
    from helpers import kernel

    started = time.perf_counter()
    print(f"  started  {job.stem}", flush=True)
    os.environ["NOKIA_OUTPUT_DIR"] = str(job.stage)
    os.environ["NOKIA_BATCH"] = "1"
    if job.formats:
        os.environ["NOKIA_FIGURE_FORMATS"] = ",".join(job.formats)
    else:
        os.environ.pop("NOKIA_FIGURE_FORMATS", None)
    os.environ["JUPYTER_PATH"] = kernel.jupyter_env()["JUPYTER_PATH"]
    os.environ.setdefault("MPLBACKEND", "agg")
    output = executed_notebook(job.stage, job.stem)
    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        import papermill as pm

        pm.execute_notebook(
            str(job.notebook), str(output), parameters=job.parameters,
            kernel_name=kernel.KERNEL_NAME, cwd=str(job.notebook.parent),
            progress_bar=False, log_output=False, request_save_on_cell_execute=False,
        )
    except Exception as exc:  # the kernel's error, or papermill's own
        seconds = time.perf_counter() - started
        name = type(exc).__name__
        if name == "PapermillExecutionError":
            message = f"{_failed_cell(output)}: {exc.ename}: {exc.evalue}"
        else:
            message = f"{name}: {exc}".strip()
            if not str(exc):
                message += " " + traceback.format_exc(limit=3)
        return Outcome(job.stem, False, seconds, message.splitlines()[0][:500])
    try:
        _export_html(output)
    except Exception as exc:
        return Outcome(job.stem, False, time.perf_counter() - started,
                       f"HTML export: {type(exc).__name__}: {exc}")
    return Outcome(job.stem, True, time.perf_counter() - started)


def _failed_cell(executed: Path) -> str:
    """Where the error is, counted as in the notebook file (papermill's injected cell left out)."""
    import nbformat

    try:
        nb = nbformat.read(executed, as_version=4)
    except Exception:
        return "a cell"
    added = {"injected-parameters", "papermill-error-cell-tag"}
    cells = [c for c in nb.cells if not added & set(c.metadata.get("tags", []))]
    for number, cell in enumerate(cells, start=1):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            first = next((line for line in cell.source.splitlines()
                          if line.strip() and not line.startswith("#")), "")
            return f"cell {number} ({first.strip()[:60]!r})"
    return "a cell"


def _export_html(executed: Path) -> None:
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(executed, as_version=4)
    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(nb)
    executed.with_suffix(".html").write_text(body, encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover - manual debugging aid
    print("run through `python -m helpers report`", file=sys.stderr)
