"""The checks that read several rows at once, written for the mistakes of typing a release.

Each check names the row that was typed (``file:line``), says what is wrong in the typist's
terms and, where it can, what to type instead: a figure that an earlier document already
printed is a recast (``restated``) or a confirmation, a misspelt segment gets the nearest
known name, a unit slip shows as a value twenty times its neighbours. They run only on rows
that passed their own file's checks, so one typo gives one error.
"""

from __future__ import annotations

import difflib
import re
import statistics
from collections import Counter, defaultdict

from helpers import schema
from helpers.rows import Problem, Row, parse_number, period_bound, period_year

re_quarter = re.compile(r"Q([1-4])")
SCALE = {"million": 1.0, "billion": 1000.0}


def _number(row: Row) -> float | None:
    try:
        return parse_number(row["value"])
    except ValueError:
        return None


def _millions(row: Row) -> float | None:
    value = _number(row)
    parts = row["unit"].split()
    if value is None or len(parts) != 2 or parts[1] not in SCALE:
        return None
    return value * SCALE[parts[1]]


def _same(a: Row, b: Row) -> bool:
    """Two rows give the same figure (billions against millions, to the rounding shown)."""
    x, y = _millions(a), _millions(b)
    if x is None or y is None:
        return _number(a) == _number(b) and a["unit"] == b["unit"]
    step = max(_rounding(a), _rounding(b))
    return abs(x - y) <= step + 1e-9


def _fmt(row: Row) -> str:
    return f"{row['value']} {row['unit']}"


def duplicates_and_recasts(facts: list[Row], problems: list[Problem]) -> Counter:
    """A key typed twice is an error at the second row. A period first published twice is
    a confirmation when the figures agree and a recast when they differ: both belong on a
    ``restated`` row, and the message says which, naming the first publication. Returns the
    count of confirmations (restated rows that repeat their first publication)."""
    seen: dict[tuple, Row] = {}
    first: dict[tuple, Row] = {}
    for row in facts:
        v = row.values
        key = tuple(v[c] for c in ("entity", "segment", "metric", "period", "basis",
                                   "source_id"))
        if key in seen:
            other = seen[key]
            problems.append(Problem(row.file, row.line, None,
                                    f"duplicate key {'/'.join(key)}; already on "
                                    f"{other.file}:{other.line}"))
            continue
        seen[key] = row
        if v["basis"] != "as_reported":
            continue
        k2 = key[:4]
        if k2 not in first:
            first[k2] = row
            continue
        other = first[k2]
        where = f"{other.file}:{other.line} ({_fmt(other)}, {other['source_id']})"
        if _same(row, other):
            advice = (f"it repeats the first publication on {where}: a later document that "
                      "prints the same figure confirms it; type it as 'restated' with a note "
                      "such as 'confirms the first publication'")
        else:
            advice = (f"{_fmt(row)} differs from the first publication on {where}: this is a "
                      "recast; type it as 'restated' with a note saying what was recast and why")
        problems.append(Problem(row.file, row.line, "basis",
                                f"{'/'.join(k2)} is already first published; {advice}"))
    confirmations = Counter()
    for row in facts:
        if row["basis"] == "restated":
            k2 = tuple(row[c] for c in ("entity", "segment", "metric", "period"))
            if k2 in first and _same(row, first[k2]):
                confirmations[row["entity"]] += 1
    return confirmations


def recasts(facts: list[Row]) -> list[str]:
    """Every restated row that differs from its period's first publication, and by how much,
    in words (for the log and the report's 'what changed')."""
    first = {tuple(r[c] for c in ("entity", "segment", "metric", "period")): r
             for r in facts if r["basis"] == "as_reported"}
    out = []
    for row in facts:
        if row["basis"] != "restated":
            continue
        base = first.get(tuple(row[c] for c in ("entity", "segment", "metric", "period")))
        if base is None or _same(row, base):
            continue
        a, b = _millions(base), _millions(row)
        change = f", {(b / a - 1) * 100:+.1f}%" if a and b is not None else ""
        out.append(f"{row.file}:{row.line}: {row['entity']} {row['segment']} {row['metric']} "
                   f"{row['period']} recast to {_fmt(row)} by {row['source_id']}, against "
                   f"{_fmt(base)} first published by {base['source_id']}{change}")
    return out


