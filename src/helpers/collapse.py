"""The handset-era story: group sales by basis, phones against networks, market share.

Which segment counts as "the phone business" changed with each reorganisation; that mapping
is written down here once (``PHONE_BUSINESS``, ``NETWORK_BUSINESS``) and every figure and
table of notebook 10 uses it.
"""

from __future__ import annotations

import pandas as pd

from helpers import charts, metrics, series
from helpers.plotting import COLORS, finish, legend_below, new_figure

# year range -> the segments that together were the phone (or network) business then
PHONE_BUSINESS = [
    ((1998, 2003), ("mobile_phones",)),
    ((2004, 2007), ("mobile_phones", "multimedia", "enterprise_solutions")),
    ((2008, 2013), ("devices_and_services",)),
]
NETWORK_BUSINESS = [
    ((1998, 2006), ("networks",)),
    ((2007, 2013), ("nokia_siemens_networks",)),
]
BASIS_PREFERENCE = {"as_reported": 0, "non_ifrs": 1, "restated": 2, "estimate": 3}
KEY_EVENTS = ("iphone-announced", "nokia-microsoft-partnership", "ms-deal-closed",
              "alcatel-control", "infinera-completed")


def group_net_sales(facts: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    rows = series.first_reported(facts, "nokia", "net_sales")
    return rows[(rows["year"] >= start) & (rows["year"] <= end)]


def group_restatements(facts: pd.DataFrame, start: int, end: int) -> dict[str, pd.DataFrame]:
    recasts = series.restatements(facts, "nokia", "net_sales")
    out = {}
    for sid, rows in recasts.items():
        rows = rows[(rows["year"] >= start) & (rows["year"] <= end)]
        if not rows.empty:
            out[sid] = rows
    return out


def _year_index(rows: pd.DataFrame, column: str, start: int, end: int) -> pd.Series:
    s = rows.set_index("year")[column]
    return s.reindex(range(start, end + 1))


def plot_group(nb, group, recasts, events, start, end):
    fig, ax = new_figure()
    first = _year_index(group, "eur", start, end)
    ax.plot(first.index, first.values, marker="o", markersize=4, color=COLORS["nokia"],
            label="As first reported (1998 converted from FIM)")
    palette = ["#8e44ad", "#c0392b", "#27ae60", "#d4a017", "#7f8c8d", "#e07b00"]
    for i, (sid, rows) in enumerate(recasts.items()):
        if len(rows) < 2:
            continue
        s = rows.set_index("year")["eur"].sort_index()
        published = nb.ds.sources[sid]["date"][:4]
        ax.plot(s.index, s.values, linestyle="--", marker="s", markersize=3.5,
                color=palette[i % len(palette)], linewidth=1.6,
                label=f"Recast in {charts.document_name(nb.ds, sid)} ({published})")
    charts.thousands_axis(ax, "Net sales, EUR million")
    charts.year_axis(ax, start, end)
    ax.set_ylim(0, max(first.max(), 1) * 1.32)
    if not events.empty:
        charts.annotate_events(ax, events[events["event_id"].isin(KEY_EVENTS)], start, end)
    rows_used = legend_below(ax, ncol=2)
    peak = metrics.peak_to_trough(first)
    missing = [y for y in first.index if pd.isna(first[y])]
    sub = (f"Peak {peak.peak_year}: EUR {peak.peak:,.0f} million. Gaps: years with no "
           f"first-published figure in the sources ({', '.join(map(str, missing)) or 'none'}).")
    ids = series.source_ids(group, *recasts.values())
    finish(fig, f"Nokia's net sales fell {abs(peak.decline_pct):.0f}% from {peak.peak_year} "
                f"to {peak.trough_year}, then recovered only partly through Alcatel-Lucent",
           charts.source_line(nb.ds, ids), subtitle=sub, legend_rows=rows_used)
    return fig


def business_series(facts: pd.DataFrame, mapping, end: int) -> pd.DataFrame:
    """One value a year for a business defined by ``mapping``: the sum of its segments,
    each taken at its most authoritative basis. Years missing a segment are left out."""
    rows = facts[(facts["entity"] == "nokia") & (facts["metric"] == "net_sales")
                 & (facts["freq"] == "annual")].copy()
    rows["eur"] = series.in_eur(facts, rows)
    rows["rank"] = rows["basis"].map(BASIS_PREFERENCE)
    out = []
    for (first, last), segments in mapping:
        for year in range(first, min(last, end) + 1):
            picked = []
            for seg in segments:
                cand = rows[(rows["segment"] == seg) & (rows["year"] == year)]
                if cand.empty:
                    break
                picked.append(cand.sort_values(["rank", "published"]).iloc[0])
            else:
                out.append({"year": year, "eur": sum(p["eur"] for p in picked),
                            "segments": " + ".join(segments),
                            "basis": "/".join(sorted({p["basis"] for p in picked})),
                            "sources": ", ".join(p["source_id"] for p in picked)})
    return pd.DataFrame(out, columns=["year", "eur", "segments", "basis", "sources"])


def plot_phones_vs_networks(nb, end, events):
    phones = business_series(nb.facts, PHONE_BUSINESS, end)
    networks = business_series(nb.facts, NETWORK_BUSINESS, end)
    fig, ax = new_figure()
    for frame, label, color in ((phones, "Phone business", COLORS["nokia"]),
                                (networks, "Network business", COLORS["ciena"])):
        s = frame.set_index("year")["eur"].reindex(range(1998, end + 1))
        ax.plot(s.index, s.values, marker="o", markersize=4, color=color, label=label)
        odd = frame[frame["basis"] != "as_reported"]
        ax.scatter(odd["year"], odd["eur"], s=60, facecolors="none", edgecolors=color,
                   linewidths=1.4, zorder=3)
    ax.scatter([], [], s=60, facecolors="none", edgecolors="#444",
               label="circled: restated or non-IFRS value")
    for year, text in ((2004, "2004: phones split into\nMobile Phones, Multimedia,\n"
                               "Enterprise Solutions"),
                       (2008, "2008: Devices & Services;\nnetworks in Nokia Siemens\n"
                              "Networks since 2007")):
        ax.axvline(year - 0.5, color="#999", linewidth=0.8, linestyle="--", zorder=0)
        ax.text(year - 0.4, ax.get_ylim()[1] * 0.98, text, fontsize=7.5, va="top", color="#444")
    charts.thousands_axis(ax, "Net sales, EUR million")
    charts.year_axis(ax, 1998, end)
    ax.set_ylim(0, None)
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.8), fontsize=9)
    peak = metrics.peak_to_trough(phones.set_index("year")["eur"])
    ids = [s for f in (phones, networks) for cell in f["sources"] for s in cell.split(", ")]
    finish(fig, f"The phone business made {peak.peak / 1000:.1f} billion euros in "
                f"{peak.peak_year} and {peak.trough / 1000:.1f} billion in {peak.trough_year}; "
                "networks never came close to replacing it",
           charts.source_line(nb.ds, list(dict.fromkeys(ids))),
           subtitle="Net sales of the segments that made up each business at the time")
    return fig


