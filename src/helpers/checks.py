"""The checks that read several rows at once, written for the mistakes of typing a release.

Each check names the row that was typed (``file:line``), says what is wrong in the typist's
terms and, where it can, what to type instead: a figure that an earlier document already
printed is a recast (``restated``) or a confirmation, a misspelt segment gets the nearest
known name, a unit slip shows as a value twenty times its neighbours. They run only on rows
that passed their own file's checks, so one typo gives one error.
"""

from __future__ import annotations

import difflib
import statistics
from collections import Counter, defaultdict

from helpers import schema
from helpers.data import Problem, Row, parse_number, period_year

SCALE = {"million": 1.0, "billion": 1000.0}


def _number(row: Row) -> float | None:
    try:
        return parse_number(row["value"])
    except ValueError:
        return None


def _millions(row: Row) -> float | None:
    value = _number(row)
    parts = row["unit"].split()
    if value is None or len(parts) != 2 or parts[1] not in SCALE:
        return None
    return value * SCALE[parts[1]]


def _same(a: Row, b: Row) -> bool:
    """Two rows give the same figure (billions against millions, to the rounding shown)."""
    x, y = _millions(a), _millions(b)
    if x is None or y is None:
        return _number(a) == _number(b) and a["unit"] == b["unit"]
    step = max(0.5 * 10 ** -len(r["value"].partition(".")[2]) * SCALE[r["unit"].split()[1]]
               for r in (a, b))
    return abs(x - y) <= step + 1e-9


def _fmt(row: Row) -> str:
    return f"{row['value']} {row['unit']}"


def duplicates_and_recasts(facts: list[Row], problems: list[Problem]) -> Counter:
    """A key typed twice is an error at the second row. A period first published twice is
    a confirmation when the figures agree and a recast when they differ: both belong on a
    ``restated`` row, and the message says which, naming the first publication. Returns the
    count of confirmations (restated rows that repeat their first publication)."""
    seen: dict[tuple, Row] = {}
    first: dict[tuple, Row] = {}
    for row in facts:
        v = row.values
        key = tuple(v[c] for c in ("entity", "segment", "metric", "period", "basis",
                                   "source_id"))
        if key in seen:
            other = seen[key]
            problems.append(Problem(row.file, row.line, None,
                                    f"duplicate key {'/'.join(key)}; already on "
                                    f"{other.file}:{other.line}"))
            continue
        seen[key] = row
        if v["basis"] != "as_reported":
            continue
        k2 = key[:4]
        if k2 not in first:
            first[k2] = row
            continue
        other = first[k2]
        where = f"{other.file}:{other.line} ({_fmt(other)}, {other['source_id']})"
        if _same(row, other):
            advice = (f"it repeats the first publication on {where}: a later document that "
                      "prints the same figure confirms it; type it as 'restated' with a note "
                      "such as 'confirms the first publication'")
        else:
            advice = (f"{_fmt(row)} differs from the first publication on {where}: this is a "
                      "recast; type it as 'restated' with a note saying what was recast and why")
        problems.append(Problem(row.file, row.line, "basis",
                                f"{'/'.join(k2)} is already first published; {advice}"))
    confirmations = Counter()
    for row in facts:
        if row["basis"] == "restated":
            k2 = tuple(row[c] for c in ("entity", "segment", "metric", "period"))
            if k2 in first and _same(row, first[k2]):
                confirmations[row["entity"]] += 1
    return confirmations


def recasts(facts: list[Row]) -> list[str]:
    """Every restated row that differs from its period's first publication, and by how much,
    in words (for the log and the report's 'what changed')."""
    first = {tuple(r[c] for c in ("entity", "segment", "metric", "period")): r
             for r in facts if r["basis"] == "as_reported"}
    out = []
    for row in facts:
        if row["basis"] != "restated":
            continue
        base = first.get(tuple(row[c] for c in ("entity", "segment", "metric", "period")))
        if base is None or _same(row, base):
            continue
        a, b = _millions(base), _millions(row)
        change = f", {(b / a - 1) * 100:+.1f}%" if a and b is not None else ""
        out.append(f"{row.file}:{row.line}: {row['entity']} {row['segment']} {row['metric']} "
                   f"{row['period']} recast to {_fmt(row)} by {row['source_id']}, against "
                   f"{_fmt(base)} first published by {base['source_id']}{change}")
    return out


