"""Where a notebook's figures and findings go, in JupyterLab and under the report runner.

Under the runner (`NOKIA_OUTPUT_DIR` set) everything goes to the run's staging folder, and
only the runner moves it into place once every notebook has succeeded. Run any other way
(JupyterLab, papermill, nbval) a notebook writes to reports/scratch/figures/<notebook>/, so
the committed figures/ only ever changes through `helpers report`. Findings and tables recorded here
become the text of reports/index.html.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from helpers import paths

DEFAULT_FORMATS = ("png", "svg")


def staging() -> Path | None:
    value = os.environ.get("NOKIA_OUTPUT_DIR")
    return Path(value) if value else None


def batch_mode() -> bool:
    """True under the runner or nbval: figures are closed after saving, not re-rendered."""
    return os.environ.get("NOKIA_BATCH") == "1"


def figure_dir(notebook: str) -> Path:
    """The runner's staging folder under `helpers report`; a scratch folder otherwise.

    figures/ holds what the report published and is committed, so a notebook run from
    JupyterLab, the papermill command line or nbval never writes there.
    """
    base = staging()
    folder = (base / "figures" if base else paths.scratch_dir() / "figures") / notebook
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def figure_formats(requested: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """The runner's --formats wins over the notebook's parameter, which wins over the default.
    'none' asks for no image at all, only each figure's table (the parameter grid's checks)."""
    forced = os.environ.get("NOKIA_FIGURE_FORMATS")
    chosen = tuple(f for f in forced.split(",") if f) if forced else \
        tuple(requested) if requested else DEFAULT_FORMATS
    return () if chosen == ("none",) else chosen


def meta_path(notebook: str) -> Path | None:
    base = staging()
    return base / "meta" / f"{notebook}.json" if base else None


def _update_meta(notebook: str, key: str, item: dict) -> None:
    path = meta_path(notebook)
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        meta = json.loads(path.read_text())
    except FileNotFoundError:
        meta = {"notebook": notebook, "title": "", "findings": [], "figures": [], "tables": []}
    except (OSError, ValueError) as exc:
        # starting afresh would silently drop the findings recorded so far
        raise RuntimeError(f"the run record {path} cannot be read ({exc}); the notebook "
                           "stops here so that no finding is lost unseen") from None
    if key == "title":
        meta["title"] = item["title"]
    else:
        meta[key].append(item)
    # one line, not indented: the indenting encoder is pure Python, and this file is
    # rewritten at every finding and figure of a run
    path.write_text(json.dumps(meta, ensure_ascii=False))


def record_title(notebook: str, title: str) -> None:
    _update_meta(notebook, "title", {"title": title})


def record_finding(notebook: str, text: str, key: str | None = None) -> None:
    """Keep a finding for the report; ``key`` names the report question it answers."""
    item = {"text": text}
    if key:
        item["key"] = key
    _update_meta(notebook, "findings", item)


def record_figure(notebook: str, name: str, title: str, files: list[Path],
                  sources: list[dict] | None = None, caption: str = "") -> None:
    """Keep a figure for the report, with the documents (and places in them) behind it and
    a caption that adds to the title (what is measured) rather than repeating it."""
    _update_meta(notebook, "figures", {"name": name, "title": title, "caption": caption,
                                       "files": [p.name for p in files],
                                       "sources": sources or []})


def record_table(notebook: str, name: str, columns: list[str], rows: list[list]) -> None:
    _update_meta(notebook, "tables", {"name": name, "columns": columns,
                                      "rows": [[str(c) for c in r] for r in rows]})
