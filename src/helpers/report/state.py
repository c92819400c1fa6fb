"""What a notebook's outputs were built from, so an unchanged notebook is not run again.

Executed notebooks are never byte-identical (timestamps, cell ids), so the cache key is a hash
of the inputs: the notebook file, every data file, the helpers code, the pinned versions, the
parameters and the formats. Only hashlib and json are imported here: deciding that nothing
changed must not cost a pandas import.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from helpers import paths

STATE_VERSION = 1


def _hash_files(h, files: list[Path], base: Path) -> None:
    for f in files:
        h.update(str(f.relative_to(base)).encode())
        h.update(b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")


def shared_inputs_digest() -> str:
    """Digest of everything every notebook depends on: data, helpers code, pinned versions."""
    root = paths.root()
    h = hashlib.sha256()
    h.update(f"v{STATE_VERSION} {sys.version}".encode())
    data = sorted(p for p in paths.data_dir().rglob("*") if p.is_file())
    package = Path(__file__).resolve().parents[1]
    code = sorted(p for p in package.rglob("*")
                  if p.is_file() and p.suffix in {".py", ".mplstyle"})
    _hash_files(h, data, root)
    _hash_files(h, code, package.parent)
    lock = root / "requirements.lock"
    if lock.is_file():
        _hash_files(h, [lock], root)
    return h.hexdigest()


def notebook_digest(shared: str, notebook: Path, parameters: dict, formats: list[str] | None
                    ) -> str:
    h = hashlib.sha256()
    h.update(shared.encode())
    h.update(notebook.read_bytes())
    h.update(json.dumps({"parameters": parameters, "formats": formats},
                        sort_keys=True, default=str).encode())
    return h.hexdigest()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def state_path(stem: str) -> Path:
    return paths.reports_dir() / ".state" / f"{stem}.json"


class UnreadableRecord(ValueError):
    """A run record exists but cannot be read; the notebook is rebuilt and the reason said."""


def read_state(stem: str) -> dict | None:
    """The last good run's record of a notebook; None if it never ran.

    A record that exists but cannot be read raises :class:`UnreadableRecord` (never treated
    as "never built" without a word).
    """
    path = state_path(stem)
    try:
        text = path.read_text()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UnreadableRecord(f"{path.name}: {exc.strerror}") from None
    try:
        record = json.loads(text)
    except ValueError as exc:
        raise UnreadableRecord(f"{path.name}: not valid JSON ({exc})") from None
    if not isinstance(record, dict):
        raise UnreadableRecord(f"{path.name}: not a run record")
    return record


def meta_readable(stem: str) -> str | None:
    """Why the published findings of a notebook cannot be read, or None if they can."""
    path = paths.reports_dir() / "meta" / f"{stem}.json"
    try:
        json.loads(path.read_text())
    except FileNotFoundError:
        return f"its findings ({path.name}) are missing"
    except (OSError, ValueError) as exc:
        return f"its findings ({path.name}) are unreadable ({exc})"
    return None


def outputs_intact(state: dict) -> bool:
    """True when every file the last good run published is still there, unmodified."""
    root = paths.root()
    for rel, digest in state.get("outputs", {}).items():
        path = root / rel
        if not path.is_file() or file_digest(path) != digest:
            return False
    return True


def is_up_to_date(stem: str, digest: str) -> tuple[bool, str]:
    """Whether the notebook can be skipped, and a reason a person can read."""
    try:
        state = read_state(stem)
    except UnreadableRecord as exc:
        return False, f"run record unreadable ({exc}), rebuilding"
    if state is None:
        return False, "never built"
    if state.get("input_digest") != digest:
        return False, "inputs changed"
    why = meta_readable(stem)
    if why:
        return False, f"{why}, rebuilding"
    if not outputs_intact(state):
        return False, "published outputs missing or edited"
    return True, "unchanged"
