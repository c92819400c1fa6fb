"""Revenue indexed to a base year, within the base year's perimeter."""

from __future__ import annotations

import pandas as pd

from helpers import figdata, series
from helpers.competitors.amounts import chart_points, in_currency, missing_words, net_sales
from helpers.competitors.common import COMPANIES, span_words, window, years_text
from helpers.competitors.revenue import chart_subtitle, common_year


def indexed(facts: pd.DataFrame, currency: str = "USD", peers=("ciena", "cisco"),
            base_year: int = 2017, first: int = 2000, last: int | None = None,
            rates: pd.Series | None = None) -> figdata.Chart:
    """Revenue indexed to ``base_year`` = 100, each company in its base year's perimeter.

    Dividing a year of one perimeter by a base year of another would show a growth or a
    collapse that never happened, so each company's index uses only facts in the perimeter
    of its base-year figure (``series.choose`` among those); years with none are left out
    and named. A company with no ``currency`` figure for the base year gets no line.
    """
    first, last = window(facts, first, last)
    companies = list(dict.fromkeys(["nokia", *peers]))
    unit = f"index, FY{base_year} = 100 ({currency})"
    parts, notes, base_info = [], [], {}
    for entity in companies:
        name = COMPANIES[entity]
        every = net_sales(facts, entity)
        base = series.choose(every[every["year"] == base_year])
        if base.empty:
            notes.append(f"{name}: no revenue figure for FY{base_year} in data/, so no "
                         "index line")
            continue
        base = in_currency(facts, base, currency, rates).iloc[0]
        if pd.isna(base["converted"]):
            notes.append(f"{name}: no {currency} value for FY{base_year} (no rate for every "
                         "day of that fiscal year), so no index line")
            continue
        perimeter = base["perimeter"]
        inside = series.choose(every[every["perimeter"] == perimeter])
        inside = inside[(inside["year"] >= first) & (inside["year"] <= last)]
        picked = series.choose(every)
        picked = picked[(picked["year"] >= first) & (picked["year"] <= last)]
        other = picked[~picked["year"].isin(inside["year"])]
        if len(other):
            labels = "; ".join(f"{years_text(part['year'])} ({lab or p})" for (p, lab), part
                               in other.groupby(["perimeter", "perimeter_label"], sort=False))
            notes.append(f"{name}: {labels} in another perimeter than FY{base_year}, "
                         "not indexed")
        inside = in_currency(facts, inside, currency, rates)
        no_rate = inside.loc[inside["converted"].isna(), "year"].tolist()
        if no_rate:
            notes.append(missing_words(name, no_rate, "no rate for"))
        inside["index"] = inside["converted"] / float(base["converted"]) * 100.0
        # an index point rests on two facts: its own and the base year's
        inside["source_id"] = [";".join(dict.fromkeys(f"{sid};{base['source_id']}".split(";")))
                               for sid in inside["source_id"]]
        if inside["index"].notna().sum() == 0:
            notes.append(f"{name}: no {currency} figure in FY{base_year}'s perimeter "
                         f"{span_words(first, last)}, so no index line")
        base_info[name] = {"perimeter": perimeter, "label": base["perimeter_label"],
                           "value": float(base["converted"])}
        parts.append(chart_points(inside, name, "index", unit,
                             ["converted", "own", "own_currency", "rate"])
                     .rename(columns={"converted": f"{currency} million"})
                     .assign(entity=entity))
    table = figdata.finish_table(*parts)
    chart = figdata.Chart("indexed", table, "", notes=notes,
                          extra={"currency": currency, "first": first, "last": last,
                                 "base_year": base_year, "companies": companies,
                                 "base": base_info})
    chart.title, chart.numbers = _indexed_title(table, companies, currency, base_year,
                                                first, last, notes)
    lead = f"Revenue in {currency}, each company's FY{base_year} = 100"
    if not first <= base_year <= last:
        lead += f" (FY{base_year} lies outside the years shown)"
    perims = [f"{n}: {i['label']}" for n, i in base_info.items() if i["label"]]
    if perims:
        lead += "; indexed within the base year's perimeter (" + "; ".join(perims) + ")"
    chart.subtitle = chart_subtitle(chart, lead, converted=True)
    return chart