def first_publication(facts: list[Row], sources: dict[str, Row],
                      problems: list[Problem]) -> None:
    """`as_reported` means the earliest document, by date, that printed the period; and a
    document that reports a period as its own newest one first published it."""
    def date(row: Row) -> str:
        src = sources.get(row["source_id"])
        return src["date"] if src is not None else ""

    first: dict[tuple, Row] = {}
    others: dict[tuple, list[Row]] = defaultdict(list)
    newest: dict[str, tuple] = {}
    for row in facts:
        key = (row["entity"], row["segment"], row["metric"], row["period"])
        if row["basis"] == "as_reported":
            first.setdefault(key, row)
        elif row["basis"] == "restated":
            others[key].append(row)
        newest[row["source_id"]] = max(newest.get(row["source_id"], ("",)), (row["period_end"],))
    for key, row in first.items():
        mine = date(row)
        earlier = [o for o in others.get(key, []) if date(o) and mine and date(o) < mine]
        if earlier:
            o = min(earlier, key=date)
            problems.append(Problem(
                row.file, row.line, "basis",
                f"{'/'.join(key)} is as_reported from {row['source_id']} ({mine}), but "
                f"{o.file}:{o.line} prints it in {o['source_id']}, dated {date(o)}; the "
                "earliest document is the first publication (swap the two bases)"))
    for key, rows in others.items():
        if key in first:
            continue
        for row in rows:
            # the release of a quarter is its first publication: typed as a recast by mistake
            if "Q" in row["period"] and (row["period_end"],) == newest[row["source_id"]] \
                    and len({r["source_id"] for r in rows}) == 1:
                problems.append(Problem(
                    row.file, row.line, "basis",
                    f"{row['source_id']} reports {row['period']} as its own newest quarter, "
                    "so this is the first publication: type it as 'as_reported'"))


def segments(facts: list[Row], structures: list[Row], declared: list[Row],
             problems: list[Problem]) -> None:
    """A segment of a sales or growth figure must be one data/ knows: declared in
    structures.csv, perimeters.csv or businesses.csv, or used by other facts; and a period
    of the newest structure must use that structure's segments. Each error suggests the
    nearest known name."""
    known: dict[str, set[str]] = defaultdict(set)
    for row in structures + declared:
        known[row["entity"]].add(row["segment"])
        if row.values.get("parent"):
            known[row["entity"]].add(row["parent"])
    used = Counter((r["entity"], r["segment"]) for r in facts)
    structured: dict[str, set[str]] = defaultdict(set)  # segments some structure lists
    for row in structures:
        structured[row["entity"]] |= {row["segment"], row["parent"]}

    forced: dict[tuple[str, int], set[str]] = {}

    def in_force(entity: str, year: int) -> set[str]:
        if (entity, year) not in forced:
            forced[(entity, year)] = {
                name for r in structures if r["entity"] == entity
                and period_year(r["first_period"]) <= year
                and (not r["last_period"] or year <= period_year(r["last_period"]))
                for name in (r["segment"], r["parent"])}
        return forced[(entity, year)]
    for row in facts:
        seg, entity = row["segment"], row["entity"]
        if seg == "total" or not _segment_reporting(row):
            continue
        if seg not in known[entity] and used[(entity, seg)] < 2:
            names = sorted(known[entity]
                           | {s for (e, s), n in used.items() if e == entity and n > 1})
            problems.append(Problem(row.file, row.line, "segment",
                                    f"unknown segment {seg!r} for {entity}" + _guess(seg, names)
                                    + "; a new segment is first listed in data/structures.csv"))
            continue
        year = period_year(row["period"])
        if row["basis"] != "as_reported" or seg not in structured[entity]:
            continue
        current = in_force(entity, year) - {"total"}
        if current and seg not in current:
            homes = sorted({f"'{r['structure']}' ({r['first_period']}-{r['last_period']})"
                            for r in structures if r["entity"] == entity
                            and seg in (r["segment"], r["parent"])})
            problems.append(Problem(
                row.file, row.line, "segment",
                f"{seg!r} is not a segment of the structure in force in {year} "
                f"({', '.join(sorted(current))}); it belongs to {', '.join(homes)}"
                + _guess(seg, sorted(current))))


