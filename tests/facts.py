"""Small hand-made facts tables for the story tests, shaped like ``series.facts`` output.

A story test states the few facts it is about (and which perimeter each covers), so it runs
in milliseconds, never changes when data/ grows, and fails only when the logic is wrong.
"""

from __future__ import annotations

import pandas as pd

from helpers import figdata

ENDS = {"nokia": "12-31", "ciena": "10-31", "cisco": "07-27"}


def fact(entity="nokia", segment="total", metric="net_sales", period="FY2020", value=100.0,
         unit="EUR million", basis="as_reported", source="doc-2020", perimeter="p",
         perimeter_label="", published=None, period_end=None, locator="p. 1", note="",
         measurer=None, decimals=None) -> dict:
    """One fact row; a fiscal year ends on the entity's usual day, a quarter on its last day,
    and a document is published in the year after the period it reports unless told."""
    year = int(period[2:6] if period.startswith("FY") else period[:4])
    if period_end is None:
        if figdata.is_quarter(period):
            q = int(period[-1])
            period_end = str(pd.Timestamp(year=year, month=3 * q, day=1) + pd.offsets.MonthEnd(0))[:10]
        elif period.startswith("FY"):
            period_end = f"{year}-{ENDS.get(entity, '12-31')}"
        else:
            period_end = period
    if decimals is None:
        text = f"{value}"
        decimals = len(text.split(".")[1]) if "." in text and not text.endswith(".0") else 0
    scale = 1000.0 if unit.endswith("billion") else 1.0
    amount = value * scale
    return {
        "entity": entity, "segment": segment, "metric": metric, "period": period,
        "period_end": pd.Timestamp(period_end), "value": float(value), "unit": unit,
        "basis": basis, "source_id": source, "locator": locator, "note": note,
        "decimals": decimals,
        "freq": "annual" if period.startswith("FY") and "Q" not in period
        else "quarter" if "Q" in period else "point",
        "year": year, "quarter": int(period[-1]) if "Q" in period else float("nan"),
        "currency": unit.split()[0] if unit.split()[0] in ("EUR", "USD", "FIM") else None,
        "amount": amount,
        "precision": 0.5 * 10.0 ** -decimals * scale / abs(amount) * 100 if amount else 0.0,
        "published": published or f"{year + 1}-02-01",
        "measurer": measurer, "perimeter": perimeter, "perimeter_label": perimeter_label,
    }


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def series_of(values: dict[str, float], source: str | None = None, **common) -> list[dict]:
    """Facts for several periods, from ``source`` or else one document per period."""
    return [fact(period=p, value=v, source=source or f"doc-{p}", **common)
            for p, v in values.items()]
