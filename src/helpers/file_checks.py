"""The checks of one row, or of one file's rows, before anything combines files.

A row with a problem of its own (an unknown unit, a date that is not a date) joins no check
that reads several rows, so one typo gives one error, at the line where it was typed.
"""

from __future__ import annotations

import datetime as dt
import re

from helpers import schema
from helpers.rows import Dataset, Problem, Row, parse_date, parse_number


def check_period(entity: str, period: str, end: dt.date) -> str | None:
    """Why ``period`` cannot end on ``end`` for ``entity``, or None when it can."""
    if m := schema.FISCAL_YEAR.match(period):
        year = int(m.group(1))
        if end.year != year:
            return (f"{period} must end in {year} (a fiscal year is named by the calendar "
                    f"year in which it ends), not on {end.isoformat()}")
        window = schema.FISCAL_YEAR_END.get(entity)
        if window and not (window[0] <= (end.month, end.day) <= window[1]):
            (m1, d1), (m2, d2) = window
            return (f"{entity}'s fiscal year ends between {m1:02d}-{d1:02d} and "
                    f"{m2:02d}-{d2:02d}; {end.isoformat()} is outside that")
        return None
    if m := schema.CALENDAR_QUARTER.match(period):
        year, q = int(m.group(1)), int(m.group(2))
        last_month = 3 * q
        nxt = dt.date(year + (last_month == 12), last_month % 12 + 1, 1)
        quarter_end = nxt - dt.timedelta(days=1)
        if end != quarter_end:
            return f"calendar quarter {period} ends on {quarter_end.isoformat()}"
        return None
    if m := schema.FISCAL_QUARTER.match(period):
        year = int(m.group(1))
        if end.year not in (year - 1, year):
            return f"fiscal quarter {period} must end in {year - 1} or {year}"
        return None
    if schema.ISO_DATE.match(period):
        if period != end.isoformat():
            return f"a point in time ({period}) must have period_end equal to the period"
        return None
    return ("unknown period format; expected FY2007, 2025Q3, FY2025Q3 or an ISO date "
            "such as 2014-04-25")


# ---------------------------------------------------------------- row checks

def check_fact(row: Row, sources: dict[str, Row], problems: list[Problem]) -> None:
    """The row's own checks (a row with a problem then joins no check that combines rows)."""
    def bad(column: str, message: str) -> None:
        problems.append(Problem(row.file, row.line, column, message))

    v = row.values
    if v["entity"] and v["entity"] not in schema.ENTITIES:
        bad("entity", f"unknown entity {v['entity']!r}; expected one of "
            + ", ".join(sorted(schema.ENTITIES)))
    for column in ("segment", "metric"):
        if v[column] and not schema.SNAKE.match(v[column]):
            bad(column, f"{v[column]!r} is not snake_case (lower-case letters, digits, _)")
    spec = schema.METRICS.get(v["metric"])
    if v["metric"] and spec is None:
        bad("metric", f"unknown metric {v['metric']!r}; expected one of "
            + ", ".join(sorted(schema.METRICS)))
    if v["unit"] and v["unit"] not in schema.UNITS:
        bad("unit", f"unknown unit {v['unit']!r}; expected one of "
            + ", ".join(sorted(schema.UNITS)))
    elif spec and v["unit"] and v["unit"] not in spec[0]:
        bad("unit", f"{v['metric']} cannot be in {v['unit']!r}; expected one of "
            + ", ".join(sorted(spec[0])))
    if v["basis"] and v["basis"] not in schema.BASES:
        bad("basis", f"unknown basis {v['basis']!r}; expected one of "
            + ", ".join(schema.BASES))
    if v["source_id"] and v["source_id"] not in sources:
        bad("source_id", f"unknown source id {v['source_id']!r}; add it to data/sources.csv")
    end = None
    if v["period_end"]:
        try:
            end = parse_date(v["period_end"])
        except ValueError as exc:
            bad("period_end", str(exc))
    if v["period"] and end is not None:
        why = check_period(v["entity"], v["period"], end)
        if why:
            bad("period", why)
    if v["value"]:
        try:
            number = parse_number(v["value"])
        except ValueError as exc:
            bad("value", str(exc))
        else:
            if spec:
                _, may_be_negative, upper = spec
                negative_ok = may_be_negative or v["segment"] == "eliminations"
                if number < 0 and not negative_ok:
                    bad("value", f"{v['metric']} cannot be negative ({v['value']})")
                if upper is not None and number > upper:
                    bad("value", f"{v['metric']} cannot exceed {upper:g} ({v['value']})")
    if v["metric"] == "market_share" and not v["note"].lower().startswith("measured by"):
        bad("note", "a market share must say who measured it: start the note with "
            "'measured by <who>;'")
    if v["basis"] == "restated" and not v["note"]:
        bad("note", "a restated value must say in the note what was recast and why")


