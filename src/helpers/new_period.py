"""The rows a new period needs, so typing a release starts from a list instead of a blank.

A quarter's release prints what the quarter before printed, in the structure in force: the
same metrics for the same segments, in the same units, at the same places in the document.
``template`` lists those rows for the next period with empty values (``helpers new-period``
prints or appends them); validation then names every empty value by ``file:line``, which is
the to-do list. Where a new structure takes effect, the segments that left it are dropped and
its new segments get the metrics their siblings had. ``incomplete`` is the same list read the
other way: what each company's newest period still lacks.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from helpers import schema
from helpers.rows import Dataset, Row, period_year

COMPANIES = ("nokia", "ciena", "cisco")
QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
YEAR = re.compile(r"^FY(\d{4})$")
ORDINAL = {1: "first", 2: "second", 3: "third", 4: "fourth"}


class PeriodError(ValueError):
    """The period asked for cannot be templated; the message says why."""


@dataclass
class NewRow:
    file: str
    values: dict[str, str]


def _index(period: str) -> tuple[int, int]:
    if m := QUARTER.match(period):
        return int(m.group(1)), int(m.group(2))
    if m := YEAR.match(period):
        return int(m.group(1)), 0
    raise PeriodError(f"{period!r} is not a quarter (2026Q1) or a fiscal year (FY2026)")


def _following(period: str) -> str:
    year, q = _index(period)
    if q == 0:
        return f"FY{year + 1}"
    return f"{year + (q == 4)}Q{q % 4 + 1}"


def _rows_of(ds: Dataset, entity: str) -> list[Row]:
    """The entity's facts (grouped once per dataset: a template reads them many times)."""
    groups = getattr(ds, "_by_entity", None)
    if groups is None or groups[0] != len(ds.facts):
        grouped: dict[str, list[Row]] = {}
        for r in ds.facts:
            grouped.setdefault(r["entity"], []).append(r)
        groups = (len(ds.facts), grouped)
        ds._by_entity = groups
    return groups[1].get(entity, [])


def latest(ds: Dataset, entity: str) -> str | None:
    """The entity's newest quarter, or its newest fiscal year if it reports only yearly."""
    rows = _rows_of(ds, entity)
    quarters = [r["period"] for r in rows if QUARTER.match(r["period"])]
    years = [r["period"] for r in rows if YEAR.match(r["period"])]
    pool = quarters or years
    return max(pool, key=_index) if pool else None


def next_period(ds: Dataset, entity: str) -> str:
    newest = latest(ds, entity)
    if newest is None:
        raise PeriodError(f"data/ has no period of {entity} to start from")
    return _following(newest)


def period_end(entity: str, period: str) -> str:
    """A quarter's last day; a fiscal year's end by the company's rule (Cisco: the last
    Saturday of July; Ciena: the Saturday nearest 31 October; Nokia: 31 December)."""
    year, q = _index(period)
    if q:
        return dt.date(year, 3 * q, calendar.monthrange(year, 3 * q)[1]).isoformat()
    month, day, weekday, how = schema.FISCAL_YEAR_RULE.get(entity, (12, 31, None, ""))
    end = dt.date(year, month, day)
    if weekday is not None:
        if how == "last":
            end -= dt.timedelta(days=(end.weekday() - weekday) % 7)
        else:  # nearest
            back = (end.weekday() - weekday) % 7
            end = end - dt.timedelta(days=back) if back <= 3 else \
                end + dt.timedelta(days=7 - back)
    return end.isoformat()


def _previous(ds: Dataset, entity: str, period: str) -> tuple[str | None, list[Row]]:
    """The newest earlier period of the same kind with first-printed rows, and those rows."""
    kind = _index(period)[1] == 0
    printed = [r for r in _rows_of(ds, entity) if r["basis"] in ("as_reported", "non_ifrs")
               and (YEAR if kind else QUARTER).match(r["period"])
               and _index(r["period"]) < _index(period)]
    if not printed:
        return None, []
    prev = max((r["period"] for r in printed), key=_index)
    return prev, [r for r in printed if r["period"] == prev]


