"""Peak to trough of each series: the printed group within one perimeter, and the chained
lines, whose every step is like for like."""

from __future__ import annotations

import pandas as pd

from helpers import figdata, metrics, words
from helpers.collapse.group import LIKE, PRINTED

COLUMNS = ["series", "peak", "peak value", "trough", "trough value", "change %", "years",
           "a year %", "measured"]


def _row(name: str, pts: pd.DataFrame, measured: str) -> dict:
    row = dict.fromkeys(COLUMNS, "")
    row.update(series=name, measured=measured)
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
    """Highest year and lowest later year of each line of the two charts."""
    g = group.table
    printed = g[g["label"] == PRINTED]
    if not printed.empty:
        peak = printed.loc[printed["y"].idxmax()]
        printed = printed[printed["perimeter"] == peak["perimeter"]]
    rows = [_row("Group, as printed (EUR million)", printed, "within the peak's perimeter"),
            _row("Group, like for like (index)", g[g["label"] == LIKE],
                 "chained through perimeter changes")]
    b = businesses.table
    for name in dict.fromkeys(b["label"]) if not b.empty else []:
        rows.append(_row(f"{name} (EUR million)", b[b["label"] == name],
                         "chained through reorganisations"))
    return pd.DataFrame(rows, columns=COLUMNS)


def fall_words(table: pd.DataFrame) -> str:
    out = []
    for _, r in table.iterrows():
        if r["peak"] == "":
            out.append(f"{r['series']}: {r['measured']}.")
        elif r["change %"] == "":
            out.append(f"{r['series']} peaked in {r['peak']}, the last year shown.")
        else:
            out.append(f"{r['series']}: {words.pct(r['change %'])} from {r['peak']} to "
                       f"{r['trough']} ({r['measured']}), {words.pct(r['a year %'], 1)} a year.")
    return " ".join(out)
