"""Today's Nokia (notebook 20): segment sales, growth by basis, mix, Optical Networks.

Each chart is computed first and drawn second. A *story* function turns the facts into a
:class:`helpers.figdata.Chart` (the plotted table, a title built from that table, notes on
gaps and perimeter changes, and the numbers a finding quotes); a *draw* function turns the
chart into a figure and adds no number of its own; a *describe* function writes the finding
from the chart's numbers.

Nothing about the company is typed here. Which value stands for a period is
``series.choose``; what a value covers is its ``perimeter`` (``data/perimeters.csv``);
which event a chart marks comes from ``data/annotations.csv`` (the notebook passes the
events in). Two rules shape every chart:

- Annual segment sales are chosen per segment *and perimeter*. Where data/ give one fiscal
  year in two perimeters (as first published in one structure, recast into another), both
  values are kept and each perimeter is drawn as its own line, so a recast never replaces
  or joins the figure it recasts.
- Nokia prints growth on three bases (reported; constant currency; constant currency and
  portfolio, which leaves acquisitions out). Each basis is its own metric in data/ and its
  own series here; no chart mixes them in one line or one colour scale without saying which.
"""

from __future__ import annotations

import math
import textwrap

import pandas as pd

from helpers import charts, figdata, metrics, series
from helpers.plotting import PALETTE, finish, new_figure

SEGMENTS = ("mobile_networks", "network_infrastructure", "cloud_and_network_services",
            "nokia_technologies")
BUSINESS_UNITS = ("ip_networks", "optical_networks", "fixed_networks", "submarine_networks")
GROWTH_BASES = {
    "net_sales_growth": "reported",
    "net_sales_growth_constant_currency": "constant currency",
    "net_sales_growth_constant_currency_portfolio": "constant currency and portfolio",
}
BASIS_COLORS = {"reported": PALETTE[0], "constant currency": PALETTE[1],
                "constant currency and portfolio": PALETTE[2]}
BASIS_MARKERS = {"reported": "o", "constant currency": "s",
                 "constant currency and portfolio": "^"}
PERIMETER_MARKERS = ["o", "s", "^", "D", "v"]
SALES_UNIT = "EUR million"
GROWTH_UNIT = "percent"
SHARE_UNIT = "percent of the segments' combined net sales"
EXTRA = ["segment", "panel", "growth_basis", "amount"]


# ---------------------------------------------------------------- words

def fy(year) -> str:
    return f"FY{int(year)}"


def span(first, last) -> str:
    return fy(first) if int(first) == int(last) else f"{fy(first)}-{fy(last)}"


def listing(items) -> str:
    items = [str(i) for i in items]
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def pct(value: float, digits: int = 0) -> str:
    """+12%, -3%, 0% (a sign only where there is a change)."""
    text = f"{value:+.{digits}f}"
    if float(text) == 0:
        text = f"{0:.{digits}f}"
    return f"{text}%"


def sentence(text: str) -> str:
    """Upper-case the first letter only (str.capitalize lower-cases the rest); a path such
    as data/ stays as written."""
    return text if text.startswith("data/") else text[:1].upper() + text[1:]


NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}


def date_words(when) -> str:
    when = pd.Timestamp(when)
    return f"{when.day} {when:%b %Y}"


def quarter_name(index: int) -> str:
    """figdata.period_index of a calendar quarter -> its period, e.g. '2025Q3'."""
    return f"{index // 4}Q{index % 4 + 1}"


def line_label(segment: str, perimeter_label: str) -> str:
    """A series is named by its perimeter where data/perimeters.csv names one."""
    return perimeter_label if isinstance(perimeter_label, str) and perimeter_label \
        else charts.label(segment)


def _empty_table() -> pd.DataFrame:
    return pd.DataFrame(columns=figdata.COLUMNS + EXTRA)


def _finish(*parts: pd.DataFrame) -> pd.DataFrame:
    table = figdata.finish_table(*parts)
    for column in EXTRA:
        if column not in table.columns:
            table[column] = pd.Series(dtype=object)
    return table


def _window_problem(first: int, last: int, what: str, quarters: bool = False) -> str:
    start = f"{first}" if quarters else fy(first)
    return (f"Nothing to draw: {what} starts in {start}, after the last year asked for "
            f"({fy(last)})")


def _nokia(facts: pd.DataFrame, metrics_: list[str], segments, freq: str, first: int,
           last: int) -> pd.DataFrame:
    return facts[(facts["entity"] == "nokia") & facts["metric"].isin(metrics_)
                 & facts["segment"].isin(list(segments)) & (facts["freq"] == freq)
                 & facts["year"].between(first, last)]


# ---------------------------------------------------------------- segment net sales

