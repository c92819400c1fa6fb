"""How much of a step in the first-published group total is a change of what it covers."""

from __future__ import annotations

import pandas as pd

from helpers import figdata
from helpers.collapse.common import FIRST, lower_first, millions


def perimeter_changes(chart: figdata.Chart) -> pd.DataFrame:
    """Each perimeter change of the first-published group line, split in two where a
    recast allows: the change of what is counted and the change of sales.

    The recast of the last year before the change, printed on the new perimeter, is the
    bridge: first published before -> recast before is the change of perimeter; recast
    before -> first published after is the change on the same perimeter.
    """
    columns = ["from", "to", "before", "after", "first published before",
               "recast before, new perimeter", "recast by", "first published after",
               "perimeter change", "same-perimeter change"]
    t = chart.table
    if t.empty:
        return pd.DataFrame(columns=columns)
    fp = t[t["label"] == FIRST].sort_values("x")
    rows = []
    for a, b in zip(fp.iloc[:-1].itertuples(), fp.iloc[1:].itertuples(), strict=True):
        if a.perimeter == b.perimeter:
            continue
        bridge = t[(t["label"] != FIRST) & (t["period"] == a.period)
                   & (t["perimeter"] == b.perimeter)]
        row = {"from": a.period, "to": b.period, "before": a.perimeter_label or a.perimeter,
               "after": b.perimeter_label or b.perimeter,
               "first published before": round(a.y), "recast before, new perimeter": "",
               "recast by": "", "first published after": round(b.y),
               "perimeter change": "", "same-perimeter change": ""}
        if not bridge.empty:
            r = bridge.iloc[0]
            row.update({"recast before, new perimeter": round(r["y"]),
                        "recast by": r["document"],
                        "perimeter change": round(r["y"] - a.y),
                        "same-perimeter change": round(b.y - r["y"])})
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def _move(value: float) -> str:
    """-25950 -> 'falls by EUR 25,950 million'; the verb follows the sign."""
    if round(value) == 0:
        return "is unchanged"
    return f"{'falls' if value < 0 else 'rises'} by {millions(abs(value))}"


def describe_perimeter_changes(table: pd.DataFrame) -> str:
    if table.empty:
        return ("The first-published group line does not change perimeter inside the "
                "window, so every step on it compares like with like.")
    out = []
    for _, r in table.iterrows():
        total = r["first published after"] - r["first published before"]
        head = (f"From {r['from']} to {r['to']} the first-published figure {_move(total)}, "
                f"but what it covers changes too (from {lower_first(r['before'])} to "
                f"{lower_first(r['after'])}).")
        if r["perimeter change"] == "":
            out.append(head + f" data/ has no recast of {r['from']} on the new perimeter, "
                       "so the move cannot be split into perimeter and sales.")
            continue
        per, same = r["perimeter change"], r["same-perimeter change"]
        share = abs(per) / (abs(per) + abs(same)) * 100 if (per or same) else 0.0
        then = ("stay level" if round(same) == 0 else
                f"{'fall' if same < 0 else 'rise'} by {millions(abs(same))}")
        verdict = ("most of the move is the change of perimeter" if share > 50 else
                   "most of the move is a change of sales on the same perimeter"
                   if share < 50 else "the move splits evenly")
        by = r["recast by"][:1].upper() + r["recast by"][1:]
        out.append(head + f" {by} puts {r['from']} on the new perimeter at "
                   f"{millions(r['recast before, new perimeter'])}: the change of perimeter "
                   f"{'removes' if per < 0 else 'adds'} {millions(abs(per))}, and on the "
                   f"same perimeter sales then {then}, so {verdict} ({share:.0f}% of the "
                   "two steps together).")
    return " ".join(out)
