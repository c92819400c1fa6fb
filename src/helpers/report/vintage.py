"""How current the data are: each company's latest period and newest source.

A report stamped with its build date can still rest on figures a year old; the reader is
told, per company, what the newest period is and when its newest document was published,
and warned when the newest period is older than the company's reporting rhythm allows: a
quarterly reporter whose latest period ended more than about four and a half months before
the build has published a quarter since, whatever the age of the newest document typed.
"""

from __future__ import annotations

import datetime as dt

COMPANIES = {"nokia": "Nokia", "ciena": "Ciena", "cisco": "Cisco"}
# All three publish a report every quarter (Nokia interim reports, Ciena and Cisco 10-Qs
# and releases); a period is overdue once the next one's report would normally be out:
# three months for the quarter plus about six weeks to publish.
MONTHS_BETWEEN_REPORTS = {"nokia": 3, "ciena": 3, "cisco": 3}
PUBLISHING_DAYS = 45


def data_as_of(ds, today: str, stale_after: int | None) -> list[dict]:
    """One row per company: latest period (and its end), newest source date, age in days,
    and a ``warning`` (also ``stale``) when the latest period is older than the company's
    reporting rhythm allows, or the newest source older than ``stale_after`` days."""
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
        months = MONTHS_BETWEEN_REPORTS.get(entity, 12)
        ended = (dt.date.fromisoformat(today)
                 - dt.date.fromisoformat(str(latest["period_end"])[:10])).days
        overdue = ended > months * 30.5 + PUBLISHING_DAYS
        old_source = bool(stale_after and age is not None and age > stale_after)
        warning = ""
        if overdue:
            missed = int((ended - PUBLISHING_DAYS) // (months * 30.5))
            warning = (f"{name}'s data may be out of date: its latest period here, "
                       f"{_period(latest['period'])}, ended {ended} days ago, and as a "
                       f"{'quarterly' if months == 3 else 'regular'} reporter it has "
                       f"published about {missed} more since.")
        elif old_source:
            warning = (f"{name}'s data may be out of date: the newest document typed is "
                       f"{age} days old (more than {stale_after}).")
        rows.append({"company": name, "rhythm": "quarterly" if months == 3 else
                     f"every {months} months", "latest_period": latest["period"],
                     "period_end": latest["period_end"], "newest_source": newest,
                     "age_days": age, "period_age_days": ended,
                     "stale": bool(warning), "warning": warning})
    return rows


def _period(label: str) -> str:
    """'FY2025' stays; '2025Q4' -> 'Q4 2025' (kept here so the runner imports nothing
    heavy)."""
    if len(label) == 6 and label[4] == "Q":
        return f"{label[4:]} {label[:4]}"
    return label
