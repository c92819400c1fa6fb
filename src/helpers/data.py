"""Load every hand-typed CSV in data/, check it against the contract, and return one table.

This is the one entry point: it reads each file (``rows``), checks each file's own rows
(``file_checks``), then what only several rows or files can show (``checks``), and last what
the newest periods still lack (``new_period``). The imports run that one way, so a check can
grow without a cycle. Every problem names the file, the line and the column.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from helpers import checks, file_checks, new_period, paths, schema
from helpers.rows import (  # noqa: F401  (the names other modules know data by)
    DataError,
    Dataset,
    Problem,
    Row,
    parse_number,
    period_bound,
    period_year,
    read_table,
)

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
    ds.sources = file_checks.check_sources(source_rows, problems)
    files = fact_files(data_dir)
    if not files:
        problems.append(Problem(shown(data_dir), None, None,
                                "no fact files (*.csv besides sources, events, claims)"))
    for path in files:
        rows = read_table(path, schema.FACT_COLUMNS, shown(path), problems)
        for row in rows:
            file_checks.check_fact(row, ds.sources, problems)
        ds.facts.extend(rows)
    # only rows with no problem of their own take part in the checks that combine rows
    flagged = {(p.file, p.line) for p in problems}
    clean = [r for r in ds.facts if (r.file, r.line) not in flagged]
    for name, target in (("events.csv", "events"), ("claims.csv", "claims"),
                         ("dated_claims.csv", "dated_claims"),
                         ("structures.csv", "structures"), ("perimeters.csv", "perimeters"),
                         ("measurers.csv", "measurers"), ("businesses.csv", "businesses"),
                         ("annotations.csv", "annotations"), ("portfolio.csv", "portfolio")):
        path = data_dir / name
        if path.exists():
            rows = read_table(path, schema.SPECIAL_FILES[name], shown(path), problems)
            if name in UNIQUE:
                rows = file_checks.unique(rows, UNIQUE[name], problems)
            setattr(ds, target, rows)
    # each file's own rows first; then what combines files, on the rows that passed
    file_checks.check_refs(ds.events, ds.sources, "event_id", ("date",), problems)
    file_checks.check_refs(ds.claims, ds.sources, "claim_id", (), problems)
    file_checks.check_claims(ds.claims, problems)
    file_checks.check_dated_claims(ds.dated_claims, ds.events, ds.claims, problems)
    file_checks.check_knowledge(ds, problems)
    checks.across_files(ds, clean, problems)
    if not problems:
        ds.warnings = new_period.incomplete(ds)
    return ds, problems


# The columns that make a row of a knowledge file one of a kind; a repeat is an error there.
UNIQUE = {"structures.csv": ("entity", "structure", "segment", "parent", "first_period"),
          "perimeters.csv": ("entity", "segment", "metric", "measurer", "first_year",
                             "last_year", "source_id"),
          "measurers.csv": ("alias",),
          "businesses.csv": ("entity", "business", "segment", "first_year"),
          "annotations.csv": ("chart", "event_id"),
          "portfolio.csv": ("entity", "business", "change")}


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
