"""How the facts are sourced: counts by entity and basis, and by kind of document.

The codebook promises primary documents; this is how a reader (and the team) sees how far
the data keep that promise, both for all facts and for the facts the published figures
actually plot (read from the figure tables in figures/).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

from helpers import data

SECOND_HAND_KINDS = {"news"}


def by_entity_and_basis(ds: data.Dataset) -> dict[str, Counter]:
    out: dict[str, Counter] = {}
    for row in ds.facts:
        out.setdefault(row["entity"], Counter())[row["basis"]] += 1
    return out


def by_kind(ds: data.Dataset) -> Counter:
    """Facts per kind of their source document."""
    return Counter(ds.sources[r["source_id"]]["kind"] for r in ds.facts
                   if r["source_id"] in ds.sources)


def plotted_source_ids(figures: Path) -> list[str]:
    """The company documents behind every plotted point of the published figure tables
    (rate tables, which every converted point also names, are counted apart)."""
    ids: list[str] = []
    for table in sorted(figures.rglob("*.csv")):
        with table.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row.get("mark") == "note":
                    continue
                ids.extend(s for s in (row.get("source_id") or "").split(";") if s)
    return ids


def plotted_by_kind(ds: data.Dataset, figures: Path) -> Counter:
    return Counter(ds.sources[s]["kind"] for s in plotted_source_ids(figures)
                   if s in ds.sources and ds.sources[s]["kind"] != "rate_table")


def share(counter: Counter, kinds: set[str]) -> float:
    total = sum(counter.values())
    return 100.0 * sum(n for k, n in counter.items() if k in kinds) / total if total else 0.0


def report(ds: data.Dataset, figures: Path) -> str:
    lines = ["Facts by entity and basis:"]
    bases = ["as_reported", "restated", "non_ifrs", "estimate"]
    lines.append(f"  {'entity':8s} " + " ".join(f"{b:>11s}" for b in bases) + "      total")
    for entity, counts in sorted(by_entity_and_basis(ds).items()):
        lines.append(f"  {entity:8s} " + " ".join(f"{counts.get(b, 0):11d}" for b in bases)
                     + f" {sum(counts.values()):10d}")
    kinds = by_kind(ds)
    lines.append("Facts by kind of source document:")
    lines += [f"  {k:18s} {n:5d}" for k, n in kinds.most_common()]
    lines.append(f"  second-hand (news): {share(kinds, SECOND_HAND_KINDS):.1f}% of all facts")
    plotted = plotted_by_kind(ds, figures)
    if plotted:
        lines.append("Plotted points by kind of company document (figure tables in "
                     f"{figures.name}/):")
        lines += [f"  {k:18s} {n:5d}" for k, n in plotted.most_common()]
        lines.append(f"  second-hand (news): {share(plotted, SECOND_HAND_KINDS):.1f}% of "
                     "plotted points")
    return "\n".join(lines)


OWN_KINDS = {"annual_report": "annual report", "form_20f": "20-F", "form_10k": "10-K",
             "quarterly_report": "interim report", "press_release": "release"}
COMPANY_NAMES = {"nokia": "Nokia", "ciena": "Ciena", "cisco": "Cisco"}


def document_name(ds: data.Dataset, source_id: str) -> str:
    """A document as a sentence names it: "Nokia's annual report for FY2013" for a company's
    own document (by the newest fiscal year it reports), else "TelecomLead (Jan 2024)"."""
    row = ds.sources.get(source_id)
    if row is None:
        return source_id
    cited = [r for r in ds.facts if r["source_id"] == source_id]
    entity = cited[0]["entity"] if cited else ""
    if row["kind"] in OWN_KINDS and entity in COMPANY_NAMES:
        from helpers import words

        periods = [r["period"] for r in cited if re.fullmatch(r"(FY)?\d{4}(Q[1-4])?",
                                                               r["period"])]
        newest = max(periods, key=lambda p: (data.period_year(p), "Q" in p, p), default=None)
        when = f" for {words.period(newest)}" if newest else f" of {row['date'][:7]}"
        return f"{COMPANY_NAMES[entity]}'s {OWN_KINDS[row['kind']]}{when}"
    publisher = row["publisher"].split(" (")[0].split(" / ")[0]
    import datetime as dt

    month = dt.date.fromisoformat(row["date"]).strftime("%b %Y")
    return f"{publisher} ({month})"


def documents_named(ds: data.Dataset, ids: str) -> str:
    """'a;b' -> "Nokia's 20-F for FY2022 and Nokia's 20-F for FY2024"."""
    names = [document_name(ds, s) for s in dict.fromkeys(i for i in ids.split(";") if i)]
    return " and ".join(names)
