"""Group net sales as printed, and on the same perimeter, chained: how far the revenue fell,
and how much of the fall was sales rather than businesses leaving the count."""

from __future__ import annotations

import pandas as pd

from helpers import chain, draw, figdata, metrics, plotting, series, words
from helpers.collapse.common import UNIT, in_window, window_problem

PRINTED = "As printed"
LIKE = "Same perimeter, chained"


def group_rows(facts: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Every group net-sales fact in the window, FIM turned into EUR (``eur``)."""
    rows = in_window(series.select(facts, "nokia", "net_sales"), start, end)
    return rows.assign(eur=series.in_eur(facts, rows))


def group_story(facts: pd.DataFrame, start: int, end: int) -> figdata.Chart:
    """Two views of one series. Top: each year as printed (first published, else the
    earliest recast), a line breaking wherever what the total covers changes. Bottom: the
    year-on-year changes that one document (or one perimeter) measures, chained into an
    index with the printed peak = 100, so it runs through the sale of the phones while no
    step compares two perimeters; years no link reaches from the peak are left out."""
    rows = group_rows(facts, start, end)
    printed = chain.record(rows, "eur")
    table_parts = [figdata.points(printed, PRINTED, y="eur", unit=UNIT).assign(panel="printed")]
    n: dict = {"start": start, "end": end, "points": len(printed)}
    if not printed.empty:
        peak = printed.loc[printed["eur"].idxmax()]
        linked = chain.chained(rows, "eur", base=peak["period"])
        piece = linked[linked["index"].notna()]
        table_parts.append(figdata.chained_points(piece, LIKE, "index", "index, peak = 100")
                           .assign(panel="like", printed=piece["eur"].to_numpy()))
        n.update(_numbers(printed, piece, peak, linked))
    table = figdata.finish_table(*table_parts)
    subtitle = ("Nokia's group net sales. Top: as printed, EUR million (first published; "
                "hollow: a later recast where that is all there is). Bottom: each year's "
                "change measured on one perimeter, chained"
                + (f", {n['peak']} = 100" if "peak" in n else "") + _markka(n, facts))
    return figdata.Chart.told("group-net-sales", table, group_words, subtitle, numbers=n,
                              notes=_notes(n, facts),
                              extra={"links": chain.links(rows, "eur"), "printed": printed})


def _numbers(printed: pd.DataFrame, piece: pd.DataFrame, peak, linked) -> dict:
    last = piece.iloc[-1]
    after = printed[printed["period"] > peak["period"]]
    same = printed[printed["perimeter"] == peak["perimeter"]]
    n = {"peak": peak["period"], "peak_value": float(peak["eur"]),
         "like_last": last["period"], "like_index": float(last["index"]),
         "printed_at_like_last": float(printed.set_index("period").loc[last["period"], "eur"]),
         "last_same_perimeter": same["period"].iloc[-1],
         "crossings": chain.crossings(piece).to_dict("records"),
         "unlinked": [(a, b) for a, b in chain.breaks(linked) if b > peak["period"]]}
    if not after.empty:
        low = after.loc[after["eur"].idxmin()]
        n.update(low=low["period"], low_value=float(low["eur"]),
                 low_perimeter=low["perimeter_label"])
    n["printed_change"] = metrics.change_pct(n["peak_value"], n["printed_at_like_last"])
    n["like_change"] = n["like_index"] - 100
    return n


def group_words(n: dict) -> tuple[str, str]:
    """The title and the finding, from the same numbers."""
    if n["start"] > n["end"]:
        text = window_problem(n["start"], n["end"])
        return f"Nokia's group net sales: {text}", words.sentence(text) + "."
    if not n["points"]:
        text = f"no group net sales in data/ for {words.span(n['start'], n['end'])}"
        return words.unanswered(text)
    peak, last = n["peak"], n["like_last"]
    if last == peak:
        title = (f"Nokia's group net sales peaked at {words.money(n['peak_value'])} in {peak}, "
                 "the last year the window shows on the same perimeter, chained")
        return title, title + "."
    title = (f"From the {peak} peak to {last} Nokia's sales fell "
             f"{abs(n['printed_change']):.0f}% as printed and {abs(n['like_change']):.0f}% "
             "on the same perimeter, chained")
    if n["printed_change"] >= 0 or n["like_change"] >= 0:
        title = (f"From {peak} to {last} Nokia's sales changed "
                 f"{words.pct(n['printed_change'])} as printed and "
                 f"{words.pct(n['like_change'])} on the same perimeter, chained")
    finding = (f"Nokia's group net sales peaked at {words.money(n['peak_value'])} in {peak}. "
               f"Printed figures for {last} show {words.money(n['printed_at_like_last'])}, "
               f"{abs(n['printed_change']):.0f}% less; chaining the year-on-year changes that "
               f"each document measures on one perimeter gives {abs(n['like_change']):.0f}% "
               "less.")
    if n["crossings"]:
        moves = [f"from {c['next']} the changes are measured on "
                 f"{words.lower_first(c['after'])}" for c in n["crossings"]]
        finding += (" The difference is what stopped being counted: " + "; ".join(moves)
                    + ".")
    if n["unlinked"]:
        a, b = n["unlinked"][0]
        finding += (f" No document prints {a} and {b} on one perimeter, so later years cannot "
                    f"be set against {peak} on one perimeter.")
    return title, finding


def _notes(n: dict, facts: pd.DataFrame) -> list[str]:
    notes = []
    if n.get("unlinked"):
        a, b = n["unlinked"][0]
        notes.append(f"The same-perimeter chain ends at {n['like_last']}: no document prints "
                     f"{a} and {b} on one perimeter")
    return notes


def _markka(n: dict, facts: pd.DataFrame) -> str:
    """How FY1998, typed in Finnish markka, became euros: said in the subtitle, with the
    method, not in the key."""
    fim = facts[(facts["metric"] == "fim_per_eur")]
    if n["start"] <= 1998 and not fim.empty:
        return (f"; FY1998 converted from Finnish markka at {fim['value'].iloc[0]:g} FIM "
                "per euro")
    return ""


PANELS = [draw.Panel("printed", "As printed", "EUR million"),
          draw.Panel("like", "Same perimeter, chained", "Index, peak = 100", height=2.8,
                     labels=False)]


def draw_group(chart: figdata.Chart, ds, events: pd.DataFrame | None = None):
    return draw.chart(chart, ds, PANELS, draw.event_marks(events),
                      colors={PRINTED: plotting.COMPANY["nokia"], LIKE: plotting.COMPANY["nokia"]})


def group_overview(chart: figdata.Chart) -> pd.DataFrame:
    """Each year: printed EUR million, its perimeter and source, and the chained index."""
    t = chart.table
    printed = t[t["panel"] == "printed"].set_index("period")
    like = t[t["panel"] == "like"].set_index("period")["y"]
    return pd.DataFrame({
        "EUR million, as printed": printed["y"].round(0).astype(int).to_numpy(),
        "basis": printed["basis"].map(series.BASIS_WORDS).to_numpy(),
        "covers": printed["perimeter_label"].to_numpy(),
        "document": printed["source_id"].to_numpy(),
        "same perimeter, chained": [f"{like[p]:.1f}" if p in like.index else ""
                                    for p in printed.index],
    }, index=pd.Index(printed.index, name="year"))
