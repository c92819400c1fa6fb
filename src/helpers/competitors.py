"""Nokia against Ciena and Cisco: one currency, one base year, fiscal years side by side.

Fiscal years end on different days (Nokia 31 December, Ciena near 1 November, Cisco late
July), so every point is placed at its own year-end date, and a currency conversion uses the
rates of the calendar days that fiscal year covers (see ``helpers.fx``).
"""

from __future__ import annotations

import pandas as pd

from helpers import charts, fx, metrics, series
from helpers.plotting import COLORS, finish, legend_below, new_figure

COMPANIES = {"nokia": "Nokia", "ciena": "Ciena", "cisco": "Cisco"}


def revenue(facts: pd.DataFrame, entity: str, segment: str = "total") -> pd.DataFrame:
    """One row per fiscal year: the first-published figure, else the earliest recast of it."""
    return series.pick(facts[facts["currency"].isin(["EUR", "USD"])], entity, segment,
                       "net_sales")


def converted(facts: pd.DataFrame, rates: pd.Series, entity: str, currency: str,
              segment: str = "total") -> pd.DataFrame:
    rows = revenue(facts, entity, segment)
    rows["converted"] = fx.to_currency(rows, currency, rates)
    return rows


def plot_revenue(nb, rates, currency, peers, first, last):
    fig, ax = new_figure(9, 5.2)
    missing = {}
    used = []
    for entity in ["nokia", *peers]:
        rows = converted(nb.facts, rates, entity, currency)
        rows = rows[(rows["year"] >= first) & (rows["year"] <= last)]
        used.append(rows)
        s = rows.set_index("period_end")["converted"]
        ax.plot(s.index, s.values, marker="o", markersize=4, color=COLORS[entity],
                label=COMPANIES[entity])
        missing[entity] = sorted(set(range(first, last + 1)) - set(rows.dropna(
            subset=["converted"])["year"]))
    ax.set_yscale("log")
    ax.set_xlabel("End of fiscal year")
    ax.yaxis.set_major_locator(charts.mticker.FixedLocator(
        [200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000]))
    ax.yaxis.set_minor_formatter(charts.mticker.NullFormatter())
    ax.yaxis.set_major_formatter(charts.mticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylabel(f"Revenue, {currency} million (log scale)")
    rows_used = legend_below(ax, ncol=3)
    gaps = "; ".join(f"{COMPANIES[e]}: {', '.join(map(str, m))}" for e, m in missing.items() if m)
    all_rows = pd.concat(used)
    last_common = all_rows.dropna(subset=["converted"]).groupby("year")["entity"].nunique()
    year = int(last_common[last_common == 1 + len(peers)].index.max())
    at = {e: all_rows[(all_rows["entity"] == e) & (all_rows["year"] == year)]["converted"].iloc[0]
          for e in ["nokia", *peers]}
    ratio = at.get("cisco", float("nan")) / at["nokia"]
    title = (f"In fiscal {year} Cisco's revenue was {ratio:.1f} times Nokia's, and Nokia's "
             f"{at['nokia'] / at.get('ciena', float('nan')):.1f} times Ciena's"
             if "cisco" in at and "ciena" in at else
             f"Revenue of Nokia and {', '.join(COMPANIES[p] for p in peers)} in {currency}")
    finish(fig, title, charts.source_line(nb.ds, list(dict.fromkeys(all_rows["source_id"]))
                                          + list(_rate_sources(nb.facts))),
           subtitle=f"Converted to {currency} at Federal Reserve annual average rates, weighted "
                    f"by the days of each fiscal year. No point where a rate or a figure is "
                    f"missing ({gaps or 'none'}).", legend_rows=rows_used)
    return fig


def _rate_sources(facts):
    return facts.loc[facts["metric"] == "usd_per_eur", "source_id"].unique()


def indexed(nb, rates, currency, peers, base_year) -> pd.DataFrame:
    out = {}
    for entity in ["nokia", *peers]:
        rows = converted(nb.facts, rates, entity, currency).dropna(subset=["converted"])
        s = rows.set_index("year")["converted"]
        try:
            out[COMPANIES[entity]] = metrics.index_to(s, base_year)
        except KeyError as exc:
            raise ValueError(f"base_year {base_year}: {COMPANIES[entity]} has no {currency} "
                             f"figure for that year ({exc}); choose another base year") from None
    return pd.DataFrame(out)


def plot_indexed(nb, table, currency, base_year):
    fig, ax = new_figure(9, 5)
    for name in table.columns:
        s = table[name].dropna()
        ax.plot(s.index, s.values, marker="o", markersize=4,
                color=COLORS[name.lower()], label=name)
    ax.axhline(100, color="#333", linewidth=0.8)
    ax.set_ylabel(f"Revenue in {currency}, fiscal {base_year} = 100")
    charts.year_axis(ax, int(table.index.min()), int(table.index.max()), step=2)
    rows_used = legend_below(ax, ncol=3)
    last = table.dropna().index.max()
    parts = ", ".join(f"{n} {table.loc[last, n]:.0f}" for n in table.columns)
    finish(fig, f"Indexed to fiscal {base_year}, revenue in fiscal {last} stood at: {parts}",
           charts.source_line(nb.ds, list(_rate_sources(nb.facts))),
           subtitle=f"Each company's fiscal year; {currency} at Federal Reserve annual averages "
                    "(only years with a rate and a figure)", legend_rows=rows_used)
    return fig


def like_for_like_growth(facts: pd.DataFrame, entity: str) -> pd.DataFrame:
    """Year-on-year revenue growth that never compares two perimeters.

    Each year's value is compared with the previous year as printed in the same document
    when that document gives both (a report's own comparative column); otherwise with the
    previous year's first-published value, unless a later document recast that year by more
    than 2% (a sale or restructuring changed the perimeter): then no growth is shown rather
    than a collapse or jump that never happened.
    """
    own = facts[facts["currency"].isin(["EUR", "USD", "FIM"])]
    rows = own[(own["entity"] == entity) & (own["segment"] == "total")
               & (own["metric"] == "net_sales") & (own["freq"] == "annual")].copy()
    rows["own"] = series.in_eur(facts, rows) if (rows["currency"] == "FIM").any() \
        else rows["amount"]
    picked = series.pick(rows, entity, "total", "net_sales")
    out = []
    for year, v in picked.iterrows():
        before = rows[rows["year"] == year - 1]
        same = before[before["source_id"] == v["source_id"]]
        how = "same document"
        if not same.empty:
            prev = float(same["own"].iloc[0])
        elif v["basis"] == "as_reported":
            first = before[before["basis"] == "as_reported"]
            if first.empty:
                continue
            prev = float(first["own"].iloc[0])
            # a recast published by the time this year's figure was: the perimeter moved
            recast = before[(before["basis"] == "restated")
                            & (before["published"] <= v["published"])
                            & ((before["own"] / prev - 1).abs() > 0.02)]
            if not recast.empty:
                continue
            how = "first publications"
        else:
            continue
        out.append({"fiscal year": int(year), "ends": v["period_end"].date(),
                    "growth %": round((float(v["own"]) / prev - 1) * 100, 1),
                    "currency": v["currency"], "compared": how, "source_id": v["source_id"]})
    return pd.DataFrame(out)


def growth(nb, peers, first, last) -> pd.DataFrame:
    """Like-for-like growth in each company's own currency, at its fiscal year-end date."""
    frames = []
    for entity in ["nokia", *peers]:
        g = like_for_like_growth(nb.facts, entity)
        g.insert(0, "company", COMPANIES[entity])
        frames.append(g[(g["fiscal year"] >= first) & (g["fiscal year"] <= last)])
    return pd.concat(frames, ignore_index=True)


def plot_growth(nb, table):
    fig, ax = new_figure(10, 5)
    for name, part in table.groupby("company", sort=False):
        line = charts.break_gaps(pd.Series(part["growth %"].to_numpy(),
                                           index=pd.to_datetime(part["ends"])))
        ax.plot(line.index, line.values, marker="o", markersize=4,
                color=COLORS[name.lower()], label=f"{name} (fiscal year ends "
                f"{pd.to_datetime(part['ends']).iloc[-1]:%d %b})")
    ax.axhline(0, color="#333", linewidth=0.8)
    ax.set_ylabel("Revenue growth, percent")
    ax.set_xlabel("End of fiscal year")
    rows_used = legend_below(ax, ncol=3)
    worst = table.loc[table["growth %"].idxmin()]
    finish(fig, f"Growth moves in the same cycles, but the fiscal years end months apart; the "
                f"deepest fall was {worst['company']}'s {worst['growth %']:+.0f}% in fiscal "
                f"{worst['fiscal year']}",
           charts.source_line(nb.ds, list(dict.fromkeys(table["source_id"]))),
           subtitle="Each point at its fiscal year's end date, in the company's own currency; "
                    "years whose previous year was recast to another perimeter are left out",
           legend_rows=rows_used)
    return fig


def plot_optical(nb, rates, currency, first):
    nokia = converted(nb.facts, rates, "nokia", currency, "optical_networks")
    ciena = converted(nb.facts, rates, "ciena", currency, "networking_platforms")
    fig, ax = new_figure(9, 5)
    for rows, label, color in ((nokia, "Nokia Optical Networks", COLORS["nokia"]),
                               (ciena, "Ciena Networking Platforms", COLORS["ciena"])):
        rows = rows[rows["year"] >= first].dropna(subset=["converted"])
        ax.plot(rows["period_end"], rows["converted"], marker="o", markersize=4, color=color,
                label=label)
        odd = rows[rows["basis"] != "as_reported"]
        ax.scatter(odd["period_end"], odd["converted"], s=55, facecolors="white",
                   edgecolors=color, linewidths=1.5, zorder=3)
    ax.scatter([], [], s=55, facecolors="white", edgecolors="#444",
               label="hollow: restated or non-IFRS value")
    charts.thousands_axis(ax, f"Net sales, {currency} million")
    ax.set_xlabel("End of fiscal year")
    ax.set_ylim(0, None)
    rows_used = legend_below(ax, ncol=2)
    both = pd.concat([nokia.assign(who="Nokia"), ciena.assign(who="Ciena")]).dropna(
        subset=["converted"])
    common = both.groupby("year")["who"].nunique()
    years = common[common == 2].index
    y = int(years.max()) if len(years) else None
    title = "Optical networking: Ciena against Nokia"
    if y:
        n = both[(both["who"] == "Nokia") & (both["year"] == y)]["converted"].iloc[0]
        c = both[(both["who"] == "Ciena") & (both["year"] == y)]["converted"].iloc[0]
        title = (f"Before Infinera, Ciena's optical platforms sold {c / n:.1f} times as much as "
                 f"Nokia's Optical Networks (fiscal {y}, in {currency})")
    finish(fig, title, charts.source_line(nb.ds, list(dict.fromkeys(both["source_id"]))),
           subtitle="Ciena's Networking Platforms segment (optical and routing and switching) "
                    "against Nokia's Optical Networks unit; Federal Reserve annual average "
                    "rates", legend_rows=rows_used)
    return fig


def year_ends(facts, peers, years) -> pd.DataFrame:
    rows = []
    for entity in ["nokia", *peers]:
        r = revenue(facts, entity)
        for y in years:
            if y in r.index:
                rows.append({"company": COMPANIES[entity], "fiscal year": y,
                             "ends": r.loc[y, "period_end"].date().isoformat()})
    return pd.DataFrame(rows).pivot(index="fiscal year", columns="company", values="ends")
