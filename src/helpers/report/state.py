"""What a notebook's outputs were built from, so an unchanged notebook is not run again.

Executed notebooks are never byte-identical (timestamps, cell ids), so the cache key is a hash
of the inputs: the notebook file, the validated data, the helpers code, the pinned versions,
the parameters and the formats. The data count by what they say, not by their bytes: the
rows the loader read (values by column name, file by file, in order), so a byte-order mark,
CRLF line ends, a blank line, padding around a value or reordered columns rebuild nothing.
Only hashlib and json are imported here: deciding that nothing changed must not cost a pandas
import.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from helpers import paths

STATE_VERSION = 2  # 2: data hashed by the rows they hold


def _hash_files(h, files: list[Path], base: Path) -> None:
    for f in files:
        h.update(str(f.relative_to(base)).encode())
        h.update(b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")


def data_digest(ds) -> str:
    """Digest of what the validated dataset says, blind to how its files are typed.

    Every table of rows is included with each row's file (a fact moved to another file is
    still a change a reader of data/ would see) but not its line number. Other files in data/
    (the codebook, the licence) are copied into the report, so their bytes count.
    """
    h = hashlib.sha256()
    for name in sorted(vars(ds)):
        rows = getattr(ds, name)
        rows = list(rows.values()) if isinstance(rows, dict) else rows
        if rows and isinstance(getattr(rows[0], "values", None), dict):  # rows of a CSV
            h.update(name.encode() + b"\0")
            h.update(json.dumps([[r.file, r.values] for r in rows], sort_keys=True,
                                ensure_ascii=False).encode())
    root = paths.root()
    _hash_files(h, sorted(p for p in paths.data_dir().rglob("*")
                          if p.is_file() and p.suffix != ".csv"), root)
    return h.hexdigest()


def shared_inputs_digest(ds) -> str:
    """Digest of everything every notebook depends on: the data (``data_digest``), the
    helpers code, the pinned versions."""
    root = paths.root()
    h = hashlib.sha256()
    h.update(f"v{STATE_VERSION} {sys.version}".encode())
    h.update(data_digest(ds).encode())
    package = Path(__file__).resolve().parents[1]
    code = sorted(p for p in package.rglob("*")
                  if p.is_file() and p.suffix in {".py", ".mplstyle"})
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
