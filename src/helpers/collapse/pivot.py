"""Did the pivot to networks work? The network business before the phones were sold,
against the company after it, on one basis, with what was bought in between named."""

from __future__ import annotations

import math

import pandas as pd

from helpers import chain, metrics, words
from helpers.collapse.group import group_rows


def pivot_words(facts: pd.DataFrame, businesses, acquisitions: pd.DataFrame) -> str:
    """``acquisitions`` are the events data/annotations.csv names for 'pivot'; a year in
    which one was consolidated is left out of the like-for-like growth, since its change
    is mostly the business bought."""
    nets = businesses.table[(businesses.table["label"] == "Network business")]
    nets = nets[nets["printed_basis"].isin(["as_reported", "restated"])] \
        if "printed_basis" in nets else nets.iloc[0:0]
    phones = businesses.table[businesses.table["label"] == "Phone business"]
    if nets.empty or phones.empty:
        return ("The tables do not hold the network business before the phones were sold, "
                "so the pivot cannot be measured here.")
    before = nets.sort_values("x").iloc[-1]
    sold = int(phones["x"].max())
    rows = group_rows(facts, sold + 1, 9999)
    linked = chain.chained(rows, "eur")
    if linked.empty:
        return "data/ holds no group figure after the phones were sold."
    last = linked.iloc[-1]
    piece = linked[linked["piece"] == last["piece"]]
    bought = {int(pd.Timestamp(d).year): t for d, t in zip(acquisitions["date"],
                                                           acquisitions["title"], strict=True)}
    steps = piece.dropna(subset=["change"])
    organic = [c for y, c in zip(steps["year"], steps["change"], strict=True) if y not in bought]
    change = metrics.change_pct(1.0, math.prod(organic)) if organic else math.nan
    grew = metrics.change_pct(before["printed"], last["eur"])
    named = [f"{t}, {words.fy(y)}" for y, t in sorted(bought.items())
             if piece["year"].min() <= y <= last["year"]]
    text = (f"As a network company Nokia printed {words.money(last['eur'])} for "
            f"{last['period']}, {abs(grew):.0f}% {'more' if grew >= 0 else 'less'} than its "
            f"network business before the phones were sold ({words.money(before['printed'])}"
            f" for {before['period']}, {before['perimeter_label']}; both as reported)")
    if named and organic:
        text += (f", but acquisitions bought the growth: leaving out the years in which one was "
                 f"consolidated ({'; '.join(named)}), the like-for-like changes from "
                 f"{piece['period'].iloc[0]} to {last['period']} compound to "
                 f"{words.pct(change)}")
    elif organic:
        text += (f"; like for like, from {piece['period'].iloc[0]} to {last['period']}, sales "
                 f"changed {words.pct(change)}")
    return text + "."