def _segment_reporting(row: Row) -> bool:
    return row["metric"] in schema.STATEMENT_METRICS or row["metric"].startswith("net_sales_growth")


def _guess(name: str, names: list[str]) -> str:
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def currencies(facts: list[Row], problems: list[Problem]) -> None:
    """A company's sales and profit are typed in the currency it reports in; another
    currency is a conversion, allowed only where the note says the document converted it."""
    for row in facts:
        allowed = schema.REPORTING_CURRENCY.get(row["entity"])
        currency = row["unit"].split()[0]
        if not allowed or row["metric"] not in schema.STATEMENT_METRICS or currency in allowed:
            continue
        if "convert" in row["note"].lower():
            continue
        problems.append(Problem(
            row.file, row.line, "unit",
            f"{row['entity']} reports in {'/'.join(sorted(allowed))}, not {currency}: type the "
            "figure the document prints in that currency, or, if the document itself gives a "
            "converted figure, say 'converted' in the note"))


def magnitudes(facts: list[Row], problems: list[Problem]) -> None:
    """A money value far from every other value of its series (the same company, segment,
    metric and frequency) is most likely a unit typed wrong: 617 EUR billion among figures
    of about 20,000 EUR million."""
    series: dict[tuple, list[tuple[Row, float]]] = defaultdict(list)
    for row in facts:
        amount = _millions(row)
        # sales only: a profit or a small segment's sales may well be near nothing
        if amount is None or amount <= 0 or not row["metric"].startswith("net_sales"):
            continue
        freq = "q" if "Q" in row["period"] else "y" if row["period"].startswith("FY") else "p"
        series[(row["entity"], row["segment"], row["metric"], freq)].append((row, amount))
    for members in series.values():
        if len(members) < 4:
            continue
        for row, amount in members:
            others = statistics.median(a for r, a in members if r is not row)
            ratio = amount / others
            if ratio > schema.MAGNITUDE_FACTOR or ratio < 1 / schema.MAGNITUDE_FACTOR:
                problems.append(Problem(
                    row.file, row.line, "value",
                    f"{_fmt(row)} is {ratio:.3g} times the median of this series' other "
                    f"figures (about {others:,.0f} {row['unit'].split()[0]} million): check "
                    "the value and the unit (million or billion)"))


def source_dates(facts: list[Row], sources: dict[str, Row], problems: list[Problem]) -> None:
    """A document cannot print a period that had not ended when it was published."""
    for row in facts:
        source = sources.get(row["source_id"])
        if source is None or not source["date"] or not row["period_end"]:
            continue
        if source["date"] < row["period_end"]:
            problems.append(Problem(
                row.file, row.line, "source_id",
                f"{row['source_id']} is dated {source['date']} in data/sources.csv, before "
                f"{row['period']} ends ({row['period_end']}): check the document's date or "
                "the period"))


