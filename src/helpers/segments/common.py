"""What the notebook-20 stories share: growth bases, units, the rows of Nokia's segments,
and the segment lists of the structure in force, read from data/structures.csv."""

from __future__ import annotations

import pandas as pd

from helpers import plotting

GROWTH_BASES = {
    "net_sales_growth": "reported",
    "net_sales_growth_constant_currency": "constant currency",
    "net_sales_growth_constant_currency_portfolio": "constant currency and portfolio",
}
BASIS_COLORS = dict(zip(GROWTH_BASES.values(), plotting.PALETTE, strict=False))
SALES_UNIT = "EUR million"
GROWTH_UNIT = "percent"


def nokia_rows(facts: pd.DataFrame, metrics, segments, freq: str, first: int,
               last: int) -> pd.DataFrame:
    return facts[(facts["entity"] == "nokia") & facts["metric"].isin(list(metrics))
                 & facts["segment"].isin(list(segments)) & (facts["freq"] == freq)
                 & facts["year"].between(first, last)]


def structure_segments(structures, year: int, parent: str = "total") -> list[str]:
    """The segments data/structures.csv lists under ``parent`` for fiscal ``year``."""
    out = []
    for row in structures:
        first = int(row["first_period"][2:6])
        last = int(row["last_period"][2:6]) if row["last_period"] else 9999
        if row["entity"] == "nokia" and row["parent"] == parent and first <= year <= last:
            out.append(row["segment"])
    return list(dict.fromkeys(out))


def in_force(structures, year: int) -> set[str]:
    """Every segment and business unit data/structures.csv lists for fiscal ``year``."""
    parents = {r["parent"] for r in structures if r["entity"] == "nokia"}
    return {s for parent in parents for s in structure_segments(structures, year, parent)}


def newest_structure(structures, parent: str = "total") -> list[str]:
    """The segments Nokia's newest structure lists under ``parent``: the charts add them to
    whatever segments a reader chose, so a reorganisation typed into data/structures.csv
    reaches them without a notebook edit (a segment draws once it has figures)."""
    rows = [r for r in structures if r["entity"] == "nokia" and r["parent"] == parent]
    if not rows:
        return []
    newest = max(int(r["first_period"][2:6]) for r in rows)
    return list(dict.fromkeys(r["segment"] for r in rows
                              if int(r["first_period"][2:6]) == newest))


def window_problem(first: int, last: int) -> str | None:
    if first > last:
        return f"no years to show: FY{first} comes after FY{last}"
    return None
