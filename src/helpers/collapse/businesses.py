"""The phone business against the network business, each era as its own perimeter."""

from __future__ import annotations

import pandas as pd

from helpers import charts, data, figdata, series
from helpers.collapse.common import (
    BUSINESS_NAMES,
    UNIT,
    _runs,
    billions,
    empty_window,
    millions,
    perimeter_steps,
    window_words,
)
from helpers.collapse.drawing import collapse_legend, mark_perimeters
from helpers.plotting import PALETTE, finish, new_figure


def business_eras(businesses=None, entity: str = "nokia") -> pd.DataFrame:
    """data/businesses.csv as a frame: one row per (business, era, segment)."""
    if businesses is None:
        businesses = data.load().businesses
    if isinstance(businesses, pd.DataFrame):
        records = businesses.to_dict("records")
    else:
        records = [dict(r) if isinstance(r, dict) else dict(r.values) for r in businesses]
    frame = pd.DataFrame(records, columns=["entity", "business", "segment", "first_year",
                                           "last_year", "label", "note"])
    frame = frame[frame["entity"] == entity].copy()
    frame["first_year"] = pd.to_numeric(frame["first_year"], errors="coerce")
    frame["last_year"] = pd.to_numeric(frame["last_year"], errors="coerce")
    frame = frame.dropna(subset=["first_year", "last_year"])
    frame[["first_year", "last_year"]] = frame[["first_year", "last_year"]].astype(int)
    frame["perimeter"] = (frame["business"] + ":" + frame["first_year"].astype(str) + "-"
                          + frame["last_year"].astype(str))
    return frame.reset_index(drop=True)


def phone_years(eras: pd.DataFrame) -> tuple[int | None, int | None]:
    phones = eras[eras["business"] == "phones"]
    if phones.empty:
        return None, None
    return int(phones["first_year"].min()), int(phones["last_year"].max())


def business_story(facts: pd.DataFrame, start: int, end: int, phone_era_end: int,
                   businesses=None) -> figdata.Chart:
    """Phone and network business net sales, each year as that year's structure had it.

    A business is the sum of the segments data/businesses.csv lists for the year; each
    segment's value is the one ``series.pick`` chooses. Each era is its own perimeter, so
    the lines break at reorganisations. A year that lacks one of the era's segments, or
    whose segments' values are on different bases, is left out and named in the notes.
    """
    eras = business_eras(businesses)
    first_phone, last_phone = phone_years(eras)
    last = min(end, phone_era_end, last_phone if last_phone is not None else phone_era_end)
    picked = {seg: series.pick(facts, "nokia", seg, "net_sales")
              for seg in eras["segment"].unique()}
    missing: list[tuple[str, int, str]] = []
    mixed: list[tuple[str, int, str]] = []
    parts, colors = [], {}
    for business in eras["business"].drop_duplicates():
        label = BUSINESS_NAMES.get(business, f"{business.capitalize()} business")
        colors[label] = PALETTE[len(colors) % len(PALETTE)]
        rows = []
        own = eras[eras["business"] == business]
        for (first_year, last_year, perimeter), era in own.groupby(
                ["first_year", "last_year", "perimeter"], sort=True):
            for year in range(max(first_year, start), min(last_year, last) + 1):
                got = []
                for seg in era["segment"]:
                    have = picked[seg]
                    have = have[have["period"] == f"FY{year}"]
                    if have.empty:
                        missing.append((label, year, charts.label(seg)))
                        break
                    got.append(have.iloc[0])
                else:
                    bases = sorted({g["basis"] for g in got})
                    if len(bases) > 1:
                        mixed.append((label, year, " vs ".join(
                            f"{charts.label(g['segment'])} {series.BASIS_WORDS[g['basis']]}"
                            for g in got)))
                        continue
                    amounts = series.in_eur(facts, pd.DataFrame(got))
                    rows.append({
                        "period": f"FY{year}", "period_end": got[0]["period_end"],
                        "eur": float(amounts.sum()), "unit": UNIT, "basis": bases[0],
                        "perimeter": perimeter, "perimeter_label": era["label"].iloc[0],
                        "source_id": ";".join(dict.fromkeys(g["source_id"] for g in got)),
                        "locator": " | ".join(dict.fromkeys(str(g["locator"]) for g in got)),
                        "parts": "; ".join(f"{g['segment']}={a:,.0f}"
                                           for g, a in zip(got, amounts, strict=True)),
                    })
        if rows:
            frame = pd.DataFrame(rows)
            parts.append(figdata.points(frame, label, y="eur", unit=UNIT)
                         .assign(parts=frame["parts"].to_numpy()))
    table = figdata.finish_table(*parts)
    numbers = _business_numbers(table, start, last)
    numbers.update({"start": start, "end": end, "phone_era_end": phone_era_end,
                    "last_phone_year": last_phone, "first_phone_year": first_phone,
                    "last": last, "missing": missing, "mixed": mixed})
    notes = _business_notes(table, numbers)
    x_first = max(start, int(eras["first_year"].min())) if not eras.empty else start
    return figdata.Chart("phones-vs-networks", table, _business_title(numbers),
                         _business_subtitle(numbers), notes, numbers,
                         {"start": x_first, "end": last, "colors": colors})


