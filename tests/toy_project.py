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
import time
import matplotlib
matplotlib.use("agg")
import matplotlib.pyplot as plt
from helpers import outputs, plotting
outputs.record_title(NAME, "Toy notebook")
outputs.record_finding(NAME, f"{greeting} <script>alert(1)</script>")
fig, ax = plt.subplots()
ax.plot([1, 2, 3], [3, 1, 2])
ax.set_title(greeting)
plotting.save_figure(fig, NAME, "line", ["png"], title="A line & <b>tags</b>")
time.sleep(pause)
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


def report(root: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, NOKIA_IN_NUMBERS_ROOT=str(root))
    env.pop("NOKIA_OUTPUT_DIR", None)
    env.pop("NOKIA_BATCH", None)
    return subprocess.run([sys.executable, "-m", "helpers", "report", *args], env=env,
                          capture_output=True, text=True, timeout=timeout)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every published file (staging is scratch space; failed/ holds copies to debug)."""
    files = {}
    for base in (root / "figures", root / "reports"):
        for p in sorted(base.rglob("*")):
            if p.is_file() and ".lock" not in p.name and not {".staging", "failed"} & set(p.parts):
                files[str(p.relative_to(root))] = p.read_bytes()
    return files
