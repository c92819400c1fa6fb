"""Where Nokia's euros went between two years: sold, bought, and the change of what it kept.

The seed articles set EUR 51 billion against EUR 20 billion as one fall. Part of the gap was
never lost but sold (phones, maps, submarine cables), and part of today's company was bought
(Alcatel-Lucent, Infinera). The bridge itemises each business in ``data/portfolio.csv`` that
changed hands between the two years, at its net sales in its last full year in the group
(sold) or before consolidation (bought), each a cited fact. What remains between the two
printed levels is the change of the businesses Nokia kept, with everything the data cannot
itemise (a deal without a sourced figure, currency): it is computed as the rest, never typed.
Timing follows the deals: a bought business's growth after it joined counts as the change of
what Nokia kept, a sold business's decline before it left likewise.
"""

from __future__ import annotations

import math

import pandas as pd

from helpers import figdata, series, words
from helpers.collapse.common import UNIT
from helpers.competitors.amounts import in_currency

KINDS = ("start", "sold", "bought", "currency", "organic", "other", "end")


def in_bridge(portfolio: list[dict], start: int, end: int) -> list[dict]:
    """The deals that took effect after the start year and by the end year, sold first."""
    chosen = [p for p in portfolio if start < int(p["year"]) <= end]
    return sorted(chosen, key=lambda p: (p["change"] != "sold", int(p["year"])))


def peak_year(facts: pd.DataFrame) -> int:
    """The fiscal year of Nokia's highest printed group net sales (the bridge's default
    start)."""
    rows = series.pick(facts, "nokia", "total", "net_sales")
    rows = rows[rows["basis"] == "as_reported"]
    amounts = series.in_eur(facts, rows)
    return int(str(rows.loc[amounts.idxmax(), "period"])[2:])


def _level(facts: pd.DataFrame, year: int) -> pd.Series | None:
    """Group net sales of a fiscal year as printed (the one basis rule), in EUR million."""
    rows = series.pick(facts, "nokia", "total", "net_sales")
    return _in_eur(facts, rows[(rows["period"] == f"FY{year}")
                               & (rows["basis"] == "as_reported")])


def _in_eur(facts: pd.DataFrame, rows: pd.DataFrame) -> pd.Series | None:
    """The first of ``rows`` with ``eur`` (EUR million: markka at the fixed rate, dollars at
    the ECB's mean over the fiscal year) and ``rate`` (NaN where none was needed); the
    row keeps its own document."""
    if rows.empty:
        return None
    priced = in_currency(facts, rows.iloc[[0]], "EUR").iloc[0]
    row = rows.iloc[0].copy()
    row["eur"], row["rate"] = float(priced["converted"]), float(priced["rate"])
    return row


def _sales(facts: pd.DataFrame, deal: dict) -> pd.Series | None:
    """The business's sales fact named by the portfolio row, in EUR million."""
    if not deal.get("sales_entity"):
        return None
    rows = series.pick(facts, deal["sales_entity"], deal["sales_segment"], "net_sales")
    return _in_eur(facts, rows[rows["period"] == deal["sales_period"]])


def _bar(kind: str, label: str, y: float, period: str = "", source_id: str = "",
         locator: str = "", link: str = "", basis: str = "") -> dict:
    return {"kind": kind, "label": label, "y": y, "period": period, "source_id": source_id,
            "locator": locator, "link": link, "basis": basis}