def _business_numbers(table: pd.DataFrame, start: int, last: int) -> dict:
    n: dict = {"phones_points": 0, "networks_points": 0}
    if table.empty:
        return n
    phones = table[table["label"] == BUSINESS_NAMES["phones"]].sort_values("x")
    networks = table[table["label"] == BUSINESS_NAMES["networks"]].sort_values("x")
    n["phones_points"], n["networks_points"] = len(phones), len(networks)
    if not phones.empty:
        peak = phones.loc[phones["y"].idxmax()]
        final = phones.iloc[-1]
        n.update({"phones_peak_period": peak["period"], "phones_peak": float(peak["y"]),
                  "phones_last_period": final["period"], "phones_last": float(final["y"])})
    both = sorted(set(phones["period"]) & set(networks["period"]), key=figdata.period_x)
    if both:
        p = both[-1]
        ph = float(phones.loc[phones["period"] == p, "y"].iloc[0])
        nw = float(networks.loc[networks["period"] == p, "y"].iloc[0])
        n.update({"both_period": p, "both_phones": ph, "both_networks": nw,
                  "both_ratio_pct": nw / ph * 100})
    return n


def _beyond_phones(n: dict) -> str:
    if n["last_phone_year"] is not None and n["phone_era_end"] > n["last_phone_year"]:
        return (f"data/businesses.csv ends the phone business with FY{n['last_phone_year']}"
                f", so the chart stops there although FY{n['phone_era_end']} was asked for")
    return ""


def _business_title(n: dict) -> str:
    empty = empty_window(n["start"], n["end"], n["last"])
    if empty:
        return f"Phone and network businesses: {empty}"
    beyond = _beyond_phones(n)
    tail = f" ({beyond})" if beyond else ""
    if n["phones_points"] == 0:
        return (f"No phone-business figure in data/ for {window_words(n['start'], n['last'])}"
                + tail)
    if n["phones_peak_period"] == n["phones_last_period"]:
        which = ("the only phone-business year in the window" if n["phones_points"] == 1
                 else "its largest year in the window")
        title = (f"Nokia's phone business made {billions(n['phones_peak'])} in "
                 f"{n['phones_peak_period']}, {which}")
    else:
        title = (f"Nokia's phone business was largest in {n['phones_peak_period']} at "
                 f"{billions(n['phones_peak'])} and made {billions(n['phones_last'])} in "
                 f"{n['phones_last_period']}")
    if "both_period" in n:
        title += (f"; in {n['both_period']}, the last year both are plotted, networks made "
                  f"{billions(n['both_networks'])}, {n['both_ratio_pct']:.0f}% of the phones' "
                  f"{billions(n['both_phones'])}")
    else:
        title += "; no year in the window has both businesses"
    return title + tail


