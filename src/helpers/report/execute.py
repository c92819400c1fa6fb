"""Run one notebook with papermill inside a worker process and report how it went.

This module is imported only in the worker processes, so the parent (which decides what to
run and publishes) never pays for papermill, nbconvert or a kernel.
"""

from __future__ import annotations

import os
import signal
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
    timeout: float | None = None  # seconds one cell may run before the notebook fails
    root: Path | None = None      # another project tree (a test's copy with other data)


@dataclass(frozen=True)
class Outcome:
    stem: str
    ok: bool
    seconds: float
    error: str = ""


def skip_slow_format_checker() -> None:
    """Keep jsonschema from compiling the RFC 3987 grammars at import.

    jupyter-events asks for ``jsonschema[format-nongpl]``, whose ``rfc3987_syntax`` builds a
    parser at import time: about 1.2 s in every process that imports nbformat (papermill,
    nbconvert). Notebook validation never checks IRI formats, so the worker marks that module
    as absent and jsonschema silently skips the checker.
    """
    sys.modules.setdefault("rfc3987_syntax", None)


_KERNEL = None

# Taken once per worker kernel, after the notebooks' own imports are loaded (so each notebook
# finds them loaded): a snapshot of the state a notebook may change, while it is still clean.
SNAPSHOT = ("from helpers.report import kernel_state as _ks\n"
            "_ks.snapshot()\n"
            "del _ks\n")


