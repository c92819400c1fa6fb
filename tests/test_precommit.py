"""The configured pre-commit nbstripout hook and nbval agree on the committed notebooks.

A contributor who runs `pre-commit` must not get notebooks that nbval then rejects
("Unrun reference cell has outputs"), nor a diff of renumbered cell ids. The hook's own
arguments are read from .pre-commit-config.yaml and applied to copies of the notebooks.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO


def nbstripout_args() -> list[str]:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    for repo in config["repos"]:
        for hook in repo["hooks"]:
            if hook["id"] == "nbstripout":
                return list(hook.get("args", []))
    pytest.fail("no nbstripout hook in .pre-commit-config.yaml")


def test_the_hook_changes_no_committed_notebook(tmp_path):
    exe = Path(sys.executable).with_name("nbstripout")
    if not exe.exists():
        pytest.skip("nbstripout is not installed (make setup installs it)")
    copies = []
    for nb in sorted((REPO / "notebooks").glob("*.ipynb")):
        copy = tmp_path / nb.name
        shutil.copy(nb, copy)
        copies.append((nb, copy))
    result = subprocess.run([str(exe), *nbstripout_args(), *[str(c) for _, c in copies]],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    changed = [nb.name for nb, copy in copies if copy.read_bytes() != nb.read_bytes()]
    assert changed == [], f"the pre-commit hook would rewrite {changed}; run " \
        "`python -m helpers store-outputs` and commit its result"


def test_kept_outputs_still_have_their_execution_counts():
    import json

    for nb in sorted((REPO / "notebooks").glob("*.ipynb")):
        cells = json.loads(nb.read_text())["cells"]
        for cell in cells:
            if cell.get("outputs"):
                assert cell.get("execution_count"), f"{nb.name}: {cell.get('id')} has " \
                    "outputs but no execution count (nbval: 'Unrun reference cell')"
