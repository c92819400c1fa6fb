"""What moved since the last good build: facts, findings and the numbers behind figures.

A scheduled rebuild is only useful to a reader who can tell what it changed. The previous
build's facts table (reports/data/facts.csv), findings (reports/meta/) and figure tables
(reports/figures/) are still in place while a new build is staged, so the comparison costs
a few file reads and no pandas.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

KEY = ("entity", "segment", "metric", "period", "basis", "source_id")
LIMIT = 50  # rows of each kind listed in full; the counts are always complete


def _facts(text: str) -> dict[tuple, dict]:
    rows = csv.DictReader(io.StringIO(text))
    return {tuple(r[k] for k in KEY): r for r in rows}


# what a fact says besides its key: a changed period end moves a conversion window, a
# changed unit or basis moves a line, so each counts as a changed fact
STATED = ("value", "unit", "period_end")


def _said(row: dict) -> str:
    return f"{row['value']} {row['unit']}, ends {row['period_end']}, {row['basis']}"


def facts(previous: str | None, current: str) -> dict:
    """Added, changed (old and new: value, unit, period end or basis) and removed facts
    between two facts tables. A row whose basis changed keeps the rest of its key, so it is
    paired with its old self instead of counted as one removed and one added."""
    if previous is None:
        return {"added": [], "changed": [], "removed": [], "counts": {}}
    old, new = _facts(previous), _facts(current)
    added = {k: new[k] for k in new if k not in old}
    removed = {k: old[k] for k in old if k not in new}
    changed = [(old[k], new[k]) for k in new if k in old
               and tuple(old[k][c] for c in STATED) != tuple(new[k][c] for c in STATED)]
    unbased = {k[:4] + k[5:]: k for k in removed}
    for k in list(added):
        was = unbased.get(k[:4] + k[5:])
        if was is not None and was in removed:
            changed.append((removed.pop(was), added.pop(k)))
    listed = [{"key": "/".join(n[c] for c in KEY), "old": _said(o), "new": _said(n),
               "source_id": n["source_id"]} for o, n in changed]
    brief = [{"key": "/".join(r[c] for c in KEY), "value": f"{r['value']} {r['unit']}",
              "source_id": r["source_id"]} for r in list(added.values())[:LIMIT]]
    gone = [{"key": "/".join(r[c] for c in KEY), "value": f"{r['value']} {r['unit']}",
             "source_id": r["source_id"]} for r in list(removed.values())[:LIMIT]]
    return {"added": brief, "changed": listed[:LIMIT], "removed": gone,
            "counts": {"added": len(added), "changed": len(changed),
                       "removed": len(removed)}}


def findings(previous_meta: dict[str, dict], current_meta: dict[str, dict]) -> list[dict]:
    """Findings and chart titles whose words changed, notebook by notebook (findings matched
    by key, else by order; titles by figure name)."""
    moved = []
    for stem, meta in current_meta.items():
        before = previous_meta.get(stem)
        if before is None:
            continue
        old = before.get("findings", [])
        for i, item in enumerate(meta.get("findings", [])):
            match = next((o for o in old if item.get("key") and o.get("key") == item["key"]),
                         old[i] if i < len(old) else None)
            if match is None or match["text"] != item["text"]:
                moved.append({"notebook": stem, "old": match["text"] if match else "",
                              "new": item["text"]})
        # a chart's title states its finding too
        titles = {f["name"]: f["title"] for f in before.get("figures", [])}
        for figure in meta.get("figures", []):
            old_title = titles.get(figure["name"])
            if old_title is not None and old_title != figure["title"]:
                moved.append({"notebook": stem, "figure": figure["name"], "old": old_title,
                              "new": figure["title"]})
    return moved


def figures(previous_dir: Path, stage_dir: Path, stems: list[str]) -> list[dict]:
    """Figures of the re-run notebooks whose plotted numbers (their CSV) changed."""
    out = []
    for stem in stems:
        for table in sorted((stage_dir / stem).glob("*.csv")):
            before = previous_dir / stem / table.name
            if not before.exists():
                out.append({"figure": f"{stem}/{table.stem}", "change": "new figure"})
            elif before.read_bytes() != table.read_bytes():
                out.append({"figure": f"{stem}/{table.stem}", "change": "numbers changed"})
        if (previous_dir / stem).is_dir():
            for table in sorted((previous_dir / stem).glob("*.csv")):
                if not (stage_dir / stem / table.name).exists():
                    out.append({"figure": f"{stem}/{table.stem}", "change": "removed"})
    return out


def read_meta(folder: Path) -> dict[str, dict]:
    metas = {}
    for path in sorted(folder.glob("*.json")):
        try:
            metas[path.stem] = json.loads(path.read_text())
        except (OSError, ValueError):
            continue  # the runner rebuilds a notebook whose record it cannot read
    return metas


def summary(change: dict) -> str:
    """One line for the run's log and for a mail from cron."""
    if change.get("first_build"):
        return "first build: nothing to compare with"
    c = change["facts"]["counts"]
    if not (any(c.values()) or change["findings"] or change["figures"]):
        return "nothing changed since the last build"
    return (f"changes since the last build: {c.get('added', 0)} fact(s) added, "
            f"{c.get('changed', 0)} changed, {c.get('removed', 0)} removed; "
            f"{len(change['findings'])} finding(s) and {len(change['figures'])} figure(s) "
            "moved")
