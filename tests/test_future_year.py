"""Adding a year needs data rows only: no notebook, module or default names a last year.

A copy of data/ gets one synthetic fiscal year beyond the newest (group, a segment, both
competitors and the exchange rate); the whole report is rebuilt from it, and every
notebook whose subject is a time series must show the new year in a figure table.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from helpers import data, paths

pytestmark = pytest.mark.notebooks

SOURCE = ("synthetic-future,A made-up report for the future-year test,Test,{date},"
          "https://example.org/future,annual_report\n")


def add_year(folder, year: int) -> None:
    """Append plausible rows for FY``year`` (values are made up; the test never checks them)."""
    with open(folder / "sources.csv", "a", encoding="utf-8") as fh:
        fh.write(SOURCE.format(date=f"{year + 1}-02-01"))
    rows = [
        f"nokia,total,net_sales,FY{year},{year}-12-31,20500,EUR million,as_reported",
        f"nokia,optical_networks,net_sales,FY{year},{year}-12-31,2600,EUR million,as_reported",
        f"nokia,total,net_sales_growth,{year}Q1,{year}-03-31,3.0,percent,as_reported",
        f"ciena,total,net_sales,FY{year},{year}-10-31,5200,USD million,as_reported",
        f"cisco,total,net_sales,FY{year},{year}-07-25,58000,USD million,as_reported",
        f"fed,total,usd_per_eur,FY{year},{year}-12-31,1.15,USD per EUR,as_reported",
        f"fed,total,usd_per_eur,FY{year - 1},{year - 1}-12-31,1.13,USD per EUR,as_reported",
    ]
    with open(folder / "future.csv", "w", encoding="utf-8") as fh:
        fh.write("entity,segment,metric,period,period_end,value,unit,basis,source_id,locator,"
                 "note\n")
        for row in rows:
            fh.write(f"{row},synthetic-future,p. 1,made up for a test\n")


def test_a_new_year_in_data_reaches_every_time_series_notebook(tmp_path):
    latest = data.latest_year(data.load())
    future = latest + 1
    copy = tmp_path / "repo"
    for name in ("data", "notebooks"):
        shutil.copytree(paths.root() / name, copy / name)
    (copy / "figures").mkdir()
    shutil.copy(paths.root() / "pyproject.toml", copy / "pyproject.toml")
    add_year(copy / "data", future)
    # a rate row for the year before may already exist; drop the synthetic one if so
    facts = pd.read_csv(copy / "data" / "fx_rates.csv", dtype=str)
    if f"FY{future - 1}" in set(facts["period"]):
        text = (copy / "data" / "future.csv").read_text().splitlines()
        (copy / "data" / "future.csv").write_text(
            "\n".join(line for line in text if f"usd_per_eur,FY{future - 1}" not in line) + "\n")
    env = dict(os.environ, NOKIA_IN_NUMBERS_ROOT=str(copy))
    env.pop("NOKIA_OUTPUT_DIR", None)
    env.pop("NOKIA_BATCH", None)
    result = subprocess.run([sys.executable, "-m", "helpers", "report", "--jobs", "2",
                             "--formats", "png"], env=env, capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    shown = {}
    for folder in sorted((copy / "figures").iterdir()):
        periods = set()
        for table in folder.glob("*.csv"):
            periods |= set(pd.read_csv(table, dtype={"period": str})["period"].astype(str))
        shown[folder.name] = any(str(future) in p for p in periods)
    # the claims check is about the articles' dates, not a time series
    shown.pop("40-claims-check", None)
    missing = [name for name, ok in shown.items() if not ok]
    assert shown and missing == [], f"FY{future} not in the figure tables of {missing}"
