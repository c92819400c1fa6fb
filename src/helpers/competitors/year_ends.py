"""When each company's fiscal year ends, read from the data."""

from __future__ import annotations

import pandas as pd

from helpers import series
from helpers.competitors.amounts import net_sales
from helpers.competitors.common import COMPANIES, window, year_end_words


def year_ends(facts: pd.DataFrame, peers=("ciena", "cisco"), first: int = 2000,
              last: int | None = None) -> pd.DataFrame:
    """When each company's fiscal years end, from the revenue facts the charts use."""
    first, last = window(facts, first, last)
    out = []
    for entity in dict.fromkeys(["nokia", *peers]):
        rows = series.choose(net_sales(facts, entity))
        rows = rows[(rows["year"] >= first) & (rows["year"] <= last)]
        if rows.empty:
            out.append({"company": COMPANIES[entity], "fiscal years": "none in data/",
                        "fiscal year ends": "", "earliest end": "", "latest end": ""})
            continue
        ends = pd.to_datetime(rows["period_end"])
        by_day = ends.dt.strftime("%d %b")
        out.append({"company": COMPANIES[entity],
                    "fiscal years": f"FY{rows['year'].min()}-FY{rows['year'].max()}",
                    "fiscal year ends": year_end_words(ends),
                    "earliest end": by_day[ends.dt.day_of_year.idxmin()],
                    "latest end": by_day[ends.dt.day_of_year.idxmax()]})
    return pd.DataFrame(out).set_index("company")
