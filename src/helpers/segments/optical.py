"""Optical Networks before and after Infinera: what the unit sold before the acquisition, and
after it how much of Network Infrastructure's growth the acquisition brought."""

from __future__ import annotations

import pandas as pd

from helpers import chain, draw, figdata, series, words
from helpers.segments.common import GROWTH_UNIT, SALES_UNIT, nokia_rows

REPORTED, ORGANIC = "net_sales_growth", "net_sales_growth_constant_currency_portfolio"


def optical_infinera(facts: pd.DataFrame, events: pd.DataFrame, first: int, last: int,
                     unit: str = "optical_networks",
                     segment: str = "network_infrastructure") -> figdata.Chart:
    """Top: the unit's annual net sales in fiscal years ending before the acquisition
    (``events``: the rows data/annotations.csv names for this chart), chained like for
    like. Bottom, for quarters ending after it: the segment's growth as reported (with the
    business bought, and currency) against its growth at constant currency and portfolio
    (without either), and the unit's own growth on that basis; the gap between the first
    two is what the acquisition and currency added."""
    event = events.sort_values("date").iloc[0] if events is not None and len(events) else None
    n: dict = {"first": first, "last": last, "event": None, "unit": words.segment(unit),
               "segment": words.segment(segment)}
    parts = []
    if event is not None:
        when = pd.Timestamp(event["date"])
        n["event"] = f"{event['title']} ({words.date(when)})"
        before = nokia_rows(facts, ["net_sales"], [unit], "annual", first, last)
        before = before[pd.to_datetime(before["period_end"]) < when]
        if not before.empty:
            linked = chain.chained(before.assign(eur=series.in_eur(facts, before)), "eur")
            parts.append(figdata.chained_points(linked, f"{n['unit']} net sales", "level",
                                                SALES_UNIT).assign(panel="before"))
            n.update(before_first=linked["period"].iloc[0], before_last=linked["period"].iloc[-1],
                     before_low=float(linked["level"].min()),
                     before_high=float(linked["level"].max()))
        after = nokia_rows(facts, [REPORTED, ORGANIC], [segment, unit], "quarter", first, last)
        after = series.choose(after[pd.to_datetime(after["period_end"]) > when],
                              by=("segment", "metric"))
        for seg, metric, label in ((segment, REPORTED, f"{n['segment']}, reported"),
                                   (segment, ORGANIC, f"{n['segment']}, without acquisitions"),
                                   (unit, ORGANIC, f"{n['unit']}, without acquisitions")):
            part = after[(after["segment"] == seg) & (after["metric"] == metric)]
            if not part.empty:
                parts.append(figdata.points(part, label, y="value", unit=GROWTH_UNIT,
                                            mark="bar").assign(panel="after"))
    table = figdata.finish_table(*parts)
    if not table.empty and (table["panel"] == "after").any():
        after = table[table["panel"] == "after"]
        wide = after.pivot_table(index="period", columns="label", values="y")
        rep, org = f"{n['segment']}, reported", f"{n['segment']}, without acquisitions"
        both = wide.dropna(subset=[c for c in (rep, org) if c in wide]) \
            if {rep, org} <= set(wide.columns) else wide.iloc[0:0]
        n["gaps"] = {p: float(both.loc[p, rep] - both.loc[p, org]) for p in both.index}
        n["reported"] = {p: float(both.loc[p, rep]) for p in both.index}
        n["organic"] = {p: float(both.loc[p, org]) for p in both.index}
        unit_label = f"{n['unit']}, without acquisitions"
        n["unit_growth"] = ({p: float(v) for p, v in wide[unit_label].dropna().items()}
                            if unit_label in wide else {})
    subtitle = (f"Top: {n['unit']} net sales before the acquisition, EUR million, chained. "
                f"Bottom: year-on-year growth per quarter after it, percent; 'without "
                "acquisitions' is constant currency and portfolio growth")
    c = figdata.Chart.told("optical-infinera", table, optical_words, subtitle, numbers=n)
    if event is not None:
        c.extra["events"] = events
    return c


def optical_words(n: dict) -> tuple[str, str]:
    if n["event"] is None:
        text = "data/annotations.csv names no event for this chart, so there is no before and after"
        return words.unanswered(text)
    gaps = n.get("gaps", {})
    if not gaps:
        text = f"no quarter after {n['event']} has both reported and organic growth in data/"
        return words.unanswered(text)
    lo, hi = min(n["reported"].values()), max(n["reported"].values())
    org = sorted(set(n["organic"].values()))
    reported = words.pct(lo) if lo == hi else f"{lo:+.0f} to {hi:+.0f}%"
    organic = words.pct(org[0]) if len(org) == 1 else f"{org[0]:+.0f} to {org[-1]:+.0f}%"
    title = (f"After Infinera, {n['segment']} grew {reported} as reported but {organic} "
             "without acquisitions")
    finding = (f"After {n['event']}, {n['segment']} grew "
               + "; ".join(f"{words.pct(n['reported'][p])} as reported against "
                           f"{words.pct(n['organic'][p])} without acquisitions and currency in "
                           f"{words.period(p)}" for p in gaps)
               + f": the acquisition and currency added {min(gaps.values()):.0f} to "
                 f"{max(gaps.values()):.0f} points.")
    if n.get("unit_growth"):
        finding += (f" {n['unit']} itself grew "
                    + ", ".join(f"{words.pct(v)} ({words.period(p)})"
                                for p, v in n["unit_growth"].items())
                    + " without acquisitions.")
    if "before_first" in n:
        finding += (f" Before the acquisition it sold {words.money(n['before_low'])} to "
                    f"{words.money(n['before_high'])} a year ({n['before_first']}-"
                    f"{n['before_last']}).")
    return title, finding


def draw_optical_infinera(chart: figdata.Chart, ds):
    panels = [draw.Panel("before", "Before: annual net sales", "EUR million", height=2.4),
              draw.Panel("after", "After: growth per quarter", "Year-on-year, percent",
                         fmt="{:+.0f}%", kind="grouped", bar_fmt="{:+.0f}", height=2.6)]
    keep = [p for p in panels if not chart.table.empty and (chart.table["panel"] == p.key).any()]
    return draw.chart(chart, ds, keep or [draw.Panel()])