def parts_and_totals(facts: list[Row], structures: list[Row], problems: list[Problem]) -> None:
    """Parts must add up to their whole where one document gives both (within 1.5%: the
    eliminations between segments are rarely typed). A row that breaks two sums (a product
    line that is both a part of the total and the whole of its categories) is the typed
    mistake and is named once; otherwise the whole is named."""
    tree: dict[tuple[str, str], list[Row]] = defaultdict(list)
    spans: dict[int, tuple[int, int]] = {}  # each member's years, parsed once
    for s in structures:
        tree[(s["entity"], s["structure"])].append(s)
        spans[id(s)] = (period_year(s["first_period"]),
                        period_year(s["last_period"]) if s["last_period"] else 9999)
    by_report: dict[tuple, dict[str, Row]] = defaultdict(dict)
    for row in facts:
        v = row.values
        if v["metric"] != "net_sales" or _number(row) is None:
            continue
        # one document's figures for a period, whatever basis each row was typed with (a
        # 10-K's exact total confirming a release is 'restated', its segments first printed)
        key = (v["entity"], v["metric"], v["period"], v["source_id"], v["unit"])
        if v["segment"] in by_report[key] and v["basis"] != "as_reported":
            continue
        by_report[key][v["segment"]] = row
    failures = []
    for (entity, _metric, period, _source, _unit), rows in by_report.items():
        year = period_year(period)
        for (ent, structure), members in tree.items():
            if ent != entity:
                continue
            active = [m for m in members if spans[id(m)][0] <= year <= spans[id(m)][1]]
            for parent in {m["parent"] for m in active}:
                children = [m["segment"] for m in active if m["parent"] == parent]
                if parent not in rows or not all(c in rows for c in children):
                    continue
                total = _number(rows[parent])
                added = sum(_number(rows[c]) for c in children)
                tolerance = max(0.015 * abs(total), 0.5 * len(children))
                if abs(added - total) > tolerance:
                    failures.append((rows[parent], [rows[c] for c in children], structure,
                                     total, added))
    involved = Counter((r.file, r.line) for f in failures for r in [f[0], *f[1]])
    named = set()
    for whole, parts, structure, total, added in failures:
        twice = [r for r in [whole, *parts] if involved[(r.file, r.line)] > 1]
        target = twice[0] if twice else whole
        if (target.file, target.line) in named:
            continue
        named.add((target.file, target.line))
        names = ", ".join(p["segment"] for p in parts)
        lead = "" if target is whole else f"{_key_words(target)} is {_fmt(target)}, which " \
            "breaks two sums; "
        problems.append(Problem(
            target.file, target.line, "value",
            f"{lead}{whole['period']} {whole['segment']} is {total:g} but its parts in "
            f"structure '{structure}' ({names}) add up to {added:g}; check the figures "
            "against the source table"))




# ---------------------------------------------------------------- checks of meaning

def across_files(ds, clean: list[Row], problems: list[Problem]) -> None:
    """Every check that reads several rows or files, most specific first. A row that one
    check has named is left out of the checks after it, so one mistake is one error, at the
    row where it was typed."""
    ds.confirmations = dict(duplicates_and_recasts(clean, problems))
    future_sources(ds.sources, problems)
    overlaps(ds.perimeters, ds.structures, problems)
    steps = (
        lambda rows: first_publication(rows, ds.sources, problems),
        lambda rows: late_first_publication(rows, ds.sources, problems),
        lambda rows: segments(rows, ds.structures, ds.perimeters + ds.businesses, problems),
        lambda rows: currencies(rows, problems),
        lambda rows: magnitudes(rows, problems),
        lambda rows: percentages(rows, problems),
        lambda rows: source_dates(rows, ds.sources, problems),
        lambda rows: fiscal_calendar(rows, problems),
        lambda rows: part_above_whole(rows, ds.structures, problems),
        lambda rows: parts_and_totals(rows, ds.structures, problems),
        lambda rows: quarters_against_year(rows, ds.perimeters, problems),
        lambda rows: growth_against_levels(rows, problems),
    )
    for step in steps:
        flagged = {(p.file, p.line) for p in problems}
        step([r for r in clean if (r.file, r.line) not in flagged])


def _key_words(row: Row) -> str:
    return f"{row['entity']} {row['segment']} {row['metric']} {row['period']}"


def _at(row: Row) -> str:
    return f"{row.file}:{row.line}"


TODAY_ENV = "NOKIA_IN_NUMBERS_TODAY"


def today() -> str:
    """Today's date, ISO; a test that simulates a later year of data sets it in
    ``NOKIA_IN_NUMBERS_TODAY``."""
    import datetime as dt
    import os

    return os.environ.get(TODAY_ENV) or dt.date.today().isoformat()


def future_sources(sources: dict[str, Row], problems: list[Problem]) -> None:
    """A document cannot be dated after today: the date is a typo (2062 for 2026) or the
    day a future report is expected, and either would sort it after every real document."""
    today_ = today()
    for sid, row in sources.items():
        if row["date"] and schema.ISO_DATE.match(row["date"]) and row["date"] > today_:
            problems.append(Problem(row.file, row.line, "date",
                                    f"{sid} is dated {row['date']}, after today ({today_}): "
                                    "type the day the document was published"))


LATE_MONTHS = 15


