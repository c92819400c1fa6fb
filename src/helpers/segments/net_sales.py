"""Segment and business-unit net sales, one line per perimeter and basis."""

from __future__ import annotations

import pandas as pd

from helpers import charts, figdata, metrics, series
from helpers.plotting import PALETTE, finish, new_figure
from helpers.segments.common import (
    PERIMETER_MARKERS,
    SALES_UNIT,
    empty_table,
    fy,
    line_label,
    listing,
    nokia_rows,
    pct,
    segment_table,
    span,
    window_problem,
)
from helpers.segments.drawing import room_for_panel_titles, with_notes


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
        return figdata.Chart(name, empty_table(), window_problem(first, last, "the chart"),
                             extra={"panels": panels, "main": empty_table(),
                                    "cagr": cagr_frame([])},
                             numbers={"first": first, "last": last, "empty": True})
    parts, main_parts = [], []
    for panel, names in panels.items():
        rows = nokia_rows(facts, ["net_sales"], names, "annual", first, last)
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
    table = segment_table(*parts)
    main = segment_table(*main_parts)
    cagr = cagr_frame(_line_cagrs(table))
    requested = panels["segments"] + panels["business units"]
    missing = [s for s in requested if s not in set(table["segment"])]
    shown_last = int(table["x"].max()) if not table.empty else last
    ends = table.groupby("segment")["x"].max() if not table.empty else pd.Series(dtype=float)
    stops = {s: int(ends[s]) for s in requested if s in ends.index and ends[s] < shown_last}
    changes = figdata.breaks(main)
    changes = changes[changes["kind"] == "perimeter"]
    notes = [f"{row['label']} from {first_after(main, row)}: {row['after']}"
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


def first_after(table: pd.DataFrame, change) -> str:
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
           subtitle=with_notes(chart.subtitle, chart.notes), legend_rows=rows_used)
    room_for_panel_titles(fig)
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
