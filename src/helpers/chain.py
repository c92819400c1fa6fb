"""Same-perimeter changes, and series chained from them across changes of perimeter.

A company that sells a business or reorganises its segments prints a new perimeter, and a
line drawn from the old figure to the new one shows a collapse or a jump that never
happened. The standard answer, used by statistical offices for volume indices, is to
measure each period-to-period change on one perimeter only and to chain the changes:

- a *link* is the change from one period to the next with both values on one perimeter:
  both printed by one document (a release and its comparative column, a recast table), or
  two documents on the same perimeter and basis;
- a *chained* series multiplies the links, as an index (a base period = 100) or as a level
  anchored on the latest first-published figure; it runs through reorganisations while no
  step compares two perimeters, and every point names the document of its link;
- where no document links two periods, the chain breaks and a new piece starts.

Which link stands for a step is decided here once: the one on the perimeter of the period's
own figure (``series.choose``) if there is one, printed by one document before two, exact
figures before rounded ones, then the earliest document. A link computed from figures too
rounded to measure a change (``MAX_IMPRECISION``) is no link.
"""

from __future__ import annotations

import math

import pandas as pd

from helpers import figdata, metrics, series

# A change is measured only when the rounding of its two figures allows at most this much
# error, in percent: USD 2.4 billion against 2.3 billion (each +-0.05) allows 0% to 9%.
MAX_IMPRECISION = 1.0

LINK_COLUMNS = ["period", "previous", "change", "link", "kind", "perimeter",
                "perimeter_label", "locator", "imprecision", "from_value", "to_value"]


def family(basis: str) -> str:
    """First publications and recasts measure the same thing; non-IFRS figures and
    estimates measure something else, so a link never pairs them with the others."""
    return "reported" if basis in ("as_reported", "restated") else basis


def _prepared(rows: pd.DataFrame, value: str) -> pd.DataFrame:
    rows = rows.dropna(subset=[value])
    # a measurer's recast share is still that measurer's estimate
    estimates = rows["metric"].eq("market_share") if "metric" in rows else False
    return rows.assign(_i=[figdata.period_index(p) for p in rows["period"]],
                       _family=rows["basis"].map(family).where(~estimates, "estimate"),
                       _v=rows[value].astype(float),
                       _precision=rows["precision"].fillna(0.0) if "precision" in rows
                       else 0.0)


def links(rows: pd.DataFrame, value: str = "amount",
          max_imprecision: float = MAX_IMPRECISION) -> pd.DataFrame:
    """Every step of a series that a document measures on one perimeter, one row per period.

    ``rows`` are all facts of one series (one entity, segment or business, metric and
    frequency; any basis, any document). ``change`` is the ratio of the period's value to
    the previous period's, ``link`` the source id(s) that give it, ``kind`` 'one document'
    or 'same perimeter', ``perimeter`` what the change was measured on. Figures rounded so
    much that the change is uncertain by more than ``max_imprecision`` percent make no link.
    """
    if rows.empty:
        return pd.DataFrame(columns=LINK_COLUMNS)
    rows = _prepared(rows, value)
    record = series.choose(rows)
    # plain records: a series has tens of facts, and pandas' per-row access cost most of a
    # notebook's run time here
    by_index: dict[int, list[dict]] = {}
    for fact in rows.to_dict("records"):
        by_index.setdefault(fact["_i"], []).append(fact)
    out = []
    for rec in record.to_dict("records"):
        before = by_index.get(rec["_i"] - 1)
        if before is None:
            continue
        best = _best_link(before, by_index[rec["_i"]], rec, max_imprecision)
        if best is not None:
            out.append(best)
    return pd.DataFrame(out, columns=LINK_COLUMNS)


def _best_link(before: list[dict], now: list[dict], rec: dict,
               max_imprecision: float) -> dict | None:
    found = []
    for y in now:
        for x in before:
            if x["_family"] != y["_family"]:
                continue
            one_document = x["source_id"] == y["source_id"]
            if not one_document and x["perimeter"] != y["perimeter"]:
                continue
            if x["_v"] == 0 or x["_precision"] + y["_precision"] > max_imprecision:
                continue
            key = (y["perimeter"] != rec["perimeter"], not one_document,
                   y["_family"] != rec["_family"], y["source_id"] != rec["source_id"],
                   max(x["published"], y["published"]), y["source_id"], x["source_id"])
            found.append((key, x, y, one_document))
    if not found:
        return None
    _, x, y, one_document = min(found, key=lambda item: item[0])
    ids = [y["source_id"]] if one_document else [x["source_id"], y["source_id"]]
    locator = y["locator"] if one_document else f"{x['locator']} | {y['locator']}"
    return {"period": y["period"], "previous": x["period"], "change": y["_v"] / x["_v"],
            "link": ";".join(ids), "kind": "one document" if one_document
            else "same perimeter", "perimeter": y["perimeter"],
            "perimeter_label": y["perimeter_label"], "locator": locator,
            "imprecision": x["_precision"] + y["_precision"], "from_value": x["_v"],
            "to_value": y["_v"]}


