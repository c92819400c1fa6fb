"""Did the pivot to networks work? The network business before the phones were sold,
against the company after it, on one basis, with what was bought in between named."""

from __future__ import annotations

import math

import pandas as pd

from helpers import chain, metrics, words
from helpers.collapse.group import group_rows


def pivot_words(facts: pd.DataFrame, businesses, acquisitions: pd.DataFrame) -> str:
    """``acquisitions`` are the events data/annotations.csv names for 'pivot'; a year in
    which one was consolidated is left out of the same-perimeter growth, since its change
    is mostly the business bought. The answer comes first, in one sentence."""
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
    years = [words.fy(y) for y in sorted(bought) if piece["year"].min() <= y <= last["year"]]
    named = [f"{t} ({words.fy(y)})" for y, t in sorted(bought.items())
             if piece["year"].min() <= y <= last["year"]]
    span = f"from {piece['period'].iloc[0]} to {last['period']}"
    printed = (f"As printed, {last['period']}'s {words.money(last['eur'])} is {abs(grew):.0f}% "
               f"{'more' if grew >= 0 else 'less'} than the network business made in "
               f"{before['period']} ({before['perimeter_label']}, "
               f"{words.money(before['printed'])}).")
    if years and organic:
        verdict = "Not without acquisitions" if change < 0 <= grew else \
            ("Yes, also without acquisitions" if change >= 0 else "No")
        return (f"{verdict}: leaving out {words.listing(years)}, the years an acquisition was "
                f"consolidated, Nokia's same-perimeter sales changed {words.pct(change)} "
                f"{span}. {printed} Acquisitions: {'; '.join(named)}.")
    if organic:
        return (f"Nokia's same-perimeter sales changed {words.pct(change)} {span}. {printed}")
    return printed
