"""Group net sales as first published and as recast: the table, its words, its figure."""

from __future__ import annotations

import pandas as pd

from helpers import charts, data, figdata, metrics, series
from helpers.collapse.common import (
    FIRST,
    OWN_DOCUMENTS,
    SAME,
    UNIT,
    billions,
    empty_window,
    in_window,
    listing,
    lower_first,
    millions,
    perimeter_steps,
    plural,
    window_words,
    years_words,
)
from helpers.collapse.drawing import collapse_legend, mark_perimeters
from helpers.plotting import COLORS, PALETTE, finish, new_figure


def _document(source_id: str, facts: pd.DataFrame, sources) -> tuple[str, str]:
    """(how a sentence names the recasting document, the legend label of its series)."""
    row = sources.get(source_id) if sources is not None else None
    kind = row["kind"] if row is not None else "other"
    if kind in OWN_DOCUMENTS:
        own = facts[(facts["source_id"] == source_id) & (facts["entity"] == "nokia")]
        if not own.empty:
            name = f"{charts.SINGULAR[kind]} for FY{int(own['year'].max())}"
            return name, f"Recast in {name}"
    if row is not None:
        name = f"{row['publisher']} ({pd.Timestamp(row['date']):%b %Y})"
        return name, f"Recast, as quoted by {name}"
    return source_id, f"Recast in {source_id}"


