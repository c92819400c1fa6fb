"""Nokia's world market share, one line per measurer and market definition."""

from __future__ import annotations

import pandas as pd

from helpers import chain, draw, figdata, series, words
from helpers.collapse.common import in_window, window_problem


def _label(measurer: str, perimeter_label: str) -> str:
    if not perimeter_label:
        return measurer
    return perimeter_label if perimeter_label.startswith(measurer) else \
        f"{measurer} ({perimeter_label})"


def share_story(facts: pd.DataFrame, start: int, end: int,
                phone_era_end: int | None = None) -> figdata.Chart:
    """Full-year market share estimates, one line per measurer (names unified by
    data/measurers.csv) and market definition, from ``start`` to the earlier of ``end``
    and ``phone_era_end``. A measurer quoted for one year only is named in the key rather
    than drawn as a point standing alone."""
    last = min(end, phone_era_end) if phone_era_end is not None else end
    rows = facts[(facts["entity"] == "nokia") & (facts["metric"] == "market_share")
                 & (facts["segment"] == "total") & (facts["freq"] == "annual")]
    rows = in_window(rows, start, last)
    rows = rows.assign(measurer=rows["measurer"].fillna("unnamed measurer"))
    parts, once = [], []
    for (measurer, _), part in rows.groupby(["measurer", "perimeter"], sort=True):
        printed = chain.record(part, "value")
        label = _label(measurer, printed["perimeter_label"].iloc[0])
        if len(printed) == 1:
            once.append(f"{label} {words.share(printed['value'].iloc[0], 1).replace('.0%', '%')}"
                        f" ({printed['period'].iloc[0]})")
            continue
        parts.append(figdata.points(printed, label, y="value", unit="percent")
                     .assign(measurer=measurer))
    table = figdata.finish_table(*parts)
    n = _numbers(table)
    n.update({"start": start, "end": end, "last": last, "once": once,
              "alternatives": int(len(rows) - len(series.choose(rows, by=("measurer",
                                                                           "perimeter"))))})
    subtitle = ("Full-year share of the world phone market, percent of units, by who "
                "measured it: measurers count differently (shipments, sales to end users)")
    c = figdata.Chart.told("market-share", table, share_words, subtitle, numbers=n)
    if once:
        c.notes.append("Also quoted for one year only: " + "; ".join(once))
    return c


def _numbers(table: pd.DataFrame) -> dict:
    n: dict = {"points": int(len(table)), "measurers": 0}
    if table.empty:
        return n
    by_year = table.groupby("period")["y"]
    median = by_year.median()
    order = sorted(median.index, key=figdata.period_x)
    peak = max(order, key=lambda p: (median[p], -figdata.period_x(p)))
    at_peak, latest = table[table["period"] == peak], table[table["period"] == order[-1]]
    spread = by_year.max() - by_year.min()
    n.update({"measurers": int(table["measurer"].nunique()), "years": len(order),
              "peak": peak, "peak_low": float(at_peak["y"].min()),
              "peak_high": float(at_peak["y"].max()),
              "peak_measurers": sorted(at_peak["measurer"].unique()),
              "latest": order[-1], "latest_low": float(latest["y"].min()),
              "latest_high": float(latest["y"].max()),
              "latest_measurers": list(dict.fromkeys(latest.sort_values("y")["measurer"])),
              "max_spread": float(spread.max()),
              **_longest(table),
              "max_spread_period": min(spread[spread == spread.max()].index,
                                       key=figdata.period_x)})
    return n


def _longest(table: pd.DataFrame) -> dict:
    """The measurer with the longest drawn line (on one market definition), its peak and
    its last year: the title's fall is told within one measurer, since measurers count
    differently and one's share set against another's is no change."""
    counts = table.groupby("label")["period"].nunique()
    ends = table.groupby("label")["x"].max()
    label = max(counts.index, key=lambda lab: (counts[lab], ends[lab]))
    line = table[table["label"] == label].sort_values("x")
    peak = line.loc[line["y"].idxmax()]
    end = line.iloc[-1]
    return {"one": label, "one_peak": peak["period"], "one_peak_value": float(peak["y"]),
            "one_last": end["period"], "one_last_value": float(end["y"])}


def _range(low: float, high: float) -> str:
    return f"{low:g}%" if low == high else f"{low:g}-{high:g}%"


def share_words(n: dict) -> tuple[str, str]:
    empty = window_problem(n["start"], n["end"], n["last"] if n["last"] < n["start"] else None)
    if empty:
        return f"Nokia's market share: {empty}", words.sentence(empty) + "."
    if not n["points"]:
        text = (f"no full-year market-share estimate in data/ for "
                f"{words.span(n['start'], n['last'])}")
        return words.unanswered(text)
    # the fall within one measurer's count; a later year of other measurers named as such
    title = (f"By {words.possessive(n['one'])} count Nokia's world share peaked at "
             f"{n['one_peak_value']:g}% in {n['one_peak']}")
    if n["one_last"] != n["one_peak"]:
        title += f" and fell to {n['one_last_value']:g}% by {n['one_last']}"
    if n["latest"] != n["one_last"] and n["latest"] > n["one_last"]:
        title += (f"; {words.listing(n['latest_measurers'])} put it at "
                  f"{_range(n['latest_low'], n['latest_high'])} in {n['latest']}")
    finding = (f"{words.plural(n['measurers'], 'measurer')} with more than one year are drawn "
               f"for {words.span(n['start'], n['last'])}. The highest median estimate is for "
               f"{n['peak']} ({_range(n['peak_low'], n['peak_high'])}, "
               f"{words.listing(n['peak_measurers'])}); the latest year, {n['latest']}, has "
               f"{_range(n['latest_low'], n['latest_high'])} "
               f"({words.listing(n['latest_measurers'])}).")
    if n["max_spread"] > 0:
        finding += (f" For one year the measurers differ by up to {n['max_spread']:.1f} "
                    f"percentage points ({n['max_spread_period']}), so a single 'market "
                    "share' line would hide who counted what.")
    return title, finding


def share_overview(chart: figdata.Chart) -> pd.DataFrame:
    """One row per year: each measurer's share in percent, blank where it gave none."""
    return figdata.wide(chart.table, "{:g}", index="year")


def draw_share(chart: figdata.Chart, ds):
    return draw.chart(chart, ds, [draw.Panel(ylabel="Market share, percent of units",
                                             fmt="{:.0f}")])
