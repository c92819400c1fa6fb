"""Load every hand-typed CSV in data/, check it against the contract, and return one table.

Numbers are typed from PDFs by people, so the checks are written for the mistakes people make
(a thousands space, a decimal comma, a fiscal year named by the wrong calendar year, a source
id that was never entered) and every problem names the file, the line and the column.
Parsing uses the csv module rather than pandas: it keeps exact line numbers, and the report
runner can validate without paying for a pandas import.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from helpers import paths, schema


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one place, phrased so that the typist can fix it."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.column:
            where += f": column '{self.column}'"
        return f"{where}: {self.message}"


class DataError(Exception):
    """Raised by :func:`load` when the data break the contract; carries every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{len(problems)} problem(s) in data/:\n{lines}")


@dataclass
class Row:
    """A CSV row with the place it came from, so later checks can point back at it."""

    file: str
    line: int
    values: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values[key]


@dataclass
class Dataset:
    facts: list[Row] = field(default_factory=list)
    sources: dict[str, Row] = field(default_factory=dict)
    events: list[Row] = field(default_factory=list)
    claims: list[Row] = field(default_factory=list)
    dated_claims: list[Row] = field(default_factory=list)
    structures: list[Row] = field(default_factory=list)
    perimeters: list[Row] = field(default_factory=list)
    measurers: list[Row] = field(default_factory=list)
    businesses: list[Row] = field(default_factory=list)
    annotations: list[Row] = field(default_factory=list)
    # what validation noticed without refusing the data: rows the newest period of a company
    # still lacks, and how many restated rows repeat their first publication
    warnings: list[str] = field(default_factory=list)
    confirmations: dict[str, int] = field(default_factory=dict)


# ---------------------------------------------------------------- reading files

def read_table(path: Path, columns: tuple[str, ...], shown: str,
               problems: list[Problem]) -> list[Row]:
    """Read one CSV whose header must be exactly ``columns``.

    A byte-order mark and CRLF line ends, which spreadsheet programs write, are accepted;
    anything that would silently shift values between columns is reported instead.
    """
    expected = ", ".join(columns)
    if not path.is_file():
        problems.append(Problem(shown, None, None, f"file not found; expected a CSV with "
                                f"the header: {expected}"))
        return []
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(shown, line, None, "not UTF-8 text; save the file as UTF-8"))
        return []
    if not text.strip():
        problems.append(Problem(shown, None, None, f"file is empty; expected at least the "
                                f"header: {expected}"))
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader)]
    missing = [c for c in columns if c not in header]
    extra = [c for c in header if c not in columns]
    if missing or extra:
        parts = []
        if missing:
            parts.append("missing column(s) " + ", ".join(repr(c) for c in missing))
        if extra:
            parts.append("unexpected column(s) " + ", ".join(repr(c) for c in extra))
        problems.append(Problem(shown, 1, None, "; ".join(parts) + f"; expected: {expected}"))
        return []
    if len(set(header)) != len(header):
        problems.append(Problem(shown, 1, None, "a column name appears twice in the header"))
        return []
    rows: list[Row] = []
    start = reader.line_num + 1
    for fields in reader:
        line = start
        start = reader.line_num + 1
        if not any(f.strip() for f in fields):
            continue  # blank line
        if len(fields) != len(header):
            problems.append(Problem(
                shown, line, None,
                f"{len(fields)} fields, expected {len(header)} ({expected}); "
                "a comma inside a value needs double quotes around the value"))
            continue
        values = {name: value.strip() for name, value in zip(header, fields, strict=True)}
        row = Row(shown, line, values)
        optional = schema.OPTIONAL | schema.OPTIONAL_IN.get(columns, set())
        empty = [n for n in columns if n not in optional and not values[n]]
        if {"value", "locator"} <= set(empty) and values.get("source_id"):
            # a row from `helpers new-period` in another publisher's document: one to-do
            problems.append(Problem(shown, line, "value", (
                f"is empty, and so is 'locator': type the value {values['source_id']} prints "
                "and where (page, table or section)")))
            empty = [n for n in empty if n not in ("value", "locator")]
        for name in empty:
            problems.append(Problem(shown, line, name, _empty(name, values)))
        rows.append(row)
    return rows


def _empty(column: str, values: dict[str, str]) -> str:
    """What to type in an empty cell: for a fact's value, the document and place it comes
    from, so the list of these errors is the typist's to-do list."""
    if column == "value" and values.get("source_id"):
        where = f" ({values['locator']})" if values.get("locator") else ""
        return f"is empty: type the value {values['source_id']} prints{where}"
    if column == "locator" and values.get("source_id"):
        return (f"is empty: type where {values['source_id']} prints the value (page, table "
                "or section)")
    return "is empty; a value is required"


# ---------------------------------------------------------------- field parsers

