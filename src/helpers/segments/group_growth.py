"""Group net sales growth by quarter, one line per growth basis."""

from __future__ import annotations

import textwrap

import pandas as pd

from helpers import charts, figdata, series
from helpers.plotting import finish, new_figure
from helpers.segments.common import (
    BASIS_COLORS,
    BASIS_MARKERS,
    GROWTH_BASES,
    GROWTH_UNIT,
    date_words,
    empty_table,
    listing,
    nokia_rows,
    pct,
    segment_table,
    sentence,
    window_problem,
)
from helpers.segments.drawing import with_notes


def growth_rows(facts, segments, first, last) -> pd.DataFrame:
    rows = nokia_rows(facts, list(GROWTH_BASES), segments, "quarter", first, last)
    rows = series.choose(rows, by=("segment", "metric"))
    return rows.assign(growth_basis=rows["metric"].map(GROWTH_BASES))


def group_growth(facts: pd.DataFrame, first: int, last: int,
                 events: pd.DataFrame | None = None) -> figdata.Chart:
    """Nokia's quarterly group net sales growth, one line per growth basis."""
    name = "group-growth"
    if first > last:
        return figdata.Chart(name, empty_table(), window_problem(first, last, "growth", True),
                             numbers={"empty": True}, extra={"events": []})
    rows = growth_rows(facts, ["total"], first, last)
    parts = [figdata.points(part, basis, y="value", unit=GROWTH_UNIT)
             .assign(segment="total", growth_basis=basis)
             for basis in GROWTH_BASES.values()
             for part in [rows[rows["growth_basis"] == basis]] if not part.empty]
    table = segment_table(*parts)
    if table.empty:
        return figdata.Chart(name, table, f"data/ has no quarterly growth of Nokia's group net "
                             f"sales from {first} to {last}", numbers={"empty": True},
                             extra={"events": []})
    lo, hi = table["x"].min() - 0.125, table["x"].max() + 0.125
    marks = []
    for _, ev in (events if events is not None else pd.DataFrame()).iterrows():
        when = pd.Timestamp(ev["date"])
        x = when.year + (when.day_of_year - 1) / (366 if when.is_leap_year else 365)
        if lo <= x <= hi:
            marks.append({"x": x, "text": f"{ev['title']} ({date_words(when)})"})
    basis = _title_basis(table)
    numbers = {"empty": False, "basis": basis, **_streak(table[table["label"] == basis])}
    latest = table[table["x"] == table["x"].max()]
    numbers["latest_all"] = {r["label"]: float(r["y"]) for _, r in latest.iterrows()}
    notes = [f"{label}: no figure for {listing(q)}"
             for label, q in figdata.gaps(table).items()]
    changes = figdata.breaks(table)
    for _, b in changes[changes["kind"] == "perimeter"].drop_duplicates("x").iterrows():
        after = table[table["x"] > b["x"]].sort_values("x").iloc[0]
        notes.append(f"from {after['x_label']}: {b['after']}")
    title = _growth_title(numbers)
    subtitle = ("Year-on-year change of group net sales, percent, by growth basis (constant "
                "currency and portfolio also leaves acquisitions out); a line breaks at a "
                "missing quarter or a change of perimeter")
    return figdata.Chart(name, table, title, subtitle, notes, numbers,
                         extra={"events": marks})


def _title_basis(table: pd.DataFrame) -> str:
    counts = table["label"].value_counts()
    if "reported" in counts.index:
        return "reported"
    return max(counts.index, key=lambda b: (counts[b], -list(GROWTH_BASES.values()).index(b)))


def _streak(part: pd.DataFrame) -> dict:
    """The latest quarter, and how long the sign of growth has held back from it."""
    part = part.sort_values("x")
    values = part["y"].tolist()
    periods = part["x_label"].tolist()
    last = values[-1]
    sign = (last > 0) - (last < 0)
    n = 0
    for v in reversed(values):
        if ((v > 0) - (v < 0)) != sign:
            break
        n += 1
    out = {"latest": periods[-1], "latest_value": last, "sign": sign, "run": n,
           "run_start": periods[-n], "count": len(values), "before": None}
    if n < len(values):
        out["before"] = periods[-n - 1]
        out["before_value"] = values[-n - 1]
    idx = [figdata.period_index(p) for p in part["period"]]
    out["run_has_gap"] = any(b - a != 1 for a, b in zip(idx[-n:], idx[-n + 1:], strict=False))
    return out


