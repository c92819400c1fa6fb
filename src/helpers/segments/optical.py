"""Optical Networks before and after Infinera, on Optical's own figures: how big the unit
was (net sales a year, and a quarter where data/ has it), and how fast it grew organically
after the acquisition, with Network Infrastructure's organic growth only as context."""

from __future__ import annotations

import pandas as pd

from helpers import chain, draw, figdata, metrics, series, words
from helpers.segments.common import GROWTH_UNIT, SALES_UNIT, nokia_rows

REPORTED, ORGANIC = "net_sales_growth", "net_sales_growth_constant_currency_portfolio"
CONTEXT_COLOR = "#9aa3ad"


def optical_infinera(facts: pd.DataFrame, events: pd.DataFrame, first: int, last: int,
                     unit: str = "optical_networks",
                     segment: str = "network_infrastructure") -> figdata.Chart:
    """Top: the unit's net sales, EUR million, per fiscal year (same perimeter, chained; the
    year the acquisition is consolidated is a marked step) and per quarter where data/ has
    them. Bottom, for quarters ending after the acquisition (``events``: the rows
    data/annotations.csv names for this chart): the unit's organic growth (constant
    currency and portfolio, so Infinera left out), and the segment's organic growth as
    context. The segment's reported growth, where printed, gives what the acquisition and
    currency added, said in the finding only."""
    event = events.sort_values("date").iloc[0] if events is not None and len(events) else None
    n: dict = {"first": first, "last": last, "event": None, "unit": words.segment(unit),
               "segment": words.segment(segment)}
    parts = []
    if event is not None:
        when = pd.Timestamp(event["date"])
        n["event"] = f"{event['title']} ({words.date(when)})"
        n["event_short"] = words.month(when)
        annual = nokia_rows(facts, ["net_sales"], [unit], "annual", first, last)
        if not annual.empty:
            linked = chain.chained(annual.assign(eur=series.in_eur(facts, annual)), "eur")
            parts.append(figdata.chained_points(linked, f"{n['unit']}, a year", "level",
                                                SALES_UNIT).assign(panel="size"))
            ended = pd.to_datetime(linked["period_end"])
            before = linked[ended < when]
            after = linked[ended >= when]
            if not before.empty:
                n.update(before_first=before["period"].iloc[0],
                         before_last=before["period"].iloc[-1],
                         before_low=float(before["level"].min()),
                         before_high=float(before["level"].max()),
                         before_end=float(before["level"].iloc[-1]))
                if len(before) > 1 and before["piece"].iloc[-1] == before["piece"].iloc[-2]:
                    n["before_change"] = metrics.change_pct(before["level"].iloc[-2],
                                                            before["level"].iloc[-1])
                    n["before_prev"] = before["period"].iloc[-2]
            if not after.empty:
                n["after_sales"] = {p: float(v) for p, v in zip(after["period"], after["level"],
                                                               strict=True)}
        quarterly = nokia_rows(facts, ["net_sales"], [unit], "quarter", first, last)
        if not quarterly.empty:
            chosen = series.choose(quarterly)
            parts.append(figdata.points(chosen.assign(eur=series.in_eur(facts, chosen)),
                                        f"{n['unit']}, a quarter", y="eur", unit=SALES_UNIT,
                                        mark="point").assign(panel="quarters"))
        growth = nokia_rows(facts, [REPORTED, ORGANIC], [segment, unit], "quarter", first, last)
        growth = series.choose(growth[pd.to_datetime(growth["period_end"]) > when],
                               by=("segment", "metric"))
        for seg, label in ((unit, f"{n['unit']}, organic"),
                           (segment, f"{n['segment']}, organic (context)")):
            part = growth[(growth["segment"] == seg) & (growth["metric"] == ORGANIC)]
            if not part.empty:
                parts.append(figdata.points(part, label, y="value", unit=GROWTH_UNIT,
                                            mark="bar").assign(panel="growth"))
        reported = growth[(growth["segment"] == segment) & (growth["metric"] == REPORTED)]
        n["segment_reported"] = dict(zip(reported["period"], reported["value"].astype(float),
                                         strict=True))
    table = figdata.finish_table(*parts)
    if not table.empty and (table["panel"] == "growth").any():
        g = table[table["panel"] == "growth"]
        n["unit_growth"] = dict(zip(g.loc[g["label"] == f"{n['unit']}, organic", "period"],
                                    g.loc[g["label"] == f"{n['unit']}, organic", "y"],
                                    strict=True))
        ctx = g[g["label"] == f"{n['segment']}, organic (context)"]
        n["segment_organic"] = dict(zip(ctx["period"], ctx["y"], strict=True))
    subtitle = (f"Top: {n['unit']} net sales, EUR million (same perimeter, chained; the "
                "acquisition is consolidated from its date, marked). Bottom: year-on-year "
                "growth per quarter after it, percent, organic (constant currency and "
                f"portfolio, so Infinera left out); {n['segment']}, the segment the unit sits "
                "in, as context")
    c = figdata.Chart.told("optical-infinera", table, optical_words, subtitle, numbers=n)
    lacking = [p for p in n.get("segment_organic", {}) if p not in n.get("unit_growth", {})]
    if lacking:  # a missing bar is a gap in data/, not a quarter without growth
        c.notes.append(f"No organic growth for {n['unit']} in data/ for "
                       f"{words.listing(words.period(p) for p in lacking)}")
    if event is not None:
        c.extra["events"] = events
        if "after_sales" not in n and not (table["panel"] == "quarters").any() \
                if not table.empty else True:
            c.notes.append(f"data/ has no {n['unit']} net sales after {n['event_short']}, so "
                           "its size with Infinera is not drawn")
    return c


