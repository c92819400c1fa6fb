"""Peak to trough of each series: the printed group within one perimeter, and the chained
lines, whose every step is measured on one perimeter."""

from __future__ import annotations

import pandas as pd

from helpers import figdata, metrics, words
from helpers.collapse.group import LIKE, PRINTED

COLUMNS = ["series", "peak", "peak value", "trough", "trough value", "change %", "years",
           "a year %", "measured"]


def peak_line(pts: pd.DataFrame) -> pd.DataFrame:
    """The drawn line (``line`` column) that holds a series' highest point: a fall is
    measured only along points drawn joined, so a break in the line is never crossed."""
    if pts.empty or "line" not in pts:
        return pts
    peak = pts.loc[pts["y"].idxmax()]
    return pts[pts["line"] == peak["line"]].sort_values("x")


def line_change(pts: pd.DataFrame) -> dict | None:
    """First and last point of the newest drawn line of a series, and the change between:
    the one way the phones' and networks' sentences measure a line after a break."""
    if pts.empty:
        return None
    newest = pts[pts["line"] == pts.sort_values("x")["line"].iloc[-1]].sort_values("x")
    if len(newest) < 2:
        return None
    a, b = newest.iloc[0], newest.iloc[-1]
    return {"from": a["period"], "from_value": float(a["y"]), "to": b["period"],
            "to_value": float(b["y"]), "change": metrics.change_pct(a["y"], b["y"])}


def _row(name: str, pts: pd.DataFrame, measured: str) -> dict:
    row = dict.fromkeys(COLUMNS, "")
    row.update(series=name, measured=measured)
    pts = peak_line(pts)
    if len(pts) < 2:
        row["measured"] = "fewer than two years in the window"
        return row
    fall = metrics.peak_to_trough(pts.set_index("x")["y"])
    row.update({"peak": words.fy(fall.peak_year), "peak value": round(fall.peak, 1),
                "trough": words.fy(fall.trough_year), "trough value": round(fall.trough, 1)})
    if fall.years:
        row.update({"change %": round(fall.decline_pct, 1), "years": fall.years,
                    "a year %": round(fall.annual_rate_pct, 1)})
    return row


def peak_to_trough_table(group: figdata.Chart, businesses: figdata.Chart) -> pd.DataFrame:
    """Highest year and lowest later year of each series of the two charts, both on the
    drawn line that holds the peak (the chart's own table, so the text and the chart agree
    where a line breaks)."""
    g = group.table
    printed = g[g["label"] == PRINTED]
    if not printed.empty:
        peak = printed.loc[printed["y"].idxmax()]
        printed = printed[printed["perimeter"] == peak["perimeter"]]
    rows = [_row("Group, as printed (EUR million)", printed, "within the peak's perimeter"),
            _row("Group, same perimeter, chained (index)", g[g["label"] == LIKE],
                 "same perimeter, chained")]
    b = businesses.table
    for name in dict.fromkeys(b["label"]) if not b.empty else []:
        rows.append(_row(f"{name} (EUR million)", b[b["label"] == name],
                         "same perimeter, chained, along the peak's unbroken line"))
    return pd.DataFrame(rows, columns=COLUMNS)


def fall_words(table: pd.DataFrame) -> str:
    out = []
    for _, r in table.iterrows():
        if r["peak"] == "":
            out.append(f"{r['series']}: {r['measured']}.")
        elif r["change %"] == "":
            out.append(f"{r['series']} peaked in {r['peak']}, the last year of its unbroken "
                       "line.")
        else:
            out.append(f"{r['series']}: {words.pct(r['change %'])} from {r['peak']} to "
                       f"{r['trough']} ({r['measured']}), {words.pct(r['a year %'], 1)} a year.")
    return " ".join(out)