def chained(rows: pd.DataFrame, value: str = "amount", base: str | None = None
            ) -> pd.DataFrame:
    """The series chained from its links: one row per period of the record.

    Columns: those of the record (``series.choose``) plus ``piece`` (periods joined by
    links; a period no document links to the one before starts a new piece), ``level``
    (anchored on the piece's latest first-published figure, else its latest figure),
    ``index`` (``base`` = 100, only in the piece that holds ``base``), ``link`` (the
    documents of the change into the period; empty where a piece starts), ``link_kind``,
    ``link_perimeter`` and ``link_perimeter_label`` (what that change was measured on; a
    piece's first period takes its outgoing link's) and ``link_locator``.
    """
    columns = ["piece", "level", "index", "link", "link_kind", "link_perimeter",
               "link_perimeter_label", "link_locator", "change"]
    if rows.empty:
        return rows.assign(**{c: pd.Series(dtype=object) for c in columns})
    prepared = _prepared(rows, value)
    record = series.choose(prepared).sort_values("_i").reset_index(drop=True)
    steps = links(rows, value).set_index("period")
    piece, pieces = -1, []
    for k, rec in record.iterrows():
        linked = rec["period"] in steps.index and k > 0 \
            and record.loc[k - 1, "_i"] == rec["_i"] - 1
        piece += 0 if linked else 1
        pieces.append(piece)
    record["piece"] = pieces
    record["change"] = [steps.loc[p, "change"] if p in steps.index and k > 0
                        and pieces[k] == pieces[k - 1] else math.nan
                        for k, p in enumerate(record["period"])]
    for column, source in (("link", "link"), ("link_kind", "kind"),
                           ("link_perimeter", "perimeter"),
                           ("link_perimeter_label", "perimeter_label"),
                           ("link_locator", "locator")):
        record[column] = [steps.loc[p, source] if pd.notna(c) else ""
                          for p, c in zip(record["period"], record["change"], strict=True)]
    # a piece's first period is measured on the perimeter of the link that leaves it
    for k in range(len(record)):
        starts = not record.loc[k, "link"]
        if starts and k + 1 < len(record) and record.loc[k + 1, "piece"] == record.loc[k, "piece"]:
            record.loc[k, "link_perimeter"] = record.loc[k + 1, "link_perimeter"]
            record.loc[k, "link_perimeter_label"] = record.loc[k + 1, "link_perimeter_label"]
        elif starts:
            record.loc[k, "link_perimeter"] = record.loc[k, "perimeter"]
            record.loc[k, "link_perimeter_label"] = record.loc[k, "perimeter_label"]
    record["level"] = _levels(record)
    record["index"] = math.nan
    if base is not None and (record["period"] == base).any():
        at = record.index[record["period"] == base][0]
        mine = record["piece"] == record.loc[at, "piece"]
        record.loc[mine, "index"] = metrics.index_pct(record.loc[mine, "level"],
                                                     record.loc[at, "level"])
    return record.drop(columns=["_i", "_family", "_v", "_precision"])


def _levels(record: pd.DataFrame) -> list[float]:
    """Each piece anchored on its latest first-published figure (else its latest figure),
    the other periods reached by the links: back by dividing, forward by multiplying."""
    levels = [math.nan] * len(record)
    for _, part in record.groupby("piece", sort=False):
        positions = list(part.index)
        first = [k for k in positions if record.loc[k, "basis"] == "as_reported"]
        anchor = first[-1] if first else positions[-1]
        levels[anchor] = float(record.loc[anchor, "_v"])
        for k in range(anchor + 1, positions[-1] + 1):
            levels[k] = levels[k - 1] * record.loc[k, "change"]
        for k in range(anchor - 1, positions[0] - 1, -1):
            levels[k] = levels[k + 1] / record.loc[k + 1, "change"]
    return levels


def crossings(chain: pd.DataFrame) -> pd.DataFrame:
    """Where a chained series passes from one perimeter to another: one row per change,
    with the period on both perimeters (``at``), the next period, what the change is
    measured on before and after, and the document that links the two."""
    out = []
    for _, part in chain.groupby("piece", sort=False):
        part = part.reset_index(drop=True)
        for k in range(1, len(part)):
            before, now = part.loc[k - 1], part.loc[k]
            if before["link_perimeter"] != now["link_perimeter"]:
                out.append({"at": before["period"], "next": now["period"],
                            "before": before["link_perimeter_label"]
                            or before["link_perimeter"],
                            "after": now["link_perimeter_label"] or now["link_perimeter"],
                            "link": now["link"]})
    return pd.DataFrame(out, columns=["at", "next", "before", "after", "link"])


def breaks(chain: pd.DataFrame) -> list[tuple[str, str]]:
    """(last period of a piece, first period of the next) wherever the chain breaks."""
    out = []
    starts = chain[chain["link"] == ""]
    for k in starts.index:
        pos = chain.index.get_loc(k)
        if pos > 0:
            out.append((chain.iloc[pos - 1]["period"], chain.loc[k, "period"]))
    return out


def record(rows: pd.DataFrame, value: str = "amount") -> pd.DataFrame:
    """The record of what was printed: one value per period by ``series.choose``, with
    ``link`` naming the document(s) that join it to the period before where the two
    printed values lie on one perimeter but not one basis (a first publication next to a
    recast), so a line may join them; elsewhere ``link`` is empty and a line joins only
    one perimeter and one basis."""
    if rows.empty:
        return rows.assign(link=pd.Series(dtype=object))
    chosen = series.choose(rows.dropna(subset=[value])).reset_index(drop=True)
    # joining printed values claims no measured change, so rounding does not matter here
    steps = links(rows, value, max_imprecision=math.inf).set_index("period")
    index = [figdata.period_index(p) for p in chosen["period"]]
    out = []
    for k, row in chosen.iterrows():
        joined = ""
        if k > 0 and index[k - 1] == index[k] - 1 and row["period"] in steps.index:
            step = steps.loc[row["period"]]
            before = chosen.loc[k - 1]
            if step["perimeter"] == row["perimeter"] == before["perimeter"]:
                joined = step["link"]
        out.append(joined)
    return chosen.assign(link=out)