def _with_printed(points: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """Keep the figure as the document printed it next to the plotted EUR value."""
    return points.assign(printed_value=rows["value"].to_numpy(),
                         printed_unit=rows["unit"].to_numpy())


def _same(a: float, b: float) -> bool:
    return abs(float(a) - float(b)) < SAME


def group_story(facts: pd.DataFrame, start: int, end: int, sources=None) -> figdata.Chart:
    """Group net sales as first published, each recasting document's figures apart.

    The first-published line breaks where the group's perimeter changes (the phones leave
    after FY2012, HERE after FY2014, Submarine Networks after FY2023), and at every year
    with no first-published figure. A recast is drawn as its own dashed series, one per
    recasting document, and only where it adds a figure: a recast that repeats the
    first-published value, or a value another recast already shows, is counted in the
    notes instead. The peak-to-trough of the title is measured within one perimeter.
    """
    sources = sources if sources is not None else data.load().sources
    first = in_window(series.first_reported(facts, "nokia", "net_sales"), start, end)
    first = first.assign(eur=series.in_eur(facts, first))
    recast = in_window(series.recasts(facts, "nokia", "net_sales"), start, end)
    recast = recast.assign(eur=series.in_eur(facts, recast))

    first_by_period = {r.period: (r.eur, r.perimeter) for r in first.itertuples()}
    repeats_first = recast.apply(
        lambda r: r["period"] in first_by_period
        and first_by_period[r["period"]][1] == r["perimeter"]
        and _same(first_by_period[r["period"]][0], r["eur"]), axis=1).astype(bool) \
        if not recast.empty else pd.Series(dtype=bool)
    fresh = recast[~repeats_first] if not recast.empty else recast
    # one drawn point per (period, perimeter, figure): the document that recast the most
    # periods keeps it, then the earliest published
    size = fresh.groupby("source_id")["period"].transform("count") if not fresh.empty \
        else pd.Series(dtype=int)
    fresh = fresh.assign(_size=-size).sort_values(["_size", "published", "source_id",
                                                   "period_end"])
    kept_index, seen = [], []
    for i, r in fresh.iterrows():
        if any(p == r["period"] and q == r["perimeter"] and _same(v, r["eur"])
               for p, q, v in seen):
            continue
        seen.append((r["period"], r["perimeter"], r["eur"]))
        kept_index.append(i)
    drawn = fresh.loc[kept_index].drop(columns="_size")

    colors = {FIRST: COLORS["nokia"]}
    palette = [c for c in PALETTE if c != COLORS["nokia"]]
    parts = [_with_printed(figdata.points(first, FIRST, y="eur", unit=UNIT), first)]
    order = drawn.sort_values(["published", "source_id"])["source_id"].drop_duplicates()
    for sid in order:
        rows = drawn[drawn["source_id"] == sid].sort_values("period_end")
        name, label = _document(sid, facts, sources)
        colors[label] = palette[(len(colors) - 1) % len(palette)]
        parts.append(_with_printed(figdata.points(rows, label, y="eur", unit=UNIT), rows)
                     .assign(document=name))
    table = figdata.finish_table(*parts)

    repeated = recast.loc[~recast.index.isin(kept_index)] if not recast.empty else recast
    fim = first[first["currency"] == "FIM"]
    numbers = _group_numbers(table, start, end)
    numbers["repeated_recasts"] = int(len(repeated))
    numbers["repeating_documents"] = int(repeated["source_id"].nunique()) \
        if not repeated.empty else 0
    numbers["fim_periods"] = list(fim["period"])
    numbers["fim_per_eur"] = series.fim_per_eur(facts) if not fim.empty else None

    notes = _group_notes(table, numbers)
    chart = figdata.Chart("group-net-sales", table, _group_title(numbers, start, end),
                          _group_subtitle(table, numbers), notes, numbers,
                          {"start": start, "end": end, "colors": colors})
    return chart


def _group_numbers(table: pd.DataFrame, start: int, end: int) -> dict:
    """Peak, trough within the peak's perimeter, and the window's lowest figure."""
    fp = table[table["label"] == FIRST].sort_values("x") if not table.empty else table
    numbers: dict = {"start": start, "end": end, "points": int(len(fp))}
    if fp.empty:
        return numbers
    peak = fp.loc[fp["y"].idxmax()]
    same = fp[(fp["perimeter"] == peak["perimeter"]) & (fp["x"] >= peak["x"])]
    trough = same.loc[same["y"].idxmin()]
    low = fp.loc[fp["y"].idxmin()]
    on_perimeter = fp[fp["perimeter"] == peak["perimeter"]]
    numbers.update({
        "peak_period": peak["period"], "peak": float(peak["y"]),
        "perimeter": peak["perimeter"],
        "perimeter_label": peak["perimeter_label"] or peak["perimeter"],
        "last_on_perimeter": on_perimeter.sort_values("x")["period"].iloc[-1],
        "trough_period": trough["period"], "trough": float(trough["y"]),
        "low_period": low["period"], "low": float(low["y"]),
        "low_perimeter": low["perimeter"],
        "low_perimeter_label": low["perimeter_label"] or low["perimeter"],
        # every window year without a first-published figure, edges included
        "gaps": [f"FY{y}" for y in range(start, end + 1) if f"FY{y}" not in set(fp["period"])],
    })
    if numbers["points"] >= 2 and trough["period"] != peak["period"]:
        fall = metrics.PeakToTrough(int(peak["x"]), float(peak["y"]), int(trough["x"]),
                                    float(trough["y"]))
        numbers.update({"decline_pct": fall.decline_pct, "years": fall.years,
                        "annual_rate_pct": fall.annual_rate_pct})
    return numbers


def _group_title(n: dict, start: int, end: int) -> str:
    empty = empty_window(start, end)
    if empty:
        return f"Nokia's group net sales: {empty}"
    if n["points"] == 0:
        return (f"No first-published figure of Nokia's group net sales in data/ for "
                f"{window_words(start, end)}")
    if n["points"] == 1:
        return (f"Nokia's group net sales as first published: {billions(n['peak'])} in "
                f"{n['peak_period']}; the window {window_words(start, end)} holds no other "
                "first-published year")
    title = (f"Nokia's net sales as first published were highest in {n['peak_period']} "
             f"at {billions(n['peak'])}")
    if "decline_pct" in n:
        title += (f" and {abs(n['decline_pct']):.0f}% "
                  f"{'lower' if n['decline_pct'] < 0 else 'higher'} in "
                  f"{n['trough_period']} on the same perimeter")
    else:
        title += ", with no later first-published year on the same perimeter"
    if n["low_perimeter"] != n["perimeter"]:
        title += (f"; the lowest first-published figure, {billions(n['low'])} in "
                  f"{n['low_period']}, is on another perimeter")
    return title


def _group_subtitle(table: pd.DataFrame, n: dict) -> str:
    if table.empty:
        return ""
    words = ["EUR million, fiscal years. Solid: as first published; dashed: recast by a "
             "later document. Peak to trough is measured within one perimeter."]
    if n.get("gaps"):
        words.append(f"No first-published figure in data/ for {listing(n['gaps'])}.")
    if n.get("fim_periods"):
        words.append(f"{listing(n['fim_periods'])} converted from Finnish markka at "
                     f"{n['fim_per_eur']:g} FIM per euro.")
    return " ".join(words)


def _group_notes(table: pd.DataFrame, n: dict) -> list[str]:
    notes = []
    for before, after, was, becomes in perimeter_steps(table, FIRST):
        notes.append(f"Perimeter changes between {before} and {after}: from '{was}' to "
                     f"'{becomes}'; the line is not joined across it.")
    if n.get("gaps"):
        notes.append(f"Missing first-published years: {listing(n['gaps'])}.")
    if n.get("repeated_recasts"):
        notes.append(f"{plural(n['repeated_recasts'], 'recast figure')} from "
                     f"{plural(n['repeating_documents'], 'document')} repeat a figure "
                     "already drawn and are not drawn again.")
    return notes


def group_overview(chart: figdata.Chart) -> pd.DataFrame:
    """The first-published points as a reader's table: period, value, perimeter, source."""
    t = chart.table
    if t.empty:
        return pd.DataFrame(columns=["period", "EUR million", "as printed", "perimeter",
                                     "source"])
    fp = t[t["label"] == FIRST]
    return pd.DataFrame({
        "period": fp["period"],
        "EUR million": fp["y"].round(0).astype(int),
        "as printed": [f"{v:,.6g} {u}" for v, u in zip(fp["printed_value"],
                                                        fp["printed_unit"], strict=True)],
        "perimeter": fp["perimeter_label"],
        "source": fp["source_id"],
    }).reset_index(drop=True)


def describe_group(chart: figdata.Chart) -> str:
    n = chart.numbers
    start, end = n["start"], n["end"]
    empty = empty_window(start, end)
    if empty:
        return f"The group chart has {empty}."
    if n["points"] == 0:
        return (f"data/ holds no first-published group net sales for "
                f"{window_words(start, end)}, so there is nothing to compare.")
    if n["points"] == 1:
        return (f"Only {n['peak_period']} has a first-published group figure in the window "
                f"({millions(n['peak'])}); a peak-to-trough needs at least two years.")
    text = (f"As first published, group net sales were highest in {n['peak_period']} "
            f"({millions(n['peak'])}, {lower_first(n['perimeter_label'])}).")
    if "decline_pct" in n:
        text += (f" On that perimeter the lowest later figure is {millions(n['trough'])} "
                 f"in {n['trough_period']}, {abs(n['decline_pct']):.0f}% "
                 f"{'lower' if n['decline_pct'] < 0 else 'higher'} "
                 f"({abs(n['annual_rate_pct']):.1f}% a year over {years_words(n['years'])}).")
    else:
        text += " No later first-published year in the window is on the same perimeter."
    if n["low_perimeter"] != n["perimeter"]:
        text += (f" The lowest first-published figure of the window, {millions(n['low'])} "
                 f"in {n['low_period']}, covers something else "
                 f"({lower_first(n['low_perimeter_label'])}), so comparing it with the peak "
                 "mixes a fall in sales with a change of what is counted.")
    recasts = chart.table[chart.table["basis"] == "restated"]["label"].nunique()
    if recasts:
        text += (f" {recasts} recasting document{'s' if recasts > 1 else ''} "
                 f"{'are' if recasts > 1 else 'is'} drawn dashed beside the "
                 "first-published line.")
    return text


def draw_group(chart: figdata.Chart, ds, events: pd.DataFrame | None = None):
    fig, ax = new_figure(9, 6.6)
    start, end = chart.extra["start"], chart.extra["end"]
    t = chart.table
    rows = 0
    if t.empty:
        charts.nothing_to_draw(ax, "Nothing to draw for these parameters.")
    else:
        charts.draw_lines(ax, t, colors=chart.extra["colors"])
        ax.set_ylim(0, t["y"].max() * 1.45)
        charts.thousands_axis(ax, "Net sales, EUR million")
        charts.fiscal_year_axis(ax, start, end)
        letters = mark_perimeters(ax, t[t["label"] == FIRST])
        if events is not None and not events.empty:
            charts.annotate_events(ax, events, start, end)
        rows = collapse_legend(ax, t, ncol=2, styles=False, extra=letters)
    finish(fig, chart.title, charts.source_line(ds, chart.sources()),
           subtitle=chart.subtitle, legend_rows=rows)
    return fig
