"""A Jupyter kernel bound to this environment's interpreter.

Notebooks name the kernel ``nokia-in-numbers``. Its spec lives inside the virtual environment
(``sys.prefix``), so papermill, nbval and JupyterLab started from the environment always run
the project's Python, whatever kernels a user has installed in their home folder.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

KERNEL_NAME = "nokia-in-numbers"
DISPLAY_NAME = "Python (nokia-in-numbers)"


def kernelspec_dir() -> Path:
    return Path(sys.prefix) / "share" / "jupyter" / "kernels" / KERNEL_NAME


def _spec() -> dict:
    return {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                 "--IPKernelApp.log_level=ERROR", "--HistoryManager.enabled=False"],
        "display_name": DISPLAY_NAME,
        "language": "python",
        "metadata": {"debugger": True},
    }


def ensure_kernelspec() -> Path:
    """Write the spec if it is missing or points at another interpreter; return its folder."""
    folder = kernelspec_dir()
    target = folder / "kernel.json"
    wanted = _spec()
    try:
        if json.loads(target.read_text()) == wanted:
            return folder
    except (OSError, ValueError):
        pass
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(wanted, indent=1) + "\n")
    return folder


# JupyterLab defaults of this environment (not the user's own settings): no prompt asking to
# fetch "official Jupyter news", which would sit over every notebook and screenshot.
LAB_OVERRIDES = {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false",
                                                                  "checkForUpdates": False}}


def ensure_lab_settings() -> Path:
    """Merge the project's JupyterLab defaults into this environment's overrides.json."""
    target = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    try:
        current = json.loads(target.read_text())
    except (OSError, ValueError):
        current = {}
    merged = {**current, **{k: {**current.get(k, {}), **v} for k, v in LAB_OVERRIDES.items()}}
    if merged != current:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(merged, indent=1) + "\n")
    return target


def jupyter_env() -> dict[str, str]:
    """Environment variables that make Jupyter look in this environment's folders first."""
    env = dict(os.environ)
    share = str(Path(sys.prefix) / "share" / "jupyter")
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (share, env.get("JUPYTER_PATH")) if p)
    return env
