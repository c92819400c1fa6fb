"""Peak to trough of each series, measured within one perimeter."""

from __future__ import annotations

import pandas as pd

from helpers import figdata, metrics, series
from helpers.collapse.common import BUSINESS_NAMES, FIRST, fy, plural, years_words


def _basis_words(basis: str) -> str:
    """series.BASIS_WORDS without its parenthesis: 'non-IFRS (comparable)' -> 'non-IFRS'."""
    return series.BASIS_WORDS.get(basis, basis).split(" (")[0]


def _fall_row(name: str, perimeter: str, pts: pd.DataFrame, note: str) -> dict:
    row = {"series": name, "perimeter": perimeter, "peak FY": "", "peak EUR m": "",
           "trough FY": "", "trough EUR m": "", "decline %": "", "years": "",
           "annual rate %": "", "note": note}
    if len(pts) < 2:
        row["note"] = ("no year in the window" if pts.empty
                       else f"only {pts['period'].iloc[0]} in the window")
        return row
    s = pts.set_index("x")["y"]
    fall = metrics.peak_to_trough(s)
    basis = pts.set_index("x")["basis"]
    was, became = basis[fall.peak_year], basis[fall.trough_year]
    if was != became:
        row["note"] = f"{note}; peak {_basis_words(was)}, trough {_basis_words(became)}"
    row.update({"peak FY": fy(fall.peak_year), "peak EUR m": round(fall.peak),
                "trough FY": fy(fall.trough_year), "trough EUR m": round(fall.trough)})
    if fall.years == 0:
        row["note"] = "the peak is the last year; nothing after it"
        return row
    row.update({"decline %": round(fall.decline_pct, 1), "years": fall.years,
                "annual rate %": round(fall.annual_rate_pct, 1)})
    return row


def peak_to_trough_table(group: figdata.Chart, businesses: figdata.Chart) -> pd.DataFrame:
    """Highest year and lowest later year of each series, from the charts' tables.

    The group is measured within the perimeter of its peak; a business across its
    reorganisations, each year as that year's structure defined it (the note says so).
    """
    rows = []
    g = group.table
    fp = g[g["label"] == FIRST] if not g.empty else g
    if not fp.empty:
        peak = fp.loc[fp["y"].idxmax()]
        fp = fp[fp["perimeter"] == peak["perimeter"]]
        perimeter = peak["perimeter_label"] or peak["perimeter"]
    else:
        perimeter = ""
    rows.append(_fall_row("Group, as first published", perimeter, fp,
                          "within the perimeter of the peak"))
    b = businesses.table
    for name in BUSINESS_NAMES.values():
        pts = b[b["label"] == name] if not b.empty else b
        eras = plural(pts["perimeter"].nunique(), "structure") if not pts.empty else ""
        rows.append(_fall_row(name, eras, pts,
                              "each year as that year's structure defined it"))
    return pd.DataFrame(rows)


def describe_fall(table: pd.DataFrame) -> str:
    out = []
    for _, r in table.iterrows():
        name = "Group net sales as first published" if r["series"].startswith("Group") \
            else f"The {r['series'].lower()}"
        if r["peak FY"] == "":
            out.append(f"{name}: {r['note']}, so no peak-to-trough can be measured.")
        elif r["decline %"] == "":
            out.append(f"{name} peaked at EUR {r['peak EUR m']:,} million in {r['peak FY']}, "
                       "the last year in the window, so there is no fall to measure.")
        else:
            direction = "lower" if r["decline %"] < 0 else "higher"
            out.append(f"{name} went from EUR {r['peak EUR m']:,} million in {r['peak FY']} "
                       f"to EUR {r['trough EUR m']:,} million in {r['trough FY']} "
                       f"({r['note']}): {abs(r['decline %']):.0f}% {direction}, "
                       f"{abs(r['annual rate %']):.1f}% a year over {years_words(r['years'])}.")
    return " ".join(out)
