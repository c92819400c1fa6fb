"""Check the articles' dates (who led Nokia when, when a strategy was adopted) against events.

A date claim carries no number to compare in points or percent, so it is judged on its own
terms: it holds when the sourced event falls inside the period the article names, at the
precision the article uses ("in 2011" is any day of 2011, "in April 2025" any day of that
month). When it misses, the verdict says by how much, in the article's own unit.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from helpers.claims import CONTRADICTED, SUPPORTED, UNVERIFIABLE

COLUMNS = ["claim_id", "seed_file", "paraphrase", "claimed", "event_date", "event",
           "data_say", "verdict", "off_by", "sources", "locator"]

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def spoken(claimed: str) -> str:
    """'2025-04' -> 'April 2025', as a reader would write it."""
    parts = claimed.split("-")
    if len(parts) == 1:
        return parts[0]
    month = _MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def _when(happened: dt.date, claimed: str, holds: bool) -> str:
    """The sourced date, no more precise than the claim when it holds: some events are known
    only to the year (dated 1 January by convention), and a day would claim too much."""
    if holds:
        return spoken(happened.isoformat()[: len(claimed)])
    return f"{happened.day} {happened:%B %Y}"


def _miss(claimed: str, happened: dt.date) -> str:
    """How far the event lies from the claimed period, counted in the claim's own unit."""
    parts = [int(p) for p in claimed.split("-")]
    if len(parts) == 1:
        off, unit = happened.year - parts[0], "year"
    elif len(parts) == 2:
        off, unit = (happened.year - parts[0]) * 12 + happened.month - parts[1], "month"
    else:
        off, unit = (happened - dt.date(*parts)).days, "day"
    return f"{abs(off)} {unit}{'s' if abs(off) != 1 else ''} {'later' if off > 0 else 'earlier'}"


def check_all(dated: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """One verdict a claim: supported when the event's date starts with the claimed date."""
    by_id = {e["event_id"]: e for _, e in events.iterrows()}
    rows = []
    for _, claim in dated.iterrows():
        claimed = claim["claimed_date"]
        event = by_id.get(claim["event_id"])
        base = {"claim_id": claim["claim_id"], "seed_file": claim["seed_file"],
                "paraphrase": claim["paraphrase"], "claimed": spoken(claimed)}
        if event is None:
            rows.append({**base, "event_date": "", "event": "", "data_say": "no sourced event",
                         "verdict": UNVERIFIABLE, "off_by": "", "sources": "", "locator": ""})
            continue
        happened = pd.Timestamp(event["date"]).date()
        holds = happened.isoformat().startswith(claimed)
        rows.append({**base, "event_date": happened.isoformat(), "event": event["title"],
                     "data_say": f"{event['title']}, {_when(happened, claimed, holds)} "
                                 f"({event['source_id']})",
                     "verdict": SUPPORTED if holds else CONTRADICTED,
                     "off_by": "" if holds else _miss(claimed, happened),
                     "sources": event["source_id"], "locator": event["locator"]})
    return pd.DataFrame(rows, columns=COLUMNS)


def describe(verdicts: pd.DataFrame) -> str:
    """The finding: how many dates hold, and each one that does not, with the sourced date."""
    if verdicts.empty:
        return "The chosen seed articles date no event that data/dated_claims.csv records."
    held = verdicts[verdicts["verdict"] == SUPPORTED]
    text = f"{len(held)} of {len(verdicts)} dates in the articles match the sourced events."
    for _, miss in verdicts[verdicts["verdict"] != SUPPORTED].iterrows():
        if miss["verdict"] == UNVERIFIABLE:
            text += f" '{miss['paraphrase']}' has no sourced event."
        else:
            text += (f" '{miss['paraphrase']}' does not hold: {miss['data_say']}, "
                     f"{miss['off_by']} than {miss['claimed']}.")
    return text