def segment_net_sales(facts: pd.DataFrame, segments, units, first: int,
                      last: int) -> figdata.Chart:
    """Annual net sales of the segments and of the business units, one line per perimeter.

    Values are chosen per (segment, perimeter); a line joins consecutive fiscal years of one
    perimeter and basis only. ``extra['main']`` holds, per segment, the one value per year
    the basis rule picks across perimeters: where that series changes perimeter is where
    the structure changed, and that is what the figure marks. The CAGR is computed per
    drawn line, never across a break.
    """
    name = "segment-net-sales"
    panels = {"segments": list(dict.fromkeys(segments)),
              "business units": list(dict.fromkeys(units))}
    if first > last:
        return figdata.Chart(name, _empty_table(), _window_problem(first, last, "the chart"),
                             extra={"panels": panels, "main": _empty_table(),
                                    "cagr": cagr_frame([])},
                             numbers={"first": first, "last": last, "empty": True})
    parts, main_parts = [], []
    for panel, names in panels.items():
        rows = _nokia(facts, ["net_sales"], names, "annual", first, last)
        chosen = series.choose(rows, by=("segment", "perimeter"))
        chosen = chosen.assign(eur=series.in_eur(facts, chosen))
        main = series.choose(rows, by=("segment",))
        main = main.assign(eur=series.in_eur(facts, main))
        for seg in names:
            mine = chosen[chosen["segment"] == seg]
            starts = pd.to_datetime(mine["period_end"]).groupby(mine["perimeter"]).min()
            order = starts.sort_values().index
            for perimeter in order:
                part = mine[mine["perimeter"] == perimeter]
                label = line_label(seg, part["perimeter_label"].iloc[0])
                parts.append(figdata.points(part, label, y="eur", unit=SALES_UNIT)
                             .assign(segment=seg, panel=panel))
            own = main[main["segment"] == seg]
            if not own.empty:
                main_parts.append(figdata.points(own, charts.label(seg), y="eur",
                                                 unit=SALES_UNIT).assign(segment=seg,
                                                                         panel=panel))
    table = _finish(*parts)
    main = _finish(*main_parts)
    cagr = cagr_frame(_line_cagrs(table))
    requested = panels["segments"] + panels["business units"]
    missing = [s for s in requested if s not in set(table["segment"])]
    shown_last = int(table["x"].max()) if not table.empty else last
    ends = table.groupby("segment")["x"].max() if not table.empty else pd.Series(dtype=float)
    stops = {s: int(ends[s]) for s in requested if s in ends.index and ends[s] < shown_last}
    changes = figdata.breaks(main)
    changes = changes[changes["kind"] == "perimeter"]
    notes = [f"{row['label']} from {_first_after(main, row)}: {row['after']}"
             for _, row in changes.iterrows()]
    # a year is missing only if no perimeter of the segment has it
    notes += [f"{label} has no value for {listing(periods)}"
              for label, periods in figdata.gaps(main).items()]
    if missing:
        notes.append(f"No annual net sales in data/ for {span(first, last)}: "
                     + listing(charts.label(s) for s in missing))
    if stops:
        notes.append("no value after " + listing(f"{fy(y)} for {charts.label(s)}"
                                                 for s, y in stops.items()))
    numbers = {"first": first, "last": last, "empty": table.empty, "missing": missing,
               "stops": stops, "shown_last": shown_last,
               "lines": len(table["line"].unique()) if not table.empty else 0}
    if table.empty:
        title = (f"data/ has no annual net sales for the selected segments and business "
                 f"units in {span(first, last)}")
    elif cagr.empty:
        title = (f"No segment or business unit has two consecutive years in one perimeter "
                 f"and basis in {span(first, last)}, so no growth rate is computed; values "
                 "are shown as points")
    else:
        best, worst = cagr.iloc[0], cagr.iloc[-1]
        numbers.update(best=best.to_dict(), worst=worst.to_dict())
        title = _cagr_title(best, worst)
    subtitle = (f"Net sales, EUR million, {span(first, shown_last)}. One line per perimeter and "
                "basis; growth rates are computed within a line, never across a break")
    return figdata.Chart(name, table, title, subtitle, notes, numbers,
                         extra={"panels": panels, "main": main, "cagr": cagr})


def _first_after(table: pd.DataFrame, change) -> str:
    """The first period a series shows after one of figdata.breaks' changes."""
    later = table[(table["label"] == change["label"]) & (table["x"] > change["x"])]
    return later.sort_values("x")["x_label"].iloc[0]


def _line_cagrs(table: pd.DataFrame) -> list[dict]:
    out = []
    for line, part in table[table["mark"] == "line"].groupby("line", sort=False):
        part = part.sort_values("x")
        if len(part) < 2:
            continue
        a, b = part.iloc[0], part.iloc[-1]
        if a["y"] <= 0 or b["y"] <= 0:
            continue
        out.append({"line": line, "label": a["label"], "segment": a["segment"],
                    "panel": a["panel"], "basis": a["basis"],
                    "from": int(a["x"]), "to": int(b["x"]),
                    "first EUR m": round(float(a["y"])), "last EUR m": round(float(b["y"])),
                    "CAGR %": round(metrics.cagr(a["y"], b["y"], b["x"] - a["x"]), 1)})
    return out


def cagr_frame(rows: list[dict]) -> pd.DataFrame:
    columns = ["label", "basis", "from", "to", "first EUR m", "last EUR m", "CAGR %",
               "segment", "panel", "line"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["CAGR %", "to"], ascending=[False, False],
                             kind="stable").reset_index(drop=True)


