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


def facts(previous: str | None, current: str) -> dict:
    """Added, changed (old and new value) and removed facts between two facts tables."""
    if previous is None:
        return {"added": [], "changed": [], "removed": [], "counts": {}}
    old, new = _facts(previous), _facts(current)
    added = [new[k] for k in new if k not in old]
    removed = [old[k] for k in old if k not in new]
    changed = [{"key": "/".join(k), "old": f"{old[k]['value']} {old[k]['unit']}",
                "new": f"{new[k]['value']} {new[k]['unit']}", "source_id": k[-1]}
               for k in new if k in old and (old[k]["value"], old[k]["unit"])
               != (new[k]["value"], new[k]["unit"])]
    brief = [{"key": "/".join(r[c] for c in KEY), "value": f"{r['value']} {r['unit']}",
              "source_id": r["source_id"]} for r in added[:LIMIT]]
    gone = [{"key": "/".join(r[c] for c in KEY), "value": f"{r['value']} {r['unit']}",
             "source_id": r["source_id"]} for r in removed[:LIMIT]]
    return {"added": brief, "changed": changed[:LIMIT], "removed": gone,
            "counts": {"added": len(added), "changed": len(changed), "removed": len(removed)}}


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
