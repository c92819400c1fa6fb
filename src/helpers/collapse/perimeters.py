"""How much of a step in the printed group total is a change of what it covers."""

from __future__ import annotations

import pandas as pd

from helpers import figdata, metrics, words

COLUMNS = ["from", "to", "before", "after", "printed before", "before, on the new perimeter",
           "document", "printed after", "perimeter change", "same-perimeter change"]


def perimeter_changes(group: figdata.Chart) -> pd.DataFrame:
    """Each change of perimeter in the printed group line, split in two where a document
    prints the earlier year on the new perimeter too: the change of what is counted, and
    the change of sales on one perimeter."""
    printed = group.extra.get("printed", pd.DataFrame())
    links = group.extra.get("links", pd.DataFrame()).set_index("period") \
        if "links" in group.extra else pd.DataFrame()
    rows = []
    for a, b in zip(printed.iloc[:-1].itertuples(), printed.iloc[1:].itertuples(),
                    strict=True):
        if a.perimeter == b.perimeter or figdata.period_index(b.period) \
                != figdata.period_index(a.period) + 1:
            continue
        row = dict.fromkeys(COLUMNS, "")
        row.update({"from": a.period, "to": b.period, "before": a.perimeter_label,
                    "after": b.perimeter_label, "printed before": round(a.eur),
                    "printed after": round(b.eur)})
        step = links.loc[b.period] if b.period in links.index else None
        if step is not None and step["perimeter"] == b.perimeter:
            row.update({"before, on the new perimeter": round(step["from_value"]),
                        "document": step["link"],
                        "perimeter change": round(step["from_value"] - a.eur),
                        "same-perimeter change": round(b.eur - step["from_value"])})
        rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS)


def perimeter_words(table: pd.DataFrame) -> str:
    if table.empty:
        return ("The printed group line does not change perimeter between two consecutive "
                "years inside the window, so every step on it compares like with like.")
    out = []
    for _, r in table.iterrows():
        total = r["printed after"] - r["printed before"]
        head = (f"From {r['from']} to {r['to']} the printed total "
                f"{'falls' if total < 0 else 'rises'} by {words.money(abs(total))}, but what "
                f"it covers changes too ({words.lower_first(r['after'])}).")
        if r["document"] == "":
            out.append(head + f" No document prints {r['from']} on the new perimeter, so the "
                       "step cannot be split into perimeter and sales.")
            continue
        per, same = r["perimeter change"], r["same-perimeter change"]
        part = metrics.index_pct(abs(per), abs(per) + abs(same)) if (per or same) else 0.0
        out.append(head + f" {r['document']} puts {r['from']} on the new perimeter at "
                   f"{words.money(r['before, on the new perimeter'])}: the change of perimeter "
                   f"{'removes' if per < 0 else 'adds'} {words.money(abs(per))}, and sales on "
                   f"one perimeter {'fall' if same < 0 else 'rise'} by "
                   f"{words.money(abs(same))}; {part:.0f}% of the step is the perimeter.")
    return " ".join(out)
