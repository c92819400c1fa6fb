"""What the notebook-10 stories share: the unit, the window, and how an empty one reads."""

from __future__ import annotations

import pandas as pd

UNIT = "EUR million"

BUSINESS_NAMES = {"phones": "Phone business", "networks": "Network business"}


def in_window(rows: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    return rows[(rows["year"] >= start) & (rows["year"] <= end)]


def window_problem(start: int, end: int, era_end: int | None = None) -> str | None:
    """Why a window holds no years, or None when it holds some; ``era_end`` is where a
    phone-era chart stops."""
    if start > end:
        return f"no years to show: FY{start} comes after FY{end}"
    if era_end is not None and start > era_end:
        return (f"no years to show: the phone era shown here ends with FY{era_end}, before "
                f"FY{start}")
    return None
