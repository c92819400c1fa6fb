"""The phone business against the network business, each on the same perimeter, chained through
Nokia's reorganisations."""

from __future__ import annotations

import pandas as pd

from helpers import chain, data, draw, figdata, metrics, series, words
from helpers.collapse.common import BUSINESS_NAMES, UNIT, window_problem
from helpers.collapse.fall import line_change, peak_line


def business_eras(businesses=None, entity: str = "nokia") -> pd.DataFrame:
    """data/businesses.csv as a frame: one row per (business, era, segment), with an era
    id (``perimeter``) such as 'phones:2004-2007'."""
    if businesses is None:
        businesses = data.load().businesses
    records = [dict(r.values) if hasattr(r, "values") and not isinstance(r, dict) else dict(r)
               for r in (businesses.to_dict("records") if isinstance(businesses, pd.DataFrame)
                         else businesses)]
    frame = pd.DataFrame(records, columns=["entity", "business", "segment", "first_year",
                                           "last_year", "label", "note"])
    frame = frame[frame["entity"] == entity].copy()
    for column in ("first_year", "last_year"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    frame = frame.dropna(subset=["first_year", "last_year"])
    frame[["first_year", "last_year"]] = frame[["first_year", "last_year"]].astype(int)
    frame["perimeter"] = (frame["business"] + ":" + frame["first_year"].astype(str) + "-"
                          + frame["last_year"].astype(str))
    return frame.reset_index(drop=True)


def business_facts(facts: pd.DataFrame, eras: pd.DataFrame) -> pd.DataFrame:
    """Each business as the documents print it: for every document and year in which the
    document gives all segments of the business in its own structure (the era holding the
    newest year it reports), one row with their sum in EUR million.

    A document belongs to one structure, so a recast comparative ('2003 in the 2004 business
    groups') counts in the structure that printed it, never in the one before.
    """
    segments = set(eras["segment"])
    rows = facts[(facts["entity"] == "nokia") & (facts["metric"] == "net_sales")
                 & (facts["freq"] == "annual") & facts["segment"].isin(segments)]
    rows = rows.assign(eur=series.in_eur(facts, rows), _family=rows["basis"].map(chain.family))
    newest = facts[facts["entity"] == "nokia"].groupby("source_id")["period_end"].max().dt.year
    out = []
    for business, own in eras.groupby("business", sort=False):
        for (sid, period, _), part in rows[rows["segment"].isin(own["segment"])].groupby(
                ["source_id", "period", "_family"]):
            year = int(newest[sid])
            era = own[(own["first_year"] <= year) & (own["last_year"] >= year)]
            if era.empty:
                era = own[own["first_year"] <= int(part["year"].iloc[0])].tail(1)
            if era.empty or not set(era["segment"]) <= set(part["segment"]):
                continue
            parts = part[part["segment"].isin(era["segment"])]
            first = parts.iloc[0]
            out.append({
                "entity": "nokia", "segment": business, "metric": "net_sales",
                "period": period, "period_end": first["period_end"], "year": first["year"],
                "freq": "annual", "eur": float(parts["eur"].sum()), "unit": UNIT,
                "currency": "EUR", "basis": parts["basis"].min()
                if parts["basis"].nunique() == 1 else "restated",
                "source_id": sid, "published": first["published"],
                "perimeter": era["perimeter"].iloc[0], "perimeter_label": era["label"].iloc[0],
                "locator": " | ".join(dict.fromkeys(parts["locator"].astype(str))),
                "precision": float(parts["precision"].max()),
                "parts": "; ".join(f"{words.segment(s)} {v:,.0f}"
                                   for s, v in zip(parts["segment"], parts["eur"], strict=True)),
            })
    return pd.DataFrame(out)


def business_story(facts: pd.DataFrame, start: int, end: int, phone_era_end: int,
                   businesses=None) -> figdata.Chart:
    """Phone and network business net sales, EUR million, same perimeter, chained: each
    year's change is measured within one structure (one document, or one structure's first
    publications), and the changes are chained into a level anchored on each line's latest
    first-published figure, so a line runs through a reorganisation instead of stopping
    at it."""
    eras = business_eras(businesses)
    last_phone = int(eras.loc[eras["business"] == "phones", "last_year"].max()) \
        if (eras["business"] == "phones").any() else phone_era_end
    last = min(end, phone_era_end, last_phone)
    derived = business_facts(facts, eras)
    parts, n = [], {"start": start, "end": end, "last": last, "phone_era_end": phone_era_end,
                    "last_phone_year": last_phone}
    if not derived.empty:
        derived = derived[(derived["year"] >= start) & (derived["year"] <= last)]
    for business, label in BUSINESS_NAMES.items():
        rows = derived[derived["segment"] == business] if not derived.empty else derived
        if rows.empty:
            continue
        linked = chain.chained(rows, "eur")
        parts.append(figdata.chained_points(linked, label, "level", UNIT)
                     .assign(printed=linked["eur"].to_numpy(),
                             printed_basis=linked["basis"].to_numpy(),
                             parts=linked["parts"].to_numpy()))
        n[business] = {"breaks": chain.breaks(linked)}
    table = figdata.finish_table(*parts)
    for business, label in BUSINESS_NAMES.items():
        if business in n:
            n[business].update(_line_numbers(table[table["label"] == label]))
    subtitle = ("Net sales, EUR million. Each business is the sum of the segments that made "
                "it up in each structure; each year's change is measured within one "
                "structure and the changes are chained, anchored on the latest "
                "first-published year of each line")
    c = figdata.Chart.told("phones-vs-networks", table, business_words, subtitle, numbers=n)
    c.notes = [f"{BUSINESS_NAMES[b]}: no document links {a} and {z}, so the line breaks"
               for b in BUSINESS_NAMES if b in n for a, z in n[b]["breaks"]]
    if last_phone < min(end, phone_era_end):
        c.notes.append(f"data/businesses.csv ends the phone business with FY{last_phone}")
    return c


def _line_numbers(pts: pd.DataFrame) -> dict:
    """A business's numbers read from the drawn table: the peak and the end of the line that
    holds it, and the newest line's own change when a break lies after the peak."""
    line = peak_line(pts)
    peak, end = line.loc[line["y"].idxmax()], line.iloc[-1]
    newest = line_change(pts)
    return {"peak": peak["period"], "peak_value": float(peak["y"]),
            "last": end["period"], "last_value": float(end["y"]),
            "after": newest if newest and newest["from"] > end["period"] else None,
            "levels": dict(zip(pts["period"], pts["y"].astype(float), strict=True))}


def business_words(n: dict) -> tuple[str, str]:
    empty = window_problem(n["start"], n["end"], n["phone_era_end"])
    if empty:
        return f"Phone and network businesses: {empty}", words.sentence(empty) + "."
    phones, nets = n.get("phones"), n.get("networks")
    if phones is None:
        text = f"no phone-business figure in data/ for {words.span(n['start'], n['last'])}"
        return words.unanswered(text)
    title = (f"Nokia's phone business peaked at {words.money(phones['peak_value'])} in "
             f"{phones['peak']}")
    after = phones["after"]
    if phones["last"] != phones["peak"]:
        fall = metrics.change_pct(phones["peak_value"], phones["last_value"])
        title += f" and was {abs(fall):.0f}% {'smaller' if fall < 0 else 'larger'} by " \
                 f"{phones['last']}"
    if after:  # a break after the peak: the newer line's change, over its own years
        title += (f"; from {after['from']} to {after['to']} it "
                  f"{'shrank' if after['change'] < 0 else 'grew'} {abs(after['change']):.0f}%")
    finding = (f"On the same perimeter, chained through its reorganisations, the phone business "
               f"peaked at {words.money(phones['peak_value'])} in {phones['peak']} and made "
               f"{words.money(phones['last_value'])} in {phones['last']}")
    if after:
        finding += (f"; no document links {phones['last']} with the next year, and from "
                    f"{after['from']} to {after['to']} it went from "
                    f"{words.money(after['from_value'])} to {words.money(after['to_value'])}")
    finding += "."
    if nets is not None:
        both = [p for p in nets["levels"] if p in phones["levels"]]
        if both:
            p = both[-1]
            ratio = metrics.index_pct(nets["levels"][p], phones["levels"][p])
            finding += (f" In {p}, the last year with both, the network business made "
                        f"{words.money(nets['levels'][p])}, {ratio:.0f}% of the phones' "
                        f"{words.money(phones['levels'][p])}.")
    return title, finding


def draw_businesses(chart: figdata.Chart, ds, events: pd.DataFrame | None = None):
    return draw.chart(chart, ds, [draw.Panel(ylabel="Net sales, EUR million",
                                             value_fmt=None)],
                      draw.event_marks(events))


def business_overview(chart: figdata.Chart) -> pd.DataFrame:
    """One row per year: each business's chained EUR million and what was summed."""
    t = chart.table
    wide = figdata.wide(t, "{:,.0f}", index="year")
    if t.empty:
        return wide
    parts = t.pivot_table(index="x_label", columns="label", values="parts", aggfunc="first")
    for label in parts.columns:
        wide[f"{label}: segments as printed"] = parts[label].reindex(wide.index).fillna("")
    return wide
