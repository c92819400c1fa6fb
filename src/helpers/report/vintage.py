"""How current the data are: each company's latest period and newest source.

A report stamped with its build date can still rest on figures a year old; the reader is
told, per company, what the newest period is and when its newest document was published,
and warned when that is older than the scheduler's threshold.
"""

from __future__ import annotations

import datetime as dt

COMPANIES = {"nokia": "Nokia", "ciena": "Ciena", "cisco": "Cisco"}


def data_as_of(ds, today: str, stale_after: int | None) -> list[dict]:
    """One row per company: latest period (and its end), newest source date, age in days,
    and whether that age passes ``stale_after`` days."""
    rows = []
    for entity, name in COMPANIES.items():
        facts = [r for r in ds.facts if r["entity"] == entity
                 and (r["period"].startswith("FY") or "Q" in r["period"])]
        if not facts:
            continue
        latest = max(facts, key=lambda r: (r["period_end"], "Q" not in r["period"]))
        dates = [ds.sources[r["source_id"]]["date"] for r in facts if r["source_id"] in
                 ds.sources]
        newest = max(dates) if dates else ""
        age = (dt.date.fromisoformat(today) - dt.date.fromisoformat(newest)).days \
            if newest else None
        rows.append({"company": name, "latest_period": latest["period"],
                     "period_end": latest["period_end"], "newest_source": newest,
                     "age_days": age,
                     "stale": bool(stale_after and age is not None and age > stale_after)})
    return rows
