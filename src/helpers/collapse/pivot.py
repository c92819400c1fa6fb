"""Did the pivot to networks work? The network business before the phones were sold,
against the company after it, on one basis, with what was bought in between named."""

from __future__ import annotations

import math

import pandas as pd

from helpers import chain, words
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
    change = (math.prod(organic) - 1) * 100 if organic else math.nan
    text = (f"Before the phones were sold, the network business printed "
            f"{words.money(before['printed'])} for {before['period']} "
            f"({before['perimeter_label']}, as reported). For {last['period']} the whole "
            f"company, selling networks, printed {words.money(last['eur'])}, also as reported")
    named = [f"{t}, {words.fy(y)}" for y, t in sorted(bought.items())
             if piece["year"].min() <= y <= last["year"]]
    if named:
        text += ", but it bought part of that (" + "; ".join(named) + ")"
    if organic:
        text += (f". Leaving out the years in which an acquisition was consolidated, the "
                 f"like-for-like changes from {piece['period'].iloc[0]} to {last['period']} "
                 f"compound to {words.pct(change)}")
    return text + "."