def optical_words(n: dict) -> tuple[str, str]:
    if n["event"] is None:
        text = "data/annotations.csv names no event for this chart, so there is no before and after"
        return words.unanswered(text)
    growth = n.get("unit_growth", {})
    if not growth and "before_first" not in n:
        text = f"data/ has neither {n['unit']} net sales nor its growth around {n['event']}"
        return words.unanswered(text)
    quarters = words.listing(words.period(p) for p in growth)
    lo, hi = (min(growth.values()), max(growth.values())) if growth else (None, None)
    rate = (words.pct(lo) if lo == hi else f"{lo:+.0f}% to {hi:+.0f}%") if growth else ""
    title = ""
    if growth:
        title = f"After Infinera, {n['unit']} grew {rate} organically ({quarters})"
    if "before_change" in n:
        fell = n["before_change"]
        title += (f"{', after' if title else 'Before Infinera,'} its sales "
                  f"{'fell' if fell < 0 else 'rose'} {abs(fell):.0f}% to "
                  f"{words.money(n['before_end'])} in {n['before_last']}")
    elif "before_last" in n and not title:
        title = (f"Before Infinera, {n['unit']} sold {words.money(n['before_end'])} in "
                 f"{n['before_last']}")
    finding = ""
    if growth:
        finding = (f"After {n['event']}, {n['unit']} grew "
                   + ", ".join(f"{words.pct(v)} ({words.period(p)})" for p, v in growth.items())
                   + " year on year, organic (Infinera and currency left out).")
    ctx = n.get("segment_organic", {})
    if ctx:
        finding += (f" {n['segment']}, which holds it, grew "
                    + ", ".join(f"{words.pct(v)} ({words.period(p)})" for p, v in ctx.items())
                    + " on the same basis.")
    gaps = {p: n["segment_reported"][p] - ctx[p] for p in n.get("segment_reported", {})
            if p in ctx}
    if gaps:
        finding += (f" As reported, with Infinera and currency, {n['segment']} grew "
                    + ", ".join(f"{words.pct(n['segment_reported'][p])} ({words.period(p)})"
                                for p in gaps)
                    + f": {words.listing(f'{v:.0f} points' for v in gaps.values())} more.")
    if "before_first" in n:
        finding += (f" Before the acquisition the unit sold {words.money(n['before_low'])} to "
                    f"{words.money(n['before_high'])} a year ({n['before_first']}-"
                    f"{n['before_last']}).")
    if n.get("after_sales"):
        finding += " With Infinera: " + ", ".join(
            f"{words.money(v)} in {p}" for p, v in n["after_sales"].items()) + "."
    return title, finding.strip()


def draw_optical_infinera(chart: figdata.Chart, ds):
    unit = chart.numbers["unit"]
    panels = [draw.Panel("size", f"Size: {unit} net sales a year", "EUR million", height=2.3),
              draw.Panel("quarters", "Size: net sales a quarter", "EUR million", height=1.8,
                         kind="dots"),
              draw.Panel("growth", "After Infinera: organic growth per quarter",
                         "Year-on-year, percent", fmt="{:+.0f}%", kind="grouped",
                         bar_fmt="{:+.0f}", height=2.4)]
    keep = [p for p in panels if not chart.table.empty and (chart.table["panel"] == p.key).any()]
    segment = chart.numbers["segment"]
    colors = {f"{unit}, a year": "#124191", f"{unit}, organic": "#124191",
              f"{segment}, organic (context)": CONTEXT_COLOR}
    events = draw.event_marks(chart.extra.get("events"))
    return draw.chart(chart, ds, keep or [draw.Panel()], events, colors=colors)
