"""papermill's reading of a notebook's parameters cell, remembered by the notebook's bytes.

The runner and each notebook's own start read the parameters exactly as papermill does
(``papermill.inspect_notebook``: the names ``-p`` can set, their defaults and trailing
comments). Importing papermill costs about a second, which a rebuild that finds nothing to do
and every kernel start must not pay, so the answer is kept in ``reports/.cache/parameters/``
under the SHA-256 of the notebook file: an edited notebook is a new key and is read afresh.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

CACHE_VERSION = 1


def _cache_file(path: Path, raw: bytes) -> Path | None:
    from helpers import paths

    try:
        root = paths.root()
    except Exception:  # no project around (a bare notebook file): read without remembering
        return None
    digest = hashlib.sha256(raw).hexdigest()
    return (root / "reports" / ".cache" / "parameters"
            / f"{path.stem}.v{CACHE_VERSION}-{digest}.json")


def inspect(path: Path, raw: bytes) -> dict[str, dict[str, str]]:
    """Name -> {"default": source text, "help": trailing comment, "type": annotation}, in
    the cell's order, as papermill's inspection reports them for the notebook ``raw``."""
    cache = _cache_file(path, raw)
    if cache is not None:
        try:
            return json.loads(cache.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    found = _papermill(path)
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            part = cache.with_suffix(f".{os.getpid()}.part")  # parallel readers never see half
            part.write_text(json.dumps(found), encoding="utf-8")
            os.replace(part, cache)
            for older in cache.parent.glob(f"{path.stem}.v*.json"):  # earlier versions
                if older != cache:
                    older.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only checkout still works, only slower
    return found


def _papermill(path: Path) -> dict[str, dict[str, str]]:
    import logging

    import papermill

    from helpers.report.params import ParameterError

    # papermill logs the path it opens at INFO; a notebook's start must stay quiet
    logging.getLogger("papermill").setLevel(logging.WARNING)
    try:
        inspected = papermill.inspect_notebook(str(path))
    except ValueError as exc:  # e.g. no kernelspec: papermill cannot pick a translator
        raise ParameterError(f"{path.name}: papermill cannot inspect it ({exc})") from None
    return {name: {"default": p["default"], "help": p["help"],
                   "type": p["inferred_type_name"]} for name, p in inspected.items()}