def bridge_story(facts: pd.DataFrame, portfolio: list[dict], start: int,
                 end: int) -> figdata.Chart:
    """The bridge as a table, one row per bar, and its sentence."""
    first, last = _level(facts, start), _level(facts, end)
    if first is None or last is None or start >= end:
        missing = [words.fy(y) for y, r in ((start, first), (end, last)) if r is None]
        why = (f"no printed group net sales for {words.listing(missing)}" if missing
               else f"{words.fy(start)} is not before {words.fy(end)}")
        return figdata.Chart("revenue-bridge", pd.DataFrame(columns=[*figdata.COLUMNS, "kind"]),
                             title=f"No bridge to draw: {why}", finding=f"No bridge: {why}.")
    bars = [_bar("start", f"{words.fy(start)}, as printed", first["eur"], f"FY{start}",
                 first["source_id"], first["locator"], basis=first["basis"])]
    unlisted = []
    for deal in in_bridge(portfolio, start, end):
        row = _sales(facts, deal)
        if row is None:
            unlisted.append(f"{deal['business']} ({deal['change']} {deal['year']})")
            continue
        sign = -1 if deal["change"] == "sold" else 1
        what = f"{deal['business']}, {deal['change']} {deal['year']} ({row['period']} sales)"
        rate = "" if math.isnan(row["rate"]) else \
            f"; USD converted at {row['rate']:.4f} per EUR, the ECB's mean over the year"
        bars.append(_bar(deal["change"], what, sign * row["eur"], row["period"],
                         row["source_id"], row["locator"] + rate, basis=row["basis"]))
    itemised = sum(b["y"] for b in bars[1:])
    rest = last["eur"] - first["eur"] - itemised
    # organic only when every deal in the span is itemised; else the rest holds those too
    kind, rest_label = ("organic", "What Nokia kept (organic)") if not unlisted else \
        ("other", "What Nokia kept, and deals not itemised")
    # computed, not typed: its documents are those of the two levels it is computed from
    bars.append(_bar(kind, rest_label, rest, f"FY{start}-FY{end}",
                     f"{first['source_id']};{last['source_id']}",
                     f"computed: {words.fy(end)} less {words.fy(start)} less the bars itemised"))
    bars.append(_bar("end", f"{words.fy(end)}, as printed", last["eur"], f"FY{end}",
                     last["source_id"], last["locator"], basis=last["basis"]))
    table = _table(bars)
    numbers = {"start": first["eur"], "end": last["eur"], "start_year": start, "end_year": end,
               "sold": sum(b["y"] for b in bars if b["kind"] == "sold"),
               "bought": sum(b["y"] for b in bars if b["kind"] == "bought"),
               "rest": rest, "unlisted": unlisted}
    notes = ["Each sold business at its net sales in its last full year in the group with a "
             "printed figure, each bought one in its last full year before consolidation "
             "(data/portfolio.csv); a bought business's later growth counts in the rest."]
    if unlisted:
        notes.append("Not itemised, no sourced figure: " + words.listing(unlisted)
                     + "; they sit in the rest, with currency effects.")
    return figdata.Chart.told("revenue-bridge", table, bridge_words,
                              subtitle="Nokia's group net sales, EUR million: the printed "
                                       "levels, businesses sold and bought, and the rest",
                              numbers=numbers, notes=notes)


def _table(bars: list[dict]) -> pd.DataFrame:
    rows = []
    for i, b in enumerate(bars):
        rows.append({"line": b["label"], "label": b["label"], "mark": "bar", "x": i,
                     "x_label": b["period"], "period": b["period"], "period_end": "",
                     "y": b["y"], "unit": UNIT, "basis": b["basis"], "perimeter": "",
                     "perimeter_label": "", "source_id": b["source_id"],
                     "locator": b["locator"], "link": b["link"], "kind": b["kind"]})
    return pd.DataFrame(rows, columns=[*figdata.COLUMNS, "kind"])


def bridge_words(n: dict) -> tuple[str, str]:
    """Title and finding: the two printed levels and the split of the gap between them."""
    span = f"{words.fy(n['start_year'])} to {words.fy(n['end_year'])}"
    title = (f"From {span}, {words.money(-n['sold'])} left with businesses sold and "
             f"{words.money(n['bought'])} came with businesses bought; what Nokia kept "
             f"{'shrank' if n['rest'] < 0 else 'grew'} by {words.money(abs(n['rest']))}")
    finding = (f"Nokia's printed net sales went from {words.money(n['start'])} in "
               f"{words.fy(n['start_year'])} to {words.money(n['end'])} in "
               f"{words.fy(n['end_year'])}: businesses sold took {words.money(-n['sold'])}, "
               f"businesses bought added {words.money(n['bought'])}, and what Nokia kept "
               f"{'shrank' if n['rest'] < 0 else 'grew'} by {words.money(abs(n['rest']))}.")
    return title, finding


