"""Words, constants and small helpers shared by the notebook-10 stories."""

from __future__ import annotations

import pandas as pd

UNIT = "EUR million"


FIRST = "As first published"


BUSINESS_NAMES = {"phones": "Phone business", "networks": "Network business"}


# Nokia's own documents are named by the fiscal year they report; anything else by who
# quoted the figure and when.
OWN_DOCUMENTS = {"annual_report", "form_20f", "quarterly_report", "press_release"}


SAME = 0.5  # EUR million: two printed figures closer than this are the same figure


def fy(period_or_year) -> str:
    text = str(period_or_year)
    return text if text.startswith("FY") else f"FY{int(float(text))}"


def billions(value: float) -> str:
    return f"EUR {value / 1000:,.1f} billion"


def millions(value: float) -> str:
    return f"EUR {value:,.0f} million"


def window_words(start: int, end: int) -> str:
    return f"FY{start}" if start == end else f"FY{start}-FY{end}"


def listing(items: list[str]) -> str:
    items = list(items)
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _runs(years: list[int]) -> str:
    """[2011, 2012, 2013, 2016] -> 'FY2011-FY2013, FY2016'."""
    out: list[str] = []
    years = sorted(set(int(y) for y in years))
    i = 0
    while i < len(years):
        j = i
        while j + 1 < len(years) and years[j + 1] == years[j] + 1:
            j += 1
        out.append(fy(years[i]) if i == j else f"{fy(years[i])}-{fy(years[j])}")
        i = j + 1
    return ", ".join(out)


def lower_first(text: str) -> str:
    """'Continuing operations, HERE left out' -> 'continuing operations, HERE left out'."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def years_words(n: int) -> str:
    return f"{n} year" if n == 1 else f"{n} years"


def perimeter_steps(table: pd.DataFrame, label: str) -> list[tuple[str, str, str, str]]:
    """(last period before, first period after, perimeter before, after) for each change
    of perimeter between consecutive plotted points of one series."""
    pts = table[table["label"] == label].sort_values("x") if not table.empty else table
    out = []
    for a, b in zip(pts.iloc[:-1].itertuples(), pts.iloc[1:].itertuples(), strict=True):
        if a.perimeter != b.perimeter:
            out.append((a.period, b.period, a.perimeter_label or a.perimeter,
                        b.perimeter_label or b.perimeter))
    return out


def empty_window(start: int, end: int, era_end: int | None = None) -> str | None:
    """Words for a window with no years; ``era_end`` is where a phone-era chart stops."""
    if start > end:
        return (f"no years to show: the start year FY{start} comes after the end year "
                f"FY{end}")
    if era_end is not None and start > era_end:
        return (f"no years to show: the phone era shown here ends with FY{era_end}, before "
                f"the start year FY{start}")
    return None


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def in_window(rows: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    return rows[(rows["year"] >= start) & (rows["year"] <= end)]