def _growth_title(n: dict) -> str:
    basis, latest, value = n["basis"], n["latest"], n["latest_value"]
    if n["sign"] == 0:
        return (f"Nokia's net sales were unchanged on a year earlier in {latest} "
                f"({basis} growth)")
    if n["run"] == 1:
        word = "grew" if n["sign"] > 0 else "shrank"
        since = (f", after {pct(n['before_value'])} in {n['before']}" if n["before"]
                 else "")
        return (f"Nokia's net sales {word} {pct(value)} on a year earlier in {latest} "
                f"({basis} growth){since}")
    word = "grown" if n["sign"] > 0 else "shrunk"
    every = "every quarter the sources give" if n["run_has_gap"] else "every quarter"
    if n["before"] is None:
        return (f"Nokia's net sales {'grew' if n['sign'] > 0 else 'shrank'} on a year earlier "
                f"in {every} from {n['run_start']} to {latest} ({basis} growth); "
                f"{pct(value)} in {latest}")
    return (f"Nokia's net sales have {word} on a year earlier in {every} since "
            f"{n['run_start']} ({n['run']} quarters, {basis} growth); {pct(value)} in {latest}")


def draw_group_growth(chart: figdata.Chart, ds):
    table = chart.table
    if table.empty:
        return charts.empty_figure(chart, ds, 10, 5.6)
    fig, ax = new_figure(10, 5.6)
    charts.draw_lines(ax, table, colors=BASIS_COLORS, markers=BASIS_MARKERS,
                      legend_labels={b: f"Group net sales growth, {b}"
                                     for b in GROWTH_BASES.values()})
    ax.axhline(0, color="#333", linewidth=0.8)
    # a band above the data for the break and event notes, so that no note hides a point
    low, high = min(table["y"].min(), 0), max(table["y"].max(), 0)
    spread = max(high - low, 5.0)
    ax.set_ylim(low - 0.08 * spread, high + 0.55 * spread)
    ax.set_ylabel("Year-on-year change, percent")
    charts.quarter_axis(ax, table)
    ax.set_xlim(table["x"].min() - 0.2, table["x"].max() + 0.2)
    charts.mark_breaks(ax, table, width=24)
    _mark_events(ax, chart.extra["events"])
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(0.0, -0.12), ncol=2,
              fontsize=8.5)
    finish(fig, chart.title, charts.source_line(ds, chart.sources()),
           subtitle=with_notes(chart.subtitle, chart.notes),
           legend_rows=-(-len(labels) // 2) + 1)
    return fig


def _mark_events(ax, marks: list[dict]) -> None:
    """Dated events on a quarter axis (x = year + fraction of the year elapsed)."""
    low, high = ax.get_ylim()
    for i, m in enumerate(marks):
        ax.axvline(m["x"], color="#555", linestyle=":", linewidth=1, zorder=0)
        ax.text(m["x"] + 0.02, high - (high - low) * (0.02 + 0.13 * (i % 2)), "\n".join(
            textwrap.wrap(m["text"], 20)), fontsize=7.5, color="#333", va="top",
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1})


def describe_group_growth(chart: figdata.Chart) -> str:
    n = chart.numbers
    if n["empty"]:
        return chart.title + "."
    latest = "; ".join(f"{pct(v)} {b}" for b, v in n["latest_all"].items())
    text = f"In {n['latest']} Nokia's group net sales changed on a year earlier by {latest}."
    if n["sign"] and n["run"] > 1:
        word = "positive" if n["sign"] > 0 else "negative"
        text += (f" {sentence(n['basis'])} growth has been {word} in the last {n['run']} "
                 f"quarters the sources give (since {n['run_start']})")
        text += (f", after {pct(n['before_value'])} in {n['before']}." if n["before"]
                 else ".")
    if chart.notes:
        text += " " + sentence("; ".join(chart.notes)) + "."
    return text