def _rate(row) -> str:
    return f"{pct(row['CAGR %'], 1)} a year, {span(row['from'], row['to'])}"


def _cagr_title(best, worst) -> str:
    b, w = best["CAGR %"], worst["CAGR %"]
    if best["line"] == worst["line"]:
        verb = "grew" if b > 0 else "fell" if b < 0 else "was flat"
        return (f"Only one line spans two years in one perimeter and basis: "
                f"{best['label']} {verb} ({_rate(best)})")
    if b > 0:
        head = f"{best['label']} grew fastest ({_rate(best)})"
    elif b == 0:
        head = f"nothing grew; {best['label']} was flat ({_rate(best)})"
    else:
        head = f"every line fell; {best['label']} fell least ({_rate(best)})"
    if w < 0 and b >= 0:
        tail = f"{worst['label']} fell most ({_rate(worst)})"
    elif w < 0:
        tail = f"{worst['label']} fell most ({_rate(worst)})"
    elif w == 0:
        tail = f"{worst['label']} was flat ({_rate(worst)})"
    else:
        tail = f"{worst['label']} grew least ({_rate(worst)})"
    return f"Within one perimeter and basis, {head}; {tail}"


def draw_segment_net_sales(chart: figdata.Chart, ds):
    table, main = chart.table, chart.extra["main"]
    fig, axes = new_figure(12.5, 6.6, 1, 2)
    rows_used = 0
    for ax, (panel, names) in zip(axes, chart.extra["panels"].items(), strict=True):
        heading = ("Segments" if panel == "segments"
                   else "Network Infrastructure business units")
        ax.set_title(heading, fontsize=11, loc="left")
        part = table[table["panel"] == panel]
        if part.empty:
            what = listing(charts.label(s) for s in names) or "nothing selected"
            charts.nothing_to_draw(ax, f"No annual net sales in data/ for {what} in the years "
                                       "asked for")
            continue
        colors, markers = {}, {}
        for i, seg in enumerate(names):
            labels = list(dict.fromkeys(part.loc[part["segment"] == seg, "label"]))
            for j, label in enumerate(labels):
                colors[label] = PALETTE[i % len(PALETTE)]
                markers[label] = PERIMETER_MARKERS[j % len(PERIMETER_MARKERS)]
        charts.draw_lines(ax, part, colors=colors, markers=markers)
        # head room above the data for the break notes, so that no note hides a point
        ax.set_ylim(0, part["y"].max() * 1.42)
        charts.fiscal_year_axis(ax, int(table["x"].min()), int(table["x"].max()))
        charts.mark_breaks(ax, main[main["panel"] == panel], width=26)
        charts.thousands_axis(ax, "Net sales, EUR million")
        handles, labels = ax.get_legend_handles_labels()
        extra = charts.basis_legend_handles(table) if ax is axes[0] else []
        ax.legend(handles + extra, labels + [h.get_label() for h in extra],
                  loc="upper left", bbox_to_anchor=(0.0, -0.07), ncol=1, fontsize=8.5)
        rows_used = max(rows_used, len(labels) + len(extra))
    finish(fig, chart.title, charts.source_line(ds, chart.sources()),
           subtitle=_with_notes(chart.subtitle, chart.notes), legend_rows=rows_used)
    _room_for_panel_titles(fig)
    return fig


def describe_segment_net_sales(chart: figdata.Chart) -> str:
    n = chart.numbers
    if n["empty"]:
        return chart.title + "."
    parts = []
    if "best" in n:
        best, worst = n["best"], n["worst"]
        parts.append(f"Measured within one perimeter and basis, the fastest change was in "
                     f"{best['label']} ({_rate(best)}) and the weakest in "
                     f"{worst['label']} ({_rate(worst)})")
    else:
        parts.append(chart.title)
    if n["stops"]:
        parts.append("data/ has no value after " + listing(
            f"{fy(y)} for {charts.label(s)}" for s, y in n["stops"].items()))
    if n["missing"]:
        parts.append("no annual net sales in the years asked for: "
                     + listing(charts.label(s) for s in n["missing"]))
    return "; ".join(parts) + "."


# ---------------------------------------------------------------- group growth

def _growth_rows(facts, segments, first, last) -> pd.DataFrame:
    rows = _nokia(facts, list(GROWTH_BASES), segments, "quarter", first, last)
    rows = series.choose(rows, by=("segment", "metric"))
    return rows.assign(growth_basis=rows["metric"].map(GROWTH_BASES))


def group_growth(facts: pd.DataFrame, first: int, last: int,
                 events: pd.DataFrame | None = None) -> figdata.Chart:
    """Nokia's quarterly group net sales growth, one line per growth basis."""
    name = "group-growth"
    if first > last:
        return figdata.Chart(name, _empty_table(), _window_problem(first, last, "growth", True),
                             numbers={"empty": True}, extra={"events": []})
    rows = _growth_rows(facts, ["total"], first, last)
    parts = [figdata.points(part, basis, y="value", unit=GROWTH_UNIT)
             .assign(segment="total", growth_basis=basis)
             for basis in GROWTH_BASES.values()
             for part in [rows[rows["growth_basis"] == basis]] if not part.empty]
    table = _finish(*parts)
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
           subtitle=_with_notes(chart.subtitle, chart.notes),
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