def _indexed_title(table, companies, currency, base_year, first, last, notes):
    names = [COMPANIES[e] for e in companies]
    drawn = [n for n in names if not table.empty and (table["label"] == n).any()]
    if not drawn:
        return (f"No company has a {currency} revenue figure indexed to FY{base_year} "
                f"{span_words(first, last)}"), {}
    missing = [n for n in names if n not in drawn]
    tail = (f"; no point indexed to FY{base_year} in {currency} for {' and '.join(missing)}"
            if missing else "")
    year = common_year(table, drawn)
    if year is None:
        latest_points = table.sort_values("x").groupby("label").tail(1).set_index("label")
        parts = ", ".join(f"{n} {latest_points.loc[n, 'y']:.0f} in "
                          f"{latest_points.loc[n, 'x_label']}" for n in drawn)
        return (f"Revenue indexed to FY{base_year} = 100, latest point of each: {parts} "
                f"(in {currency}){tail}"), {"latest": {n: float(latest_points.loc[n, 'y'])
                                                       for n in drawn}}
    at = table[table["x"] == year].set_index("label")["y"]
    parts = ", ".join(f"{n} {at[n]:.0f}" for n in drawn)
    return (f"Revenue indexed to FY{base_year} = 100 stood at {parts} in FY{year}, the latest "
            f"year with {'a point' if len(drawn) == 1 else 'points for each'} "
            f"(in {currency}){tail}"), {"year": year,
                                         "values": {n: float(at[n]) for n in drawn}}


def index_table(chart: figdata.Chart) -> pd.DataFrame:
    """The indexed chart as fiscal year (a number) x company, rounded to 0.1."""
    if chart.table.empty:
        return pd.DataFrame()
    out = chart.table.pivot_table(index="x", columns="label", values="y", aggfunc="first")
    out.index = out.index.astype(int)
    out.index.name = "fiscal year"
    out.columns.name = None
    names = [COMPANIES[e] for e in chart.extra["companies"]]
    return out[[n for n in names if n in out.columns]].round(1)


def describe_indexed(chart: figdata.Chart) -> str:
    """The finding: where each index stands in the latest year with a point for each."""
    currency, base_year = chart.extra["currency"], chart.extra["base_year"]
    if chart.table.empty:
        return chart.title + "."
    text = []
    if "values" in chart.numbers:
        ordered = sorted(chart.numbers["values"].items(), key=lambda kv: -kv[1])
        text.append(f"With each company's FY{base_year} revenue in {currency} = 100, "
                    f"FY{chart.numbers['year']} stood at "
                    + ", ".join(f"{n} {v:.0f}" for n, v in ordered) + ".")
        if len(ordered) > 1:
            top, bottom = ordered[0], ordered[-1]
            text.append(f"{top[0]} is the highest and {bottom[0]} the lowest.")
    else:
        text.append(chart.title + ".")
    for name, info in chart.extra["base"].items():
        if info["label"]:
            text.append(f"{name} is indexed only within its FY{base_year} perimeter "
                        f"({info['label']}).")
    lost = [n for n in chart.notes if "no index line" in n]
    text += [n[:1].upper() + n[1:] + "." for n in lost]
    return " ".join(text)


def describe_optical(chart: figdata.Chart) -> str:
    """The finding: the two optical businesses in the latest fiscal year both have."""
    if "year" not in chart.numbers:
        return chart.title + "."
    n = chart.numbers
    currency = chart.extra["currency"]
    text = (f"In FY{n['year']}, Ciena's Optical Networking line had net sales of "
            f"{n['ciena']:,.0f} and Nokia's {n['nokia_perimeter']} {n['nokia']:,.0f} "
            f"{currency} million, {n['ratio']:.1f} times as much for Ciena.")
    other = [note for note in chart.notes if "Infinera" in note or "no figure" in note]
    if other:
        text += " Not comparable yet: " + "; ".join(other) + "."
    return text
