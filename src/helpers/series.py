"""The series model: which fact stands for a period, and what each value covers.

A chart can only be honest if every plotted value knows two things besides its number: its
*basis* (first published, recast by a later document, non-IFRS, an analyst's estimate) and
its *perimeter* (what the number covers: the group with or without its phones, a segment in
one structure, one measurer's market definition). Both are decided here, once, for every
chart: ``choose`` is the only rule for picking one fact per period, and ``facts`` attaches
the perimeter from ``data/perimeters.csv``. Drawing rules (never join two perimeters or
bases) live in :mod:`helpers.figdata`.
"""

from __future__ import annotations

import re

import pandas as pd

from helpers import data

SCALE = {"million": 1.0, "billion": 1000.0}
# The one rule for which value stands for a period when only one may: first published,
# then the earliest recast, then a non-IFRS measure, then an estimate. Within a basis an
# exact (million) figure beats a rounded (billion) one, and an earlier document a later one.
BASIS_RANK = {"as_reported": 0, "restated": 1, "non_ifrs": 2, "estimate": 3}
BASIS_WORDS = {"as_reported": "as first published", "restated": "recast by a later report",
               "non_ifrs": "non-IFRS (comparable)", "estimate": "estimate",
               "chained": "same perimeter, chained"}


def facts(ds: data.Dataset | None = None) -> pd.DataFrame:
    """All facts with the columns every chart needs.

    Added: ``freq`` (annual, quarter, point), ``year``, ``quarter``, ``currency``,
    ``amount`` (currency amounts in millions), ``precision`` (half the last typed digit, in
    percent of the value), ``published`` (the source's date),
    ``measurer`` (canonical name, market shares only), ``perimeter`` and ``perimeter_label``.
    """
    ds = ds or data.load()
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
    frame["amount"] = frame["value"] * parts[1].map(SCALE).fillna(1.0)
    # half the last typed digit, in percent of the value: 2.4 billion is +-2.1%, 2,445 million
    # +-0.02%; a change computed from rounded figures is only as good as this
    step = 0.5 * 10.0 ** -frame["decimals"] * parts[1].map(SCALE).fillna(1.0)
    frame["precision"] = (step / frame["amount"].abs() * 100).where(frame["amount"] != 0, 0.0)
    frame["published"] = frame["source_id"].map({sid: r["date"] for sid, r in ds.sources.items()})
    frame["measurer"] = measurers(frame, ds)
    ids, labels = perimeters(frame, ds)
    frame["perimeter"] = ids
    frame["perimeter_label"] = labels
    return frame


# ---------------------------------------------------------------- measurers

def measurer_aliases(ds: data.Dataset) -> dict[str, str]:
    return {r["alias"].casefold(): r["measurer"] for r in ds.measurers}


def measurers(frame: pd.DataFrame, ds: data.Dataset) -> pd.Series:
    """The canonical measurer of each market share (``measured by X`` in the note).

    Sources name the same firm several ways (Dataquest, Gartner Dataquest, Gartner);
    ``data/measurers.csv`` maps each spelling to one name. An alias it lacks is kept as
    written, so a new measurer shows up rather than vanishing.
    """
    aliases = measurer_aliases(ds)
    raw = frame["note"].str.extract(r"^measured by ([^;,(]+)", expand=False).str.strip()
    canonical = raw.map(lambda name: aliases.get(name.casefold(), name)
                        if isinstance(name, str) else name)
    return canonical.where(frame["metric"] == "market_share")


# ---------------------------------------------------------------- perimeters

def period_key(period_end) -> tuple[int, int]:
    """Where a period ends, as (year, calendar quarter): a fiscal year ending in December
    is (year, 4), a quarter is its own; perimeters are looked up with it."""
    end = pd.Timestamp(period_end)
    return end.year, (end.month - 1) // 3 + 1