def peak_to_trough_table(facts: pd.DataFrame, start: int, end: int,
                         phone_end: int) -> pd.DataFrame:
    group = group_net_sales(facts, start, end).set_index("year")["eur"]
    phones = business_series(facts, PHONE_BUSINESS, phone_end).set_index("year")["eur"]
    rows = []
    for name, s in (("Group, as first reported", group), ("Phone business", phones)):
        p = metrics.peak_to_trough(s)
        rows.append({"series": name, "peak year": p.peak_year,
                     "peak EUR m": round(p.peak), "trough year": p.trough_year,
                     "trough EUR m": round(p.trough), "decline %": round(p.decline_pct, 1),
                     "years": p.years, "annual rate %": round(p.annual_rate_pct, 1)})
    return pd.DataFrame(rows)


def describe_fall(table: pd.DataFrame) -> str:
    g, p = table.iloc[0], table.iloc[1]
    return (f"Group net sales as first reported peaked at EUR {g['peak EUR m']:,} million in "
            f"{g['peak year']} and bottomed at EUR {g['trough EUR m']:,} million in "
            f"{g['trough year']}: {abs(g['decline %']):.0f}% lower, "
            f"{abs(g['annual rate %']):.1f}% a year for {g['years']} years. Part of that "
            "drop is a change of perimeter, not of sales: from 2013 on the first-published "
            "group figures leave the devices business out (sold to Microsoft in 2014). "
            "The phone business itself "
            f"fell from EUR {p['peak EUR m']:,} million ({p['peak year']}) to EUR "
            f"{p['trough EUR m']:,} million ({p['trough year']}), "
            f"{abs(p['decline %']):.0f}% down.")


def market_share(facts: pd.DataFrame, end: int) -> pd.DataFrame:
    rows = facts[(facts["entity"] == "nokia") & (facts["metric"] == "market_share")
                 & (facts["freq"] == "annual") & (facts["year"] <= end)].copy()
    rows["measured_by"] = rows["note"].str.extract(r"^measured by ([^;,(]+)", expand=False)
    rows["measured_by"] = rows["measured_by"].str.strip().str.replace(
        r"\s*\(.*$", "", regex=True)
    return rows


def plot_market_share(nb, end):
    rows = market_share(nb.facts, end)
    fig, ax = new_figure()
    order = rows["measured_by"].value_counts().index
    markers = ["o", "s", "^", "D", "v", "P", "X"]
    for i, who in enumerate(order):
        part = rows[rows["measured_by"] == who].sort_values("year")
        part = part.drop_duplicates("year")
        ax.plot(part["year"], part["value"], marker=markers[i % len(markers)],
                linestyle="-" if len(part) > 1 else "none", label=who, markersize=5)
    ax.set_ylabel("Share of world mobile phone sales, percent")
    ax.set_ylim(0, 50)
    charts.year_axis(ax, 1997, end)
    rows_used = legend_below(ax, ncol=4, title="Measured by")
    # the peak years: measurers that covered 2006-2009
    peak_era = rows[(rows["year"] >= 2006) & (rows["year"] <= 2009)]
    peaks = peak_era.groupby("measured_by")["value"].max()
    last = rows.sort_values("year").iloc[-1]
    finish(fig, f"Around 2007-08 every measurer put Nokia's world share at {peaks.min():.0f}-"
                f"{peaks.max():.0f}%; by {int(last['year'])} it was {last['value']:.0f}% "
                f"({last['measured_by']})",
           charts.source_line(nb.ds, list(dict.fromkeys(rows["source_id"]))),
           subtitle="Full-year estimates, one line per measurer (units shipped or sold to end "
                    "users)", legend_rows=rows_used)
    return fig


def describe_share(facts: pd.DataFrame, end: int) -> str:
    rows = market_share(facts, end)
    peak = rows.loc[rows["value"].idxmax()]
    last = rows.sort_values("year").iloc[-1]
    return (f"The highest full-year share in the sources is {peak['value']:g}% for "
            f"{int(peak['year'])} ({peak['measured_by']}); the latest, for "
            f"{int(last['year'])}, is {last['value']:g}% ({last['measured_by']}). "
            f"{rows['measured_by'].nunique()} different measurers are quoted, and for the same "
            "year they differ by several points, so a single 'market share' line would hide "
            "who counted what.")
