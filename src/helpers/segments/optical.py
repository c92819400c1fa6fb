"""Optical Networks before and after Infinera."""

from __future__ import annotations

import pandas as pd

from helpers import charts, figdata, series
from helpers.plotting import PALETTE, finish, new_figure
from helpers.segments.common import (
    BASIS_COLORS,
    GROWTH_BASES,
    GROWTH_UNIT,
    SALES_UNIT,
    date_words,
    empty_table,
    listing,
    nokia_rows,
    pct,
    quarter_name,
    segment_table,
    sentence,
    span,
    window_problem,
)
from helpers.segments.drawing import room_for_panel_titles, with_notes
from helpers.segments.group_growth import growth_rows


def optical_infinera(facts: pd.DataFrame, events: pd.DataFrame, first: int, last: int,
                     segment: str = "optical_networks") -> figdata.Chart:
    """Annual net sales of Optical Networks up to the event, quarterly growth after it.

    ``events`` are the rows data/annotations.csv names for this chart (the acquisition's
    completion); the first one splits before from after. Bars: one per fiscal year (basis
    shown by the fill), and per quarter one bar per growth basis.
    """
    name = "optical-infinera"
    who = charts.label(segment)
    event = events.sort_values("date").iloc[0] if events is not None and len(events) else None
    numbers = {"empty": True, "segment": segment}
    if first > last:
        return figdata.Chart(name, empty_table(), window_problem(first, last, "the chart"),
                             numbers=numbers, extra={"event": None})
    if event is None:
        return figdata.Chart(name, empty_table(), "data/annotations.csv names no event for "
                             "this chart, so there is no before and after to draw",
                             numbers=numbers, extra={"event": None})
    when = pd.Timestamp(event["date"])
    sales = nokia_rows(facts, ["net_sales"], [segment], "annual", first, last)
    sales = series.choose(sales[pd.to_datetime(sales["period_end"]) < when],
                          by=("perimeter",))
    sales = sales.assign(eur=series.in_eur(facts, sales))
    growth = growth_rows(facts, [segment], first, last)
    growth = growth[pd.to_datetime(growth["period_end"]) > when]
    parts = [figdata.points(sales, "Net sales", y="eur", unit=SALES_UNIT, mark="bar")
             .assign(segment=segment, panel="annual")]
    for basis in GROWTH_BASES.values():
        part = growth[growth["growth_basis"] == basis]
        if not part.empty:
            parts.append(figdata.points(part, f"Growth, {basis}", y="value", unit=GROWTH_UNIT,
                                        mark="bar")
                         .assign(segment=segment, panel="quarterly", growth_basis=basis))
    table = segment_table(*parts)
    event_words = f"{event['title']} ({date_words(when)})"
    numbers.update(event=event_words, event_date=date_words(when), event_title=event["title"])
    annual = table[table["panel"] == "annual"]
    after = table[table["panel"] == "quarterly"]
    pieces = []
    if annual.empty:
        pieces.append(f"data/ has no annual {who} net sales before {date_words(when)} "
                      f"in {span(first, last)}")
    else:
        lo, hi = annual["y"].min() / 1000, annual["y"].max() / 1000
        a, b = int(annual["x"].min()), int(annual["x"].max())
        amount = (f"EUR {lo:.1f} billion" if f"{lo:.1f}" == f"{hi:.1f}"
                  else f"EUR {lo:.1f}-{hi:.1f} billion")
        pieces.append(f"{who} sold {amount} a year in {span(a, b)}")
        numbers.update(low=lo, high=hi, first_year=a, last_year=b)
    if after.empty:
        pieces.append(f"data/ has no quarterly growth for it after {date_words(when)} up to "
                      f"{last}")
    else:
        counts = after["growth_basis"].value_counts()
        order = list(GROWTH_BASES.values())
        basis = max(counts.index, key=lambda b: (counts[b], order.index(b)))
        values = after[after["growth_basis"] == basis]["y"]
        quarters = after[after["growth_basis"] == basis]["x_label"].tolist()
        if len(values) == 1:
            rng = f"was {pct(values.iloc[0])} in {quarters[0]}"
        elif values.min() == values.max():
            rng = f"was {pct(values.iloc[0])} in each of {len(values)} quarters"
        else:
            rng = (f"ranged from {pct(values.min())} to {pct(values.max())} over "
                   f"{len(values)} quarters")
        pieces.append(f"after {date_words(when)} ({event['title']}) its quarterly growth "
                      f"({basis}) {rng}")
        numbers.update(basis=basis, growth=[
            (r["x_label"], r["growth_basis"], float(r["y"])) for _, r in
            after.sort_values(["x", "growth_basis"]).iterrows()])
    numbers["empty"] = table.empty
    notes = []
    if not after.empty:
        idx = sorted({figdata.period_index(p) for p in after["period"]})
        missing = [figdata.period_label(quarter_name(i)) for i in range(idx[0], idx[-1] + 1)
                   if i not in idx]
        if missing:
            notes.append(f"no growth figure in data/ for {listing(missing)}")
    title = sentence("; ".join(pieces))
    subtitle = (f"Left: {who} net sales per fiscal year before {date_words(when)}, EUR million "
                f"(fill shows the basis). Right: year-on-year growth per quarter after it, "
                f"percent, for quarters ending after it, one bar per growth basis")
    return figdata.Chart(name, table, title, subtitle, notes, numbers,
                         extra={"event": event_words})