def perimeters(frame: pd.DataFrame, ds: data.Dataset) -> tuple[list[str], list[str]]:
    """Perimeter id and label of every fact, from ``data/perimeters.csv``.

    A first-published figure (or a non-IFRS one, or an estimate) covers what its period's
    structure covered. A recast covers what the recasting document's own structure covers:
    the structure named for that document in perimeters.csv, else the one in force at the
    end of the newest period the document reports for the company. Rows may start or end
    with a quarter ('2024Q2') where a structure changed within a year. A segment with no rule keeps
    one perimeter of its own (``<segment>``), so it is never joined to another segment.
    """
    rules = [(r["entity"], r["segment"], r["metric"], r["measurer"],
              data.period_bound(r["first_year"], (0, 1), False),
              data.period_bound(r["last_year"], (9999, 4), True),
              r["source_id"],
              r["perimeter"], r["label"]) for r in ds.perimeters]
    keys = pd.Series([period_key(e) for e in frame["period_end"]], index=frame.index)
    newest = keys.groupby([frame["source_id"], frame["entity"]]).max().to_dict()

    def lookup(entity, segment, metric, measurer, when, source):
        for ent, seg, met, who, first, last, sid, pid, label in rules:
            if (ent, seg) != (entity, segment):
                continue
            # a rule without a metric covers money and growth, not market shares
            if (met and met != metric) or (not met and metric == "market_share"):
                continue
            if who and who != measurer:
                continue
            if source is not None:
                if sid == source:
                    return pid, label
                continue
            if not sid and first <= when <= last:
                return pid, label
        return None

    ids, labels = [], []
    for row, key in zip(frame.itertuples(index=False), keys, strict=True):
        measurer = row.measurer if row.metric == "market_share" else None
        found = None
        if row.basis == "restated":
            found = lookup(row.entity, row.segment, row.metric, measurer, (0, 0), row.source_id)
            when = newest[(row.source_id, row.entity)]
        else:
            when = key
        found = found or lookup(row.entity, row.segment, row.metric, measurer, when, None)
        if found is None:
            base = measurer if isinstance(measurer, str) else row.segment
            found = (re.sub(r"\W+", "_", base.lower()), "")
        ids.append(found[0])
        labels.append(found[1])
    return ids, labels


# ---------------------------------------------------------------- picking values

def select(frame: pd.DataFrame, entity: str, metric: str, segment: str = "total",
           freq: str = "annual", basis: str | tuple[str, ...] | None = None) -> pd.DataFrame:
    rows = frame[(frame["entity"] == entity) & (frame["metric"] == metric)
                 & (frame["segment"] == segment) & (frame["freq"] == freq)]
    if basis is not None:
        bases = (basis,) if isinstance(basis, str) else basis
        rows = rows[rows["basis"].isin(bases)]
    return rows.sort_values(["period_end", "published", "source_id"])


def choose(rows: pd.DataFrame, by: tuple[str, ...] = ()) -> pd.DataFrame:
    """One fact per period (per group of ``by`` columns), by the one basis rule."""
    rows = rows.assign(_rank=rows["basis"].map(BASIS_RANK),
                       _rounded=rows["unit"].str.endswith("billion"))
    keys = [*by, "period"]
    rows = rows.sort_values([*keys, "_rank", "_rounded", "published", "source_id"])
    rows = rows.drop_duplicates(keys, keep="first")
    return rows.drop(columns=["_rank", "_rounded"]).sort_values([*by, "period_end"])


def pick(frame: pd.DataFrame, entity: str, segment: str, metric: str,
         freq: str = "annual") -> pd.DataFrame:
    """One row per period of one series, by :func:`choose`."""
    return choose(select(frame, entity, metric, segment, freq))


def recasts(frame: pd.DataFrame, entity: str, metric: str = "net_sales",
            segment: str = "total", freq: str = "annual") -> pd.DataFrame:
    """Every recast value, one row per period and recasting document."""
    return choose(select(frame, entity, metric, segment, freq, "restated"), by=("source_id",))


# ---------------------------------------------------------------- currencies

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