def check_sources(rows: list[Row], problems: list[Problem]) -> dict[str, Row]:
    sources: dict[str, Row] = {}
    for row in rows:
        sid = row["source_id"]
        if sid in sources:
            problems.append(Problem(row.file, row.line, "source_id",
                                    f"source id {sid!r} is already defined on line "
                                    f"{sources[sid].line}"))
            continue
        sources[sid] = row
        if row["kind"] and row["kind"] not in schema.SOURCE_KINDS:
            problems.append(Problem(row.file, row.line, "kind",
                                    f"unknown kind {row['kind']!r}; expected one of "
                                    + ", ".join(sorted(schema.SOURCE_KINDS))))
        if row["date"]:
            try:
                parse_date(row["date"])
            except ValueError as exc:
                problems.append(Problem(row.file, row.line, "date", str(exc)))
    return sources


def check_refs(rows: list[Row], sources: dict[str, Row], id_column: str,
                date_columns: tuple[str, ...], problems: list[Problem]) -> None:
    seen: dict[str, int] = {}
    for row in rows:
        ident = row[id_column]
        if ident in seen:
            problems.append(Problem(row.file, row.line, id_column,
                                    f"{ident!r} is already used on line {seen[ident]}"))
        seen[ident] = row.line
        if "source_id" in row.values and row["source_id"] not in sources:
            problems.append(Problem(row.file, row.line, "source_id",
                                    f"unknown source id {row['source_id']!r}; add it to "
                                    "data/sources.csv"))
        if "entity" in row.values and row["entity"] not in schema.ENTITIES:
            problems.append(Problem(row.file, row.line, "entity",
                                    f"unknown entity {row['entity']!r}"))
        for column in date_columns:
            try:
                parse_date(row[column])
            except ValueError as exc:
                problems.append(Problem(row.file, row.line, column, str(exc)))


def check_claims(claims: list[Row], problems: list[Problem]) -> None:
    for row in claims:
        for column in ("claimed_value", "tolerance"):
            try:
                number = parse_number(row[column])
            except ValueError as exc:
                problems.append(Problem(row.file, row.line, column, str(exc)))
                continue
            if column == "tolerance" and number < 0:
                problems.append(Problem(row.file, row.line, column, "cannot be negative"))
        test = row["test"] or "about"
        if test not in schema.CLAIM_TESTS:
            problems.append(Problem(row.file, row.line, "test",
                                    f"unknown test {test!r}; one of "
                                    + ", ".join(schema.CLAIM_TESTS) + " (blank means about)"))
        ranged = re.fullmatch(r"FY(\d{4})-FY(\d{4})", row["period"])
        if test == "steady" and not (ranged and ranged.group(1) < ranged.group(2)):
            problems.append(Problem(row.file, row.line, "period",
                                    f"{row['period']!r}: a steady claim spans fiscal years, "
                                    "written FY2017-FY2024"))
        if test != "steady" and ranged:
            problems.append(Problem(row.file, row.line, "test",
                                    "a claim over a range of years needs the test 'steady'"))
        # A claim may name a metric no source measures (it is then "not verifiable"),
        # but it must still be spelled like one.
        for column in ("metric", "segment", "implied_scope"):
            if not schema.SNAKE.match(row[column]):
                problems.append(Problem(row.file, row.line, column,
                                        f"{row[column]!r} is not snake_case"))
        if row["claimed_unit"] not in schema.UNITS:
            problems.append(Problem(row.file, row.line, "claimed_unit",
                                    f"unknown unit {row['claimed_unit']!r}"))
        # a claimed value must be possible for its metric (no negative market share)
        # a steady claim is about year-on-year changes of the metric, in percent
        spec = None if test == "steady" else schema.METRICS.get(row["metric"])
        if test == "steady" and row["claimed_unit"] != "percent":
            problems.append(Problem(row.file, row.line, "claimed_unit",
                                    "a steady claim is about changes, in 'percent'"))
        try:
            claimed = parse_number(row["claimed_value"])
        except ValueError:
            continue
        if spec is not None:
            units, negative_ok, upper = spec
            if row["claimed_unit"] not in units:
                problems.append(Problem(row.file, row.line, "claimed_unit",
                                        f"{row['claimed_unit']!r} is not a unit of "
                                        f"{row['metric']}; expected one of "
                                        + ", ".join(sorted(units))))
            if claimed < 0 and not negative_ok:
                problems.append(Problem(row.file, row.line, "claimed_value",
                                        f"{claimed:g} is negative, impossible for "
                                        f"{row['metric']}"))
            if upper is not None and claimed > upper:
                problems.append(Problem(row.file, row.line, "claimed_value",
                                        f"{claimed:g} is above {upper:g}, impossible for "
                                        f"{row['metric']}"))


