"""Market share by canonical measurer and market definition."""

from __future__ import annotations

import pandas as pd

from helpers import charts, figdata, series
from helpers.collapse.common import empty_window, in_window, listing, plural, window_words
from helpers.collapse.drawing import collapse_legend
from helpers.plotting import finish, new_figure


def _share_label(measurer: str, perimeter_label: str) -> str:
    if not perimeter_label:
        return measurer
    if perimeter_label.startswith(measurer):
        return perimeter_label
    return f"{measurer} ({perimeter_label})"


def share_story(facts: pd.DataFrame, start: int, end: int,
                phone_era_end: int | None = None) -> figdata.Chart:
    """Nokia's full-year world market share, one line per measurer and market definition.

    The window is ``start`` to the earlier of ``end`` and ``phone_era_end``. Annual rows
    of segment ``total`` only; one figure per (measurer, perimeter, period) by
    ``series.choose``. A measurer whose market definition changed (Nokia's own) has one
    line per definition, never joined.
    """
    rows = facts[(facts["entity"] == "nokia") & (facts["metric"] == "market_share")
                 & (facts["segment"] == "total") & (facts["freq"] == "annual")]
    last = min(end, phone_era_end) if phone_era_end is not None else end
    rows = in_window(rows, start, last)
    rows = rows.assign(measurer=rows["measurer"].fillna("unnamed measurer"))
    chosen = series.choose(rows, by=("measurer", "perimeter"))
    parts = []
    for (measurer, _), part in chosen.groupby(["measurer", "perimeter"], sort=True):
        label = _share_label(measurer, part["perimeter_label"].iloc[0])
        parts.append(figdata.points(part, label, y="value", unit="percent")
                     .assign(measurer=measurer))
    table = figdata.finish_table(*parts)
    n = _share_numbers(table)
    n.update({"start": start, "end": end, "last": last,
              "alternatives": int(len(rows) - len(chosen))})
    notes = []
    if n["alternatives"]:
        notes.append(f"{plural(n['alternatives'], 'further figure')} by the same measurer "
                     "for the same year and definition not drawn (series.choose keeps one).")
    subtitle = ("Full-year estimates, percent of units; one line per measurer and market "
                "definition. Measurers count differently (shipments, sales to end users)."
                if not table.empty else "")
    return figdata.Chart("market-share", table, _share_title(n), subtitle, notes, n,
                         {"start": start, "end": last})


def _share_numbers(table: pd.DataFrame) -> dict:
    n: dict = {"points": int(len(table)), "measurers": 0}
    if table.empty:
        return n
    n["measurers"] = int(table["measurer"].nunique())
    by_year = table.groupby("period")["y"]
    median = by_year.median()
    order = sorted(median.index, key=figdata.period_x)
    peak_period = max(order, key=lambda p: (median[p], -figdata.period_x(p)))
    at_peak = table[table["period"] == peak_period]
    latest_period = order[-1]
    at_latest = table[table["period"] == latest_period].sort_values("y")
    spread = (by_year.max() - by_year.min())
    tops = table[table["y"] == table["y"].max()].sort_values("x")
    n.update({
        "years": len(order), "peak_period": peak_period, "peak_low": float(at_peak["y"].min()),
        "peak_high": float(at_peak["y"].max()),
        "peak_measurers": sorted(at_peak["measurer"].unique()),
        "latest_period": latest_period, "latest_low": float(at_latest["y"].min()),
        "latest_high": float(at_latest["y"].max()),
        "latest_measurers": list(dict.fromkeys(at_latest["measurer"])),
        "top": float(tops["y"].iloc[0]),
        "top_where": "; ".join(f"{r.period}, {r.label}" for r in tops.itertuples()),
        "max_spread": float(spread.max()),
        "max_spread_period": min(spread[spread == spread.max()].index, key=figdata.period_x),
    })
    return n


def _range(low: float, high: float) -> str:
    return f"{low:g}%" if low == high else f"{low:g}-{high:g}%"


def _share_title(n: dict) -> str:
    empty = empty_window(n["start"], n["end"], n["last"])
    if empty:
        return f"Nokia's market share: {empty}"
    if n["points"] == 0:
        return (f"No full-year market-share estimate in data/ for "
                f"{window_words(n['start'], n['last'])}")
    who = n["peak_measurers"]
    counted = (f"{len(who)} measurers" if len(who) > 1 else f"one measurer ({who[0]})")
    which = ("the only year in the window" if n["years"] == 1
             else "the year of the highest median estimate")
    title = (f"In {n['peak_period']}, {which}, {counted} "
             f"put Nokia's world share at {_range(n['peak_low'], n['peak_high'])}")
    if n["latest_period"] != n["peak_period"]:
        title += (f"; the latest, for {n['latest_period']}, is "
                  f"{_range(n['latest_low'], n['latest_high'])} "
                  f"({listing(n['latest_measurers'])})")
    return title


def describe_share(chart: figdata.Chart) -> str:
    n = chart.numbers
    if n["points"] == 0:
        return _share_title(n) + "."
    text = (f"{n['measurers']} measurer{'s' if n['measurers'] != 1 else ''} "
            f"{'are' if n['measurers'] != 1 else 'is'} quoted for "
            f"{window_words(n['start'], n['last'])}. The highest single figure is "
            f"{n['top']:g}% ({n['top_where']}); the latest year, "
            f"{n['latest_period']}, has {_range(n['latest_low'], n['latest_high'])} "
            f"({listing(n['latest_measurers'])}).")
    if n["max_spread"] > 0:
        text += (f" For the same year the measurers differ by up to "
                 f"{n['max_spread']:.1f} percentage points ({n['max_spread_period']}), so a "
                 "single 'market share' line would hide who counted what.")
    return text


def share_overview(chart: figdata.Chart) -> pd.DataFrame:
    """One row per year: each measurer's share in percent, blank where it gave none."""
    return figdata.wide(chart.table, "{:g}")


def draw_share(chart: figdata.Chart, ds):
    fig, ax = new_figure(9, 5.6)
    t = chart.table
    rows = 0
    if t.empty:
        charts.nothing_to_draw(ax, "Nothing to draw for these parameters.")
    else:
        markers = ["o", "s", "^", "D", "v", "P", "X", "*"]
        labels = list(dict.fromkeys(t["label"]))
        charts.draw_lines(ax, t, markers={lab: markers[i % len(markers)]
                                          for i, lab in enumerate(labels)})
        ax.set_ylim(0, max(50, t["y"].max() * 1.15))
        ax.set_ylabel("Market share, percent of units")
        charts.fiscal_year_axis(ax, chart.extra["start"], chart.extra["end"])
        rows = collapse_legend(ax, t, ncol=3)
    finish(fig, chart.title, charts.source_line(ds, chart.sources()),
           subtitle=chart.subtitle, legend_rows=rows)
    return fig