_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_THOUSANDS = re.compile(r"^-?\d{1,3}([ \u00a0\u202f,]\d{3})+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")


def parse_number(text: str) -> float:
    """The value as a float, or ValueError saying how the typed text should look."""
    if _PLAIN_NUMBER.match(text):
        return float(text)
    cleaned = text.replace("\u2212", "-")
    if cleaned != text:
        raise ValueError(f"{text!r} uses a typographic minus; type '-' instead")
    if _THOUSANDS.match(text):
        plain = re.sub(r"[ \u00a0\u202f,]", "", text)
        raise ValueError(f"{text!r} has a thousands separator; type {plain} instead")
    if _DECIMAL_COMMA.match(text):
        raise ValueError(f"{text!r} has a decimal comma; type {text.replace(',', '.')} instead")
    raise ValueError(f"{text!r} is not a number; expected digits with '.' as the decimal point")


def parse_date(text: str) -> dt.date:
    if not schema.ISO_DATE.match(text):
        raise ValueError(f"{text!r} is not an ISO date; expected YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real date ({exc})") from None


_FOUR_DIGITS = re.compile(r"\d{4}")


def period_year(period: str) -> int:
    """The calendar year a period label names (its fiscal year for FY labels)."""
    return int(_FOUR_DIGITS.search(period).group(0))


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

def _check_fact(row: Row, sources: dict[str, Row], problems: list[Problem]) -> None:
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


def _check_sums(facts: list[Row], structures: list[Row], problems: list[Problem]) -> None:
    """Segments must add up to their parent where one report gives both."""
    tree: dict[tuple[str, str], list[Row]] = defaultdict(list)
    spans: dict[int, tuple[int, int]] = {}  # each member's years, parsed once
    for s in structures:
        tree[(s["entity"], s["structure"])].append(s)
        spans[id(s)] = (period_year(s["first_period"]),
                        period_year(s["last_period"]) if s["last_period"] else 9999)
    by_report: dict[tuple, dict[str, Row]] = defaultdict(dict)
    for row in facts:
        v = row.values
        if v["metric"] != "net_sales":
            continue
        try:
            parse_number(v["value"])
        except ValueError:
            continue
        key = (v["entity"], v["metric"], v["period"], v["basis"], v["source_id"], v["unit"])
        by_report[key][v["segment"]] = row
    for (entity, _metric, period, _basis, _source, _unit), rows in by_report.items():
        year = period_year(period)
        for (ent, structure), members in tree.items():
            if ent != entity:
                continue
            active = [m for m in members if spans[id(m)][0] <= year <= spans[id(m)][1]]
            parents = {m["parent"] for m in active}
            for parent in parents:
                children = [m["segment"] for m in active if m["parent"] == parent]
                if parent not in rows or not all(c in rows for c in children):
                    continue
                total = parse_number(rows[parent]["value"])
                added = sum(parse_number(rows[c]["value"]) for c in children)
                # Intra-group eliminations are rarely typed in; they stay within 1.5%.
                tolerance = max(0.015 * abs(total), 0.5 * len(children))
                if abs(added - total) > tolerance:
                    target = rows[parent]
                    problems.append(Problem(
                        target.file, target.line, "value",
                        f"{period} {parent} is {total:g} but its parts in structure "
                        f"'{structure}' ({', '.join(children)}) add up to {added:g}; "
                        "check the figures against the source table"))


def _check_sources(rows: list[Row], problems: list[Problem]) -> dict[str, Row]:
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


