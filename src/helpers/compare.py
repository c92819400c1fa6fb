"""The comparison rules every title and finding obeys, written once.

A sentence that ranks numbers claims they are alike. Three ways they can fail to be:

- rates over different spans (+4% a year since FY2019 against -9% a year since FY2022);
- levels or changes of different periods (Q1 2025 against Q4 2025);
- lines of different kinds (a business unit against a segment that contains it).

``rank`` compares only measures that share one span and one kind; a business unit enters a
sentence about segments only as a part of its own segment. Where no valid comparison
exists, the sentence says what it can: each number with its own span, and no ranking word.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpers import words


@dataclass(frozen=True)
class Measure:
    """One number a sentence may quote: a rate over ``start``-``end`` (``start`` equal to
    ``end`` for a level or a change of one period), of a line of one ``kind``; ``part_of``
    names the whole a part sits in."""

    name: str
    value: float
    start: str
    end: str
    kind: str = ""
    part_of: str = ""

    @property
    def span(self) -> str:
        if self.start == self.end:
            return words.period(self.end)
        if self.start.startswith("FY") and self.end.startswith("FY") \
                and len(self.start) == len(self.end) == 6:
            return words.span(self.start[2:], self.end[2:])
        return f"{words.period(self.start)} to {words.period(self.end)}"


def alike(measures) -> bool:
    """True when every measure covers one span and is of one kind."""
    keys = {(m.start, m.end, m.kind) for m in measures}
    return len(keys) <= 1


def groups(measures) -> list[list[Measure]]:
    """The measures split into groups that may be compared: one span and one kind each, in
    the order their first member comes."""
    out: dict[tuple, list[Measure]] = {}
    for m in measures:
        out.setdefault((m.start, m.end, m.kind), []).append(m)
    return list(out.values())


def rank(measures, fmt, rising: str = "grew fastest", falling: str = "fell most",
         per: str = "") -> str:
    """One clause about the measures. Alike (one span, one kind): the highest and the lowest
    named, with the span once: 'FY2022-FY2024: A grew fastest (+3% a year); B fell most
    (-15%)'. Unlike: no ranking, each with its own span: 'A +4% a year (FY2019-FY2024); B
    -9% a year (FY2022-FY2024)'. ``fmt`` turns a value into words; ``per`` follows the first
    value ('a year')."""
    measures = list(measures)
    if not measures:
        return ""
    unit = f" {per}" if per else ""
    if not alike(measures):
        return "; ".join(f"{m.name} {fmt(m.value)}{unit} ({m.span})" for m in measures)
    ordered = sorted(measures, key=lambda m: -m.value)
    top, low = ordered[0], ordered[-1]
    head = f"{top.span}: "
    if len(ordered) == 1:
        return f"{head}{top.name} {fmt(top.value)}{unit}"
    if fmt(top.value) == fmt(low.value):
        return f"{head}each changed {fmt(top.value)}{unit}"
    if top.value > 0:
        text = f"{head}{top.name} {rising} ({fmt(top.value)}{unit})"
        if low.value < 0:
            return text + f"; {low.name} {falling} ({fmt(low.value)})"
        return text + f"; {low.name} grew least ({fmt(low.value)})"
    if low.value < 0 and top.value < 0:
        return (f"{head}all fell; {top.name} least ({fmt(top.value)}{unit}), {low.name} most "
                f"({fmt(low.value)})")
    return f"{head}{top.name} {fmt(top.value)}{unit}; {low.name} {falling} ({fmt(low.value)})"


def listed(measures, fmt, per: str = "") -> str:
    """Every measure in one clause, highest first: with the span once when they are alike,
    else each with its own span."""
    measures = sorted(measures, key=lambda m: -m.value)
    if not measures:
        return ""
    unit = f" {per}" if per else ""
    if alike(measures):
        return f"{measures[0].span}: " + ", ".join(
            f"{m.name} {fmt(m.value)}{unit if i == 0 else ''}" for i, m in enumerate(measures))
    return "; ".join(f"{m.name} {fmt(m.value)}{unit} ({m.span})" for m in measures)


def parts_within(measures) -> dict[str, list[Measure]]:
    """Parts grouped under the whole they sit in: a business unit is compared with its own
    segment only as a part, so the sentence about segments keeps them apart."""
    out: dict[str, list[Measure]] = {}
    for m in measures:
        if m.part_of:
            out.setdefault(m.part_of, []).append(m)
    return out