def _business_subtitle(n: dict) -> str:
    if n["phones_points"] + n["networks_points"] == 0:
        return ""
    words = ["EUR million, fiscal years. Each point sums the segments that made up the "
             "business in that year's structure; lines break at each reorganisation and "
             "wherever the basis changes."]
    for found, why in ((n["missing"], "a segment has no figure in data/"),
                       (n["mixed"], "its segments' figures are on different bases")):
        for label in dict.fromkeys(lab for lab, _, _ in found):
            years = [y for lab, y, _ in found if lab == label]
            words.append(f"{label} left out for {_runs(years)} ({why}).")
    return " ".join(words)


def _business_notes(table: pd.DataFrame, n: dict) -> list[str]:
    notes = []
    for label, year, seg in n["missing"]:
        notes.append(f"{label}, FY{year}: no {seg} figure in data/; the year is left out.")
    for label, year, what in n["mixed"]:
        notes.append(f"{label}, FY{year}: segments on different bases ({what}); not summed, "
                     "the year is left out.")
    for label in dict.fromkeys(table["label"]) if not table.empty else []:
        for before, after, was, becomes in perimeter_steps(table, label):
            notes.append(f"{label}: from {was} ({before}) to {becomes} ({after}); "
                         "the line is not joined across it.")
    beyond = _beyond_phones(n)
    if beyond:
        notes.append(beyond + ".")
    return notes


def business_overview(chart: figdata.Chart) -> pd.DataFrame:
    """One row per year: each business's EUR million, '' where it is not plotted."""
    return figdata.wide(chart.table, "{:,.0f}")


def describe_businesses(chart: figdata.Chart) -> str:
    n = chart.numbers
    empty = empty_window(n["start"], n["end"], n["last"])
    beyond = _beyond_phones(n)
    tail = f" Note: {beyond}." if beyond else ""
    if empty:
        return f"The business chart has {empty}.{tail}"
    if n["phones_points"] == 0:
        return (f"data/ holds no phone-business year for "
                f"{window_words(n['start'], n['last'])}.{tail}")
    text = (f"The phone business, as each year's structure defined it, was largest in "
            f"{n['phones_peak_period']} ({millions(n['phones_peak'])}).")
    if n["phones_last_period"] != n["phones_peak_period"]:
        change = (n["phones_last"] / n["phones_peak"] - 1) * 100
        text += (f" Its last plotted year, {n['phones_last_period']}, is "
                 f"{millions(n['phones_last'])}, {abs(change):.0f}% "
                 f"{'below' if change < 0 else 'above'} that.")
    if "both_period" in n:
        text += (f" In {n['both_period']}, the last year with both businesses plotted, the "
                 f"network business made {millions(n['both_networks'])}, "
                 f"{n['both_ratio_pct']:.0f}% of the phone business's "
                 f"{millions(n['both_phones'])}.")
    skipped = len([m for m in n["mixed"] if n["start"] <= m[1] <= n["last"]])
    if skipped:
        text += (f" {skipped} business-year{'s are' if skipped > 1 else ' is'} left out "
                 "because its segments' figures are on different bases.")
    return text + tail


def draw_businesses(chart: figdata.Chart, ds, events: pd.DataFrame | None = None):
    fig, ax = new_figure(9, 6.4)
    t = chart.table
    rows = 0
    if t.empty:
        charts.nothing_to_draw(ax, "Nothing to draw for these parameters.")
    else:
        start, end = chart.extra["start"], chart.extra["end"]
        charts.draw_lines(ax, t, colors=chart.extra["colors"],
                          markers={BUSINESS_NAMES["networks"]: "s"})
        ax.set_ylim(0, t["y"].max() * 1.45)
        charts.thousands_axis(ax, "Net sales, EUR million")
        charts.fiscal_year_axis(ax, start, end)
        letters = mark_perimeters(ax, t)
        if events is not None and not events.empty:
            charts.annotate_events(ax, events, start, end)
        rows = collapse_legend(ax, t, ncol=2, extra=letters)
    finish(fig, chart.title, charts.source_line(ds, chart.sources()),
           subtitle=chart.subtitle, legend_rows=rows)
    return fig