def imports_of(notebooks: list[Path]) -> list[str]:
    """The modules the notebooks' code cells import at their top level (``helpers.collapse``
    for ``from helpers import collapse``), read without running anything: what a worker's
    kernel loads once, before the first notebook, for all of them."""
    import ast
    import json

    found: list[str] = []
    for path in notebooks:
        try:
            cells = json.loads(Path(path).read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue
        for cell in cells:
            if cell.get("cell_type") != "code":
                continue
            source = cell["source"]
            try:
                tree = ast.parse("".join(source) if isinstance(source, list) else source)
            except SyntaxError:
                continue
            for node in tree.body:
                if isinstance(node, ast.Import):
                    found += [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    found.append(node.module)
                    found += [f"{node.module}.{a.name}" for a in node.names]
    return list(dict.fromkeys(found))


def preload_code(modules: list[str]) -> str:
    """Import each module if it is one (``helpers.collapse``), skipping names that are not
    (``helpers.outputs.record_table``), then take the clean-state snapshot."""
    lines = ["import importlib as _il"]
    for name in modules:
        lines.append(f"try:\n    _il.import_module({name!r})\nexcept ImportError:\n    pass")
    return "\n".join(lines) + "\ndel _il\n" + SNAPSHOT
# Run before every notebook: a clean namespace, options, styles and project modules as a
# fresh kernel has them, no open figures, counting from 1 again.
RESET = ("get_ipython().run_line_magic('reset', '-f')\n"
         "from helpers.report import kernel_state as _ks\n"
         "_ks.restore()\n"
         "del _ks\n"
         "get_ipython().execution_count = 1\n")


def set_environment(stage: Path, formats: list[str] | None) -> None:
    """What the kernel must see: where to write, batch mode, formats, our kernelspec."""
    from helpers import kernel

    os.environ["NOKIA_OUTPUT_DIR"] = str(stage)
    os.environ["NOKIA_BATCH"] = "1"
    if formats:
        os.environ["NOKIA_FIGURE_FORMATS"] = ",".join(formats)
    else:
        os.environ.pop("NOKIA_FIGURE_FORMATS", None)
    os.environ["JUPYTER_PATH"] = kernel.jupyter_env()["JUPYTER_PATH"]
    os.environ.setdefault("MPLBACKEND", "agg")


def warm_up(stage: str, formats: list[str] | None, cwd: str,
            modules: list[str] | None = None) -> None:
    """Pool initializer: import papermill and start a kernel that has ``modules`` loaded.

    Each worker keeps one kernel for all the notebooks it runs, with the heavy imports done
    once; the namespace is reset before every notebook (``RESET``). This is what lets a
    parallel rebuild cost no more than running the same code in one plain process.
    """
    skip_slow_format_checker()
    set_environment(Path(stage), formats)
    import papermill  # noqa: F401

    from helpers.report import nbhtml  # noqa: F401

    _start_kernel(cwd, modules or [])


def _start_kernel(cwd: str, modules: list[str] | None = None) -> None:
    global _KERNEL, _MODULES
    if modules is not None:
        _MODULES = list(modules)
    import atexit

    from jupyter_client import KernelManager

    from helpers import kernel

    # Unix sockets, not TCP ports, where the platform has them: two workers starting their
    # kernels at once could otherwise be handed the same free port, and one kernel would
    # die on start ("Address already in use").
    # The socket files go to a private folder given by absolute path: a relative one would
    # be read from the kernel's working directory by the kernel and from ours by the client.
    if os.name == "posix":
        import shutil
        import tempfile
        from multiprocessing import util

        sockets = tempfile.mkdtemp(prefix="nokia-kernel-")
        km = KernelManager(kernel_name=kernel.KERNEL_NAME, transport="ipc",
                           ip=os.path.join(sockets, "kernel"))
        # a pool worker leaves through multiprocessing's exit, which skips atexit
        util.Finalize(None, shutil.rmtree, args=(sockets, True), exitpriority=1)
        atexit.register(shutil.rmtree, sockets, True)
    else:
        km = KernelManager(kernel_name=kernel.KERNEL_NAME)
    km.start_kernel(cwd=cwd)
    atexit.register(km.shutdown_kernel, now=True)
    _KERNEL = km
    _run_code(preload_code(_MODULES))
    global _USED
    _USED = False


_MODULES: list[str] = []  # what this worker's kernels load before their first notebook
_USED = False  # whether the current kernel has run a notebook since it started


class _Watchdog:
    """Stops a notebook that runs longer than ``seconds``.

    papermill's per-cell timeout is not applied to a kernel it did not start, so this does
    the job: it interrupts the kernel (a KeyboardInterrupt in the running cell, which then
    fails with its name), and if the kernel ignores that for ``GRACE`` seconds, it kills the
    kernel and then this worker, whose death the runner reports; nothing is published.
    """

    GRACE = 15.0

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.fired = False
        self._timers: list = []

    def start(self, km) -> None:
        import threading

        if not self.seconds:
            return
        # the kernel's process id, taken now: jupyter_client's own calls must not be made
        # from this thread while papermill drives the same manager from another
        process = getattr(getattr(km, "provisioner", None), "process", None)
        pid = getattr(process, "pid", None)

        def interrupt():
            self.fired = True
            _signal(pid, signal.SIGINT)

        def kill():
            _signal(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
            from helpers.report.progress import log

            log(f"  a cell ignored the interrupt for {self.GRACE:g} s; stopping this worker")
            os._exit(70)

        for delay, action in ((self.seconds, interrupt), (self.seconds + self.GRACE, kill)):
            timer = threading.Timer(delay, action)
            timer.daemon = True
            timer.start()
            self._timers.append(timer)

    def cancel(self) -> None:
        for timer in self._timers:
            timer.cancel()


def _signal(pid: int | None, sig) -> None:
    if pid:
        try:
            os.kill(pid, sig)
        except OSError:  # already gone
            pass


def _discard_kernel() -> None:
    global _KERNEL
    if _KERNEL is not None:
        try:
            _KERNEL.shutdown_kernel(now=True)
        except Exception:  # already dead: nothing to shut down
            pass
    _KERNEL = None


def _run_code(code: str) -> None:
    kc = _KERNEL.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        reply = kc.execute_interactive(code, timeout=120, output_hook=lambda msg: None)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"kernel set-up failed: {reply['content'].get('evalue')}")
    finally:
        kc.stop_channels()


def _environment_code(job: Job) -> str:
    """The kernel outlives one job, so each job tells it where its outputs go."""
    formats = ",".join(job.formats) if job.formats else ""
    root = str(job.root) if job.root else os.environ.get("NOKIA_IN_NUMBERS_ROOT", "")
    return ("import os as _os\n"
            f"_os.environ['NOKIA_OUTPUT_DIR'] = {str(job.stage)!r}\n"
            f"_os.environ['NOKIA_IN_NUMBERS_ROOT'] = {root!r}\n"
            "if not _os.environ['NOKIA_IN_NUMBERS_ROOT']:\n"
            "    del _os.environ['NOKIA_IN_NUMBERS_ROOT']\n"
            f"_os.environ['NOKIA_FIGURE_FORMATS'] = {formats!r}\n"
            "if not _os.environ['NOKIA_FIGURE_FORMATS']:\n"
            "    del _os.environ['NOKIA_FIGURE_FORMATS']\n"
            "del _os\n")


def executed_notebook(stage: Path, stem: str) -> Path:
    return stage / "notebooks" / f"{stem}.ipynb"


def default_input(job: Job) -> Path:
    """The notebook as its parameters cell defines it. A file saved after papermill ran it in
    place with ``-p`` still holds the injected-parameters cell, and papermill would run those
    values again whenever the runner injects none (the default report); such a file is run
    from a copy without that cell, so only the parameters cell and ``-p`` decide."""
    import json

    from helpers.nbstore import drop_injected

    nb = json.loads(job.notebook.read_text(encoding="utf-8"))
    if not drop_injected(nb):
        return job.notebook
    clean = job.stage / "inputs" / job.notebook.name
    clean.parent.mkdir(parents=True, exist_ok=True)
    clean.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return clean


def run(job: Job) -> Outcome:
    from helpers import kernel

    started = time.perf_counter()
    from helpers.report.progress import log

    log(f"  started  {job.stem}")
    set_environment(job.stage, job.formats)
    output = executed_notebook(job.stage, job.stem)
    output.parent.mkdir(parents=True, exist_ok=True)
    watchdog = _Watchdog(job.timeout)
    try:
        skip_slow_format_checker()
        import papermill as pm

        global _USED
        if _KERNEL is None or not _KERNEL.is_alive():
            _start_kernel(str(job.notebook.parent))
        # a kernel that has not run a notebook yet is as clean as its snapshot
        _run_code((RESET if _USED else "") + _environment_code(job))
        _USED = True
        watchdog.start(_KERNEL)
        pm.execute_notebook(
            str(default_input(job)), str(output), parameters=job.parameters,
            kernel_name=kernel.KERNEL_NAME, cwd=str(job.notebook.parent), km=_KERNEL,
            progress_bar=False, log_output=False, request_save_on_cell_execute=False,
        )
    except Exception as exc:  # the kernel's error, or papermill's own
        seconds = time.perf_counter() - started
        name = type(exc).__name__
        _discard_kernel()  # a kernel that failed or hung is not trusted with the next job
        if watchdog.fired:
            message = (f"{_failed_cell(output)}: no result after {job.timeout:g} s "
                       "(--timeout); the notebook was stopped")
        elif name == "PapermillExecutionError":
            message = f"{_failed_cell(output)}: {exc.ename}: {exc.evalue}"
        else:
            message = f"{name}: {exc}".strip()
            if not str(exc):
                message += " " + traceback.format_exc(limit=3)
        return Outcome(job.stem, False, seconds, message.splitlines()[0][:500])
    finally:
        watchdog.cancel()
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
        status = cell.metadata.get("papermill", {}).get("status")
        if status == "running" or any(o.get("output_type") == "error"
                                      for o in cell.get("outputs", [])):
            first = next((line for line in cell.source.splitlines()
                          if line.strip() and not line.startswith("#")), "")
            return f"cell {number} ({first.strip()[:60]!r})"
    return "a cell"


def _export_html(executed: Path) -> None:
    import json

    from helpers.report import nbhtml

    nb = json.loads(executed.read_text(encoding="utf-8"))
    executed.with_suffix(".html").write_text(nbhtml.render(nb, executed.stem), encoding="utf-8")

