"""Words, constants and small helpers shared by the notebook-30 stories."""

from __future__ import annotations

import calendar
import datetime as dt

import pandas as pd

COMPANIES = {"nokia": "Nokia", "ciena": "Ciena", "cisco": "Cisco"}


RATE_WORDS = "ECB euro reference rates, averaged over the days of each fiscal year"


QUARTER_RATE_WORDS = "ECB euro reference rates, averaged over the days of each quarter"


def years_text(years) -> str:
    """[2008, 2009, 2010, 2016] -> 'FY2008-FY2011, FY2016' (runs of consecutive years)."""
    years = sorted({int(y) for y in years})
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"FY{r[0]}" if len(r) == 1 else f"FY{r[0]}-FY{r[-1]}" for r in runs)


def _part(day: int) -> str:
    return "early" if day <= 10 else "mid" if day <= 20 else "late"


def year_end_words(dates) -> str:
    """How a company's fiscal years end, from their end dates.

    One date every year -> '31 December'; dates within one part of a month -> 'late July';
    dates across months -> 'late October to early November'.
    """
    stamps = sorted({pd.Timestamp(d).normalize() for d in dates if pd.notna(d)})
    if not stamps:
        return "unknown"
    days = sorted({(s.month, s.day) for s in stamps})
    if len(days) == 1:
        month, day = days[0]
        return f"{day} {calendar.month_name[month]}"
    # start the list after the widest gap in the calendar, so Dec/Jan ends read in order
    doy = [dt.date(2001, m, d).timetuple().tm_yday for m, d in days]
    gaps = [(doy[(i + 1) % len(doy)] - doy[i]) % 365 for i in range(len(doy))]
    start = (gaps.index(max(gaps)) + 1) % len(days)
    ordered = days[start:] + days[:start]
    parts = list(dict.fromkeys(f"{_part(d)} {calendar.month_name[m]}" for m, d in ordered))
    return parts[0] if len(parts) == 1 else f"{parts[0]} to {parts[-1]}"


def year_end_labels(table: pd.DataFrame, names: dict[str, str] | None = None) -> dict:
    """Legend labels 'Cisco (FY ends late July)' for each label of a figure table."""
    out = {}
    for label, part in table.groupby("label", sort=False):
        annual = part[part["period"].astype(str).str.fullmatch(r"FY\d{4}")]
        if annual.empty:
            out[label] = (names or {}).get(label, label)
            continue
        out[label] = (f"{(names or {}).get(label, label)} (FY ends "
                      f"{year_end_words(annual['period_end'])})")
    return out


def span_words(first: int, last: int) -> str:
    """'from FY2000 to FY2025', or 'in FY2025' for one year."""
    if first > last:
        return f"from FY{first} to FY{last} (no years: the first is after the last)"
    return f"in FY{first}" if first == last else f"from FY{first} to FY{last}"


def latest(facts: pd.DataFrame) -> int:
    annual = facts[(facts["freq"] == "annual") & facts["entity"].isin(COMPANIES)]
    return int(annual["year"].max())


def window(facts: pd.DataFrame, first: int, last: int | None) -> tuple[int, int]:
    """The fiscal years a chart covers; ``last`` 0 or None means the newest in data/."""
    return int(first), int(last) if last else latest(facts)