# ---------------------------------------------------------------- segment growth heatmap

def segment_growth(facts: pd.DataFrame, segments, first: int, last: int) -> figdata.Chart:
    """Quarterly growth of each segment, one panel per growth basis, blank where unsourced.

    Table: one ``cell`` per segment, basis and quarter; ``label`` is
    ``"<segment> | <basis>"``. Where a segment's perimeter changes between two of its cells
    on one basis, ``extra['changes']`` says where, and the figure marks it.
    """
    name = "segment-growth"
    segments = list(dict.fromkeys(segments))
    if first > last:
        return figdata.Chart(name, _empty_table(), _window_problem(first, last, "growth", True),
                             numbers={"empty": True}, extra={"segments": segments})
    rows = _growth_rows(facts, segments, first, last)
    parts = []
    for seg in segments:
        for basis in GROWTH_BASES.values():
            part = rows[(rows["segment"] == seg) & (rows["growth_basis"] == basis)]
            if not part.empty:
                parts.append(figdata.points(part, f"{charts.label(seg)} | {basis}", y="value",
                                            unit=GROWTH_UNIT, mark="cell")
                             .assign(segment=seg, growth_basis=basis))
    table = _finish(*parts)
    if table.empty:
        return figdata.Chart(name, table, f"data/ has no quarterly growth for the selected "
                             f"segments from {first} to {last}", numbers={"empty": True},
                             extra={"segments": segments})
    bases = [b for b in GROWTH_BASES.values() if b in set(table["growth_basis"])]
    quarters = {}
    for basis in bases:
        idx = [figdata.period_index(p) for p in table.loc[table["growth_basis"] == basis,
                                                         "period"]]
        quarters[basis] = [quarter_name(i) for i in range(min(idx), max(idx) + 1)]
    changes = []
    for _, part in table.groupby("label", sort=False):
        part = part.sort_values("x")
        previous = None
        for _, r in part.iterrows():
            if previous is not None and r["perimeter"] != previous["perimeter"]:
                changes.append({"segment": r["segment"], "growth_basis": r["growth_basis"],
                                "before": previous["period"], "after": r["period"],
                                "label": r["perimeter_label"] or r["perimeter"]})
            previous = r
    counts = table["growth_basis"].value_counts()
    basis = max(bases, key=lambda b: (counts[b], -bases.index(b)))
    mine = table[table["growth_basis"] == basis]
    tally = {seg: (int((part["y"] > 0).sum()), len(part))
             for seg, part in mine.groupby("segment", sort=False)}
    order = [s for s in segments if s in tally]
    best = max(order, key=lambda s: (tally[s][0] / tally[s][1], tally[s][1]))
    worst = min(order, key=lambda s: (tally[s][0] / tally[s][1], -tally[s][1]))
    blank = [s for s in segments if s not in set(table["segment"])]
    numbers = {"empty": False, "basis": basis, "tally": tally, "best": best, "worst": worst,
               "blank": blank,
               "cells": {b: int(counts[b]) for b in bases},
               "positive": {b: int((table.loc[table["growth_basis"] == b, "y"] > 0).sum())
                            for b in bases}}
    title = (f"On the basis with the most figures ({basis} growth), {charts.label(best)} grew "
             f"in {tally[best][0]} of the {tally[best][1]} quarters the sources give")
    if worst != best:
        title += f"; {charts.label(worst)} in {tally[worst][0]} of {tally[worst][1]}"
    merged: dict[tuple, list[str]] = {}
    for c in changes:
        merged.setdefault((c["segment"], c["after"], c["label"]), []).append(c["growth_basis"])
    notes = [f"{charts.label(seg)} from {figdata.period_label(after)} ({', '.join(which)}): "
             f"{label}" for (seg, after, label), which in merged.items()]
    if blank:
        notes.append("no growth figure in data/: " + listing(charts.label(s) for s in blank))
    subtitle = ("Year-on-year change of net sales, percent; one panel per growth basis, one "
                "colour scale; blank = not in the sources; a black bar = change of perimeter")
    return figdata.Chart(name, table, title, subtitle, notes, numbers,
                         extra={"segments": segments, "bases": bases, "quarters": quarters,
                                "changes": changes})