def first_publication(facts: list[Row], sources: dict[str, Row],
                      problems: list[Problem]) -> None:
    """`as_reported` means the earliest document, by date, that printed the period; and a
    document that reports a period as its own newest one first published it."""
    def date(row: Row) -> str:
        src = sources.get(row["source_id"])
        return src["date"] if src is not None else ""

    first: dict[tuple, Row] = {}
    others: dict[tuple, list[Row]] = defaultdict(list)
    newest: dict[str, tuple] = {}
    for row in facts:
        key = (row["entity"], row["segment"], row["metric"], row["period"])
        if row["basis"] == "as_reported":
            first.setdefault(key, row)
        elif row["basis"] == "restated":
            others[key].append(row)
        newest[row["source_id"]] = max(newest.get(row["source_id"], ("",)), (row["period_end"],))
    for key, row in first.items():
        mine = date(row)
        earlier = [o for o in others.get(key, []) if date(o) and mine and date(o) < mine]
        if earlier:
            o = min(earlier, key=date)
            problems.append(Problem(
                row.file, row.line, "basis",
                f"{'/'.join(key)} is as_reported from {row['source_id']} ({mine}), but "
                f"{o.file}:{o.line} prints it in {o['source_id']}, dated {date(o)}; the "
                "earliest document is the first publication (swap the two bases)"))
    for key, rows in others.items():
        if key in first:
            continue
        for row in rows:
            # the release of a quarter is its first publication: typed as a recast by mistake
            if "Q" in row["period"] and (row["period_end"],) == newest[row["source_id"]] \
                    and len({r["source_id"] for r in rows}) == 1:
                problems.append(Problem(
                    row.file, row.line, "basis",
                    f"{row['source_id']} reports {row['period']} as its own newest quarter, "
                    "so this is the first publication: type it as 'as_reported'"))


def segments(facts: list[Row], structures: list[Row], declared: list[Row],
             problems: list[Problem]) -> None:
    """A segment of a sales or growth figure must be one data/ knows: declared in
    structures.csv, perimeters.csv or businesses.csv, or used by other facts; and a period
    of the newest structure must use that structure's segments. Each error suggests the
    nearest known name."""
    known: dict[str, set[str]] = defaultdict(set)
    for row in structures + declared:
        known[row["entity"]].add(row["segment"])
        if row.values.get("parent"):
            known[row["entity"]].add(row["parent"])
    used = Counter((r["entity"], r["segment"]) for r in facts)
    newest = {}  # entity -> first year of its newest structure
    for row in structures:
        newest[row["entity"]] = max(newest.get(row["entity"], 0),
                                    period_year(row["first_period"]))

    def in_force(entity: str, year: int) -> set[str]:
        return {name for r in structures if r["entity"] == entity
                and period_year(r["first_period"]) <= year
                and (not r["last_period"] or year <= period_year(r["last_period"]))
                for name in (r["segment"], r["parent"])}
    for row in facts:
        seg, entity = row["segment"], row["entity"]
        if seg == "total" or not _segment_reporting(row):
            continue
        names = sorted(known[entity] | {s for (e, s), n in used.items() if e == entity and n > 1})
        if seg not in known[entity] and used[(entity, seg)] < 2:
            problems.append(Problem(row.file, row.line, "segment",
                                    f"unknown segment {seg!r} for {entity}" + _guess(seg, names)
                                    + "; a new segment is first listed in data/structures.csv"))
            continue
        year = period_year(row["period"])
        if year < newest.get(entity, 9999) or row["basis"] != "as_reported":
            continue
        current = in_force(entity, year) - {"total"}
        if current and seg not in current:
            problems.append(Problem(
                row.file, row.line, "segment",
                f"{seg!r} is not a segment of the structure in force in {year} "
                f"({', '.join(sorted(current))})" + _guess(seg, sorted(current))))


