"""Words, constants and small helpers shared by the notebook-20 stories."""

from __future__ import annotations

import pandas as pd

from helpers import charts, figdata
from helpers.plotting import PALETTE

SEGMENTS = ("mobile_networks", "network_infrastructure", "cloud_and_network_services",
            "nokia_technologies")


BUSINESS_UNITS = ("ip_networks", "optical_networks", "fixed_networks", "submarine_networks")


GROWTH_BASES = {
    "net_sales_growth": "reported",
    "net_sales_growth_constant_currency": "constant currency",
    "net_sales_growth_constant_currency_portfolio": "constant currency and portfolio",
}


BASIS_COLORS = {"reported": PALETTE[0], "constant currency": PALETTE[1],
                "constant currency and portfolio": PALETTE[2]}


BASIS_MARKERS = {"reported": "o", "constant currency": "s",
                 "constant currency and portfolio": "^"}


PERIMETER_MARKERS = ["o", "s", "^", "D", "v"]


SALES_UNIT = "EUR million"


GROWTH_UNIT = "percent"


SHARE_UNIT = "percent of the segments' combined net sales"


EXTRA = ["segment", "panel", "growth_basis", "amount"]


def fy(year) -> str:
    return f"FY{int(year)}"


def span(first, last) -> str:
    return fy(first) if int(first) == int(last) else f"{fy(first)}-{fy(last)}"


def listing(items) -> str:
    items = [str(i) for i in items]
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def pct(value: float, digits: int = 0) -> str:
    """+12%, -3%, 0% (a sign only where there is a change)."""
    text = f"{value:+.{digits}f}"
    if float(text) == 0:
        text = f"{0:.{digits}f}"
    return f"{text}%"


def sentence(text: str) -> str:
    """Upper-case the first letter only (str.capitalize lower-cases the rest); a path such
    as data/ stays as written."""
    return text if text.startswith("data/") else text[:1].upper() + text[1:]


NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}


def date_words(when) -> str:
    when = pd.Timestamp(when)
    return f"{when.day} {when:%b %Y}"


def quarter_name(index: int) -> str:
    """figdata.period_index of a calendar quarter -> its period, e.g. '2025Q3'."""
    return f"{index // 4}Q{index % 4 + 1}"


def line_label(segment: str, perimeter_label: str) -> str:
    """A series is named by its perimeter where data/perimeters.csv names one."""
    return perimeter_label if isinstance(perimeter_label, str) and perimeter_label \
        else charts.label(segment)


def empty_table() -> pd.DataFrame:
    return pd.DataFrame(columns=figdata.COLUMNS + EXTRA)


def segment_table(*parts: pd.DataFrame) -> pd.DataFrame:
    table = figdata.finish_table(*parts)
    for column in EXTRA:
        if column not in table.columns:
            table[column] = pd.Series(dtype=object)
    return table


def window_problem(first: int, last: int, what: str, quarters: bool = False) -> str:
    start = f"{first}" if quarters else fy(first)
    return (f"Nothing to draw: {what} starts in {start}, after the last year asked for "
            f"({fy(last)})")


def nokia_rows(facts: pd.DataFrame, metrics_: list[str], segments, freq: str, first: int,
               last: int) -> pd.DataFrame:
    return facts[(facts["entity"] == "nokia") & facts["metric"].isin(metrics_)
                 & facts["segment"].isin(list(segments)) & (facts["freq"] == freq)
                 & facts["year"].between(first, last)]
