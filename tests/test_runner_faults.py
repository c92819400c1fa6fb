"""Faults a scheduler meets: a full disk, unreadable records, a notebook that hangs.

Each leaves the last good figures and report as they were, or rebuilds what it cannot read,
and says so in a line a person reading the cron log understands.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.toy_project import make_notebook, report, snapshot

pytestmark = pytest.mark.faults


def test_unreadable_run_records_and_findings_are_named_and_rebuilt(built):
    """A torn run record of one notebook and unreadable findings of the other: one run names
    both, rebuilds both, and leaves readable records."""
    (built / "reports" / ".state" / "01-toy.json").write_text("{ torn")
    (built / "reports" / "meta" / "02-other.json").write_text("not json")
    result = report(built)
    assert result.returncode == 0, result.stderr
    assert "rebuild  01-toy: run record unreadable (01-toy.json: not valid JSON" in result.stdout
    assert "rebuild  02-other: its findings (02-other.json) are unreadable" in result.stdout
    assert json.loads((built / "reports" / ".state" / "01-toy.json").read_text())["notebook"] \
        == "01-toy"
    meta = json.loads((built / "reports" / "meta" / "02-other.json").read_text())
    assert meta["findings"], "the rebuilt notebook's findings are back"


def test_a_hung_notebook_is_stopped_named_and_nothing_published(built):
    before = snapshot(built)
    (built / "notebooks" / "01-toy.ipynb").write_text(
        (built / "notebooks" / "01-toy.ipynb").read_text().replace("pause = 0.0", "pause = 2.5"))
    result = report(built, "--timeout", "1", "--jobs", "1", timeout=120)
    assert result.returncode == 1
    assert "FAILED   01-toy: cell 3" in result.stdout
    assert "no result after 1 s (--timeout)" in result.stdout
    assert snapshot(built) == before


def _mount_small_disk(path, size: str) -> bool:
    path.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True)
    return done.returncode == 0


def test_a_full_disk_keeps_the_last_good_outputs(built_toy, tmp_path_factory):
    """A built project on a small file system that fills up before its next run."""
    disk = tmp_path_factory.mktemp("small") / "disk"
    if shutil.which("mount") is None or not _mount_small_disk(disk, "6m"):
        pytest.skip("cannot mount a small tmpfs here (needs root); the same path is taken "
                    "by any OSError while staging or publishing")
    try:
        root = disk / "project"
        shutil.copytree(built_toy, root, symlinks=True)
        before = snapshot(root)
        make_notebook(root, "01-toy", extra="\nprint('again')\n")
        filler = disk / "filler"
        with open(filler, "wb") as fh:  # leave about 16 KiB
            free = shutil.disk_usage(disk).free
            fh.write(b"\0" * max(0, free - 16 * 1024))
        result = report(root, timeout=180)
        assert result.returncode == 1, result.stdout + result.stderr
        out = result.stdout + result.stderr
        assert "No space left on device" in out
        assert "nothing was published" in out or "last good figures and report are unchanged" \
            in out
        filler.unlink()
        assert snapshot(root) == before
        assert report(root).returncode == 0  # and it recovers
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)
