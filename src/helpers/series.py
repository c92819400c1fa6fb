"""Turn the tidy facts table into the series the notebooks draw.

The traps of this dataset live here, once: a value's basis (first published, restated,
non-IFRS) is never mixed silently within a series; billions and millions are put on one
scale; FIM years are converted with the irrevocable rate that is itself a sourced fact.
"""

from __future__ import annotations

import pandas as pd

from helpers import data

SCALE = {"million": 1.0, "billion": 1000.0}
# Which value stands for a period when only one may: the first-published one first.
PICK_ORDER = {"as_reported": 0, "restated": 1, "non_ifrs": 2, "estimate": 3}


def facts(ds: data.Dataset | None = None) -> pd.DataFrame:
    """All facts, with helper columns: frequency, fiscal year, quarter, currency, amount."""
    frame = data.facts_frame(ds)
    period = frame["period"]
    frame["freq"] = "point"
    frame.loc[period.str.fullmatch(r"FY\d{4}"), "freq"] = "annual"
    frame.loc[period.str.fullmatch(r"(FY)?\d{4}Q[1-4]"), "freq"] = "quarter"
    frame["year"] = period.str.extract(r"(\d{4})", expand=False).astype(int)
    frame["quarter"] = pd.to_numeric(period.str.extract(r"Q([1-4])$", expand=False),
                                     errors="coerce")
    parts = frame["unit"].str.extract(r"^(EUR|USD|FIM) (million|billion)$")
    frame["currency"] = parts[0]
    # Currency amounts on one scale (millions of the currency); other units keep their value.
    frame["amount"] = frame["value"] * parts[1].map(SCALE).fillna(1.0)
    frame["published"] = frame["source_id"].map(_source_dates(ds))
    return frame


def _source_dates(ds: data.Dataset | None) -> dict[str, str]:
    ds = ds or data.load()
    return {sid: row["date"] for sid, row in ds.sources.items()}


def fim_per_eur(frame: pd.DataFrame) -> float:
    rows = frame[(frame["metric"] == "fim_per_eur")]
    if rows.empty:
        raise LookupError("data/ has no fim_per_eur fact; FIM figures cannot be converted")
    return float(rows["value"].iloc[0])


def in_eur(frame: pd.DataFrame, rows: pd.DataFrame) -> pd.Series:
    """Amounts in EUR million; FIM amounts divided by the fixed conversion rate."""
    amount = rows["amount"].astype(float).copy()
    fim = rows["currency"] == "FIM"
    if fim.any():
        amount[fim] = amount[fim] / fim_per_eur(frame)
    return amount


def select(frame: pd.DataFrame, entity: str, metric: str, segment: str = "total",
           freq: str = "annual", basis: str | tuple[str, ...] | None = None) -> pd.DataFrame:
    rows = frame[(frame["entity"] == entity) & (frame["metric"] == metric)
                 & (frame["segment"] == segment) & (frame["freq"] == freq)]
    if basis is not None:
        bases = (basis,) if isinstance(basis, str) else basis
        rows = rows[rows["basis"].isin(bases)]
    return rows.sort_values(["period_end", "published"])


def first_reported(frame: pd.DataFrame, entity: str, metric: str = "net_sales",
                   segment: str = "total", freq: str = "annual") -> pd.DataFrame:
    """Each period as first published; a year first printed in FIM keeps its own row but
    the ``eur`` column converts it. Columns: period, year, period_end, value, unit, eur."""
    rows = select(frame, entity, metric, segment, freq, "as_reported").copy()
    rows = rows.drop_duplicates("period", keep="first")
    if rows["currency"].notna().any():
        rows["eur"] = in_eur(frame, rows)
    return rows.set_index("period", drop=False)


def restatements(frame: pd.DataFrame, entity: str, metric: str = "net_sales",
                 segment: str = "total", freq: str = "annual") -> dict[str, pd.DataFrame]:
    """One series per restating report (source id -> its rows), oldest report first."""
    rows = select(frame, entity, metric, segment, freq, "restated").copy()
    if rows.empty:
        return {}
    rows["eur"] = in_eur(frame, rows) if rows["currency"].notna().any() else rows["value"]
    order = rows.groupby("source_id")["published"].min().sort_values().index
    return {sid: rows[rows["source_id"] == sid].set_index("period", drop=False)
            for sid in order}


def latest_view(frame: pd.DataFrame, entity: str, metric: str, segments: list[str],
                freq: str = "annual") -> pd.DataFrame:
    """Per period, the newest report that gives all ``segments`` together, whatever its basis.

    This is how a reader of the latest report sees history: each year in the newest
    perimeter the sources give. Taking the segments of one year from one report matters:
    a recast moves sales between segments (Managed Services from Cloud and Network Services
    to Mobile Networks in 2025), so mixing reports would count some sales twice. Where no
    single report gives every segment, each segment falls back to its own newest value.
    The ``basis`` and ``source_id`` columns say what each value is.
    """
    rows = frame[(frame["entity"] == entity) & (frame["metric"] == metric)
                 & (frame["segment"].isin(segments)) & (frame["freq"] == freq)].copy()
    rows = rows.sort_values(["period", "published", "source_id"])
    chosen = []
    for _period, part in rows.groupby("period", sort=True):
        complete = [sid for sid, g in part.groupby("source_id")
                    if set(g["segment"]) >= set(segments)]
        if complete:
            newest = max(complete, key=lambda sid: part.loc[part["source_id"] == sid,
                                                           "published"].iloc[0])
            chosen.append(part[part["source_id"] == newest].drop_duplicates("segment"))
        else:
            chosen.append(part.drop_duplicates("segment", keep="last"))
    if not chosen:
        return rows.iloc[0:0]
    return pd.concat(chosen).sort_values(["segment", "period"])


def pick(facts: pd.DataFrame, entity: str, segment: str, metric: str,
         freq: str = "annual") -> pd.DataFrame:
    """One row per period: the first-published value, else the earliest recast, else the
    rest; an exact (million) figure before a rounded (billion) one of the same basis."""
    rows = facts[(facts["entity"] == entity) & (facts["segment"] == segment)
                 & (facts["metric"] == metric) & (facts["freq"] == freq)].copy()
    rows["rank"] = rows["basis"].map(PICK_ORDER)
    rows["rounded"] = rows["unit"].str.endswith("billion")
    rows = rows.sort_values(["period", "rank", "rounded", "published"])
    rows = rows.drop_duplicates("period", keep="first").sort_values("period_end")
    rows.index = pd.Index(rows["year"].to_numpy() if freq == "annual" else rows["period"])
    return rows


def wide(rows: pd.DataFrame, column: str = "amount", index: str = "year") -> pd.DataFrame:
    """Segments as columns, periods as rows."""
    return rows.pivot_table(index=index, columns="segment", values=column, aggfunc="first")


def source_ids(*frames: pd.DataFrame) -> list[str]:
    ids: list[str] = []
    for f in frames:
        for sid in f["source_id"]:
            if sid not in ids:
                ids.append(sid)
    return ids
