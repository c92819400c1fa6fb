"""Read a hand-typed CSV into rows that remember their file and line, and parse its fields.

Numbers are typed from PDFs by people, so the reader is written for what people and their
spreadsheets do to a file (a byte-order mark, CRLF line ends, semicolons, trailing empty
columns, a quote left open) and every problem names the file, the line and the column. It
never drops a record without a word: a quote that opens and never closes would swallow the
lines after it, so a record spanning several lines is an error at the line the quote opened.
Parsing uses the csv module rather than pandas: it keeps exact line numbers, and the report
runner can validate without paying for a pandas import.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from helpers import schema


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
    portfolio: list[Row] = field(default_factory=list)
    # what validation noticed without refusing the data: rows the newest period of a company
    # still lacks, and how many restated rows repeat their first publication
    warnings: list[str] = field(default_factory=list)
    confirmations: dict[str, int] = field(default_factory=dict)



# ---------------------------------------------------------------- reading files

def read_table(path: Path, columns: tuple[str, ...], shown: str,
               problems: list[Problem]) -> list[Row]:
    """Read one CSV whose header must be exactly ``columns``.

    A byte-order mark and CRLF line ends, which spreadsheet programs write, are accepted;
    anything that would silently shift values between columns, or fold several lines into
    one record, is reported instead. Every non-blank line after the header becomes a row or
    an error: no value in data/ spans two lines, so a record that does is a quote left open.
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
    if spreadsheet := _spreadsheet_dialect(text, columns):
        problems.append(Problem(shown, 1, None, spreadsheet))
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
    records = iter(reader)
    while True:
        line = start
        try:
            fields = next(records)
        except StopIteration:
            break
        except csv.Error:  # a quote still open at the end of the file
            problems.append(_open_quote(shown, line, text))
            break
        start = reader.line_num + 1
        if reader.line_num > line:
            # one record over several lines: a quote opened here and closed lines later
            # (or never), swallowing the rows in between
            problems.append(_open_quote(shown, line, text, reader.line_num))
            continue
        if not any(f.strip() for f in fields):
            continue  # blank line
        if len(fields) > len(header) and not any(f.strip() for f in fields[len(header):]):
            problems.append(Problem(
                shown, line, None,
                f"{len(fields) - len(header)} empty field(s) after the last column "
                f"({columns[-1]}): remove the trailing comma(s)"))
            continue
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
                f"{describe(values)}: the value is empty, and so is 'locator': type the "
                f"value {values['source_id']} prints and where (page, table or section)")))
            empty = [n for n in empty if n not in ("value", "locator")]
        for name in empty:
            problems.append(Problem(shown, line, name, _empty(name, values)))
        rows.append(row)
    return rows


def _spreadsheet_dialect(text: str, columns: tuple[str, ...]) -> str | None:
    """One sentence for a file a spreadsheet saved in its own way, instead of a message per
    line: semicolons for commas (a comma-decimal locale), or every line padded with empty
    columns."""
    first = text.splitlines()[0]
    names = [c.strip().strip('"') for c in first.split(";")]
    if ";" in first and "," not in first and set(columns) <= set(names):
        return ("the file is separated by semicolons, as a spreadsheet saves CSV in a locale "
                "with a decimal comma: save it as comma-separated values (and type decimal "
                "points, not commas)")
    cells = [c.strip() for c in first.split(",")]
    if len(cells) > len(columns) and cells[: len(columns)] == list(columns) \
            and not any(cells[len(columns):]):
        return (f"the header ends in {len(cells) - len(columns)} empty column(s), as a "
                "spreadsheet adds when it saves a sheet with used cells to the right: delete "
                "those columns (or the trailing commas on every line)")
    return None


def _open_quote(shown: str, line: int, text: str, until: int | None = None) -> Problem:
    """The line where a double quote opened and did not close on that line."""
    lines = f"line {until} was" if until == line + 1 else f"lines {line + 1}-{until} were"
    swallowed = (f"; {lines} read into one of its values and would be lost as rows"
                 if until and until > line else "")
    return Problem(shown, line, None,
                   "a double quote opens on this line and is not closed on it" + swallowed
                   + ": close the quote (or remove it)")


def describe(values: dict[str, str]) -> str:
    """A fact's key in words, so a message is read without opening the file."""
    key = [values.get(c, "") for c in ("entity", "segment", "metric", "period")]
    basis = values.get("basis")
    return " ".join(k for k in key if k) + (f" ({basis})" if basis else "")


def _empty(column: str, values: dict[str, str]) -> str:
    """What to type in an empty cell: for a fact's value, the document and place it comes
    from, so the list of these errors is the typist's to-do list."""
    if column == "value" and values.get("source_id"):
        where = f" ({values['locator']})" if values.get("locator") else ""
        return (f"{describe(values)}: the value is empty: type the value "
                f"{values['source_id']} prints{where}")
    if column == "locator" and values.get("source_id"):
        return (f"{describe(values)}: the locator is empty: type where "
                f"{values['source_id']} prints the value (page, table or section)")
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


def period_bound(text: str, default: tuple[int, int], end: bool) -> tuple[int, int]:
    """A year range's first or last period as (year, quarter): '2024' covers the whole year
    (Q1 as a start, Q4 as an end), '2024Q2' starts or ends with that quarter."""
    if not text:
        return default
    if "Q" in text:
        year, quarter = text.split("Q")
        return int(year), int(quarter)
    return int(text), 4 if end else 1


def period_year(period: str) -> int:
    """The calendar year a period label names (its fiscal year for FY labels)."""
    return int(_FOUR_DIGITS.search(period).group(0))