def _check_refs(rows: list[Row], sources: dict[str, Row], id_column: str,
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


def _check_claims(claims: list[Row], problems: list[Problem]) -> None:
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


def _check_dated_claims(rows: list[Row], events: list[Row], claims: list[Row],
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


def _check_knowledge(ds: Dataset, problems: list[Problem]) -> None:
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
    for row in ds.annotations:
        if row["event_id"] not in events:
            problems.append(Problem(row.file, row.line, "event_id",
                                    f"unknown event {row['event_id']!r}; see data/events.csv"))


# ---------------------------------------------------------------- entry points

def fact_files(data_dir: Path) -> list[Path]:
    return sorted(p for p in data_dir.glob("*.csv") if p.name not in schema.SPECIAL_FILES)


def print_problems(problems: list[Problem], consequence: str) -> bool:
    """Each problem on stderr at its file:line, then what the command did about them; every
    command that reads data/ refuses bad rows in the same words."""
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s){consequence}", file=sys.stderr)
    return bool(problems)


def validate(data_dir: Path | None = None) -> tuple[Dataset, list[Problem]]:
    """Read and check everything; return what could be read and every problem found."""
    from helpers import checks

    data_dir = Path(data_dir) if data_dir else paths.data_dir()
    problems: list[Problem] = []

    def shown(p: Path) -> str:
        try:
            return str(p.relative_to(data_dir.parent))
        except ValueError:
            return str(p)

    ds = Dataset()
    source_rows = read_table(data_dir / "sources.csv", schema.SOURCE_COLUMNS,
                             shown(data_dir / "sources.csv"), problems)
    ds.sources = _check_sources(source_rows, problems)
    files = fact_files(data_dir)
    if not files:
        problems.append(Problem(shown(data_dir), None, None,
                                "no fact files (*.csv besides sources, events, claims)"))
    for path in files:
        rows = read_table(path, schema.FACT_COLUMNS, shown(path), problems)
        for row in rows:
            _check_fact(row, ds.sources, problems)
        ds.facts.extend(rows)
    # only rows with no problem of their own take part in the checks that combine rows
    flagged = {(p.file, p.line) for p in problems}
    clean = [r for r in ds.facts if (r.file, r.line) not in flagged]
    for name, target in (("events.csv", "events"), ("claims.csv", "claims"),
                         ("dated_claims.csv", "dated_claims"),
                         ("structures.csv", "structures"), ("perimeters.csv", "perimeters"),
                         ("measurers.csv", "measurers"), ("businesses.csv", "businesses"),
                         ("annotations.csv", "annotations")):
        path = data_dir / name
        if path.exists():
            rows = read_table(path, schema.SPECIAL_FILES[name], shown(path), problems)
            if name in UNIQUE:
                rows = checks.unique(rows, UNIQUE[name], problems)
            setattr(ds, target, rows)
    # each file's own rows first; then what combines files, on the rows that passed
    _check_refs(ds.events, ds.sources, "event_id", ("date",), problems)
    _check_refs(ds.claims, ds.sources, "claim_id", (), problems)
    _check_claims(ds.claims, problems)
    _check_dated_claims(ds.dated_claims, ds.events, ds.claims, problems)
    _check_knowledge(ds, problems)
    ds.confirmations = dict(checks.duplicates_and_recasts(clean, problems))
    checks.first_publication(clean, ds.sources, problems)
    checks.segments(clean, ds.structures, ds.perimeters + ds.businesses, problems)
    checks.currencies(clean, problems)
    checks.magnitudes(clean, problems)
    checks.source_dates(clean, ds.sources, problems)
    _check_sums(clean, ds.structures, problems)
    if not problems:
        from helpers import new_period

        ds.warnings = new_period.incomplete(ds)
    return ds, problems


# The columns that make a row of a knowledge file one of a kind; a repeat is an error there.
UNIQUE = {"structures.csv": ("entity", "structure", "segment", "parent", "first_period"),
          "perimeters.csv": ("entity", "segment", "metric", "measurer", "first_year",
                             "last_year", "source_id"),
          "measurers.csv": ("alias",),
          "businesses.csv": ("entity", "business", "segment", "first_year"),
          "annotations.csv": ("chart", "event_id")}


def load(data_dir: Path | None = None) -> Dataset:
    """The validated dataset; raises DataError listing every problem otherwise."""
    ds, problems = validate(data_dir)
    if problems:
        raise DataError(problems)
    return ds


def latest_year(ds: Dataset) -> int | None:
    """The year of any company's newest period, a fiscal year or a quarter (what `latest`
    means in a notebook's parameters: a typed 2026Q1 makes it 2026), read from the rows so the
    runner needs no pandas."""
    years = [period_year(r["period"]) for r in ds.facts
             if r["entity"] in ("nokia", "ciena", "cisco")
             and re.fullmatch(r"(FY)?\d{4}(Q[1-4])?", r["period"])]
    return max(years) if years else None


def sort_key(row: Row) -> tuple:
    v = row.values
    return (v["entity"], v["segment"], v["metric"], v["period_end"], v["period"], v["basis"],
            v["source_id"])


def write_facts_csv(ds: Dataset, out) -> None:
    """The contract's tidy table, one fact a line, in a stable order."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(schema.FACT_COLUMNS)
    for row in sorted(ds.facts, key=sort_key):
        writer.writerow([row[c] for c in schema.FACT_COLUMNS])


def facts_frame(ds: Dataset | None = None):
    """The facts as a pandas DataFrame with numeric values and parsed dates."""
    import pandas as pd

    ds = ds or load()
    frame = pd.DataFrame([r.values for r in sorted(ds.facts, key=sort_key)],
                         columns=list(schema.FACT_COLUMNS))
    # how many decimals were typed: 2.4 (billion) is a different precision from 2.445
    frame["decimals"] = frame["value"].str.partition(".")[2].str.len()
    frame["value"] = frame["value"].astype(float)
    frame["period_end"] = pd.to_datetime(frame["period_end"])
    return frame


def table_frame(rows: list[Row], columns: tuple[str, ...]):
    import pandas as pd

    return pd.DataFrame([r.values for r in rows], columns=list(columns))
