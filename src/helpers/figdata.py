"""A figure's data: one row per plotted point, and the rule for which points may be joined.

Every chart is computed first, as a table, and drawn second. The table is what a test checks
and what a reader downloads (``save_figure`` writes it beside the image as ``<name>.csv``);
its ``line`` column says which points are drawn joined. ``assign_lines`` is the only place
that decides it: consecutive periods of one series, either of one perimeter and one basis or
joined by a cited same-perimeter link (``link``, the document that measured the change into
the point; see :mod:`helpers.chain`). A missing period, or a change of perimeter or basis
that no document links, starts a new line, which the drawing marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

COLUMNS = ["line", "label", "mark", "x", "x_label", "period", "period_end", "y", "unit",
           "basis", "perimeter", "perimeter_label", "source_id", "locator", "link"]
# line: points drawn joined; bar, cell, point: drawn alone; note: listed in words on the
# chart but not plotted (e.g. a claim no source measures), so it has no value
MARKS = {"line", "bar", "cell", "point", "note"}


@dataclass
class Chart:
    """What a story function returns: the plotted table and the words built from it."""

    name: str
    table: pd.DataFrame
    title: str = ""
    subtitle: str = ""
    notes: list[str] = field(default_factory=list)   # gaps, breaks, what is left out
    numbers: dict = field(default_factory=dict)      # the values the title quotes
    extra: dict = field(default_factory=dict)        # anything the draw function needs
    finding: str = ""                                # the sentence under the figure

    @classmethod
    def told(cls, name: str, table: pd.DataFrame, words, subtitle: str = "",
             **fields) -> Chart:
        """A chart whose title and finding come from one sentence builder, fed the numbers
        it was given, so the two can never quote different values."""
        chart = cls(name, table, subtitle=subtitle, **fields)
        chart.title, chart.finding = words(chart.numbers)
        return chart

    def sources(self) -> list[str]:
        """The documents behind the plotted values and behind the links between them."""
        cells = list(self.table["source_id"].astype(str))
        if "link" in self.table:
            cells += list(self.table["link"].astype(object).fillna("").astype(str))
        ids = [s for cell in cells for s in cell.split(";")]
        return list(dict.fromkeys(s.strip() for s in ids if s.strip() and s != "nan"))


# ---------------------------------------------------------------- periods on the x axis

_QUARTER = re.compile(r"^(?:FY)?(\d{4})Q([1-4])$")
_YEAR = re.compile(r"^FY(\d{4})$")


def _year_quarter(period: str) -> tuple[int, int | None]:
    if m := _YEAR.match(period):
        return int(m.group(1)), None
    if m := _QUARTER.match(period):
        return int(m.group(1)), int(m.group(2))
    raise ValueError(f"{period!r} is not a fiscal year or a quarter")


def period_x(period: str) -> float:
    """Fiscal year 2007 -> 2007; quarter 2025Q3 -> 2025.625 (the quarter's middle)."""
    year, quarter = _year_quarter(period)
    return year if quarter is None else year + (quarter - 0.5) / 4


def period_label(period: str) -> str:
    """'FY2007' stays 'FY2007'; '2025Q3' -> 'Q3 2025'; 'FY2025Q3' -> 'FY2025 Q3'."""
    if _YEAR.match(period):
        return period
    m = _QUARTER.match(period)
    if m:
        return (f"FY{m.group(1)} Q{m.group(2)}" if period.startswith("FY")
                else f"Q{m.group(2)} {m.group(1)}")
    return period


def is_quarter(period: str) -> bool:
    return bool(_QUARTER.match(str(period)))


def period_index(period: str) -> int:
    """A counter that grows by one from each period to the next of the same frequency."""
    year, quarter = _year_quarter(period)
    return year if quarter is None else year * 4 + quarter - 1


# ---------------------------------------------------------------- building the table

def points(rows: pd.DataFrame, label: str, y: str = "amount", unit: str | None = None,
           mark: str = "line") -> pd.DataFrame:
    """Fact rows (one per period) as plotted points of the series ``label``."""
    if mark not in MARKS:
        raise ValueError(f"mark {mark!r}: expected one of {sorted(MARKS)}")
    out = pd.DataFrame({
        "label": label,
        "mark": mark,
        "x": [period_x(p) for p in rows["period"]],
        "x_label": [period_label(p) for p in rows["period"]],
        "period": rows["period"].to_numpy(),
        "period_end": pd.to_datetime(rows["period_end"]).dt.date.astype(str).to_numpy(),
        "y": rows[y].astype(float).to_numpy(),
        "unit": unit if unit is not None else rows["unit"].to_numpy(),
        "basis": rows["basis"].to_numpy(),
        "perimeter": rows["perimeter"].to_numpy(),
        "perimeter_label": rows["perimeter_label"].to_numpy(),
        "source_id": rows["source_id"].to_numpy(),
        "locator": rows["locator"].to_numpy(),
        "link": rows["link"].astype(object).fillna("").to_numpy() if "link" in rows else "",
    })
    return out.dropna(subset=["y"])


def chained_points(chain: pd.DataFrame, label: str, y: str, unit: str) -> pd.DataFrame:
    """A chained series (``helpers.chain.chained``) as plotted points: each point is on the
    perimeter its change was measured on and names the document of that change."""
    rows = chain.dropna(subset=[y]).assign(
        basis="chained", perimeter=lambda f: f["link_perimeter"],
        perimeter_label=lambda f: f["link_perimeter_label"],
        locator=lambda f: [lk or loc for lk, loc in zip(f["link_locator"], f["locator"],
                                                          strict=True)])
    return points(rows, label, y=y, unit=unit)


def assign_lines(table: pd.DataFrame) -> pd.DataFrame:
    """Give each point its ``line``: the polyline it is drawn joined with.

    Points of one ``label`` are joined only while the periods are consecutive and either the
    perimeter and basis stay the same or the point names the document that links it to the
    one before (``link``); bars, cells and lone points each stand alone.
    """
    table = table.copy()
    table["line"] = ""
    if "link" not in table:
        table["link"] = ""
    table["link"] = table["link"].astype(object).fillna("")
    for label, part in table.groupby("label", sort=False):
        part = part.sort_values("x")
        previous, line = None, None
        for i, row in part.iterrows():
            key = (row["perimeter"], row["basis"])
            # a chained point is joined to the one before only by its link
            same = previous is not None and previous[0] == key and row["basis"] != "chained"
            joined = (row["mark"] == "line" and previous is not None
                      and (same or bool(row["link"]))
                      and period_index(row["period"]) == previous[1] + 1)
            if not joined:
                line = f"{label} | {row['x_label']}"
                if row["mark"] != "line":
                    line = f"{label} | {row['x_label']} | {row['mark']}"
            table.at[i, "line"] = line
            previous = (key, period_index(row["period"])) if row["mark"] == "line" else None
    return table


def finish_table(*parts: pd.DataFrame) -> pd.DataFrame:
    """The parts as one table in the published column order, lines assigned."""
    parts = [p for p in parts if p is not None and not p.empty]
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    table = assign_lines(pd.concat(parts, ignore_index=True))
    rest = [c for c in table.columns if c not in COLUMNS]
    return table[COLUMNS + rest].reset_index(drop=True)


def gaps(table: pd.DataFrame) -> dict[str, list[str]]:
    """Per series label, the periods missing between its first and last plotted period."""
    out: dict[str, list[str]] = {}
    for label, part in table[table["mark"] == "line"].groupby("label", sort=False):
        have = {period_index(p): p for p in part["period"]}
        annual = all(_YEAR.match(p) for p in part["period"])
        lo, hi = min(have), max(have)
        missing = [i for i in range(lo, hi + 1) if i not in have]
        if missing:
            out[label] = [f"FY{i}" if annual else f"Q{i % 4 + 1} {i // 4}" for i in missing]
    return out


def reader_table(table: pd.DataFrame, fmt: str = "{:,.0f}") -> pd.DataFrame:
    """The plotted points as a reader reads them: indexed by period, with the series, the
    value, its basis in words, what it covers, its document and the document of its link."""
    from helpers.series import BASIS_WORDS

    if table.empty:
        return pd.DataFrame(columns=["series", "value", "basis", "covers", "document",
                                     "linked by"]).rename_axis("period")
    t = table.sort_values(["label", "x"], key=lambda s: s.map(
        {lab: i for i, lab in enumerate(dict.fromkeys(table["label"]))}) if s.name == "label"
        else s, kind="stable")
    out = pd.DataFrame({
        "period": [period_label(p) for p in t["period"]],
        "series": t["label"].to_numpy(),
        "value": [fmt.format(v) for v in t["y"]],
        "unit": t["unit"].to_numpy(),
        "basis": t["basis"].map(lambda b: BASIS_WORDS.get(b, b)).to_numpy(),
        "covers": [lab or pid for lab, pid in zip(t["perimeter_label"].fillna(""),
                                                   t["perimeter"], strict=True)],
        "document": t["source_id"].to_numpy(),
        "linked by": t["link"].astype(object).fillna("").to_numpy() if "link" in t else "",
    })
    return out.set_index("period")


def wide(table: pd.DataFrame, fmt: str | None = None, index: str = "period") -> pd.DataFrame:
    """The plotted values as a reader's table: one row per period (in x order, the index),
    one column per series; ``fmt`` (e.g. '{:,.0f}') turns values into text, blank where not
    plotted."""
    if table.empty:
        return pd.DataFrame().rename_axis(index)
    order = table.sort_values("x").drop_duplicates("x_label")["x_label"]
    out = table.pivot_table(index="x_label", columns="label", values="y", aggfunc="first")
    out = out.reindex(index=order, columns=list(dict.fromkeys(table["label"])))
    if fmt:
        out = out.map(lambda v: "" if pd.isna(v) else fmt.format(v))
    out.index.name = index
    out.columns.name = None
    return out


# ---------------------------------------------------------------- checking a published table

def problems(table: pd.DataFrame) -> list[str]:
    """What is wrong with a figure table: a joined line that passes from one perimeter or
    basis to another without a cited link, or skips a period. Empty when the figure draws
    only what the data say."""
    found = []
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        return [f"missing columns: {', '.join(missing)}"]
    link = table["link"].astype(object).where(table["link"].notna(), "").astype(str)
    lines = table[table["mark"] == "line"].assign(link=link)
    for line, part in lines.groupby("line", sort=False):
        part = part.assign(step=[period_index(str(p)) for p in part["period"]]).sort_values("step")
        rows = list(part.itertuples(index=False))
        for a, b in zip(rows, rows[1:], strict=False):
            if b.step - a.step != 1:
                found.append(f"line {line!r} crosses a missing period ({a.period}, {b.period})")
            elif ((a.perimeter, a.basis) != (b.perimeter, b.basis) or b.basis == "chained") \
                    and not b.link:
                what = "perimeters" if a.perimeter != b.perimeter else "bases"
                found.append(f"line {line!r} joins {what} at {b.period} without a link "
                             f"({a.perimeter}/{a.basis} to {b.perimeter}/{b.basis})")
    return found
