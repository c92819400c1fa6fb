"""Nokia's Optical Networks against Ciena's Optical Networking line."""

from __future__ import annotations

import pandas as pd

from helpers import figdata, series
from helpers.competitors.amounts import chart_points, in_currency, missing_words, net_sales
from helpers.competitors.common import span_words, window, years_text
from helpers.competitors.revenue import chart_subtitle, common_year

OPTICAL = {"nokia": ("optical_networks", "Nokia Optical Networks"),
           "ciena": ("optical_networking", "Ciena Optical Networking")}


def optical(facts: pd.DataFrame, currency: str = "USD", first: int = 2000,
            last: int | None = None, rates: pd.Series | None = None,
            perimeters=None) -> figdata.Chart:
    """Nokia's Optical Networks against Ciena's Optical Networking product line.

    Ciena's product line, not its whole Networking Platforms segment (which adds routing
    and switching), is the like-for-like counterpart. Nokia's unit changes perimeter when
    Infinera is consolidated; ``perimeters`` (data/perimeters.csv rows) lets the subtitle
    name a perimeter data/ has no figure for.
    """
    first, last = window(facts, first, last)
    unit = f"{currency} million"
    parts, notes, explained = [], [], {}
    for entity, (segment, label) in OPTICAL.items():
        rows = series.choose(net_sales(facts, entity, segment))
        if rows.empty:
            notes.append(f"{label}: no figure in data/")
            continue
        rows = rows[(rows["year"] >= first) & (rows["year"] <= last)]
        rows = in_currency(facts, rows, currency, rates)
        no_rate = rows.loc[rows["converted"].isna(), "year"].tolist()
        if no_rate:
            notes.append(missing_words(label, no_rate, "no rate for"))
        explained[label] = {f"FY{y}" for y in no_rate}
        parts.append(chart_points(rows, label, "converted", unit, ["own", "own_currency", "rate"])
                     .assign(entity=entity, segment=segment))
    table = figdata.finish_table(*parts)
    for label, missing in figdata.gaps(table).items() if not table.empty else []:
        missing = [m for m in missing if m not in explained.get(label, set())]
        if missing:
            notes.append(missing_words(label, [int(m[2:]) for m in missing],
                                        "no figure in data/ for"))
    for rule in perimeters or []:
        if (rule["entity"], rule["segment"]) != ("nokia", OPTICAL["nokia"][0]) or \
                rule["metric"] or rule["source_id"]:
            continue
        lo = int(rule["first_year"] or 0)
        hi = int(rule["last_year"] or 9999)
        if lo > last or hi < first:
            continue
        if table.empty or not (table["perimeter"] == rule["perimeter"]).any():
            notes.append(f"{rule['label']} (from FY{lo}): no annual figure in data/")
    chart = figdata.Chart("optical", table, "", notes=notes,
                          extra={"currency": currency, "first": first, "last": last})
    nokia, ciena = OPTICAL["nokia"][1], OPTICAL["ciena"][1]
    year = common_year(table, [nokia, ciena])
    if year is None:
        chart.title = (f"No fiscal year {span_words(first, last)} has an optical figure for "
                       f"both Nokia and Ciena in {currency}")
    else:
        at = table[table["x"] == year].set_index("label")
        n, c = float(at.loc[nokia, "y"]), float(at.loc[ciena, "y"])
        scope = at.loc[nokia, "perimeter_label"] or "Optical Networks"
        chart.numbers = {"year": year, "nokia": n, "ciena": c, "ratio": c / n,
                         "nokia_perimeter": scope}
        chart.title = (f"Ciena's Optical Networking line sold {c / n:.1f} times as much as "
                       f"Nokia's {scope} in FY{year}, the latest fiscal year both have in "
                       f"{currency}")
    covers = []
    for label in (ciena, nokia):
        part = table[table["label"] == label] if not table.empty else table
        if len(part):
            covers.append(f"{label}: {years_text(part['x'])}")
    chart.subtitle = chart_subtitle(
        chart, "Ciena's Optical Networking product line (its Networking Platforms segment "
               "without routing and switching) against Nokia's Optical Networks unit, "
               f"in {currency} million; shown " + "; ".join(covers or ["nothing"]),
        converted=True)
    return chart