def _in_force(ds: Dataset, entity: str, year: int) -> list[Row]:
    """The members of each parent's newest structure in force in ``year`` (a company may
    regroup its product categories without touching its segments)."""
    rows = [r for r in ds.structures if r["entity"] == entity
            and period_year(r["first_period"]) <= year
            and (not r["last_period"] or year <= period_year(r["last_period"]))]
    newest: dict[str, int] = {}
    for r in rows:
        newest[r["parent"]] = max(newest.get(r["parent"], 0), period_year(r["first_period"]))
    return [r for r in rows if period_year(r["first_period"]) == newest[r["parent"]]]


def _words(period: str) -> list[tuple[str, str]]:
    """The ways a locator names a period: 'Q4 2025', '2025Q4', 'fourth quarter', 'FY2025'."""
    year, q = _index(period)
    if q == 0:
        return [(f"FY{year}", "fy"), (str(year), "y")]
    return [(f"Q{q} {year}", "q y"), (f"{year}Q{q}", "yq"), (f"Q{q}/{year}", "q/y"),
            (f"Q{q}", "q"), (f"{ORDINAL[q]} quarter", "ordinal"), (str(year), "y")]


def _relabel(text: str, old: str, new: str) -> str:
    """A locator of the old period rewritten for the new one, the year before included."""
    pairs = list(zip(_words(old), _words(new), strict=True))
    oy, ny = _index(old)[0], _index(new)[0]
    if _index(old)[1]:
        pairs.append(((str(oy - 1), "y1"), (str(ny - 1), "y1")))
    marks = {}
    for i, ((a, _), (b, _)) in enumerate(pairs):
        mark = f"\0{i}\0"
        text = text.replace(a, mark)
        marks[mark] = b
    for mark, b in marks.items():
        text = text.replace(mark, b)
    return text


def template(ds: Dataset, entity: str, period: str | None, source: str,
             refuse_misuse: bool = True) -> list[NewRow]:
    """Every row ``period`` needs, with an empty value, basis as the previous period's (first
    published, or non-IFRS where that is what was printed) and ``source``."""
    if entity not in COMPANIES:
        raise PeriodError(f"unknown company {entity!r}; one of {', '.join(COMPANIES)}")
    period = period or next_period(ds, entity)
    year, _ = _index(period)
    if source not in ds.sources:
        raise PeriodError(f"source id {source!r} is not in data/sources.csv; add the document "
                          "there first")
    if refuse_misuse:
        _refuse_misuse(ds, entity, period, source)
    prev, rows = _previous(ds, entity, period)
    if prev is None:
        raise PeriodError(f"data/ has no earlier {entity} period of this kind to copy from")
    structure = _in_force(ds, entity, year)
    declared = {r["segment"] for r in ds.structures if r["entity"] == entity}
    keep = {r["segment"] for r in structure} | {r["parent"] for r in structure}
    wanted: dict[tuple[str, str, str], Row] = {}
    for row in rows:
        seg = row["segment"]
        if structure and seg in declared and seg not in keep:
            continue  # a segment the structure in force no longer has
        wanted.setdefault((seg, row["metric"], row["basis"]), row)
    # a structure taking effect this year: its new segments get the metrics their
    # siblings reported last time
    starting = [m for m in structure if period_year(m["first_period"]) == year
                and period_year(m["first_period"]) > _index(prev)[0]]
    for member in starting:
        seg, parent = member["segment"], member["parent"]
        if any(key[0] == seg for key in wanted):
            continue
        siblings = [(key, r) for key, r in list(wanted.items())
                    if key[0] in {x["segment"] for x in structure if x["parent"] == parent}]
        for (s, metric, basis), like in siblings:
            wanted.setdefault((seg, metric, basis), _as_segment(like, s, seg))
    publisher = ds.sources[source]["publisher"]
    out = []
    for (seg, metric, _), like in sorted(wanted.items()):
        values = {c: "" for c in schema.FACT_COLUMNS}
        # a place in the previous document is a guess at the place in the new one only when
        # both come from one publisher (last quarter's release, this quarter's release)
        before = ds.sources.get(like["source_id"])
        same = before is not None and before["publisher"] == publisher
        values.update(entity=entity, segment=seg, metric=metric, period=period,
                      period_end=period_end(entity, period),
                      unit=_own_unit(ds, entity, seg, metric, like["unit"]),
                      basis=like["basis"], source_id=source,
                      locator=_relabel(like["locator"], prev, period) if same else "")
        out.append(NewRow(like.file, values))
    have = {(r["segment"], r["metric"], r["basis"]) for r in _rows_of(ds, entity)
            if r["period"] == period and r["basis"] in ("as_reported", "non_ifrs")}
    todo = [r for r in out if (r.values["segment"], r.values["metric"], r.values["basis"])
            not in have]
    if not todo:
        raise PeriodError(f"{entity} {period} is complete: every row its structure expects is "
                          "typed")
    return todo


