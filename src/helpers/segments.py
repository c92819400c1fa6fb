"""Today's Nokia: segment sales in the current structure, growth by basis, mix, Optical.

Nokia's growth figures come in three bases (reported, constant currency, constant currency
and portfolio, the last leaving acquisitions such as Infinera out). They are never mixed in
one line: each basis is its own series and its name is in the label.
"""

from __future__ import annotations

import pandas as pd

from helpers import charts, metrics, series
from helpers.plotting import COLORS, finish, legend_below, new_figure

GROWTH_BASES = {
    "net_sales_growth": "reported",
    "net_sales_growth_constant_currency": "constant currency",
    "net_sales_growth_constant_currency_portfolio": "constant currency and portfolio",
}
STRUCTURE_CHANGES = {
    2021: "2021 structure: Mobile Networks, Network Infrastructure,\n"
          "Cloud and Network Services (2019-2020 recast)",
    2024: "Submarine Networks sold:\n2022-2024 recast without it",
}


def quarter_x(period: str) -> float:
    year, q = period.split("Q")
    return int(year) + (int(q) - 0.5) / 4


def quarter_label(period: str, sep: str = " ") -> str:
    """'2025Q3' -> 'Q3 2025' (or with a line break, for tick labels)."""
    year, q = period.split("Q")
    return f"Q{q}{sep}{year}"


def annual_segments(facts: pd.DataFrame, segments: list[str], first: int, last: int):
    rows = series.latest_view(facts, "nokia", "net_sales", segments)
    return rows[(rows["year"] >= first) & (rows["year"] <= last)]


def plot_segments(nb, segments, units, first, last):
    fig, (ax1, ax2) = new_figure(11, 5.2, 1, 2, sharey=False)
    drawn = []
    for ax, names, heading in ((ax1, segments, "Segments"),
                               (ax2, units, "Network Infrastructure business units")):
        rows = annual_segments(nb.facts, names, first, last)
        drawn.append(rows)
        for seg in names:
            part = rows[rows["segment"] == seg].sort_values("year")
            if part.empty:
                continue
            line, = ax.plot(part["year"], part["amount"], marker="o", markersize=4,
                            label=charts.label(seg))
            odd = part[part["basis"] != "as_reported"]
            ax.scatter(odd["year"], odd["amount"], s=55, facecolors="white",
                       edgecolors=line.get_color(), linewidths=1.5, zorder=3)
        for year in STRUCTURE_CHANGES:
            if first <= year <= last:
                ax.axvline(year - 0.5, color="#999", linestyle="--", linewidth=0.8, zorder=0)
        ax.set_title(heading, fontsize=11, loc="left")
        charts.thousands_axis(ax, "Net sales, EUR million")
        charts.year_axis(ax, first, int(rows["year"].max()), step=1)
        ax.set_ylim(0, None)
    ax1.scatter([], [], s=55, facecolors="white", edgecolors="#444",
                label="hollow: restated or non-IFRS value")
    rows_used = max(legend_below(ax1, ncol=2), legend_below(ax2, ncol=2))
    ax1.text(2020.55, ax1.get_ylim()[1] * 0.97, STRUCTURE_CHANGES[2021], fontsize=7.5,
             va="top", color="#444")
    used = pd.concat(drawn)
    cagr = cagr_table(used, segments + units)
    best = cagr[cagr["to"] == cagr["to"].max()].iloc[0]
    largest = used[used["segment"].isin(segments)].groupby("segment")["amount"].max().idxmax()
    shrink = cagr.set_index("segment").loc[largest, "CAGR %"]
    finish(fig, f"Of the businesses still reported, {charts.label(best['segment'])} grew "
                f"fastest since {int(best['from'])} ({best['CAGR %']:+.1f}% a year); "
                f"{charts.label(largest)}, the largest, changed {shrink:+.1f}% a year",
           charts.source_line(nb.ds, used["source_id"].unique()),
           subtitle="Each year in the newest perimeter the sources give; dashed lines mark "
                    "reorganisations and recasts", legend_rows=rows_used)
    return fig


def segment_cagr(facts, groups: list[list[str]], first, last) -> pd.DataFrame:
    """CAGR of each segment; each group of segments is read from one report per year."""
    rows = pd.concat([annual_segments(facts, g, first, last) for g in groups])
    return cagr_table(rows, [s for g in groups for s in g])


def cagr_table(rows: pd.DataFrame, segments: list[str]) -> pd.DataFrame:
    out = []
    for seg in segments:
        s = rows[rows["segment"] == seg].set_index("year")["amount"].sort_index()
        if len(s) < 2:
            continue
        out.append({"segment": seg, "from": s.index[0], "to": s.index[-1],
                    "first EUR m": round(s.iloc[0]), "last EUR m": round(s.iloc[-1]),
                    "CAGR %": round(metrics.cagr(s.iloc[0], s.iloc[-1],
                                                 s.index[-1] - s.index[0]), 1)})
    return pd.DataFrame(out).sort_values("CAGR %", ascending=False).reset_index(drop=True)


