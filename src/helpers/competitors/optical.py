"""Nokia's Optical Networks against Ciena's Optical Networking line, in one currency."""

from __future__ import annotations

import pandas as pd

from helpers import figdata, metrics, words
from helpers.competitors.chained import points, revenue_chain
from helpers.competitors.common import RATE_WORDS, amounts_drawer, window

# the counterparts of one kind: Ciena's product line, not its whole Networking Platforms
# segment (which adds routing and switching)
OPTICAL = {"nokia": ("optical_networks", "Nokia Optical Networks"),
           "ciena": ("optical_networking", "Ciena Optical Networking")}


def optical(facts: pd.DataFrame, currency: str = "USD", first: int = 2000,
            last: int | None = None, rates: pd.Series | None = None,
            growth_after: pd.DataFrame | None = None,
            acquisition: tuple[str, str] | None = None) -> figdata.Chart:
    """Annual net sales of the two optical businesses in ``currency``, each chained like
    for like and anchored on its latest first-published year. ``growth_after`` (Nokia's
    quarterly organic growth of the unit, after Infinera) feeds the finding,
    since data/ has no annual figure for the unit with Infinera. ``acquisition`` (what
    Nokia bought and the day it completed) lets the words say whether a year is before or
    after it, from each fiscal year's own end."""
    first, last = window(facts, first, last)
    parts, n = [], {"currency": currency, "first": first, "last": last, "lines": {},
                    "ends": {}, "acquisition": acquisition and
                    (acquisition[0], pd.Timestamp(acquisition[1]).date().isoformat())}
    for entity, (segment, label) in OPTICAL.items():
        linked = revenue_chain(facts, entity, currency, first, last, rates, segment=segment)
        linked = linked.dropna(subset=["converted"]) if not linked.empty else linked
        if linked.empty:
            continue
        parts.append(points(linked, label, "converted", f"{currency} million")
                     .assign(entity=entity))
        n["lines"][label] = dict(zip(linked["period"], linked["converted"].astype(float),
                                     strict=True))
        n["ends"][label] = dict(zip(linked["period"], linked["period_end"].astype(str),
                                    strict=True))
    table = figdata.finish_table(*parts)
    both = [p for p in n["lines"].get(OPTICAL["nokia"][1], {})
            if p in n["lines"].get(OPTICAL["ciena"][1], {})]
    if both:
        n["year"] = both[-1]
    if growth_after is not None and len(growth_after):
        n["after"] = [(words.period(r["period"]), float(r["value"]))
                      for _, r in growth_after.iterrows()]
    subtitle = (f"Net sales, {currency} million: Ciena's Optical Networking product line and "
                f"Nokia's Optical Networks unit, each same perimeter, chained; converted at "
                f"{RATE_WORDS}")
    c = figdata.Chart.told("optical", table, optical_words, subtitle, numbers=n)
    nokia_years = n["lines"].get(OPTICAL["nokia"][1], {})
    if not nokia_years:
        c.notes.append(f"Nokia Optical Networks: no annual figure in data/ for "
                       f"{words.span(first, last)}")
    elif max(nokia_years) < f"FY{last}":
        c.notes.append(f"Nokia Optical Networks with Infinera: no annual figure in data/ after "
                       f"{max(nokia_years)}")
    return c


def _when(n: dict, label: str, period: str) -> str:
    """'Before Infinera, ' or 'After Nokia bought Infinera, ' by the end of ``label``'s
    fiscal ``period`` against the day the acquisition completed; nothing without one."""
    if not n.get("acquisition"):
        return ""
    name, day = n["acquisition"]
    ended = n["ends"].get(label, {}).get(period, "")
    return f"Before {name}, " if ended < day else f"After Nokia bought {name}, "


def optical_words(n: dict) -> tuple[str, str]:
    nokia, ciena = OPTICAL["nokia"][1], OPTICAL["ciena"][1]
    if "year" not in n:
        text = f"no fiscal year has an optical figure for both Nokia and Ciena in {n['currency']}"
        return words.unanswered(text)
    year = n["year"]
    a, b = n["lines"][ciena][year], n["lines"][nokia][year]
    title = (f"{_when(n, nokia, year)}Ciena's optical line sold {b and a / b:.1f} times as "
             f"much as Nokia's in {year}")
    finding = (f"In {year} Ciena's Optical Networking line sold {words.money(a, n['currency'])} "
               f"and Nokia's Optical Networks {words.money(b, n['currency'])}.")
    ciena_years = sorted(n["lines"][ciena])
    if ciena_years[-1] > year:
        later = ciena_years[-1]
        change = metrics.change_pct(n["lines"][ciena][ciena_years[-2]],
                                    n["lines"][ciena][later])
        bought = _when(n, ciena, later)
        finding += (f" In {later}, {words.lower_first(bought)}Ciena's line grew "
                    f"{words.pct(change)} in {n['currency']}")
        if n.get("after"):
            finding += ("; Nokia's unit, for which data/ has no annual figure with Infinera, "
                        "grew " + ", ".join(f"{words.pct(v)} ({p})" for p, v in n["after"])
                        + " organic (constant currency and portfolio)")
        finding += "."
    return title, finding


draw_optical = amounts_drawer("Net sales")