def _refuse_misuse(ds: Dataset, entity: str, period: str, source: str) -> None:
    """The three ways a template goes wrong without a word: another company's document, a
    document older than the period it should print, and a period templated twice."""
    pending = [r for r in _rows_of(ds, entity) if not r["value"]]
    if pending:
        first = pending[0]
        raise PeriodError(f"{entity} already has {len(pending)} template row(s) waiting for a "
                          f"value (first {first.file}:{first.line}, {first['period']}): type "
                          "them, or delete them, before templating another period")
    owner = source.split("-")[0]
    if owner in COMPANIES and owner != entity:
        raise PeriodError(f"{source} is a {owner} document; {entity} {period} is printed in a "
                          f"{entity} document (add it to data/sources.csv first)")
    date = ds.sources[source]["date"]
    end = period_end(entity, period)
    if date and date < end:
        raise PeriodError(f"{source} is dated {date}, before {entity} {period} ends ({end}): "
                          "it cannot print that period; name the document that reports it")


def _own_unit(ds: Dataset, entity: str, segment: str, metric: str, fallback: str) -> str:
    """The unit the company's own newest document printed for this figure: a news copy
    rounds to billions where the report prints millions. Money with no own document is
    typed in millions of the reporting currency, as the company's reports print it."""
    own = [r for r in _rows_of(ds, entity) if r["segment"] == segment
           and r["metric"] == metric and r["value"]
           and r["source_id"].startswith(f"{entity}-") and r["source_id"] in ds.sources]
    if own:
        return max(own, key=lambda r: (ds.sources[r["source_id"]]["date"], r["period_end"]))["unit"]
    parts = fallback.split()
    if len(parts) == 2 and parts[1] == "billion":
        return f"{parts[0]} million"
    return fallback


def _as_segment(row: Row, old: str, new: str) -> Row:
    from helpers import words

    values = dict(row.values, segment=new,
                  locator=row["locator"].replace(words.segment(old), words.segment(new)))
    return Row(row.file, row.line, values)


def incomplete(ds: Dataset) -> list[str]:
    """For each company's newest period: the rows the period before had (in the structure
    in force) that data/ still lacks."""
    out = []
    for entity in COMPANIES:
        newest = latest(ds, entity)
        if newest is None or not ds.sources:
            continue
        try:
            missing = template(ds, entity, newest, next(iter(ds.sources)), refuse_misuse=False)
        except PeriodError:
            continue
        said = set()
        for row in missing:
            v = row.values
            line = (f"{entity} {newest}: no {v['segment']} {v['metric']} ({v['basis']}) yet "
                    f"({row.file} had one for the period before)")
            if line not in said:
                said.add(line)
                out.append(line)
    return out


def as_csv(rows: list[NewRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([row.values[c] for c in schema.FACT_COLUMNS])
    return buffer.getvalue()


def write(root: Path, rows: list[NewRow]) -> dict[str, int]:
    """Append the rows to the files their previous period's rows live in; rows per file."""
    by_file: dict[str, list[NewRow]] = {}
    for row in rows:
        by_file.setdefault(row.file, []).append(row)
    for name, part in by_file.items():
        path = root / name
        text = path.read_text(encoding="utf-8")
        with open(path, "a", encoding="utf-8", newline="") as fh:
            if text and not text.endswith("\n"):
                fh.write("\n")
            fh.write(as_csv(part))
    return {name: len(part) for name, part in by_file.items()}
