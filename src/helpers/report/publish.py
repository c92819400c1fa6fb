"""Publish a finished run with renames only, and finish an interrupted publish on the next run.

Everything a run makes is written under reports/.staging first. Only when every notebook has
succeeded is a journal of moves written; then each published folder or file is replaced by a
rename. If the process dies before the journal exists, the staging folder is simply thrown
away; if it dies after, the next run replays the journal. Either way the last good figures
and report are never half-replaced.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from helpers import paths


def journal_path() -> Path:
    return paths.reports_dir() / ".publish-journal.json"


def staging_root() -> Path:
    return paths.reports_dir() / ".staging"


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_journal(moves: list[tuple[Path, Path]]) -> None:
    root = paths.root()
    record = [[str(src.relative_to(root)), str(dst.relative_to(root))] for src, dst in moves]
    tmp = journal_path().with_suffix(".tmp")
    tmp.parent.mkdir(parents=True, exist_ok=True)
    with open(tmp, "w") as fh:
        json.dump(record, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, journal_path())
    _fsync_dir(journal_path().parent)


def replay_journal() -> bool:
    """Carry out the moves of a journal left by an interrupted run; True if there was one."""
    journal = journal_path()
    if not journal.is_file():
        return False
    root = paths.root()
    try:
        moves = json.loads(journal.read_text())
    except ValueError:
        # A journal is written to a temporary name and renamed, so a torn one cannot exist;
        # if it does anyway, the staging folder is not trusted.
        journal.unlink()
        return False
    for src_rel, dst_rel in moves:
        src, dst = root / src_rel, root / dst_rel
        if not src.exists():
            continue  # this move was already done
        dst.parent.mkdir(parents=True, exist_ok=True)
        if dst.exists():
            old = dst.with_name(f".old-{dst.name}")
            _remove(old)
            os.replace(dst, old)
        os.replace(src, dst)
    for _src_rel, dst_rel in moves:
        dst = root / dst_rel
        _remove(dst.with_name(f".old-{dst.name}"))
    journal.unlink()
    return True


def publish(moves: list[tuple[Path, Path]]) -> None:
    write_journal(moves)
    replay_journal()


def clean_staging() -> None:
    """Throw away what an interrupted or failed run left in staging."""
    _remove(staging_root())
