"""Check the news articles' numbers against the sourced facts.

A verdict is one of five words, decided by arithmetic, with the caveat spelled out:
*supported* (a sourced value of the claimed scope lies within the tolerance), *supported
with a caveat* (it matches, but only as an estimate, or for a deal that closed later), *right
number, wrong scope* (the number is sourced, but for something other than what the wording
says: a business unit's revenue read as the company's, a deal total that includes a licence
read as the price of the unit), *contradicted* (sourced values exist and none is within
tolerance), *not verifiable* (no source in data/ measures it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from helpers import metrics, words
from helpers.series import BASIS_RANK

SUPPORTED = "supported"
CAVEAT = "supported with a caveat"
WRONG_SCOPE = "right number, wrong scope"
CONTRADICTED = "contradicted"
UNVERIFIABLE = "not verifiable"


@dataclass(frozen=True)
class Verdict:
    claim_id: str
    seed_file: str
    paraphrase: str
    claimed: str
    claimed_value: float
    sourced_value: float
    data_say: str
    verdict: str
    caveat: str
    sources: str
    claimed_unit: str = ""
    period: str = ""
    segment: str = ""
    implied_scope: str = ""
    basis: str = ""         # basis of the sourced value quoted (matching, else closest)
    source: str = ""        # the document of that value: what a dot on the chart rests on
    test: str = "about"     # how the claim is judged (schema.CLAIM_TESTS)
    # a right number for the wrong scope: the value of the scope the wording implies, in the
    # claim's unit, and its document; this, not the matching number, is what the chart shows
    scope_value: float = float("nan")
    scope_source: str = ""


def _scale(unit: str) -> tuple[str, float]:
    """(kind, factor to the kind's base) for a unit: 'EUR billion' -> ('EUR', 1000)."""
    parts = unit.split()
    if len(parts) == 2 and parts[1] in ("million", "billion"):
        return parts[0], 1000.0 if parts[1] == "billion" else 1.0
    return unit, 1.0


def in_unit(value: float, unit: str, target: str) -> float | None:
    kind, factor = _scale(unit)
    kind_t, factor_t = _scale(target)
    if kind != kind_t:
        return None
    return value * factor / factor_t


def _matches(frame: pd.DataFrame, claim: pd.Series) -> pd.DataFrame:
    rows = frame[(frame["entity"] == claim["entity"]) & (frame["metric"] == claim["metric"])
                 & (frame["segment"] == claim["segment"])]
    period = claim["period"]
    if len(period) == 4 and period.isdigit():  # a year: any point in time within it
        rows = rows[(rows["freq"] == "point") & (rows["year"] == int(period))]
    else:
        rows = rows[rows["period"] == period]
    return rows.assign(_order=rows["basis"].map(BASIS_RANK)).sort_values("_order")


CHANGE = "_change"
YEAR_RANGE = re.compile(r"^FY(\d{4})-FY(\d{4})$")


def _family(basis: str) -> str:
    """Which values may be compared with each other: IFRS figures as first published and as
    recast belong together; a non-IFRS or estimated figure only with its own kind."""
    return basis if basis in ("non_ifrs", "estimate") else "ifrs"


def _year_before(period: str) -> str:
    """FY2026 -> FY2025, 2026Q1 -> 2025Q1: the period a year-on-year change compares with."""
    match = re.fullmatch(r"(FY)?(\d{4})(Q[1-4])?", period)
    if not match:
        return ""
    prefix, year, quarter = match.groups()
    return f"{prefix or ''}{int(year) - 1}{quarter or ''}"


def _derived(change: float, basis: str, source: str, shown: str,
             spoken: str = "percent") -> dict:
    """A change computed from two facts, as a row ``check`` reads like a fact."""
    return {"value": change, "unit": "percent", "basis": basis, "source_id": source,
            "shown": shown, "spoken_unit": spoken, "note": "", "measurer": None}


def _change_on_a_year_before(frame: pd.DataFrame, claim: pd.Series) -> pd.DataFrame:
    """For a claim on ``<metric>_change``: the metric in the claimed period less the same
    period a year before, in points for a percentage. The earlier value comes from the same
    document where it prints one (its comparative column), else from the earlier period's
    first publication of the same kind."""
    base = claim["metric"][: -len(CHANGE)]
    rows = frame[(frame["entity"] == claim["entity"]) & (frame["metric"] == base)
                 & (frame["segment"] == claim["segment"])]
    now = rows[rows["period"] == claim["period"]]
    before = rows[rows["period"] == _year_before(claim["period"])]
    out = []
    for _, cur in now.iterrows():
        family = _family(cur["basis"])
        same = before[(before["source_id"] == cur["source_id"])
                      & (before["basis"].map(_family) == family)]
        if same.empty:
            same = before[before["basis"].map(_family) == family].sort_values("published")
        if same.empty or same.iloc[0]["unit"] != cur["unit"]:
            continue
        prev = same.iloc[0]
        if cur["unit"] == "percent":
            change, spoken = cur["value"] - prev["value"], "percentage points"
        else:
            change, spoken = metrics.change_pct(prev["value"], cur["value"]), "percent"
        sources = list(dict.fromkeys([cur["source_id"], prev["source_id"]]))
        out.append(_derived(change, cur["basis"], ";".join(sources),
                            f"{prev['period']} {prev['value']:g} to {cur['period']} "
                            f"{cur['value']:g} {cur['unit']}", spoken))
    return pd.DataFrame(out)


def _year_on_year(frame: pd.DataFrame, claim: pd.Series) -> pd.DataFrame:
    """For a claim over ``FY2017-FY2024``: each fiscal year's change on the year before,
    both years taken from one document (its own comparative columns), so that no change
    mixes two perimeters or two kinds of figure. A year pair printed by several documents
    is taken from the earliest of them."""
    first, last = (int(y) for y in YEAR_RANGE.match(claim["period"]).groups())
    rows = frame[(frame["entity"] == claim["entity"]) & (frame["metric"] == claim["metric"])
                 & (frame["segment"] == claim["segment"]) & (frame["freq"] == "annual")]
    rows = rows.assign(_family=rows["basis"].map(_family))
    found: dict[int, dict] = {}
    for _, part in rows.sort_values("published").groupby(["published", "source_id", "_family"],
                                                         sort=True):
        by_year = {int(r["year"]): r for _, r in part.iterrows()}
        for year, cur in sorted(by_year.items()):
            prev = by_year.get(year - 1)
            if prev is None or not first < year <= last or year in found:
                continue
            change = metrics.change_pct(prev["value"], cur["value"])
            found[year] = _derived(change, cur["basis"], cur["source_id"],
                                   f"FY{year - 1} {prev['value']:g} to FY{year} "
                                   f"{cur['value']:g} {cur['unit']}")
    return pd.DataFrame([found[y] for y in sorted(found)])


def evidence(frame: pd.DataFrame, claim: pd.Series) -> pd.DataFrame:
    """The sourced values a claim is judged against, in the claim's terms: the facts of its
    period, or the changes a ``_change`` metric or a ``steady`` claim is about."""
    if _test(claim) == "steady":
        return _year_on_year(frame, claim)
    if claim["metric"].endswith(CHANGE):
        return _change_on_a_year_before(frame, claim)
    return _matches(frame, claim)


def _test(claim: pd.Series) -> str:
    return claim.get("test") or "about"


def _fmt(value: float, unit: str) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{text} {unit}"


def _outside_every_measurer(rows: pd.DataFrame, claimed: float, unit: str) -> str:
    """For an estimate claimed by a measurer the sources never quote: whether every sourced
    measurer puts the figure above (or below) the claim, with the nearest of them."""
    if "measurer" not in rows or rows["measurer"].isna().all():
        return ""
    values = [(in_unit(r["value"], r["unit"], unit), r["measurer"]) for _, r in rows.iterrows()
              if isinstance(r["measurer"], str)]
    values = [(v, m) for v, m in values if v is not None]
    if not values:
        return ""
    low, high = min(values), max(values)
    if claimed < low[0]:
        return (f"no sourced measurer is this low: the lowest is {_fmt(low[0], unit)} "
                f"({low[1]})")
    if claimed > high[0]:
        return (f"no sourced measurer is this high: the highest is {_fmt(high[0], unit)} "
                f"({high[1]})")
    return ""


def check(claim: pd.Series, frame: pd.DataFrame) -> Verdict:
    claimed_value = float(claim["claimed_value"])
    unit = claim["claimed_unit"]
    tolerance = float(claim["tolerance"])
    test = _test(claim)
    rows = evidence(frame, claim)
    caveats = [claim["note"]] if claim.get("note") else []
    base = dict(claim_id=claim["claim_id"], seed_file=claim["seed_file"],
                paraphrase=claim["paraphrase"], claimed=_fmt(claimed_value, unit),
                claimed_value=claimed_value, claimed_unit=unit, period=claim["period"],
                segment=claim["segment"], implied_scope=claim["implied_scope"], test=test)
    if rows.empty:
        return Verdict(**base, sourced_value=float("nan"), data_say="no sourced value",
                       verdict=UNVERIFIABLE,
                       caveat="; ".join(caveats), sources="")
    described, hit, nearest, nearest_row = [], None, None, None
    for _, row in rows.iterrows():
        value = in_unit(row["value"], row["unit"], unit)
        if value is None:
            continue
        shown = f"{row['shown']}: " if isinstance(row.get("shown"), str) else ""
        spoken = row.get("spoken_unit") if isinstance(row.get("spoken_unit"), str) \
            else row["unit"]
        described.append(f"{shown}{_fmt(row['value'], spoken)} ({row['basis']}, "
                         f"{row['source_id']})")
        if test == "steady":  # the change furthest from the claim decides
            better = nearest is None or abs(value - claimed_value) > abs(nearest - claimed_value)
        else:
            better = nearest is None or abs(value - claimed_value) < abs(nearest - claimed_value)
        if better:
            nearest, nearest_row = value, row
        if hit is None and test == "about" and abs(value - claimed_value) <= tolerance + 1e-9:
            hit = row
        if hit is None and test == "at_least" and value >= claimed_value - tolerance - 1e-9:
            hit = row
    if test == "steady" and nearest is not None \
            and abs(nearest - claimed_value) <= tolerance + 1e-9:
        hit = nearest_row
    sources = ", ".join(dict.fromkeys(rows["source_id"]))
    if hit is None:
        outside = _outside_every_measurer(rows, claimed_value, unit)
        if outside:
            caveats.append(outside)
        found = nearest_row is not None
        return Verdict(**base, sourced_value=nearest if found else float("nan"),
                       data_say="; ".join(described), verdict=CONTRADICTED,
                       caveat="; ".join(caveats), sources=sources,
                       basis=nearest_row["basis"] if found else "",
                       source=nearest_row["source_id"] if found else "")
    implied_metric = claim.get("implied_metric") or claim["metric"]
    wrong_scope = claim["implied_scope"] != claim["segment"] or implied_metric != claim["metric"]
    scope_value, scope_source = float("nan"), ""
    if wrong_scope:
        meant = f"{claim['implied_scope']} {implied_metric}".replace("_", " ")
        caveats.insert(0, f"the number is the {claim['segment'].replace('_', ' ')} "
                          f"{claim['metric'].replace('_', ' ')}, not the {meant} the wording "
                          "implies")
        scoped = frame[(frame["entity"] == claim["entity"]) & (frame["metric"] == implied_metric)
                       & (frame["segment"] == claim["implied_scope"])
                       & (frame["period"] == claim["period"])]
        if not scoped.empty:
            g = scoped.sort_values("basis", key=lambda b: b.map(BASIS_RANK)).iloc[0]
            caveats.insert(1, f"the {meant} was {_fmt(g['value'], g['unit'])} "
                              f"({g['source_id']})")
            converted = in_unit(g["value"], g["unit"], unit)
            if converted is not None:
                scope_value, scope_source = converted, g["source_id"]
    if hit["basis"] == "estimate":
        caveats.append("the sourced value is an estimate: " + str(hit["note"]).split(";")[0])
    verdict = WRONG_SCOPE if wrong_scope else CAVEAT if caveats else SUPPORTED
    shown = nearest if test == "steady" else in_unit(hit["value"], hit["unit"], unit)
    return Verdict(**base, sourced_value=shown,
                   data_say="; ".join(described), verdict=verdict,
                   caveat="; ".join(caveats), sources=sources, basis=hit["basis"],
                   source=hit["source_id"], scope_value=scope_value,
                   scope_source=scope_source)


def check_all(claims: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    verdicts = [check(row, frame) for _, row in claims.iterrows()]
    return pd.DataFrame([v.__dict__ for v in verdicts])


# each verdict's colour, by its name in ``helpers.plotting.SAFE`` (the colour-blind-safe set)
VERDICT_COLORS = {SUPPORTED: "green", CAVEAT: "sky", WRONG_SCOPE: "purple",
                  CONTRADICTED: "vermilion", UNVERIFIABLE: "grey"}
POINTS = "percentage points"
RELATIVE = "percent of the claimed value"
CHANGES = "largest change on a year before, percent"
PANELS = {POINTS: "Shares and rates: sourced minus claimed, percentage points",
          RELATIVE: "Amounts: sourced value for the scope named, against the claim, %",
          CHANGES: "'Steady': the largest yearly change in the sources, percent"}


def gap(verdict: pd.Series) -> tuple[float, str]:
    """How far the closest sourced value lies from the claim, and in what unit.

    A claim that is itself a percentage (a market share, a growth rate) is compared in
    percentage points: 30.6% against a claimed 26.4% is 4.2 points off, which is what a
    reader expects, not "16% too high". Amounts are compared relative to the claim. A claim
    that something is steady is shown by the largest yearly change the sources print, a
    change in percent, not a difference of shares.
    """
    sourced = scope_or_sourced(verdict)
    if pd.isna(sourced):
        return float("nan"), ""
    if verdict["test"] == "steady":
        return sourced, CHANGES
    if verdict["claimed_unit"] == "percent":
        return sourced - verdict["claimed_value"], POINTS
    return metrics.change_pct(verdict["claimed_value"], sourced), RELATIVE


def scope_or_sourced(verdict: pd.Series) -> float:
    """The sourced value a claim is set against on the chart: for a right number of the
    wrong scope, the value of the scope the wording names (so it never sits at zero and
    looks right); otherwise the closest sourced value."""
    scope = verdict.get("scope_value", float("nan"))
    if verdict["verdict"] == WRONG_SCOPE and pd.notna(scope):
        return float(scope)
    return verdict["sourced_value"]


def row_label(verdict: pd.Series) -> str:
    """A row's name: the claim in its own words, then what was claimed against what the
    sources say for that scope, and the verdict, so a row reads without the legend."""
    sourced = scope_or_sourced(verdict)
    unit = verdict["claimed_unit"]
    steady = verdict["test"] == "steady"
    said = (f"largest yearly change {sourced:+.0f}%" if steady else _fmt(sourced, unit)) \
        if pd.notna(sourced) else "no source"
    claimed = "steady" if steady else verdict["claimed"]
    scope = " for the scope named" if verdict["verdict"] == WRONG_SCOPE else ""
    return (f"{verdict['paraphrase']} | claimed {claimed}; sources{scope}: {said} | "
            f"{verdict['verdict'].upper()}")


def verdict_chart(verdicts: pd.DataFrame):
    """The figure table: one point per checkable claim, its gap in the claim's own terms,
    in a panel by the kind of comparison. Claims no source measures get no point (a point at
    zero would read as a perfect match); they are named under the chart."""
    from helpers import figdata

    rows = []
    for i, v in verdicts.reset_index(drop=True).iterrows():
        value, unit = gap(v)
        rows.append({"line": v["claim_id"], "label": row_label(v),
                     "mark": "note" if pd.isna(value) else "point",
                     "x": i, "x_label": v["claimed"], "period": v["period"], "period_end": "",
                     "y": value, "unit": unit, "basis": v["basis"],
                     "perimeter": v["segment"], "perimeter_label": v["implied_scope"],
                     "source_id": v["source"], "locator": v["data_say"], "link": "",
                     "verdict": v["verdict"], "group": v["verdict"], "panel": unit,
                     "claimed": v["claimed"], "sourced_value": v["sourced_value"],
                     "scope_value": v.get("scope_value", float("nan")),
                     "paraphrase": v["paraphrase"],
                     "consulted": v["sources"].replace(", ", ";")})
    table = pd.DataFrame(rows, columns=figdata.COLUMNS + ["verdict", "group", "panel",
                                                          "claimed", "sourced_value",
                                                          "scope_value", "paraphrase",
                                                          "consulted"])
    # within a panel, rows grouped by verdict, the worst first
    order = {v: i for i, v in enumerate([CONTRADICTED, WRONG_SCOPE, CAVEAT, SUPPORTED,
                                         UNVERIFIABLE])}
    table = table.assign(_o=table["verdict"].map(order)).sort_values(
        "_o", kind="stable").drop(columns="_o").reset_index(drop=True)
    counts = verdicts["verdict"].value_counts() if len(verdicts) else pd.Series(dtype=int)
    n = {"total": len(verdicts), "counts": {k: int(c) for k, c in counts.items()},
         "seeds": len(verdicts["seed_file"].unique()) if len(verdicts) else 0,
         "unverifiable": list(table.loc[table["mark"] == "note", "paraphrase"])}
    c = figdata.Chart("verdicts", table, numbers=n)
    c.title, c.finding = verdict_words(n, verdicts)
    c.subtitle = (f"{words.plural(n['seeds'], 'seed article')}; each claim set against the "
                  "sourced value for the scope its wording names (a right number for the "
                  "wrong scope is set against the right scope's value), in the claim's terms")
    if n["unverifiable"]:
        c.notes.append(f"Cannot be checked ({len(n['unverifiable'])}), no source in data/ "
                       "measures them: " + "; ".join(n["unverifiable"]))
    return c


def verdict_words(n: dict, verdicts: pd.DataFrame) -> tuple[str, str]:
    """The title (verdict counts, only those not zero) and the finding (the counts and the
    checkable claim furthest from its sources)."""
    counts, total = n["counts"], n["total"]
    if not total:
        text = "The chosen seed articles make no numeric claim that data/claims.csv records"
        return text, text + "."
    matched = counts.get(SUPPORTED, 0) + counts.get(CAVEAT, 0)
    parts = [f"{matched} of {total} numeric claims hold" if matched
             else f"none of the {total} numeric claims holds"]
    for verdict, words_ in ((WRONG_SCOPE, "have the right number for the wrong scope"),
                            (CONTRADICTED, "are contradicted"),
                            (UNVERIFIABLE, "cannot be checked")):
        if counts.get(verdict):
            parts.append(f"{counts[verdict]} {words_}")
    title = parts[0][:1].upper() + parts[0][1:] + ("; " + ", ".join(parts[1:]) if parts[1:] else "")
    finding = (f"Of {total} numeric claims, "
               + ", ".join(f"{c} {v}" for v, c in counts.items()) + ".")
    gaps = verdicts.apply(lambda v: gap(v)[0], axis=1).abs() if len(verdicts) else []
    off = verdicts.assign(_gap=gaps).dropna(subset=["_gap"]) if len(verdicts) else verdicts
    off = off[off["verdict"].isin([CONTRADICTED, WRONG_SCOPE, CAVEAT])] if len(off) else off
    if len(off):
        worst = off.sort_values("_gap", ascending=False).iloc[0]
        value, unit = gap(worst)
        finding += f" Furthest from its sources: '{worst['paraphrase']}' ({worst['verdict']}); "
        if worst["test"] == "steady":
            finding += ("the largest change from one year to the next in the sources is "
                        f"{worst['sourced_value']:+.1f} percent")
        else:
            spoken = "percentage points" if unit == POINTS else "percent"
            finding += (f"the closest sourced value is {worst['sourced_value']:,.4g} "
                        f"{worst['claimed_unit']}, {value:+.1f} {spoken} from the claim")
        finding += f" ({worst['caveat']})." if worst["caveat"] else "."
    scoped = verdicts[verdicts["verdict"] == WRONG_SCOPE] if len(verdicts) else verdicts
    for _, v in scoped.iterrows():
        # the caveat's first clause says what the number is; the value of the scope the
        # wording names follows in words (its document is in the table, not the sentence)
        what = str(v["caveat"]).split(";")[0]
        scope = v.get("scope_value", float("nan"))
        meant = f", which was {_fmt(scope, v['claimed_unit'])}" if pd.notna(scope) else ""
        finding += f" '{v['paraphrase']}': {what}{meant}."
    return title, finding


def draw_verdicts(chart, ds):
    """One panel of gaps per kind of comparison, each claim named in its own words, dots
    coloured by verdict; the claims no source measures are named under the chart."""
    from helpers import draw, plotting

    checked = chart.table[chart.table["mark"] == "point"]
    present = [v for v in VERDICT_COLORS if (checked["verdict"] == v).any()]
    fmt = {POINTS: "{:+.0f}", RELATIVE: "{:+.0f}", CHANGES: "{:+.0f}"}
    panels = [draw.Panel(unit, title, unit, fmt=fmt[unit], kind="gaps", legend=present,
                         height=max(1.0, 0.72 * int((checked["panel"] == unit).sum())))
              for unit, title in PANELS.items() if (checked["panel"] == unit).any()]
    for p in panels[1:]:
        p.labels = False
    return draw.chart(chart, ds, panels or [draw.Panel(kind="gaps")],
                      colors={v: plotting.SAFE[c] for v, c in VERDICT_COLORS.items()
                              if v != UNVERIFIABLE})


def describe_investment(facts: pd.DataFrame, investor_event: str = "nvidia") -> str:
    """What the announced equity investment is, from the deal facts of its date.

    The seeds call it an investment; the release describes newly issued shares bought at a
    price, for a stake. The sentence quotes the amount, the stake and, where data/ has it,
    the price per share, all from the same document.
    """
    rows = facts[(facts["entity"] == "nokia") & (facts["freq"] == "point")
                 & facts["metric"].isin(["investment", "investment_stake", "share_price"])]
    rows = rows[rows["note"].fillna("").str.contains(investor_event, case=False)
                | rows["source_id"].str.contains(investor_event, case=False)]
    if rows.empty:
        return f"data/ holds no sourced figure for the {investor_event} investment."
    by = {m: r for m, r in rows.groupby("metric")}
    parts = []
    if "investment" in by:
        r = by["investment"].iloc[0]
        parts.append(f"an equity investment of {words.money(_millions(r), _currency(r))} "
                     f"announced on {words.date(r['period'])}")
    if "investment_stake" in by:
        r = by["investment_stake"].iloc[0]
        parts.append(f"for newly issued shares giving a {r['value']:g}% stake")
    if "share_price" in by:
        r = by["share_price"].iloc[0]
        parts.append(f"at {_fmt(r['value'], r['unit'])}")
    # the document is named in the report's sources; a reader's sentence carries no id
    return (f"{investor_event.capitalize()}'s move is " + ", ".join(parts)
            + ": it buys a minority stake, it is not a grant.")


def _currency(row) -> str:
    return str(row["unit"]).split()[0]


def _millions(row) -> float:
    """An amount typed as 'USD billion' or 'USD million', in millions (as words.money
    takes it)."""
    return float(row["value"]) * (1000.0 if str(row["unit"]).endswith("billion") else 1.0)


def describe_latest_quarter(verdicts: pd.DataFrame) -> str:
    """Whether the claims about the newest quarter the seeds mention can be checked."""
    quarters = verdicts[verdicts["period"].str.fullmatch(r"(FY)?\d{4}Q[1-4]")]
    if quarters.empty:
        return "The chosen seed articles make no claim about a quarter."
    latest = max(quarters["period"], key=lambda p: (p[-6:-2], p[-1]))
    part = quarters[quarters["period"] == latest]
    counts = part["verdict"].value_counts()
    quarter = words.period(latest)
    claims = words.plural(len(part), "claim")
    if counts.get(UNVERIFIABLE, 0) == len(part):
        return (f"Not yet: data/ has no sourced figure for {quarter}, so none of the seed "
                f"articles' {claims} about it can be checked against the company's own "
                "documents.")
    said = words.listing(f"{n} {v}" for v, n in counts.items())
    return f"Of the seed articles' {claims} about {quarter}, {said}."