def quarterly_growth(facts, segment: str, first_year: int) -> pd.DataFrame:
    rows = facts[(facts["entity"] == "nokia") & (facts["segment"] == segment)
                 & (facts["freq"] == "quarter") & (facts["metric"].isin(GROWTH_BASES))
                 & (facts["year"] >= first_year)].copy()
    rows["growth basis"] = rows["metric"].map(GROWTH_BASES)
    rows = rows.sort_values(["period", "published"]).drop_duplicates(
        ["period", "metric"], keep="first")
    return rows


def plot_group_growth(nb, first_year, events):
    rows = quarterly_growth(nb.facts, "total", first_year)
    fig, ax = new_figure(9, 5)
    styles = {"reported": ("-", "o"), "constant currency": ("--", "s"),
              "constant currency and portfolio": (":", "^")}
    for basis, part in rows.groupby("growth basis", sort=False):
        part = part.sort_values("period")
        ls, mk = styles[basis]
        line = pd.Series(part["value"].to_numpy(), index=[quarter_x(p) for p in part["period"]])
        line = charts.break_gaps(line, factor=1.2)
        ax.plot(line.index, line.values, linestyle=ls, marker=mk,
                label=f"Group net sales growth, {basis}")
    ax.axhline(0, color="#333", linewidth=0.8)
    ax.set_ylabel("Year-on-year change, percent")
    xs = sorted(rows["period"].unique())
    ax.set_xticks([quarter_x(p) for p in xs])
    ax.set_xticklabels([quarter_label(p, " ") for p in xs], fontsize=9)
    ax.set_xlabel("Calendar quarter (quarters missing from the sources are skipped)")
    inf = events[events["event_id"] == "infinera-completed"]
    for _, ev in inf.iterrows():
        x = ev["date"].year + (ev["date"].dayofyear - 1) / 365.25
        ax.axvline(x, color="#555", linestyle=":", linewidth=1)
        ax.text(x + 0.03, ax.get_ylim()[1] * 0.9, "Infinera\nconsolidated", fontsize=8,
                color="#333", va="top")
    rows_used = legend_below(ax, ncol=2)
    latest = rows[rows["metric"] == "net_sales_growth"].sort_values("period").iloc[-1]
    finish(fig, f"Nokia's sales returned to growth in late 2024; in "
                f"{quarter_label(latest['period'])} they "
                f"were {latest['value']:+g}% on a year earlier (reported)",
           charts.source_line(nb.ds, rows["source_id"].unique()),
           subtitle="Constant-currency-and-portfolio growth leaves Infinera out; reported "
                    "growth includes it", legend_rows=rows_used)
    return fig


def growth_table(facts, segments: list[str], first_year: int) -> pd.DataFrame:
    """Segments x quarters, the most comparable basis each quarter offers."""
    prefer = ["net_sales_growth_constant_currency_portfolio",
              "net_sales_growth_constant_currency", "net_sales_growth"]
    cells = {}
    for seg in segments:
        rows = quarterly_growth(facts, seg, first_year)
        for period, part in rows.groupby("period"):
            part = part.set_index("metric")
            for metric in prefer:
                if metric in part.index:
                    cells[(seg, period)] = (part.loc[metric, "value"], GROWTH_BASES[metric])
                    break
    return pd.Series(cells, dtype=object)


def plot_growth_heatmap(nb, segments, first_year):
    import seaborn as sns

    cells = growth_table(nb.facts, segments, first_year)
    values = pd.Series({k: v[0] for k, v in cells.items()}).unstack()
    bases = pd.Series({k: v[1] for k, v in cells.items()}).unstack()
    short = {"reported": "r", "constant currency": "cc", "constant currency and portfolio": "ccp"}
    text = values.copy().astype(object)
    for idx in values.index:
        for col in values.columns:
            v = values.loc[idx, col]
            text.loc[idx, col] = "" if pd.isna(v) else f"{v:+g}%\n{short[bases.loc[idx, col]]}"
    values.index = [charts.label(s) for s in values.index]
    fig, ax = new_figure(10, 5.2)
    sns.heatmap(values.astype(float), annot=text.values, fmt="", cmap="RdBu", center=0,
                vmin=-40, vmax=40, linewidths=0.5, linecolor="white", ax=ax,
                cbar_kws={"label": "Year-on-year change, percent"}, annot_kws={"fontsize": 8})
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_xticklabels([t.get_text().replace("Q", " Q") for t in ax.get_xticklabels()],
                       rotation=45, ha="right")
    ax.grid(False)
    used = [s for seg in segments for s in quarterly_growth(nb.facts, seg, first_year)["source_id"]]
    positive = (values > 0).sum(axis=1)
    counted = values.notna().sum(axis=1)
    best = (positive / counted).idxmax()
    worst = (positive / counted).idxmin()
    finish(fig, f"{best} grew in {positive[best]} of the {counted[best]} quarters the sources "
                f"cover; {worst} in {positive[worst]} of {counted[worst]}",
           charts.source_line(nb.ds, list(dict.fromkeys(used))),
           subtitle="Basis under each number: ccp = constant currency and portfolio, "
                    "cc = constant currency, r = reported; blank = not in the sources",
           left=0.2)
    return fig


