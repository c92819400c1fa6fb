"""Words, constants and small helpers shared by the notebook-30 stories."""

from __future__ import annotations

import calendar
import datetime as dt

import pandas as pd

from helpers import draw

COMPANIES = {"nokia": "Nokia", "ciena": "Ciena", "cisco": "Cisco"}


RATE_WORDS = "ECB euro reference rates, averaged over the days of each fiscal year"


QUARTER_RATE_WORDS = "ECB euro reference rates, averaged over the days of each quarter"


def _part(day: int) -> str:
    return "early" if day <= 10 else "mid" if day <= 20 else "late"


def year_end_words(dates) -> str:
    """How a company's fiscal years end, from their end dates.

    One date every year -> '31 December'; dates within one part of a month -> 'late July';
    dates across months -> 'late October to early November'.
    """
    stamps = sorted({pd.Timestamp(d).normalize() for d in dates if pd.notna(d)})
    if not stamps:
        return "unknown"
    days = sorted({(s.month, s.day) for s in stamps})
    if len(days) == 1:
        month, day = days[0]
        return f"{day} {calendar.month_name[month]}"
    # start the list after the widest gap in the calendar, so Dec/Jan ends read in order
    doy = [dt.date(2001, m, d).timetuple().tm_yday for m, d in days]
    gaps = [(doy[(i + 1) % len(doy)] - doy[i]) % 365 for i in range(len(doy))]
    start = (gaps.index(max(gaps)) + 1) % len(days)
    ordered = days[start:] + days[:start]
    parts = list(dict.fromkeys(f"{_part(d)} {calendar.month_name[m]}" for m, d in ordered))
    return parts[0] if len(parts) == 1 else f"{parts[0]} to {parts[-1]}"


def latest(facts: pd.DataFrame) -> int:
    annual = facts[(facts["freq"] == "annual") & facts["entity"].isin(COMPANIES)]
    return int(annual["year"].max())


def window(facts: pd.DataFrame, first: int, last: int | None) -> tuple[int, int]:
    """The fiscal years a chart covers; ``last`` 0 or None means the newest in data/."""
    return int(first), int(last) if last else latest(facts)


def amounts_drawer(measure: str):
    """The draw function of a chart of money in the chart's own currency (its
    ``numbers["currency"]``), events named above the plot."""
    def draw_amounts(chart, ds, events=None):
        unit = chart.numbers["currency"]
        return draw.chart(chart, ds, [draw.Panel(ylabel=f"{measure}, {unit} million")],
                          draw.event_marks(events))
    return draw_amounts


def ranked_latest(latest: dict[str, tuple[str, float]], fmt) -> tuple[str | None, str, list]:
    """Each company's latest (period, value), highest first, as 'Ciena 123, Nokia 90': a
    title names the year once when every company has it, otherwise after each name.
    Returns that shared year (or None), the text and the ranked pairs."""
    ranked = sorted(latest.items(), key=lambda kv: -kv[1][1])
    years = {p for p, _ in latest.values()}
    shared = next(iter(years)) if len(years) == 1 else None
    text = ", ".join(f"{name} {fmt(v)}" + ("" if shared else f" ({p})")
                     for name, (p, v) in ranked)
    return shared, text, ranked