CLAIMED_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def check_dated_claims(rows: list[Row], events: list[Row], claims: list[Row],
                        problems: list[Problem]) -> None:
    """A dated claim names an event that exists and a date as precise as the article is."""
    known = {e["event_id"] for e in events}
    seen = {c["claim_id"] for c in claims}
    for row in rows:
        if row["claim_id"] in seen:
            problems.append(Problem(row.file, row.line, "claim_id",
                                    f"{row['claim_id']!r} is used twice (claim ids are shared "
                                    "with claims.csv)"))
        seen.add(row["claim_id"])
        if row["event_id"] not in known:
            problems.append(Problem(row.file, row.line, "event_id",
                                    f"unknown event {row['event_id']!r}; see data/events.csv"))
        text = row["claimed_date"]
        if not CLAIMED_DATE.fullmatch(text):
            problems.append(Problem(row.file, row.line, "claimed_date",
                                    f"{text!r} is not a year (2011), a month (2025-04) or a "
                                    "date (2025-04-01)"))
            continue
        try:
            dt.date.fromisoformat((text + "-01-01")[:10] if len(text) < 10 else text)
        except ValueError:
            problems.append(Problem(row.file, row.line, "claimed_date",
                                    f"{text!r} is not a calendar date"))


def check_knowledge(ds: Dataset, problems: list[Problem]) -> None:
    """Perimeters, businesses and annotations must point at things that exist."""
    for row in ds.perimeters + ds.businesses:
        for column in ("first_year", "last_year"):
            text = row.values.get(column, "")
            if text and not re.fullmatch(r"\d{4}(Q[1-4])?", text):
                problems.append(Problem(row.file, row.line, column,
                                        f"{text!r} is not a year (2024) or a quarter (2024Q2)"))
        if row["entity"] not in schema.ENTITIES:
            problems.append(Problem(row.file, row.line, "entity",
                                    f"unknown entity {row['entity']!r}"))
    for row in ds.perimeters:
        sid = row["source_id"]
        if sid and sid not in ds.sources:
            problems.append(Problem(row.file, row.line, "source_id",
                                    f"unknown source id {sid!r}; add it to data/sources.csv"))
        if not sid and not (row["first_year"] and row["last_year"]):
            problems.append(Problem(row.file, row.line, "first_year",
                                    "give a year range, or a source_id whose recast this is"))
    events = {e["event_id"] for e in ds.events}
    sales = {(f["entity"], f["segment"], f["period"]) for f in ds.facts
             if f["metric"] == "net_sales"}
    for row in ds.portfolio:
        if row["change"] not in schema.PORTFOLIO_CHANGES:
            problems.append(Problem(row.file, row.line, "change",
                                    f"{row['change']!r} is not one of "
                                    + ", ".join(schema.PORTFOLIO_CHANGES)))
        if not re.fullmatch(r"\d{4}", row["year"]):
            problems.append(Problem(row.file, row.line, "year",
                                    f"{row['year']!r} is not the year the change took effect"))
        if row["event_id"] and row["event_id"] not in events:
            problems.append(Problem(row.file, row.line, "event_id",
                                    f"unknown event {row['event_id']!r}; see data/events.csv"))
        key = (row["sales_entity"], row["sales_segment"], row["sales_period"])
        if any(key) and key not in sales:
            problems.append(Problem(row.file, row.line, "sales_period",
                                    f"no net_sales fact for {' '.join(key)} in data/; type it "
                                    "from its document first (or leave the three sales "
                                    "columns blank and say why in the note)"))
        elif not any(key) and not row["note"]:
            problems.append(Problem(row.file, row.line, "note",
                                    "no sales figure: say in the note which documents were "
                                    "searched"))
    for row in ds.annotations:
        if row["event_id"] not in events:
            problems.append(Problem(row.file, row.line, "event_id",
                                    f"unknown event {row['event_id']!r}; see data/events.csv"))


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