def plot_mix(nb, segments, first, last):
    rows = annual_segments(nb.facts, segments, first, last)
    table = series.wide(rows)[segments]
    shares = metrics.mix_shares(table)
    fig, ax = new_figure(9, 5)
    charts.stacked_bars(ax, shares, colors=["#124191", "#2a9d8f", "#e07b00", "#8e44ad"])
    for year, row in shares.iterrows():
        bottom = 0
        for seg in segments:
            ax.text(year, bottom + row[seg] / 2, f"{row[seg]:.0f}%", ha="center",
                    va="center", color="white", fontsize=9, fontweight="bold")
            bottom += row[seg]
    ax.set_ylabel("Share of the segments' combined net sales, percent")
    ax.set_ylim(0, 100)
    charts.year_axis(ax, first, last, step=1)
    ax.grid(False)
    rows_used = legend_below(ax, ncol=3)
    a, b = shares.index[0], shares.index[-1]
    seg = segments[1]
    finish(fig, f"{charts.label(seg)} rose from {shares.loc[a, seg]:.0f}% to "
                f"{shares.loc[b, seg]:.0f}% of segment sales between {a} and {b}",
           charts.source_line(nb.ds, rows["source_id"].unique()),
           subtitle="Mix of " + ", ".join(charts.label(s) for s in segments)
                    + " (years where all are sourced)", legend_rows=rows_used)
    return fig, shares


def plot_optical(nb, first, events):
    annual = series.latest_view(nb.facts, "nokia", "net_sales", ["optical_networks"])
    annual = annual[annual["year"] >= first].sort_values("year")
    growth = quarterly_growth(nb.facts, "optical_networks", 2024)
    fig, (ax1, ax2) = new_figure(11, 5, 1, 2, gridspec_kw={"width_ratios": [1.4, 1]})
    colors = [COLORS["nokia"] if b == "as_reported" else "#9fb3d9" for b in annual["basis"]]
    ax1.bar(annual["year"], annual["amount"], color=colors)
    for _, r in annual.iterrows():
        ax1.text(r["year"], r["amount"] + 25, f"{r['amount']:,.0f}", ha="center", fontsize=8)
    from matplotlib.patches import Patch

    ax1.legend(handles=[Patch(color=COLORS["nokia"], label="as first reported"),
                        Patch(color="#9fb3d9", label="restated or non-IFRS")])
    charts.thousands_axis(ax1, "Optical Networks net sales, EUR million")
    charts.year_axis(ax1, first, int(annual["year"].max()), step=1)
    ax1.set_title("Before Infinera: annual net sales", fontsize=11, loc="left")
    ax1.grid(axis="x", visible=False)
    for basis, part in growth.groupby("growth basis"):
        part = part.sort_values("period")
        ax2.bar([quarter_x(p) + (0.05 if "portfolio" in basis else -0.05) for p in part["period"]],
                part["value"], width=0.1, label=f"growth, {basis}")
        for _, r in part.iterrows():
            ax2.text(quarter_x(r["period"]) + (0.05 if "portfolio" in basis else -0.05),
                     r["value"] + 0.4, f"{r['value']:+g}%", ha="center", fontsize=8)
    xs = sorted(growth["period"].unique())
    ax2.set_xticks([quarter_x(p) for p in xs])
    ax2.set_xticklabels([p.replace("Q", " Q") for p in xs])
    ax2.set_ylabel("Year-on-year change, percent")
    ax2.set_title("After: quarterly growth", fontsize=11, loc="left")
    ax2.axhline(0, color="#333", linewidth=0.8)
    ax2.grid(axis="x", visible=False)
    handles = ax1.get_legend().legend_handles
    ax1.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.07), fontsize=8.5)
    rows_used = max(2, legend_below(ax2, ncol=1))
    ids = list(annual["source_id"]) + list(growth["source_id"])
    top = growth["value"].max() if not growth.empty else float("nan")
    low, high = annual["amount"].min() / 1000, annual["amount"].max() / 1000
    finish(fig, f"Optical Networks made EUR {low:.1f}-{high:.1f} billion a year before "
                f"Infinera; since the deal closed (Feb 2025) quarterly growth reached {top:g}%",
           charts.source_line(nb.ds, list(dict.fromkeys(ids))),
           subtitle="Constant currency and portfolio growth excludes Infinera, so it shows "
                    "the business Nokia already had", legend_rows=rows_used)
    return fig