def check(table: pd.DataFrame) -> float:
    """How far the start plus the bars misses the end, as a share of the end (0 when the
    bridge adds up)."""
    start = table.loc[table["kind"] == "start", "y"].sum()
    end = table.loc[table["kind"] == "end", "y"].sum()
    steps = table.loc[~table["kind"].isin(["start", "end"]), "y"].sum()
    return abs(start + steps - end) / abs(end) if end else math.inf


# from the house's colour-blind-safe set: levels in Nokia's blue, sold red, bought green
_HUES = {"start": "blue", "end": "blue", "sold": "vermilion", "bought": "green",
         "organic": "grey", "currency": "yellow", "other": "grey"}


def draw_bridge(c: figdata.Chart, ds):
    """A waterfall: the two levels as full bars, each step floating from where the one
    before ended, its value written beside it."""
    import matplotlib.pyplot as plt
    from matplotlib import ticker

    from helpers import draw, plotting

    plotting.use_house_style()
    t = c.table
    width = draw.WIDTH
    text_w = width - 0.35
    title = draw.wrap(c.title, text_w, draw.TITLE_SIZE, True)[:3]
    sub = draw.wrap(c.subtitle, text_w, draw.SUBTITLE_SIZE)
    notes = [line for n in c.notes for line in draw.wrap(n, text_w, 8.5)]
    source = draw.wrap(plotting.source_line(ds, c.sources()), text_w, draw.SOURCE_SIZE)
    plot_h = 3.6
    head = 0.3 * len(title) + 0.22 * len(sub) + 0.35
    foot = 1.2 + 0.17 * (len(notes) + len(source))
    height = head + plot_h + foot
    fig = plt.figure(figsize=(width, height), dpi=plt.rcParams["savefig.dpi"])
    y = height - 0.2
    for line in title:
        y -= 0.3
        fig.text(0.15 / width, y / height, line, fontsize=draw.TITLE_SIZE, fontweight="bold",
                 color="#1d2733")
    for line in sub:
        y -= 0.22
        fig.text(0.15 / width, y / height, line, fontsize=draw.SUBTITLE_SIZE, color="#444")
    ax = fig.add_axes([0.9 / width, foot / height, (width - 1.2) / width, plot_h / height])
    if t.empty:
        ax.axis("off")
        ax.text(0.5, 0.5, c.finding, ha="center", va="center", transform=ax.transAxes)
        return fig
    level = 0.0
    for row in t.itertuples(index=False):
        if row.kind in ("start", "end"):
            bottom, top = 0.0, row.y
            level = row.y
        else:
            bottom, top = level, level + row.y
            level = top
        ax.bar(row.x, top - bottom, 0.62, bottom=bottom, color=plotting.SAFE[_HUES[row.kind]],
               alpha=0.6 if row.kind == "other" else 1.0, zorder=3)
        shown = row.y if row.kind in ("start", "end") else row.y
        sign = "" if row.kind in ("start", "end") else ("+" if row.y > 0 else "-")
        ax.text(row.x, max(bottom, top) + t["y"].abs().max() * 0.015,
                f"{sign}{abs(shown):,.0f}", ha="center", va="bottom", fontsize=8.5,
                color="#222", zorder=4)
    ax.set_xticks(list(t["x"]))
    ax.set_xticklabels([_two_lines(label) for label in t["label"]], fontsize=8)
    ax.set_ylabel(UNIT)
    ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylim(0, t.loc[t["kind"] != "end", "y"].cumsum().max() * 1.1)
    y = foot - 0.95
    for line in notes:
        fig.text(0.15 / width, y / height, line, fontsize=8.5, color="#333")
        y -= 0.17
    for line in source:
        fig.text(0.15 / width, y / height, line, fontsize=draw.SOURCE_SIZE, color="#555")
        y -= 0.17
    return fig


def _two_lines(label: str) -> str:
    """A bar's name in short lines under the axis: the business, then the deal, then which
    year's sales it stands at."""
    head, _, tail = label.partition(", ")
    if not tail:
        head, _, tail = label.partition(" (")
        tail = f"({tail}" if tail else ""
    deal, _, year = tail.partition(" (")
    parts = [head, deal, f"({year}" if year else ""]
    return "\n".join(p for p in parts if p)
