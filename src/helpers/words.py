"""The words every title and finding shares: periods, ranges, lists, percentages, money.

Titles are built from the numbers of a chart's table, so the same few phrasings recur in
every notebook; keeping them here means a fiscal year, a range of years or an amount of
money reads the same way on every chart, and a change of style is made once.
"""

from __future__ import annotations

import re

import pandas as pd

from helpers.vocabulary import AS_PRINTED, CHAINED, ORGANIC, VOCABULARY  # noqa: F401

_QUARTER = re.compile(r"^(FY)?(\d{4})Q([1-4])$")


def fy(year) -> str:
    """2007, '2007' or 'FY2007' -> 'FY2007'."""
    text = str(year)
    return text if text.startswith("FY") else f"FY{int(float(text))}"


def period(label: str) -> str:
    """A period as a reader writes it: 'FY2007'; '2025Q3' -> 'Q3 2025';
    'FY2025Q3' -> 'FY2025 Q3'; anything else unchanged."""
    m = _QUARTER.match(str(label))
    if not m:
        return str(label)
    fiscal, year, quarter = m.groups()
    return f"FY{year} Q{quarter}" if fiscal else f"Q{quarter} {year}"


def span(first, last) -> str:
    """'FY2019-FY2024', or 'FY2019' when both ends are one year."""
    return fy(first) if int(first) == int(last) else f"{fy(first)}-{fy(last)}"


def year_runs(years) -> str:
    """[2008, 2009, 2010, 2016] -> 'FY2008-FY2010, FY2016' (runs of consecutive years)."""
    runs: list[list[int]] = []
    for year in sorted({int(y) for y in years}):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(span(r[0], r[-1]) for r in runs)


def period_runs(periods) -> str:
    """Fiscal years as runs (see ``year_runs``); quarters listed as 'Q2 2023, Q4 2024'."""
    periods = [str(p) for p in periods]
    if all(re.fullmatch(r"FY\d{4}", p) for p in periods):
        return year_runs(int(p[2:]) for p in periods)
    return listing([period(p) for p in periods])


def listing(items) -> str:
    """['a'] -> 'a'; ['a', 'b'] -> 'a and b'; ['a', 'b', 'c'] -> 'a, b and c'."""
    items = [str(i) for i in items]
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {many or word + 's'}"


def pct(value: float, digits: int = 0) -> str:
    """A change: '+12%', '-3.4%', '0%' (a sign only where there is a change)."""
    text = f"{value:+.{digits}f}"
    if float(text) == 0:
        text = f"{0:.{digits}f}"
    return f"{text}%"


def share(value: float, digits: int = 0) -> str:
    """A level in percent, without a sign: '38%', '21.3%'."""
    return f"{value:.{digits}f}%"


def points(value: float, digits: int = 1) -> str:
    """A difference of percentages: '+4.2 points'."""
    return f"{value:+.{digits}f} points"


def money(value_millions: float, currency: str = "EUR") -> str:
    """An amount typed in millions, as a reader says it: 'EUR 51.1 billion' from a billion
    up, 'EUR 812 million' below."""
    if abs(value_millions) >= 1000:
        return f"{currency} {value_millions / 1000:,.1f} billion"
    return f"{currency} {value_millions:,.0f} million"


def times(ratio: float) -> str:
    """2.46 -> '2.5 times'."""
    return f"{ratio:.1f} times"


def date(when) -> str:
    """'28 Feb 2025'."""
    when = pd.Timestamp(when)
    return f"{when.day} {when:%b %Y}"


def month(when) -> str:
    """'Feb 2025'."""
    return f"{pd.Timestamp(when):%b %Y}"


def sentence(text: str) -> str:
    """Upper-case the first letter only (str.capitalize lower-cases the rest); a path such
    as data/ stays as written."""
    return text if text.startswith("data/") else text[:1].upper() + text[1:]


def unanswered(text: str) -> tuple[str, str]:
    """The title and the finding of a chart that has nothing to show: both say why."""
    return sentence(text), sentence(text) + "."


def possessive(name: str) -> str:
    """'Nokia' -> "Nokia's"; 'Mobile Networks' -> "Mobile Networks'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def lower_first(text: str) -> str:
    """'Continuing operations, HERE left out' -> 'continuing operations, HERE left out';
    a name that starts with an acronym ('IP Networks') is kept."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def segment(name: str) -> str:
    """A segment id as the companies write it: 'ip_networks' -> 'IP Networks'."""
    special = {"ip": "IP", "and": "and", "of": "of", "for": "for", "the": "the",
               "nokia": "Nokia", "navteq": "NAVTEQ", "here": "HERE", "total": "Group total"}
    out = [special.get(w, w.capitalize()) for w in name.split("_")]
    out[0] = out[0][0].upper() + out[0][1:]
    return " ".join(out)


def clause_join(parts) -> str:
    """Non-empty clauses joined with '; '."""
    return "; ".join(p for p in parts if p)