def draw_segment_growth(chart: figdata.Chart, ds):
    import matplotlib.colors as mcolors
    import numpy as np

    table = chart.table
    if table.empty:
        return charts.empty_figure(chart, ds, 10, 5)
    bases, segments = chart.extra["bases"], chart.extra["segments"]
    # one set of columns for every panel, so a quarter sits in the same place on each basis
    idx = [figdata.period_index(q) for b in bases for q in chart.extra["quarters"][b]]
    cols = [quarter_name(i) for i in range(min(idx), max(idx) + 1)]
    panel_height = 0.62 + 0.3 * len(segments)
    fig, axes = new_figure(max(8.5, 3.2 + 0.55 * len(cols)),
                           2.2 + panel_height * len(bases), len(bases), 2,
                           gridspec_kw={"width_ratios": [1, 0.025]}, squeeze=False)
    grid_spec = axes[0, 1].get_gridspec()
    for ax in axes[:, 1]:
        ax.remove()
    cax = fig.add_subplot(grid_spec[:, 1])
    limit = max(10.0, math.ceil(table["y"].abs().max() / 10) * 10)
    norm = mcolors.Normalize(-limit, limit)
    image = None
    for ax, basis in zip(axes[:, 0], bases, strict=True):
        grid = np.full((len(segments), len(cols)), np.nan)
        for _, r in table[table["growth_basis"] == basis].iterrows():
            grid[segments.index(r["segment"]), cols.index(r["period"])] = r["y"]
        image = ax.imshow(np.ma.masked_invalid(grid), cmap="RdBu", norm=norm, aspect="auto")
        for (row, col), value in np.ndenumerate(grid):
            if not np.isnan(value):
                ax.text(col, row, pct(value), ha="center", va="center", fontsize=7.5,
                        color="white" if abs(value) > 0.6 * limit else "#222")
        for c in chart.extra["changes"]:
            if c["growth_basis"] == basis:
                row, col = segments.index(c["segment"]), cols.index(c["after"])
                ax.plot([col - 0.5, col - 0.5], [row - 0.5, row + 0.5], color="black",
                        linewidth=3, solid_capstyle="butt")
        ax.set_xticks(range(len(cols)))
        ax.set_xticklabels([figdata.period_label(q).replace(" ", "\n") for q in cols]
                           if ax is axes[-1, 0] else [], fontsize=8)
        ax.set_yticks(range(len(segments)))
        ax.set_yticklabels([charts.label(s) for s in segments], fontsize=8.5)
        ax.set_title(f"Growth, {basis}", fontsize=10, loc="left")
        ax.grid(False)
        ax.set_facecolor("#f4f4f4")
    bar = fig.colorbar(image, cax=cax)
    cax.grid(False)
    bar.set_label("Year-on-year change, percent", fontsize=9)
    bar.ax.yaxis.set_label_position("left")
    finish(fig, chart.title, charts.source_line(ds, chart.sources()),
           subtitle=_with_notes(chart.subtitle, chart.notes), left=0.2)
    _room_for_panel_titles(fig)
    fig.subplots_adjust(hspace=0.3, right=0.93)
    return fig


def describe_segment_growth(chart: figdata.Chart) -> str:
    n = chart.numbers
    if n["empty"]:
        return chart.title + "."
    per_basis = "; ".join(f"{b}: {n['positive'][b]} of {n['cells'][b]} figures positive"
                          for b in n["cells"])
    text = f"{chart.title}. Across all segments shown, {per_basis}."
    if chart.notes:
        text += " Note: " + "; ".join(chart.notes) + "."
    return text


# ---------------------------------------------------------------- segment mix

