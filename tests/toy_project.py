"""A toy project for the runner tests: two tiny notebooks, the report command, and a
snapshot of what a run published (shared by test_runner and test_runner_faults)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

BODY = """\
import os
import time
import base64
from helpers import outputs
outputs.record_title(NAME, "Toy notebook")
outputs.record_finding(NAME, f"{greeting} <script>alert(1)</script>")
# the runner publishes whatever files a notebook staged: a one-pixel PNG spares every test
# kernel the import of matplotlib
figure = outputs.figure_dir(NAME) / "line.png"
figure.write_bytes(base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGMQcpwIAAFNAOUXN+hdAAAAAElFTkSuQmCC"))
outputs.record_figure(NAME, "line", "A line & <b>tags</b>", [figure])
time.sleep(pause)
# a test holds the run here for as long as the file TOY_HOLD names exists (at most a minute)
hold, waited = os.environ.get("TOY_HOLD"), 0.0
while hold and os.path.exists(hold) and waited < 60:
    time.sleep(0.05)
    waited += 0.05
if fail:
    raise RuntimeError("boom")
"""


def make_notebook(root: Path, name: str, extra: str = "") -> Path:
    nb = new_notebook(cells=[
        new_markdown_cell("# Toy"),
        new_code_cell('greeting = "hello"\npause = 0.0\nfail = False',
                      metadata={"tags": ["parameters"]}),
        new_code_cell(f"NAME = {name!r}\n" + BODY + extra),
    ])
    nb.metadata["kernelspec"] = {"name": "nokia-in-numbers", "display_name": "x",
                                 "language": "python"}
    path = root / "notebooks" / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def env_for(root: Path, **extra: str) -> dict[str, str]:
    """The environment of a report run on ``root``, as a user's shell has it."""
    env = dict(os.environ, NOKIA_IN_NUMBERS_ROOT=str(root), **extra)
    env.pop("NOKIA_OUTPUT_DIR", None)
    env.pop("NOKIA_BATCH", None)
    env.pop("NOKIA_FIGURE_FORMATS", None)
    return env


def one_worker(args: tuple[str, ...]) -> list[str]:
    """The toy's two notebooks take a fraction of a second each: one warm worker runs both
    sooner than two start, so a test asks for more only when it is about workers."""
    given = any(a in ("-j", "--jobs") or a.startswith("--jobs=") for a in args)
    return list(args) if given else ["--jobs", "1", *args]


def report(root: Path, *args: str, timeout: float = 120, **extra: str
           ) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpers", "report", *one_worker(args)],
                          env=env_for(root, **extra), capture_output=True, text=True,
                          timeout=timeout)


def start_report(root: Path, *args: str, **extra: str) -> subprocess.Popen:
    """A report run in the background, its output readable line by line."""
    return subprocess.Popen([sys.executable, "-m", "helpers", "report", *one_worker(args)],
                            env=env_for(root, **extra), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)


def wait_for_line(proc: subprocess.Popen, words: str, seconds: float = 60) -> str:
    """Read the process's output until a line holds ``words``; what was read."""
    import time

    seen, deadline = "", time.time() + seconds
    while time.time() < deadline:
        line = proc.stdout.readline()
        seen += line
        if words in line or (not line and proc.poll() is not None):
            break
    assert words in seen, seen
    return seen


def wait_for_file(pattern: str, base: Path, seconds: float = 60) -> Path:
    import time

    deadline = time.time() + seconds
    while time.time() < deadline:
        found = sorted(base.glob(pattern))
        if found:
            return found[0]
        time.sleep(0.05)
    raise AssertionError(f"no {pattern} under {base} after {seconds} s")


def snapshot(root: Path) -> dict[str, bytes]:
    """Every published file (staging is scratch space; failed/ holds copies to debug;
    .cache/ what the runner remembers of papermill's reading of a notebook)."""
    files = {}
    for base in (root / "figures", root / "reports"):
        for p in sorted(base.rglob("*")):
            if p.is_file() and ".lock" not in p.name and not {".staging", "failed", ".cache"} & set(p.parts):
                files[str(p.relative_to(root))] = p.read_bytes()
    return files