def _segment_reporting(row: Row) -> bool:
    return row["metric"] in schema.STATEMENT_METRICS or row["metric"].startswith("net_sales_growth")


def _guess(name: str, names: list[str]) -> str:
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def currencies(facts: list[Row], problems: list[Problem]) -> None:
    """A company's sales and profit are typed in the currency it reports in; another
    currency is a conversion, allowed only where the note says the document converted it."""
    for row in facts:
        allowed = schema.REPORTING_CURRENCY.get(row["entity"])
        currency = row["unit"].split()[0]
        if not allowed or row["metric"] not in schema.STATEMENT_METRICS or currency in allowed:
            continue
        if "convert" in row["note"].lower():
            continue
        problems.append(Problem(
            row.file, row.line, "unit",
            f"{row['entity']} reports in {'/'.join(sorted(allowed))}, not {currency}: type the "
            "figure the document prints in that currency, or, if the document itself gives a "
            "converted figure, say 'converted' in the note"))


def magnitudes(facts: list[Row], problems: list[Problem]) -> None:
    """A money value far from every other value of its series (the same company, segment,
    metric and frequency) is most likely a unit typed wrong: 617 EUR billion among figures
    of about 20,000 EUR million."""
    series: dict[tuple, list[tuple[Row, float]]] = defaultdict(list)
    for row in facts:
        amount = _millions(row)
        # sales only: a profit or a small segment's sales may well be near nothing
        if amount is None or amount <= 0 or not row["metric"].startswith("net_sales"):
            continue
        freq = "q" if "Q" in row["period"] else "y" if row["period"].startswith("FY") else "p"
        series[(row["entity"], row["segment"], row["metric"], freq)].append((row, amount))
    for members in series.values():
        if len(members) < 4:
            continue
        for row, amount in members:
            others = statistics.median(a for r, a in members if r is not row)
            ratio = amount / others
            if ratio > schema.MAGNITUDE_FACTOR or ratio < 1 / schema.MAGNITUDE_FACTOR:
                problems.append(Problem(
                    row.file, row.line, "value",
                    f"{_fmt(row)} is {ratio:.3g} times the median of this series' other "
                    f"figures (about {others:,.0f} {row['unit'].split()[0]} million): check "
                    "the value and the unit (million or billion)"))


def source_dates(facts: list[Row], sources: dict[str, Row], problems: list[Problem]) -> None:
    """A document cannot print a period that had not ended when it was published."""
    for row in facts:
        source = sources.get(row["source_id"])
        if source is None or not source["date"] or not row["period_end"]:
            continue
        if source["date"] < row["period_end"]:
            problems.append(Problem(
                row.file, row.line, "source_id",
                f"{row['source_id']} is dated {source['date']} in data/sources.csv, before "
                f"{row['period']} ends ({row['period_end']}): check the document's date or "
                "the period"))


def unique(rows: list[Row], columns: tuple[str, ...], problems: list[Problem]) -> list[Row]:
    """Rows whose ``columns`` repeat an earlier row are errors at the repeat; the rows
    without repeats are returned, so later checks never see a duplicate twice."""
    seen: dict[tuple, Row] = {}
    kept = []
    for row in rows:
        key = tuple(row[c] for c in columns)
        if key in seen:
            problems.append(Problem(row.file, row.line, None,
                                    f"the same row as line {seen[key].line} "
                                    f"({', '.join(f'{c}={row[c]}' for c in columns)})"))
            continue
        seen[key] = row
        kept.append(row)
    return kept