BASIS_FILL = {"as_reported": {"alpha": 1.0, "hatch": None},
              "restated": {"alpha": 0.55, "hatch": "//"},
              "non_ifrs": {"alpha": 0.35, "hatch": ".."},
              "estimate": {"alpha": 0.25, "hatch": "xx"}}


def draw_optical_infinera(chart: figdata.Chart, ds):
    from matplotlib.patches import Patch

    table = chart.table
    fig, (ax1, ax2) = new_figure(11.5, 5.6, 1, 2, gridspec_kw={"width_ratios": [1.4, 1]})
    annual = table[table["panel"] == "annual"]
    after = table[table["panel"] == "quarterly"]
    ax1.set_title(f"Before {chart.numbers.get('event_date', 'the event')}: annual net sales",
                  fontsize=11, loc="left")
    ax2.set_title("After: quarterly growth", fontsize=11, loc="left")
    rows_used = 0
    if annual.empty:
        charts.nothing_to_draw(ax1, "No annual net sales in data/ for these years")
    else:
        color = PALETTE[0]
        for basis, part in annual.groupby("basis", sort=False):
            style = BASIS_FILL.get(basis, BASIS_FILL["as_reported"])
            ax1.bar(part["x"], part["y"], width=0.7, color=color, alpha=style["alpha"],
                    hatch=style["hatch"], edgecolor=color)
        for _, r in annual.iterrows():
            ax1.text(r["x"], r["y"] * 1.01, f"{r['y']:,.0f}", ha="center", va="bottom",
                     fontsize=8)
        ax1.set_ylim(0, annual["y"].max() * 1.15)
        charts.thousands_axis(ax1, "Net sales, EUR million")
        charts.fiscal_year_axis(ax1, int(annual["x"].min()), int(annual["x"].max()), step=1)
        ax1.grid(axis="x", visible=False)
        handles = [Patch(facecolor=PALETTE[0], alpha=BASIS_FILL[b]["alpha"],
                         hatch=BASIS_FILL[b]["hatch"], edgecolor=PALETTE[0],
                         label=series.BASIS_WORDS[b])
                   for b in BASIS_FILL if b in set(annual["basis"])]
        ax1.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.07),
                   fontsize=8.5)
        rows_used = len(handles)
    if after.empty:
        charts.nothing_to_draw(ax2, "No quarterly growth in data/ after the event for these years")
    else:
        bases = [b for b in GROWTH_BASES.values() if b in set(after["growth_basis"])]
        width = 0.22 / len(bases)
        for i, basis in enumerate(bases):
            part = after[after["growth_basis"] == basis]
            xs = part["x"] + (i - (len(bases) - 1) / 2) * width
            ax2.bar(xs, part["y"], width=width * 0.95, color=BASIS_COLORS[basis],
                    label=f"Growth, {basis}")
            for x, value in zip(xs, part["y"], strict=True):
                ax2.text(x, value + (0.4 if value >= 0 else -0.4), pct(value)[:-1],
                         ha="center",
                         va="bottom" if value >= 0 else "top", fontsize=8)
        charts.quarter_axis(ax2, after)
        ax2.set_xlim(after["x"].min() - 0.2, after["x"].max() + 0.2)
        ax2.axhline(0, color="#333", linewidth=0.8)
        low, high = min(after["y"].min(), 0), max(after["y"].max(), 0)
        ax2.set_ylim(low - 2 - abs(low) * 0.1, high + 2 + abs(high) * 0.15)
        ax2.set_ylabel("Year-on-year change, percent")
        ax2.grid(axis="x", visible=False)
        handles, labels = ax2.get_legend_handles_labels()
        ax2.legend(handles, labels, loc="upper left", bbox_to_anchor=(0.0, -0.16),
                   fontsize=8.5)
        rows_used = max(rows_used, len(labels) + 1)
    finish(fig, chart.title, charts.source_line(ds, chart.sources()),
           subtitle=with_notes(chart.subtitle, chart.notes), legend_rows=rows_used)
    room_for_panel_titles(fig)
    return fig


def describe_optical_infinera(chart: figdata.Chart) -> str:
    n = chart.numbers
    if "growth" not in n:
        return chart.title + "."
    listed = "; ".join(f"{q} {pct(v)} ({b})" for q, b, v in n["growth"])
    text = (f"{charts.label(n['segment'])} growth after {n['event_date']} "
            f"({n['event_title']}), as printed: {listed}.")
    bases = {b for _, b, _ in n["growth"]}
    if "constant currency and portfolio" in bases:
        text += (" Constant currency and portfolio growth leaves acquisitions out, so it "
                 "measures the business without what was acquired.")
    return text