def late_first_publication(facts: list[Row], sources: dict[str, Row],
                           problems: list[Problem]) -> None:
    """A period is first published within months of its end (a release, an annual report);
    an `as_reported` figure from a document dated years later is a recast typed with the
    wrong basis, unless the note says the later document is the earliest one that printed
    it (the word 'earliest')."""
    for row in facts:
        source = sources.get(row["source_id"])
        if row["basis"] != "as_reported" or source is None or not source["date"] \
                or row["entity"] not in schema.REPORTING_CURRENCY \
                or not row["period_end"] or "earliest" in row["note"].lower():
            continue
        y, m, d = (int(x) for x in row["period_end"].split("-"))
        months = y * 12 + m - 1 + LATE_MONTHS
        limit = f"{months // 12:04d}-{months % 12 + 1:02d}-{min(d, 28):02d}"
        if source["date"] > limit:
            problems.append(Problem(
                row.file, row.line, "basis",
                f"{_key_words(row)} is as_reported from {row['source_id']}, dated "
                f"{source['date']}, more than {LATE_MONTHS} months after the period ended "
                f"({row['period_end']}): a later document's figure is 'restated' (cite the "
                "earliest document as as_reported), or say in the note why this is the "
                "earliest document that printed it"))


_LEVEL_PERCENTS = {"gross_margin", "operating_margin", "market_share", "gdp_share",
                   "investment_stake"}


def percentages(facts: list[Row], problems: list[Problem]) -> None:
    """A margin or a share typed as a fraction (0.481 for 48.1) sits a hundred times below
    its neighbours; the bounds of each metric (a share above 100) are the row's own check."""
    series: dict[tuple, list[tuple[Row, float]]] = defaultdict(list)
    for row in facts:
        value = _number(row)
        if row["metric"] in _LEVEL_PERCENTS and row["unit"] == "percent" and value is not None:
            series[(row["entity"], row["segment"], row["metric"])].append((row, value))
    for members in series.values():
        if len(members) < 3:
            continue
        for row, value in members:
            others = [abs(v) for r, v in members if r is not row]
            typical = statistics.median(others)
            if typical >= 5 and 0 < abs(value) <= 1 and abs(value) * 100 <= 2 * typical:
                low, high = min(others), max(others)
                problems.append(Problem(
                    row.file, row.line, "value",
                    f"{_key_words(row)} is {row['value']} percent among values of "
                    f"{low:g}-{high:g} in this series: a percentage is typed as printed "
                    f"({value * 100:g} for {value:g}), not as a fraction"))


