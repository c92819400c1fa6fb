"""Check the news articles' numbers against the sourced facts.

A verdict is one of four words, decided by arithmetic, with the caveat spelled out:
*supported* (a sourced value of the claimed scope lies within the tolerance), *supported
with a caveat* (it matches, but only a narrower business's figure, an estimate, or a deal
that closed later), *contradicted* (sourced values exist and none is within tolerance),
*not verifiable* (no source in data/ measures it).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

SUPPORTED = "supported"
CAVEAT = "supported with a caveat"
CONTRADICTED = "contradicted"
UNVERIFIABLE = "not verifiable"
BASIS_ORDER = {"as_reported": 0, "non_ifrs": 1, "restated": 2, "estimate": 3}


@dataclass(frozen=True)
class Verdict:
    claim_id: str
    seed_file: str
    paraphrase: str
    claimed: str
    claimed_value: float
    sourced_value: float
    data_say: str
    verdict: str
    caveat: str
    sources: str


def _scale(unit: str) -> tuple[str, float]:
    """(kind, factor to the kind's base) for a unit: 'EUR billion' -> ('EUR', 1000)."""
    parts = unit.split()
    if len(parts) == 2 and parts[1] in ("million", "billion"):
        return parts[0], 1000.0 if parts[1] == "billion" else 1.0
    return unit, 1.0


def in_unit(value: float, unit: str, target: str) -> float | None:
    kind, factor = _scale(unit)
    kind_t, factor_t = _scale(target)
    if kind != kind_t:
        return None
    return value * factor / factor_t


def _matches(frame: pd.DataFrame, claim: pd.Series) -> pd.DataFrame:
    rows = frame[(frame["entity"] == claim["entity"]) & (frame["metric"] == claim["metric"])
                 & (frame["segment"] == claim["segment"])]
    period = claim["period"]
    if len(period) == 4 and period.isdigit():  # a year: any point in time within it
        rows = rows[(rows["freq"] == "point") & (rows["year"] == int(period))]
    else:
        rows = rows[rows["period"] == period]
    return rows.assign(_order=rows["basis"].map(BASIS_ORDER)).sort_values("_order")


def _fmt(value: float, unit: str) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{text} {unit}"


def check(claim: pd.Series, frame: pd.DataFrame) -> Verdict:
    claimed_value = float(claim["claimed_value"])
    unit = claim["claimed_unit"]
    tolerance = float(claim["tolerance"])
    rows = _matches(frame, claim)
    caveats = [claim["note"]] if claim.get("note") else []
    base = dict(claim_id=claim["claim_id"], seed_file=claim["seed_file"],
                paraphrase=claim["paraphrase"], claimed=_fmt(claimed_value, unit),
                claimed_value=claimed_value)
    if rows.empty:
        return Verdict(**base, sourced_value=float("nan"), data_say="no sourced value",
                       verdict=UNVERIFIABLE,
                       caveat="; ".join(caveats), sources="")
    described, hit, nearest = [], None, None
    for _, row in rows.iterrows():
        value = in_unit(row["value"], row["unit"], unit)
        if value is None:
            continue
        described.append(f"{_fmt(row['value'], row['unit'])} ({row['basis']}, "
                         f"{row['source_id']})")
        if nearest is None or abs(value - claimed_value) < abs(nearest - claimed_value):
            nearest = value
        if hit is None and abs(value - claimed_value) <= tolerance + 1e-9:
            hit = row
    sources = ", ".join(dict.fromkeys(rows["source_id"]))
    if hit is None:
        return Verdict(**base, sourced_value=nearest if nearest is not None else float("nan"),
                       data_say="; ".join(described), verdict=CONTRADICTED,
                       caveat="; ".join(caveats), sources=sources)
    narrower = claim["implied_scope"] != claim["segment"]
    if narrower:
        scope = claim["segment"].replace("_", " ")
        caveats.insert(0, f"the number is the {scope} figure, not the "
                          f"{claim['implied_scope'].replace('_', ' ')} the wording implies")
        group = frame[(frame["entity"] == claim["entity"]) & (frame["metric"] == claim["metric"])
                      & (frame["segment"] == claim["implied_scope"])
                      & (frame["period"] == claim["period"]) & (frame["basis"] == "as_reported")]
        if not group.empty:
            g = group.iloc[0]
            caveats.insert(1, f"the {claim['implied_scope']} figure was "
                              f"{_fmt(g['value'], g['unit'])} ({g['source_id']})")
    if hit["basis"] == "estimate":
        caveats.append("the sourced value is an estimate: " + str(hit["note"]).split(";")[0])
    verdict = CAVEAT if caveats else SUPPORTED
    return Verdict(**base, sourced_value=in_unit(hit["value"], hit["unit"], unit),
                   data_say="; ".join(described), verdict=verdict,
                   caveat="; ".join(caveats), sources=sources)


def check_all(claims: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    verdicts = [check(row, frame) for _, row in claims.iterrows()]
    return pd.DataFrame([v.__dict__ for v in verdicts])


VERDICT_COLORS = {SUPPORTED: "#2a9d8f", CAVEAT: "#d4a017", CONTRADICTED: "#c0392b",
                  UNVERIFIABLE: "#9aa5b1"}


def plot_verdicts(nb, verdicts: pd.DataFrame):
    """One row per claim: how far the closest sourced value is from the claimed number."""
    import textwrap

    from helpers import charts
    from helpers.plotting import finish, new_figure

    v = verdicts.iloc[::-1].reset_index(drop=True)
    fig, ax = new_figure(10, 0.42 * len(v) + 2.4)
    gap = (v["sourced_value"] / v["claimed_value"] - 1) * 100
    for i, row in v.iterrows():
        color = VERDICT_COLORS[row["verdict"]]
        x = 0.0 if pd.isna(gap[i]) else gap[i]
        marker = "x" if pd.isna(gap[i]) else "o"
        ax.scatter([x], [i], color=color, s=70, marker=marker, zorder=3)
        ax.plot([0, x], [i, i], color=color, linewidth=1.5)
    ax.set_yticks(range(len(v)))
    ax.set_yticklabels(["\n".join(textwrap.wrap(p, 52)) for p in v["paraphrase"]], fontsize=7.5)
    ax.axvline(0, color="#333", linewidth=0.8)
    ax.set_xlabel("Closest sourced value against the claimed number, percent difference "
                  "(x: no source)")
    ax.grid(axis="x", visible=True)
    ax.grid(axis="y", visible=False)
    for verdict, color in VERDICT_COLORS.items():
        ax.scatter([], [], color=color, s=50, label=verdict)
    ax.legend(loc="lower right", fontsize=8.5)
    counts = verdicts["verdict"].value_counts()
    finish(fig, f"{counts.get(SUPPORTED, 0) + counts.get(CAVEAT, 0)} of {len(verdicts)} "
                f"numeric claims match a source, {counts.get(CAVEAT, 0)} of them only with "
                f"a caveat; {counts.get(UNVERIFIABLE, 0)} cannot be checked",
           charts.source_line(nb.ds, [s for cell in verdicts["sources"] for s in
                                      cell.split(", ") if s]),
           subtitle="Claims from the three seed articles; verdicts from data/claims.csv "
                    "checked against data/", left=0.36)
    return fig