def segment_mix(facts: pd.DataFrame, segments, first: int, last: int) -> figdata.Chart:
    """Each segment's share of the selected segments' combined net sales, per fiscal year.

    A year is shown only when one document gives every selected segment for it (so one
    bar never mixes two structures); among such documents the basis rule picks one. Years
    where the segments are sourced only across documents are listed as left out.
    """
    name = "segment-mix"
    segments = list(dict.fromkeys(segments))
    numbers = {"empty": True, "segments": segments, "skipped": []}
    if first > last:
        return figdata.Chart(name, _empty_table(), _window_problem(first, last, "the mix"),
                             numbers=numbers)
    if len(segments) < 2:
        what = (f"only {charts.label(segments[0])}" if segments else "none")
        return figdata.Chart(name, _empty_table(), f"A mix needs at least two segments; the "
                             f"parameter segments names {what}", numbers=numbers)
    rows = _nokia(facts, ["net_sales"], segments, "annual", first, last)
    picked, skipped = [], []
    for period, year_rows in rows.groupby("period", sort=True):
        complete = []
        for _, doc in year_rows.groupby("source_id"):
            doc = series.choose(doc, by=("segment",))
            if set(doc["segment"]) == set(segments):
                worst = doc.loc[doc["basis"].map(series.BASIS_RANK).idxmax()]
                complete.append((worst, doc))
        if not complete:
            skipped.append(period)
            continue
        reps = pd.DataFrame([w for w, _ in complete])
        source = series.choose(reps).iloc[0]["source_id"]
        picked.append(next(doc for w, doc in complete if w["source_id"] == source))
    numbers["skipped"] = skipped
    if not picked:
        title = (f"No single document in data/ gives all of {listing(map(charts.label, segments))} "
                 f"for any year in {span(first, last)}, so no mix is drawn")
        return figdata.Chart(name, _empty_table(), title, numbers=numbers,
                             notes=[f"left out: {listing(skipped)}"] if skipped else [])
    chosen = pd.concat(picked)
    chosen = chosen.assign(eur=series.in_eur(facts, chosen))
    chosen["share"] = chosen["eur"] / chosen.groupby("period")["eur"].transform("sum") * 100
    parts = [figdata.points(chosen[chosen["segment"] == seg], charts.label(seg), y="share",
                            unit=SHARE_UNIT, mark="bar")
             .assign(segment=seg, amount=chosen.loc[chosen["segment"] == seg, "eur"].to_numpy())
             for seg in segments]
    table = _finish(*parts)
    shares = table.pivot(index="period", columns="segment", values="y")[segments]
    a, b = shares.index[0], shares.index[-1]
    moved = (shares.loc[b] - shares.loc[a]).abs().sort_values(ascending=False, kind="stable")
    seg = moved.index[0]
    start, end = shares.loc[a, seg], shares.loc[b, seg]
    # a share depends on every segment of the bar, so any segment's new perimeter matters
    moved_perimeters = sorted(
        {charts.label(segment) for segment, part in table.groupby("segment")
         if part.set_index("period")["perimeter"].get(a) != part.set_index("period")[
             "perimeter"].get(b)})
    numbers.update(empty=False, first_period=a, last_period=b, segment=seg, start=start,
                   end=end, shares=shares, years=list(shares.index),
                   perimeter_changed=bool(moved_perimeters),
                   perimeters_changed=moved_perimeters)
    changes = figdata.breaks(figdata.assign_lines(table.assign(mark="line")))
    changes = changes[changes["kind"] == "perimeter"]
    notes = [f"{row['label']} from {_first_after(table, row)}: {row['after']}"
             for _, row in changes.iterrows()]
    if skipped:
        notes.append("left out, no one document gives every segment: " + listing(skipped))
    n = len(segments)
    whole = f"the {NUMBER_WORDS.get(n, n)} segments' combined net sales"
    if a == b:
        title = (f"Only {a} has all {n} segments in one document: {charts.label(seg)} made "
                 f"{start:.0f}% of {whole}")
    else:
        if round(start) == round(end):
            move = f"was {end:.0f}% of {whole} in both {a} and {b}"
        else:
            verb = "rose" if end > start else "fell"
            move = f"{verb} from {start:.0f}% to {end:.0f}% of {whole} between {a} and {b}"
        title = f"{charts.label(seg)}, the segment whose share moved most, {move}"
        if moved_perimeters:
            whose = ("its" if moved_perimeters == [charts.label(seg)]
                     else listing(f"{m}'s" for m in moved_perimeters))
            title += f" ({whose} perimeter changed in between)"
    subtitle = ("Share of " + listing(charts.label(s) for s in segments)
                + "; each year's bar from one document")
    return figdata.Chart(name, table, title, subtitle, notes, numbers)


def mix_shares(chart: figdata.Chart) -> pd.DataFrame:
    """Shares in percent, one row per fiscal year, one column per segment (labels)."""
    if chart.numbers["empty"]:
        return pd.DataFrame()
    shares = chart.numbers["shares"].copy()
    shares.columns = [charts.label(s) for s in shares.columns]
    return shares


