"""Like-for-like revenue growth in each company's own currency."""

from __future__ import annotations

import pandas as pd

from helpers import figdata, series
from helpers.competitors.amounts import chart_points, missing_words, net_sales
from helpers.competitors.common import COMPANIES, span_words, window
from helpers.competitors.revenue import chart_subtitle


def like_for_like_growth(facts: pd.DataFrame, entity: str) -> pd.DataFrame:
    """Year-on-year revenue growth that never compares two perimeters.

    The value standing for each year is the one ``series.choose`` picks. It is compared
    with the previous year as printed in the same document when that document gives both
    (a report's own comparative column); otherwise, for a first-published value, with the
    previous year's first publication (again by ``series.choose``), unless the two lie in
    different perimeters or a later document published by then recast the previous year by
    more than 2% (a sale or restructuring changed the perimeter): then no growth is shown
    rather than a collapse or jump that never happened.
    """
    rows = net_sales(facts, entity).copy()
    columns = ["fiscal year", "ends", "growth %", "currency", "compared", "source_id",
               "period", "period_end", "basis", "perimeter", "perimeter_label", "locator",
               "value", "previous"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows["own"] = series.in_eur(facts, rows) if (rows["currency"] == "FIM").any() \
        else rows["amount"]
    picked = series.choose(rows)
    by_year = {y: part for y, part in rows.groupby("year")}
    empty = rows.iloc[0:0]
    out = []
    for _, v in picked.iterrows():
        before = by_year.get(v["year"] - 1, empty)
        if before.empty:
            continue
        v, same = _same_document(by_year[v["year"]], v, before)
        how = "same document"
        if not same.empty:
            prev = (series.choose(same) if len(same) > 1 else same).iloc[0]
        elif v["basis"] == "as_reported":
            first = series.choose(before[before["basis"] == "as_reported"])
            if first.empty:
                continue
            prev = first.iloc[0]
            if prev["perimeter"] != v["perimeter"]:
                continue
            # a recast published by the time this year's figure was: the perimeter moved
            recast = before[(before["basis"] == "restated")
                            & (before["published"] <= v["published"])
                            & ((before["own"] / float(prev["own"]) - 1).abs() > 0.02)]
            if not recast.empty:
                continue
            how = "first publications"
        else:
            continue
        sources = list(dict.fromkeys([v["source_id"], prev["source_id"]]))
        locator = v["locator"] if len(sources) == 1 else (
            f"{v['locator']} | previous year: {prev['locator']}")
        out.append({"fiscal year": int(v["year"]), "ends": v["period_end"].date(),
                    "growth %": round((float(v["own"]) / float(prev["own"]) - 1) * 100, 1),
                    "currency": v["currency"].replace("FIM", "EUR"), "compared": how,
                    "source_id": ";".join(sources), "period": v["period"],
                    "period_end": v["period_end"], "basis": v["basis"],
                    "perimeter": v["perimeter"], "perimeter_label": v["perimeter_label"],
                    "locator": locator, "value": float(v["own"]),
                    "previous": float(prev["own"])})
    return pd.DataFrame(out, columns=columns)


def _same_document(rows: pd.DataFrame, v: pd.Series, before: pd.DataFrame):
    """The chosen fact ``v`` and the previous year from one document, if one prints both.

    The chosen document comes first; failing it, another document that prints the same
    value for this year in the same perimeter (a later report's comparative column)."""
    same = before[before["source_id"] == v["source_id"]]
    if not same.empty:
        return v, same
    twins = rows[(rows["period"] == v["period"]) & (rows["perimeter"] == v["perimeter"])
                 & ((rows["own"] - float(v["own"])).abs() < 0.5)
                 & (rows["source_id"] != v["source_id"])
                 & rows["source_id"].isin(before["source_id"])]
    if twins.empty:
        return v, same
    for _, twin in series.choose(twins, by=("source_id",)).sort_values(
            ["published", "source_id"]).iterrows():
        same = before[before["source_id"] == twin["source_id"]]
        if not same.empty:
            return twin, same
    return v, same


def growth(facts: pd.DataFrame, peers=("ciena", "cisco"), first: int = 2000,
           last: int | None = None) -> figdata.Chart:
    """Like-for-like revenue growth in each company's own currency, by fiscal year."""
    first, last = window(facts, first, last)
    companies = list(dict.fromkeys(["nokia", *peers]))
    parts, notes = [], []
    for entity in companies:
        name = COMPANIES[entity]
        g = like_for_like_growth(facts, entity)
        g = g[(g["fiscal year"] >= first) & (g["fiscal year"] <= last)]
        have = set(series.choose(net_sales(facts, entity))["year"])
        shown = set(g["fiscal year"])
        lost = [y for y in range(max(first, min(have, default=first) + 1), last + 1)
                if y in have and y not in shown]
        if lost:
            notes.append(missing_words(name, lost, "no like-for-like growth (previous year "
                                                    "missing or in another perimeter) for"))
        parts.append(chart_points(g, name, "growth %", "percent",
                             ["currency", "compared", "value", "previous"])
                     .assign(entity=entity))
    table = figdata.finish_table(*parts)
    chart = figdata.Chart("growth", table, "", notes=notes,
                          extra={"first": first, "last": last, "companies": companies})
    names = [COMPANIES[e] for e in companies]
    drawn = [n for n in names if not table.empty and (table["label"] == n).any()]
    if not drawn:
        chart.title = (f"No like-for-like revenue growth of {' or '.join(names)} can be "
                       f"computed {span_words(first, last)}")
    else:
        latest_points = table.sort_values("x").groupby("label").tail(1).set_index("label")
        worst = table.loc[table["y"].idxmin()]
        chart.numbers = {"latest": {n: (latest_points.loc[n, "x_label"],
                                        float(latest_points.loc[n, "y"])) for n in drawn},
                         "lowest": (worst["label"], worst["x_label"], float(worst["y"])),
                         "highest": tuple(table.loc[table["y"].idxmax(),
                                                    ["label", "x_label", "y"]])}
        chart.title = ("Latest like-for-like revenue growth, in each company's own currency: "
                       + ", ".join(f"{n} {v:+.1f}% ({x})"
                                   for n, (x, v) in chart.numbers["latest"].items()))
    chart.subtitle = chart_subtitle(
        chart, "Growth over the previous fiscal year in the company's own currency, both "
               "years from one document or both first publications of one perimeter",
        converted=False)
    return chart


def describe_growth(chart: figdata.Chart, years: int = 5) -> str:
    """The finding: each company's growth in its last ``years`` fiscal years shown, and the
    deepest fall in the chart."""
    table = chart.table
    if table.empty:
        return chart.title + "."
    text = []
    for label, part in table.groupby("label", sort=False):
        part = part.sort_values("x").tail(years)
        text.append(f"{label} " + ", ".join(f"{r['x_label']} {r['y']:+.1f}%"
                                            for _, r in part.iterrows()))
    who, when, low = chart.numbers["lowest"]
    fall = (f"The lowest growth in the chart is {who}'s {low:+.1f}% in {when}"
            if low < 0 else f"No company's revenue fell in a year shown; the lowest growth "
                            f"is {who}'s {low:+.1f}% in {when}")
    return (f"Revenue growth in each company's own currency, latest {years} fiscal years "
            "with a like-for-like comparison: " + "; ".join(text) + f". {fall}.")