def fiscal_calendar(facts: list[Row], problems: list[Problem]) -> None:
    """A company has one fiscal calendar: every row of a fiscal period ends on one day, so
    the days a conversion averages are the same whichever row is converted. A row that
    differs from the others' end is named (on a tie, the rows typed later)."""
    ends: dict[tuple, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for row in facts:
        if row["period"].startswith("FY") and row["period_end"]:
            ends[(row["entity"], row["period"])][row["period_end"]].append(row)
    for (entity, period), by_end in ends.items():
        if len(by_end) < 2:
            continue
        ranked = sorted(by_end.items(), key=lambda kv: (-len(kv[1]),
                                                        min(r.line for r in kv[1])))
        kept, rows = ranked[0]
        for end, odd in ranked[1:]:
            for row in odd:
                problems.append(Problem(
                    row.file, row.line, "period_end",
                    f"{entity} {period} ends on {kept} in {len(rows)} other row(s) (first "
                    f"{_at(rows[0])}), not {end}: one fiscal calendar per company; type the "
                    "day the company's fiscal year ended"))


def _parents(structures: list[Row], entity: str, segment: str, year: int) -> set[str]:
    return {s["parent"] for s in structures if s["entity"] == entity
            and s["segment"] == segment and period_year(s["first_period"]) <= year
            and (not s["last_period"] or year <= period_year(s["last_period"]))}


def _structure_index(structures: list[Row]) -> dict[tuple[str, str], list[Row]]:
    index: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for s in structures:
        index[(s["entity"], s["segment"])].append(s)
    return index


def part_above_whole(facts: list[Row], structures: list[Row], problems: list[Problem]) -> None:
    """A segment's sales cannot exceed its parent's (or the company's) for the same period
    in the same document, or in the first publications of both."""
    by_doc: dict[tuple, Row] = {}
    first: dict[tuple, Row] = {}
    for row in facts:
        if row["metric"] != "net_sales" or _millions(row) is None:
            continue
        key = (row["entity"], row["segment"], row["period"])
        by_doc[key + (row["source_id"],)] = row
        if row["basis"] == "as_reported":
            first[key] = row
    parents: dict[tuple, set[str]] = {}
    index = _structure_index(structures)
    for row in facts:
        if row["metric"] != "net_sales" or row["segment"] in ("total", "eliminations") \
                or _millions(row) is None:
            continue
        key = (row["entity"], row["segment"], period_year(row["period"]))
        if key not in parents:
            parents[key] = _parents(index.get(key[:2], []), *key) | {"total"}
        wholes = parents[key]
        for whole in sorted(wholes):
            key = (row["entity"], whole, row["period"])
            other = by_doc.get(key + (row["source_id"],))
            if other is None and row["basis"] == "as_reported":
                other = first.get(key)
            if other is None or other is row:
                continue
            if _millions(row) > _millions(other) * 1.005 + 0.5:
                problems.append(Problem(
                    row.file, row.line, "value",
                    f"{_key_words(row)} is {_fmt(row)}, more than its whole, {whole} "
                    f"({_fmt(other)} on {_at(other)}): check the value and the unit"))
                break


def quarters_against_year(facts: list[Row], perimeters: list[Row],
                          problems: list[Problem]) -> None:
    """The four first-published quarters of a year add up to the year's first-published
    figure, where all five lie on one perimeter (no disposal recast in between). A quarter
    far from the other three is named; otherwise the year's row is."""
    quarters: dict[tuple, dict[int, Row]] = defaultdict(dict)
    years: dict[tuple, Row] = {}
    for row in facts:
        if row["metric"] != "net_sales" or row["basis"] != "as_reported" \
                or _millions(row) is None:
            continue
        if m := schema.CALENDAR_QUARTER.match(row["period"]):
            quarters[(row["entity"], row["segment"], int(m.group(1)))][int(m.group(2))] = row
        elif m := schema.FISCAL_YEAR.match(row["period"]):
            if row["entity"] in ("nokia",):  # calendar fiscal years only
                years[(row["entity"], row["segment"], int(m.group(1)))] = row
    for key, qs in quarters.items():
        year = years.get(key)
        if len(qs) != 4 or year is None:
            continue
        every = [*qs.values(), year]
        if len({_perimeter(perimeters, r) for r in every}) > 1:
            continue
        added = sum(_millions(r) for r in qs.values())
        total = _millions(year)
        step = sum(_rounding(r) for r in every)
        if abs(added - total) <= step + 0.005 * abs(total):
            continue
        middle = statistics.median(_millions(r) for r in qs.values())
        odd = max(qs.values(), key=lambda r: abs(_millions(r) - middle))
        blame = odd if abs(_millions(odd) - middle) >= 0.5 * abs(added - total) else year
        others = ", ".join(f"{_at(r)}" for r in every if r is not blame)
        problems.append(Problem(
            blame.file, blame.line, "value",
            f"{_key_words(blame)} is {_fmt(blame)}: the four quarters of {key[2]} add up to "
            f"{added:,.0f} {year['unit'].split()[0]} million but the year prints "
            f"{total:,.0f} ({others}); check this figure"))


def _rounding(row: Row) -> float:
    """Half a unit of the last typed digit, in millions."""
    decimals = len(row["value"].partition(".")[2])
    return 0.5 * 10 ** -decimals * SCALE.get(row["unit"].split()[-1], 1.0)


def _perimeter(perimeters: list[Row], row: Row) -> str:
    """The perimeters.csv row a first-published figure falls in (its period against the
    year or quarter ranges), or the segment itself."""
    when = _period_key(row["period"])
    for p in perimeters:
        if p["entity"] != row["entity"] or p["segment"] != row["segment"] or p["source_id"] \
                or (p["metric"] and p["metric"] != row["metric"]):
            continue
        if p["first_year"] and p["last_year"] and \
                period_bound(p["first_year"], (0, 1), False) <= when \
                <= period_bound(p["last_year"], (9999, 4), True):
            return p["perimeter"]
    return row["segment"]


def _period_key(period: str) -> tuple[int, int]:
    """A period as (year, quarter): a fiscal year counts as the quarter it ends in."""
    m = re_quarter.search(period)
    return period_year(period), int(m.group(1)) if m else 4


def growth_against_levels(facts: list[Row], problems: list[Problem]) -> None:
    """A reported growth rate must match the two levels its own document prints for the
    period and the year before, to within what their rounding allows: a constant-currency
    rate filed as reported growth, or a rate of another segment, shows as a gap."""
    levels: dict[tuple, Row] = {}
    for row in facts:
        if row["metric"] == "net_sales" and _millions(row) is not None:
            levels[(row["entity"], row["segment"], row["period"], row["source_id"])] = row
    for row in facts:
        rate = _number(row)
        if row["metric"] != "net_sales_growth" or rate is None:
            continue
        before = _year_before(row["period"])
        now = levels.get((row["entity"], row["segment"], row["period"], row["source_id"]))
        then = levels.get((row["entity"], row["segment"], before, row["source_id"])) \
            if before else None
        if now is None or then is None or not _millions(then):
            continue
        a, b = _millions(now), _millions(then)
        computed = (a / b - 1) * 100
        slack = 100 * (a / b) * (_rounding(now) / a + _rounding(then) / b) \
            + 0.5 * 10 ** -len(row["value"].partition(".")[2]) + 1e-6
        if abs(computed - rate) > slack:
            problems.append(Problem(
                row.file, row.line, "value",
                f"{_key_words(row)} is {row['value']}%, but {row['source_id']} prints "
                f"{_fmt(now)} ({_at(now)}) against {_fmt(then)} for {before} ({_at(then)}), "
                f"a change of {computed:+.1f}%: is this a rate on another basis (constant "
                "currency: net_sales_growth_constant_currency) or of another segment?"))


def _year_before(period: str) -> str | None:
    if m := schema.FISCAL_YEAR.match(period):
        return f"FY{int(m.group(1)) - 1}"
    if m := schema.CALENDAR_QUARTER.match(period):
        return f"{int(m.group(1)) - 1}Q{m.group(2)}"
    if m := schema.FISCAL_QUARTER.match(period):
        return f"FY{int(m.group(1)) - 1}Q{m.group(2)}"
    return None


def overlaps(perimeters: list[Row], structures: list[Row], problems: list[Problem]) -> None:
    """A segment and period fall in one perimeter and, within a structure, under one parent:
    two year ranges that overlap leave a figure's perimeter to the order of the rows."""
    seen: dict[tuple, list[Row]] = defaultdict(list)
    for row in perimeters:
        if row["source_id"] or not (row["first_year"] and row["last_year"]):
            continue
        key = (row["entity"], row["segment"], row["metric"], row["measurer"])
        lo = period_bound(row["first_year"], (0, 1), False)
        hi = period_bound(row["last_year"], (9999, 4), True)
        for other in seen[key]:
            olo = period_bound(other["first_year"], (0, 1), False)
            ohi = period_bound(other["last_year"], (9999, 4), True)
            if lo <= ohi and olo <= hi:
                problems.append(Problem(
                    row.file, row.line, "first_year",
                    f"{row['entity']} {row['segment']} {row['first_year']}-{row['last_year']} "
                    f"overlaps {other['first_year']}-{other['last_year']} on line "
                    f"{other.line} ({other['perimeter']}): a period has one perimeter; end "
                    "the earlier range before this one starts"))
                break
        seen[key].append(row)
    spans: dict[tuple, list[Row]] = defaultdict(list)
    for row in structures:
        # one structure lists a segment once per stretch of years (a segment sits in two
        # structures in the years a recast prints both, which is no overlap)
        key = (row["entity"], row["structure"], row["segment"])
        lo = period_year(row["first_period"])
        hi = period_year(row["last_period"]) if row["last_period"] else 9999
        for other in spans[key]:
            olo = period_year(other["first_period"])
            ohi = period_year(other["last_period"]) if other["last_period"] else 9999
            if lo <= ohi and olo <= hi:
                problems.append(Problem(
                    row.file, row.line, "first_period",
                    f"{row['entity']} {row['segment']} is listed twice in structure "
                    f"'{row['structure']}' for overlapping years (line {other.line}): a "
                    "segment has one parent in a structure and period"))
                break
        spans[key].append(row)