def draw_segment_mix(chart: figdata.Chart, ds):
    table = chart.table
    if table.empty:
        return charts.empty_figure(chart, ds, 9.5, 5.6)
    fig, ax = new_figure(9.5, 5.6)
    segments = chart.numbers["segments"]
    bottom = pd.Series(0.0, index=sorted(table["x"].unique()))
    for i, seg in enumerate(segments):
        part = table[table["segment"] == seg].set_index("x")["y"].reindex(bottom.index)
        ax.bar(bottom.index, part, bottom=bottom, width=0.75, color=PALETTE[i % len(PALETTE)],
               label=charts.label(seg))
        for x, value in part.items():
            if value >= 4:
                ax.text(x, bottom[x] + value / 2, f"{value:.0f}%", ha="center", va="center",
                        color="white", fontsize=9, fontweight="bold")
        bottom = bottom + part.fillna(0)
    ax.set_ylim(0, 118)
    ax.set_yticks(range(0, 101, 20))
    ax.set_ylabel("Share of the segments' combined net sales, %")
    charts.fiscal_year_axis(ax, int(table["x"].min()), int(table["x"].max()), step=1)
    ax.grid(False)
    charts.mark_breaks(ax, figdata.assign_lines(table.assign(mark="line")), width=30)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(0.0, -0.07), ncol=3,
              fontsize=8.5)
    finish(fig, chart.title, charts.source_line(ds, chart.sources()),
           subtitle=_with_notes(chart.subtitle, chart.notes),
           legend_rows=-(-len(labels) // 3))
    return fig


def describe_segment_mix(chart: figdata.Chart) -> str:
    n = chart.numbers
    if n["empty"]:
        text = chart.title + "."
        if n["skipped"]:
            text += f" Years with some but not all segments: {listing(n['skipped'])}."
        return text
    shares = n["shares"]
    a, b = n["first_period"], n["last_period"]
    moves = "; ".join(f"{charts.label(s)} {shares.loc[a, s]:.0f}% to {shares.loc[b, s]:.0f}%"
                      for s in shares.columns)
    text = (f"Shares of the selected segments' combined net sales, {a} to {b} (each year "
            f"from one document): {moves}.")
    if chart.notes:
        text += " " + sentence("; ".join(chart.notes)) + "."
    return text


# ---------------------------------------------------------------- Optical Networks and Infinera

def optical_infinera(facts: pd.DataFrame, events: pd.DataFrame, first: int, last: int,
                     segment: str = "optical_networks") -> figdata.Chart:
    """Annual net sales of Optical Networks up to the event, quarterly growth after it.

    ``events`` are the rows data/annotations.csv names for this chart (the acquisition's
    completion); the first one splits before from after. Bars: one per fiscal year (basis
    shown by the fill), and per quarter one bar per growth basis.
    """
    name = "optical-infinera"
    who = charts.label(segment)
    event = events.sort_values("date").iloc[0] if events is not None and len(events) else None
    numbers = {"empty": True, "segment": segment}
    if first > last:
        return figdata.Chart(name, _empty_table(), _window_problem(first, last, "the chart"),
                             numbers=numbers, extra={"event": None})
    if event is None:
        return figdata.Chart(name, _empty_table(), "data/annotations.csv names no event for "
                             "this chart, so there is no before and after to draw",
                             numbers=numbers, extra={"event": None})
    when = pd.Timestamp(event["date"])
    sales = _nokia(facts, ["net_sales"], [segment], "annual", first, last)
    sales = series.choose(sales[pd.to_datetime(sales["period_end"]) < when],
                          by=("perimeter",))
    sales = sales.assign(eur=series.in_eur(facts, sales))
    growth = _growth_rows(facts, [segment], first, last)
    growth = growth[pd.to_datetime(growth["period_end"]) > when]
    parts = [figdata.points(sales, "Net sales", y="eur", unit=SALES_UNIT, mark="bar")
             .assign(segment=segment, panel="annual")]
    for basis in GROWTH_BASES.values():
        part = growth[growth["growth_basis"] == basis]
        if not part.empty:
            parts.append(figdata.points(part, f"Growth, {basis}", y="value", unit=GROWTH_UNIT,
                                        mark="bar")
                         .assign(segment=segment, panel="quarterly", growth_basis=basis))
    table = _finish(*parts)
    event_words = f"{event['title']} ({date_words(when)})"
    numbers.update(event=event_words, event_date=date_words(when), event_title=event["title"])
    annual = table[table["panel"] == "annual"]
    after = table[table["panel"] == "quarterly"]
    pieces = []
    if annual.empty:
        pieces.append(f"data/ has no annual {who} net sales before {date_words(when)} "
                      f"in {span(first, last)}")
    else:
        lo, hi = annual["y"].min() / 1000, annual["y"].max() / 1000
        a, b = int(annual["x"].min()), int(annual["x"].max())
        amount = (f"EUR {lo:.1f} billion" if f"{lo:.1f}" == f"{hi:.1f}"
                  else f"EUR {lo:.1f}-{hi:.1f} billion")
        pieces.append(f"{who} sold {amount} a year in {span(a, b)}")
        numbers.update(low=lo, high=hi, first_year=a, last_year=b)
    if after.empty:
        pieces.append(f"data/ has no quarterly growth for it after {date_words(when)} up to "
                      f"{last}")
    else:
        counts = after["growth_basis"].value_counts()
        order = list(GROWTH_BASES.values())
        basis = max(counts.index, key=lambda b: (counts[b], order.index(b)))
        values = after[after["growth_basis"] == basis]["y"]
        quarters = after[after["growth_basis"] == basis]["x_label"].tolist()
        if len(values) == 1:
            rng = f"was {pct(values.iloc[0])} in {quarters[0]}"
        elif values.min() == values.max():
            rng = f"was {pct(values.iloc[0])} in each of {len(values)} quarters"
        else:
            rng = (f"ranged from {pct(values.min())} to {pct(values.max())} over "
                   f"{len(values)} quarters")
        pieces.append(f"after {date_words(when)} ({event['title']}) its quarterly growth "
                      f"({basis}) {rng}")
        numbers.update(basis=basis, growth=[
            (r["x_label"], r["growth_basis"], float(r["y"])) for _, r in
            after.sort_values(["x", "growth_basis"]).iterrows()])
    numbers["empty"] = table.empty
    notes = []
    if not after.empty:
        idx = sorted({figdata.period_index(p) for p in after["period"]})
        missing = [figdata.period_label(quarter_name(i)) for i in range(idx[0], idx[-1] + 1)
                   if i not in idx]
        if missing:
            notes.append(f"no growth figure in data/ for {listing(missing)}")
    title = sentence("; ".join(pieces))
    subtitle = (f"Left: {who} net sales per fiscal year before {date_words(when)}, EUR million "
                f"(fill shows the basis). Right: year-on-year growth per quarter after it, "
                f"percent, for quarters ending after it, one bar per growth basis")
    return figdata.Chart(name, table, title, subtitle, notes, numbers,
                         extra={"event": event_words})


BASIS_FILL = {"as_reported": {"alpha": 1.0, "hatch": None},
              "restated": {"alpha": 0.55, "hatch": "//"},
              "non_ifrs": {"alpha": 0.35, "hatch": ".."},
              "estimate": {"alpha": 0.25, "hatch": "xx"}}


def draw_optical_infinera(chart: figdata.Chart, ds):
    from matplotlib.patches import Patch

    table = chart.table
    fig, (ax1, ax2) = new_figure(11.5, 5.6, 1, 2, gridspec_kw={"width_ratios": [1.4, 1]})
    annual = table[table["panel"] == "annual"]
    after = table[table["panel"] == "quarterly"]
    ax1.set_title(f"Before {chart.numbers.get('event_date', 'the event')}: annual net sales",
                  fontsize=11, loc="left")
    ax2.set_title("After: quarterly growth", fontsize=11, loc="left")
    rows_used = 0
    if annual.empty:
        charts.nothing_to_draw(ax1, "No annual net sales in data/ for these years")
    else:
        color = PALETTE[0]
        for basis, part in annual.groupby("basis", sort=False):
            style = BASIS_FILL.get(basis, BASIS_FILL["as_reported"])
            ax1.bar(part["x"], part["y"], width=0.7, color=color, alpha=style["alpha"],
                    hatch=style["hatch"], edgecolor=color)
        for _, r in annual.iterrows():
            ax1.text(r["x"], r["y"] * 1.01, f"{r['y']:,.0f}", ha="center", va="bottom",
                     fontsize=8)
        ax1.set_ylim(0, annual["y"].max() * 1.15)
        charts.thousands_axis(ax1, "Net sales, EUR million")
        charts.fiscal_year_axis(ax1, int(annual["x"].min()), int(annual["x"].max()), step=1)
        ax1.grid(axis="x", visible=False)
        handles = [Patch(facecolor=PALETTE[0], alpha=BASIS_FILL[b]["alpha"],
                         hatch=BASIS_FILL[b]["hatch"], edgecolor=PALETTE[0],
                         label=series.BASIS_WORDS[b])
                   for b in BASIS_FILL if b in set(annual["basis"])]
        ax1.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.07),
                   fontsize=8.5)
        rows_used = len(handles)
    if after.empty:
        charts.nothing_to_draw(ax2, "No quarterly growth in data/ after the event for these years")
    else:
        bases = [b for b in GROWTH_BASES.values() if b in set(after["growth_basis"])]
        width = 0.22 / len(bases)
        for i, basis in enumerate(bases):
            part = after[after["growth_basis"] == basis]
            xs = part["x"] + (i - (len(bases) - 1) / 2) * width
            ax2.bar(xs, part["y"], width=width * 0.95, color=BASIS_COLORS[basis],
                    label=f"Growth, {basis}")
            for x, value in zip(xs, part["y"], strict=True):
                ax2.text(x, value + (0.4 if value >= 0 else -0.4), pct(value)[:-1],
                         ha="center",
                         va="bottom" if value >= 0 else "top", fontsize=8)
        charts.quarter_axis(ax2, after)
        ax2.set_xlim(after["x"].min() - 0.2, after["x"].max() + 0.2)
        ax2.axhline(0, color="#333", linewidth=0.8)
        low, high = min(after["y"].min(), 0), max(after["y"].max(), 0)
        ax2.set_ylim(low - 2 - abs(low) * 0.1, high + 2 + abs(high) * 0.15)
        ax2.set_ylabel("Year-on-year change, percent")
        ax2.grid(axis="x", visible=False)
        handles, labels = ax2.get_legend_handles_labels()
        ax2.legend(handles, labels, loc="upper left", bbox_to_anchor=(0.0, -0.16),
                   fontsize=8.5)
        rows_used = max(rows_used, len(labels) + 1)
    finish(fig, chart.title, charts.source_line(ds, chart.sources()),
           subtitle=_with_notes(chart.subtitle, chart.notes), legend_rows=rows_used)
    _room_for_panel_titles(fig)
    return fig


def describe_optical_infinera(chart: figdata.Chart) -> str:
    n = chart.numbers
    if "growth" not in n:
        return chart.title + "."
    listed = "; ".join(f"{q} {pct(v)} ({b})" for q, b, v in n["growth"])
    text = (f"{charts.label(n['segment'])} growth after {n['event_date']} "
            f"({n['event_title']}), as printed: {listed}.")
    bases = {b for _, b, _ in n["growth"]}
    if "constant currency and portfolio" in bases:
        text += (" Constant currency and portfolio growth leaves acquisitions out, so it "
                 "measures the business without what was acquired.")
    return text


# ---------------------------------------------------------------- shared drawing bits

def _room_for_panel_titles(fig, points: float = 20) -> None:
    """Lower the axes under ``finish``'s title block so that panel titles clear it."""
    height = fig.get_size_inches()[1]
    fig.subplots_adjust(top=fig.subplotpars.top - points / (72 * height))


def _with_notes(subtitle: str, notes: list[str], limit: int = 3) -> str:
    if not notes:
        return subtitle
    shown = notes[:limit]
    more = f" (+{len(notes) - limit} more in the notebook)" if len(notes) > limit else ""
    return f"{subtitle}. Note: " + "; ".join(shown) + more
