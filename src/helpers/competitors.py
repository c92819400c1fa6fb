"""Nokia against Ciena and Cisco: one currency, one base year, fiscal years side by side.

Each chart is computed first, as a figure table (:mod:`helpers.figdata`), and drawn second.
Every company's fiscal year is plotted at x = its fiscal year number and labelled 'FY2007';
the fiscal years end on different days (Nokia 31 December, Ciena near 1 November, Cisco
late July), and the legends say so, computed from the ``period_end`` of the plotted rows.

Which fact stands for a fiscal year is decided by :func:`helpers.series.choose` only.
Currency conversions go through :mod:`helpers.fx` (the ECB's daily reference rates averaged
over the exact days of each fiscal period); a value whose period the rates do not cover is
left out, and the chart says which.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math

import pandas as pd

from helpers import charts, figdata, fx, series
from helpers.plotting import COLORS, PALETTE, finish, new_figure

COMPANIES = {"nokia": "Nokia", "ciena": "Ciena", "cisco": "Cisco"}
RATE_WORDS = "ECB euro reference rates, averaged over the days of each fiscal year"
QUARTER_RATE_WORDS = "ECB euro reference rates, averaged over the days of each quarter"


# ---------------------------------------------------------------- small words from data

def years_text(years) -> str:
    """[2008, 2009, 2010, 2016] -> 'FY2008-FY2011, FY2016' (runs of consecutive years)."""
    years = sorted({int(y) for y in years})
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"FY{r[0]}" if len(r) == 1 else f"FY{r[0]}-FY{r[-1]}" for r in runs)


def _part(day: int) -> str:
    return "early" if day <= 10 else "mid" if day <= 20 else "late"


def year_end_words(dates) -> str:
    """How a company's fiscal years end, from their end dates.

    One date every year -> '31 December'; dates within one part of a month -> 'late July';
    dates across months -> 'late October to early November'.
    """
    stamps = sorted({pd.Timestamp(d).normalize() for d in dates if pd.notna(d)})
    if not stamps:
        return "unknown"
    days = sorted({(s.month, s.day) for s in stamps})
    if len(days) == 1:
        month, day = days[0]
        return f"{day} {calendar.month_name[month]}"
    # start the list after the widest gap in the calendar, so Dec/Jan ends read in order
    doy = [dt.date(2001, m, d).timetuple().tm_yday for m, d in days]
    gaps = [(doy[(i + 1) % len(doy)] - doy[i]) % 365 for i in range(len(doy))]
    start = (gaps.index(max(gaps)) + 1) % len(days)
    ordered = days[start:] + days[:start]
    parts = list(dict.fromkeys(f"{_part(d)} {calendar.month_name[m]}" for m, d in ordered))
    return parts[0] if len(parts) == 1 else f"{parts[0]} to {parts[-1]}"


def year_end_labels(table: pd.DataFrame, names: dict[str, str] | None = None) -> dict:
    """Legend labels 'Cisco (FY ends late July)' for each label of a figure table."""
    out = {}
    for label, part in table.groupby("label", sort=False):
        annual = part[part["period"].astype(str).str.fullmatch(r"FY\d{4}")]
        if annual.empty:
            out[label] = (names or {}).get(label, label)
            continue
        out[label] = (f"{(names or {}).get(label, label)} (FY ends "
                      f"{year_end_words(annual['period_end'])})")
    return out


def span_words(first: int, last: int) -> str:
    """'from FY2000 to FY2025', or 'in FY2025' for one year."""
    if first > last:
        return f"from FY{first} to FY{last} (no years: the first is after the last)"
    return f"in FY{first}" if first == last else f"from FY{first} to FY{last}"


def latest(facts: pd.DataFrame) -> int:
    annual = facts[(facts["freq"] == "annual") & facts["entity"].isin(COMPANIES)]
    return int(annual["year"].max())


def window(facts: pd.DataFrame, first: int, last: int | None) -> tuple[int, int]:
    """The fiscal years a chart covers; ``last`` 0 or None means the newest in data/."""
    return int(first), int(last) if last else latest(facts)


# ---------------------------------------------------------------- amounts and conversion

def rates_of(facts: pd.DataFrame) -> pd.Series:
    """The ECB's daily USD per EUR (see helpers.fx); ``facts`` is not needed any more but
    kept so callers need not change."""
    return fx.ecb_daily()


def _fim_source_ids(facts: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(facts.loc[facts["metric"] == "fim_per_eur", "source_id"]))


def in_currency(facts: pd.DataFrame, rows: pd.DataFrame, currency: str,
                rates: pd.Series | None = None, days=None) -> pd.DataFrame:
    """``rows`` with ``converted`` (``currency`` million; NaN where a rate is missing),
    ``rate`` (USD per EUR used, NaN if none was needed) and ``own`` (the amount in the
    company's own currency, FIM turned into EUR). ``source_id`` then names the company's
    document and the rate tables used, separated by ';'.

    ``days`` (a function of the row) overrides how many days a period spans; by default the
    period runs from the day after the company's previous period ended (helpers.fx).
    """
    rates = rates_of(facts) if rates is None else rates
    rows = rows.copy()
    if rows.empty:
        for column in ("converted", "rate", "own", "own_currency"):
            rows[column] = pd.Series(dtype=float)
        return rows
    fim_ids = _fim_source_ids(facts)
    own_currency = rows["currency"].replace({"FIM": "EUR"})
    fim = rows["currency"] == "FIM"
    own = series.in_eur(facts, rows) if fim.any() else rows["amount"].astype(float)
    converted, used, sources = [], [], []
    for (i, row), amount, cur in zip(rows.iterrows(), own, own_currency, strict=True):
        ids = [row["source_id"], *(fim_ids if fim[i] else [])]
        if cur == currency:
            converted.append(float(amount))
            used.append(math.nan)
        else:
            if days:
                start = pd.Timestamp(row["period_end"]) - pd.Timedelta(days=days(row) - 1)
            else:
                start = fx.period_start(facts, row["entity"], row["period_end"], row["freq"])
            rate = fx.period_rate(start, row["period_end"], rates)
            converted.append(fx.convert(float(amount), cur, currency, rate)
                             if pd.notna(rate) else math.nan)
            used.append(rate)
            if pd.notna(rate):
                ids.append(fx.ECB_SOURCE_ID)
        sources.append(";".join(dict.fromkeys(ids)))
    rows["own"] = own.astype(float).to_numpy()
    rows["own_currency"] = own_currency.to_numpy()
    rows["converted"] = converted
    rows["rate"] = used
    rows["source_id"] = sources
    return rows


def net_sales(facts: pd.DataFrame, entity: str, segment: str = "total") -> pd.DataFrame:
    """Every annual net-sales fact of one company and segment in a currency."""
    rows = series.select(facts, entity, "net_sales", segment)
    return rows[rows["currency"].notna()]


def _points(rows: pd.DataFrame, label: str, y: str, unit: str, extra: list[str],
            mark: str = "line") -> pd.DataFrame:
    """figdata.points plus columns of the fact rows the chart also publishes."""
    if rows.empty:
        return pd.DataFrame(columns=figdata.COLUMNS)
    pts = figdata.points(rows, label, y=y, unit=unit, mark=mark)
    keep = rows.drop_duplicates("period").set_index("period")[extra]
    return pts.join(keep, on="period")


def _missing_words(name: str, years, why: str) -> str:
    return f"{name}: {why} {years_text(years)}" if len(years) else ""


# ---------------------------------------------------------------- revenue in one currency

def revenue(facts: pd.DataFrame, currency: str = "USD", peers=("ciena", "cisco"),
            first: int = 2000, last: int | None = None,
            rates: pd.Series | None = None) -> figdata.Chart:
    """Each company's revenue in ``currency``, one point per fiscal year (by series.choose).

    A year whose conversion needs a missing rate is left out; so is a year data/ lacks.
    The title compares the companies in the latest fiscal year they all have.
    """
    first, last = window(facts, first, last)
    companies = list(dict.fromkeys(["nokia", *peers]))
    unit = f"{currency} million"
    parts, notes = [], []
    for entity in companies:
        name = COMPANIES[entity]
        rows = series.choose(net_sales(facts, entity))
        rows = rows[(rows["year"] >= first) & (rows["year"] <= last)]
        rows = in_currency(facts, rows, currency, rates)
        no_rate = rows.loc[rows["converted"].isna(), "year"].tolist()
        if no_rate:
            notes.append(_missing_words(name, no_rate, "no rate for"))
        parts.append(_points(rows, name, "converted", unit,
                             ["own", "own_currency", "rate"]).assign(entity=entity))
    table = figdata.finish_table(*parts)
    chart = figdata.Chart("revenue", table, "", notes=notes,
                          extra={"currency": currency, "first": first, "last": last,
                                 "companies": companies})
    _describe_absent(chart, facts, companies, first, last)
    chart.title, chart.numbers = _revenue_title(table, companies, currency, first, last)
    chart.subtitle = _subtitle(chart, f"Revenue in {currency} million, each company's own "
                                      "fiscal years", converted=True)
    return chart


def _describe_absent(chart, facts, companies, first, last) -> None:
    """Notes for the years inside the window that data/ has no figure for at all."""
    table = chart.table
    for entity in companies:
        name = COMPANIES[entity]
        have = set(series.choose(net_sales(facts, entity))["year"])
        span = range(max(first, min(have, default=first)), last + 1)
        absent = [y for y in span if y not in have]
        if absent:
            chart.notes.append(_missing_words(name, absent, "no figure in data/ for"))
        if have and (table.empty or not (table["label"] == name).any()):
            chart.notes.append(f"{name}: nothing to plot from FY{first} to FY{last}")
        elif not have:
            chart.notes.append(f"{name}: no revenue in data/")


def _ratio_chain(values: list[tuple[str, float]]) -> str:
    ordered = sorted(values, key=lambda kv: -kv[1])
    parts = []
    for (a, va), (b, vb) in zip(ordered, ordered[1:], strict=False):
        parts.append(f"{a}'s {'revenue ' if not parts else ''}was {va / vb:.1f} times {b}'s")
    return " and ".join(parts)


def common_year(table: pd.DataFrame, labels: list[str]) -> int | None:
    """The latest fiscal year in which every label has a point."""
    if table.empty or not labels:
        return None
    have = table[table["label"].isin(labels)].groupby("x")["label"].nunique()
    years = have[have == len(labels)].index
    return int(max(years)) if len(years) else None


def _revenue_title(table, companies, currency, first, last):
    names = [COMPANIES[e] for e in companies]
    drawn = [n for n in names if not table.empty and (table["label"] == n).any()]
    if not drawn:
        return (f"No revenue of {' or '.join(names)} can be shown "
                f"{span_words(first, last)} in {currency}"), {}
    if len(names) == 1:
        row = table.sort_values("x").iloc[-1]
        return (f"Nokia's revenue was {row['y']:,.0f} million in {row['x_label']}, the "
                f"latest fiscal year shown, in {currency}"), {"year": int(row["x"]),
                                                             "values": {"Nokia": row["y"]}}
    year = common_year(table, names)
    everyone = "both" if len(names) == 2 else "all three" if len(names) == 3 else "all"
    if year is None:
        return (f"No fiscal year {span_words(first, last)} has a revenue figure for "
                f"{everyone} companies in {currency}"), {}
    at = table[table["x"] == year].set_index("label")["y"]
    values = [(n, float(at[n])) for n in names]
    return (f"{_ratio_chain(values)} in FY{year}, the latest fiscal year {everyone} have "
            f"in {currency}"), {"year": year, "values": dict(values)}


def perimeter_changes(table: pd.DataFrame) -> list[dict]:
    """Where a series changes perimeter: label, the period before and after, what it becomes."""
    out = []
    if table.empty:
        return out
    lines = table[table["mark"] == "line"].sort_values("x")
    for label, part in lines.groupby("label", sort=False):
        previous = None
        for _, row in part.iterrows():
            if previous is not None and row["perimeter"] != previous["perimeter"]:
                out.append({"label": label, "before": previous["x_label"],
                            "after": row["x_label"],
                            "to": row["perimeter_label"] or row["perimeter"]})
            previous = row
    return out


def perimeter_words(table: pd.DataFrame) -> list[str]:
    """One sentence per series that changes perimeter (the changes the chart marks)."""
    by_label: dict[str, list[str]] = {}
    for change in perimeter_changes(table):
        by_label.setdefault(change["label"], []).append(
            f"from {change['after']}: {change['to']}")
    return [f"{label} changes perimeter (marked, never joined): " + "; ".join(parts)
            for label, parts in by_label.items()]


def _subtitle(chart, lead: str, converted: bool) -> str:
    table = chart.table
    words = [lead]
    if converted:
        words.append(f"converted at {RATE_WORDS}")
    words += perimeter_words(table)
    notes = [n for n in chart.notes if n]
    if notes:
        words.append("Left out: " + "; ".join(notes))
    return ". ".join(w[:1].upper() + w[1:] for w in words) + "."


def wide(chart: figdata.Chart, digits: int = 0) -> pd.DataFrame:
    """A chart's points as fiscal year x series (what the notebook shows before the figure)."""
    table = chart.table
    if table.empty:
        return pd.DataFrame()
    out = table.pivot_table(index="x", columns="label", values="y", aggfunc="first")
    out.index = [figdata.period_label(f"FY{int(x)}") for x in out.index]
    out.index.name = "fiscal year"
    out.columns.name = None
    order = list(dict.fromkeys(table["label"]))
    return out[order].round(digits)


def show(chart: figdata.Chart, columns: list[str]) -> pd.DataFrame:
    """The chart's table with those of ``columns`` it has (an empty chart has fewer)."""
    return chart.table[[c for c in columns if c in chart.table.columns]]


def describe_revenue(chart: figdata.Chart) -> str:
    """The finding: the companies in their latest common fiscal year, and how far each
    company's own points reach."""
    table, currency = chart.table, chart.extra["currency"]
    if table.empty or "values" not in chart.numbers:
        return chart.title + "."
    year, values = chart.numbers["year"], chart.numbers["values"]
    ordered = sorted(values.items(), key=lambda kv: -kv[1])
    at = table[table["x"] == year].set_index("label")
    text = (f"In FY{year}, revenue in {currency} million was "
            + ", ".join(f"{n} {v:,.0f}" for n, v in ordered) + ".")
    scope = at.loc["Nokia", "perimeter_label"] if "Nokia" in at.index else ""
    if scope:
        text += f" Nokia's figure covers: {scope}."
    ends = table.groupby("label", sort=False)["x"].max()
    if ends.nunique() > 1:
        reach = [f"FY{int(x)} for {' and '.join(ends[ends == x].index)}"
                 for x in sorted(ends.unique(), reverse=True)]
        text += (" The points reach " + ", ".join(reach)
                 + " (no later figure or rate in data/).")
    return text


# ---------------------------------------------------------------- indexed to a base year

def indexed(facts: pd.DataFrame, currency: str = "USD", peers=("ciena", "cisco"),
            base_year: int = 2017, first: int = 2000, last: int | None = None,
            rates: pd.Series | None = None) -> figdata.Chart:
    """Revenue indexed to ``base_year`` = 100, each company in its base year's perimeter.

    Dividing a year of one perimeter by a base year of another would show a growth or a
    collapse that never happened, so each company's index uses only facts in the perimeter
    of its base-year figure (``series.choose`` among those); years with none are left out
    and named. A company with no ``currency`` figure for the base year gets no line.
    """
    first, last = window(facts, first, last)
    companies = list(dict.fromkeys(["nokia", *peers]))
    unit = f"index, FY{base_year} = 100 ({currency})"
    parts, notes, base_info = [], [], {}
    for entity in companies:
        name = COMPANIES[entity]
        every = net_sales(facts, entity)
        base = series.choose(every[every["year"] == base_year])
        if base.empty:
            notes.append(f"{name}: no revenue figure for FY{base_year} in data/, so no "
                         "index line")
            continue
        base = in_currency(facts, base, currency, rates).iloc[0]
        if pd.isna(base["converted"]):
            notes.append(f"{name}: no {currency} value for FY{base_year} (no rate for every "
                         "day of that fiscal year), so no index line")
            continue
        perimeter = base["perimeter"]
        inside = series.choose(every[every["perimeter"] == perimeter])
        inside = inside[(inside["year"] >= first) & (inside["year"] <= last)]
        picked = series.choose(every)
        picked = picked[(picked["year"] >= first) & (picked["year"] <= last)]
        other = picked[~picked["year"].isin(inside["year"])]
        if len(other):
            labels = "; ".join(f"{years_text(part['year'])} ({lab or p})" for (p, lab), part
                               in other.groupby(["perimeter", "perimeter_label"], sort=False))
            notes.append(f"{name}: {labels} in another perimeter than FY{base_year}, "
                         "not indexed")
        inside = in_currency(facts, inside, currency, rates)
        no_rate = inside.loc[inside["converted"].isna(), "year"].tolist()
        if no_rate:
            notes.append(_missing_words(name, no_rate, "no rate for"))
        inside["index"] = inside["converted"] / float(base["converted"]) * 100.0
        # an index point rests on two facts: its own and the base year's
        inside["source_id"] = [";".join(dict.fromkeys(f"{sid};{base['source_id']}".split(";")))
                               for sid in inside["source_id"]]
        if inside["index"].notna().sum() == 0:
            notes.append(f"{name}: no {currency} figure in FY{base_year}'s perimeter "
                         f"{span_words(first, last)}, so no index line")
        base_info[name] = {"perimeter": perimeter, "label": base["perimeter_label"],
                           "value": float(base["converted"])}
        parts.append(_points(inside, name, "index", unit,
                             ["converted", "own", "own_currency", "rate"])
                     .rename(columns={"converted": f"{currency} million"})
                     .assign(entity=entity))
    table = figdata.finish_table(*parts)
    chart = figdata.Chart("indexed", table, "", notes=notes,
                          extra={"currency": currency, "first": first, "last": last,
                                 "base_year": base_year, "companies": companies,
                                 "base": base_info})
    chart.title, chart.numbers = _indexed_title(table, companies, currency, base_year,
                                                first, last, notes)
    lead = f"Revenue in {currency}, each company's FY{base_year} = 100"
    if not first <= base_year <= last:
        lead += f" (FY{base_year} lies outside the years shown)"
    perims = [f"{n}: {i['label']}" for n, i in base_info.items() if i["label"]]
    if perims:
        lead += "; indexed within the base year's perimeter (" + "; ".join(perims) + ")"
    chart.subtitle = _subtitle(chart, lead, converted=True)
    return chart


def _indexed_title(table, companies, currency, base_year, first, last, notes):
    names = [COMPANIES[e] for e in companies]
    drawn = [n for n in names if not table.empty and (table["label"] == n).any()]
    if not drawn:
        return (f"No company has a {currency} revenue figure indexed to FY{base_year} "
                f"{span_words(first, last)}"), {}
    missing = [n for n in names if n not in drawn]
    tail = (f"; no point indexed to FY{base_year} in {currency} for {' and '.join(missing)}"
            if missing else "")
    year = common_year(table, drawn)
    if year is None:
        latest_points = table.sort_values("x").groupby("label").tail(1).set_index("label")
        parts = ", ".join(f"{n} {latest_points.loc[n, 'y']:.0f} in "
                          f"{latest_points.loc[n, 'x_label']}" for n in drawn)
        return (f"Revenue indexed to FY{base_year} = 100, latest point of each: {parts} "
                f"(in {currency}){tail}"), {"latest": {n: float(latest_points.loc[n, 'y'])
                                                       for n in drawn}}
    at = table[table["x"] == year].set_index("label")["y"]
    parts = ", ".join(f"{n} {at[n]:.0f}" for n in drawn)
    return (f"Revenue indexed to FY{base_year} = 100 stood at {parts} in FY{year}, the latest "
            f"year with {'a point' if len(drawn) == 1 else 'points for each'} "
            f"(in {currency}){tail}"), {"year": year,
                                         "values": {n: float(at[n]) for n in drawn}}


def index_table(chart: figdata.Chart) -> pd.DataFrame:
    """The indexed chart as fiscal year (a number) x company, rounded to 0.1."""
    if chart.table.empty:
        return pd.DataFrame()
    out = chart.table.pivot_table(index="x", columns="label", values="y", aggfunc="first")
    out.index = out.index.astype(int)
    out.index.name = "fiscal year"
    out.columns.name = None
    names = [COMPANIES[e] for e in chart.extra["companies"]]
    return out[[n for n in names if n in out.columns]].round(1)


def describe_indexed(chart: figdata.Chart) -> str:
    """The finding: where each index stands in the latest year with a point for each."""
    currency, base_year = chart.extra["currency"], chart.extra["base_year"]
    if chart.table.empty:
        return chart.title + "."
    text = []
    if "values" in chart.numbers:
        ordered = sorted(chart.numbers["values"].items(), key=lambda kv: -kv[1])
        text.append(f"With each company's FY{base_year} revenue in {currency} = 100, "
                    f"FY{chart.numbers['year']} stood at "
                    + ", ".join(f"{n} {v:.0f}" for n, v in ordered) + ".")
        if len(ordered) > 1:
            top, bottom = ordered[0], ordered[-1]
            text.append(f"{top[0]} is the highest and {bottom[0]} the lowest.")
    else:
        text.append(chart.title + ".")
    for name, info in chart.extra["base"].items():
        if info["label"]:
            text.append(f"{name} is indexed only within its FY{base_year} perimeter "
                        f"({info['label']}).")
    lost = [n for n in chart.notes if "no index line" in n]
    text += [n[:1].upper() + n[1:] + "." for n in lost]
    return " ".join(text)


def describe_optical(chart: figdata.Chart) -> str:
    """The finding: the two optical businesses in the latest fiscal year both have."""
    if "year" not in chart.numbers:
        return chart.title + "."
    n = chart.numbers
    currency = chart.extra["currency"]
    text = (f"In FY{n['year']}, Ciena's Optical Networking line had net sales of "
            f"{n['ciena']:,.0f} and Nokia's {n['nokia_perimeter']} {n['nokia']:,.0f} "
            f"{currency} million, {n['ratio']:.1f} times as much for Ciena.")
    other = [note for note in chart.notes if "Infinera" in note or "no figure" in note]
    if other:
        text += " Not comparable yet: " + "; ".join(other) + "."
    return text


# ---------------------------------------------------------------- growth in own currency

def like_for_like_growth(facts: pd.DataFrame, entity: str) -> pd.DataFrame:
    """Year-on-year revenue growth that never compares two perimeters.

    The value standing for each year is the one ``series.choose`` picks. It is compared
    with the previous year as printed in the same document when that document gives both
    (a report's own comparative column); otherwise, for a first-published value, with the
    previous year's first publication (again by ``series.choose``), unless the two lie in
    different perimeters or a later document published by then recast the previous year by
    more than 2% (a sale or restructuring changed the perimeter): then no growth is shown
    rather than a collapse or jump that never happened.
    """
    rows = net_sales(facts, entity).copy()
    columns = ["fiscal year", "ends", "growth %", "currency", "compared", "source_id",
               "period", "period_end", "basis", "perimeter", "perimeter_label", "locator",
               "value", "previous"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows["own"] = series.in_eur(facts, rows) if (rows["currency"] == "FIM").any() \
        else rows["amount"]
    picked = series.choose(rows)
    by_year = {y: part for y, part in rows.groupby("year")}
    empty = rows.iloc[0:0]
    out = []
    for _, v in picked.iterrows():
        before = by_year.get(v["year"] - 1, empty)
        if before.empty:
            continue
        v, same = _same_document(by_year[v["year"]], v, before)
        how = "same document"
        if not same.empty:
            prev = (series.choose(same) if len(same) > 1 else same).iloc[0]
        elif v["basis"] == "as_reported":
            first = series.choose(before[before["basis"] == "as_reported"])
            if first.empty:
                continue
            prev = first.iloc[0]
            if prev["perimeter"] != v["perimeter"]:
                continue
            # a recast published by the time this year's figure was: the perimeter moved
            recast = before[(before["basis"] == "restated")
                            & (before["published"] <= v["published"])
                            & ((before["own"] / float(prev["own"]) - 1).abs() > 0.02)]
            if not recast.empty:
                continue
            how = "first publications"
        else:
            continue
        sources = list(dict.fromkeys([v["source_id"], prev["source_id"]]))
        locator = v["locator"] if len(sources) == 1 else (
            f"{v['locator']} | previous year: {prev['locator']}")
        out.append({"fiscal year": int(v["year"]), "ends": v["period_end"].date(),
                    "growth %": round((float(v["own"]) / float(prev["own"]) - 1) * 100, 1),
                    "currency": v["currency"].replace("FIM", "EUR"), "compared": how,
                    "source_id": ";".join(sources), "period": v["period"],
                    "period_end": v["period_end"], "basis": v["basis"],
                    "perimeter": v["perimeter"], "perimeter_label": v["perimeter_label"],
                    "locator": locator, "value": float(v["own"]),
                    "previous": float(prev["own"])})
    return pd.DataFrame(out, columns=columns)


def _same_document(rows: pd.DataFrame, v: pd.Series, before: pd.DataFrame):
    """The chosen fact ``v`` and the previous year from one document, if one prints both.

    The chosen document comes first; failing it, another document that prints the same
    value for this year in the same perimeter (a later report's comparative column)."""
    same = before[before["source_id"] == v["source_id"]]
    if not same.empty:
        return v, same
    twins = rows[(rows["period"] == v["period"]) & (rows["perimeter"] == v["perimeter"])
                 & ((rows["own"] - float(v["own"])).abs() < 0.5)
                 & (rows["source_id"] != v["source_id"])
                 & rows["source_id"].isin(before["source_id"])]
    if twins.empty:
        return v, same
    for _, twin in series.choose(twins, by=("source_id",)).sort_values(
            ["published", "source_id"]).iterrows():
        same = before[before["source_id"] == twin["source_id"]]
        if not same.empty:
            return twin, same
    return v, same


def growth(facts: pd.DataFrame, peers=("ciena", "cisco"), first: int = 2000,
           last: int | None = None) -> figdata.Chart:
    """Like-for-like revenue growth in each company's own currency, by fiscal year."""
    first, last = window(facts, first, last)
    companies = list(dict.fromkeys(["nokia", *peers]))
    parts, notes = [], []
    for entity in companies:
        name = COMPANIES[entity]
        g = like_for_like_growth(facts, entity)
        g = g[(g["fiscal year"] >= first) & (g["fiscal year"] <= last)]
        have = set(series.choose(net_sales(facts, entity))["year"])
        shown = set(g["fiscal year"])
        lost = [y for y in range(max(first, min(have, default=first) + 1), last + 1)
                if y in have and y not in shown]
        if lost:
            notes.append(_missing_words(name, lost, "no like-for-like growth (previous year "
                                                    "missing or in another perimeter) for"))
        parts.append(_points(g, name, "growth %", "percent",
                             ["currency", "compared", "value", "previous"])
                     .assign(entity=entity))
    table = figdata.finish_table(*parts)
    chart = figdata.Chart("growth", table, "", notes=notes,
                          extra={"first": first, "last": last, "companies": companies})
    names = [COMPANIES[e] for e in companies]
    drawn = [n for n in names if not table.empty and (table["label"] == n).any()]
    if not drawn:
        chart.title = (f"No like-for-like revenue growth of {' or '.join(names)} can be "
                       f"computed {span_words(first, last)}")
    else:
        latest_points = table.sort_values("x").groupby("label").tail(1).set_index("label")
        worst = table.loc[table["y"].idxmin()]
        chart.numbers = {"latest": {n: (latest_points.loc[n, "x_label"],
                                        float(latest_points.loc[n, "y"])) for n in drawn},
                         "lowest": (worst["label"], worst["x_label"], float(worst["y"])),
                         "highest": tuple(table.loc[table["y"].idxmax(),
                                                    ["label", "x_label", "y"]])}
        chart.title = ("Latest like-for-like revenue growth, in each company's own currency: "
                       + ", ".join(f"{n} {v:+.1f}% ({x})"
                                   for n, (x, v) in chart.numbers["latest"].items()))
    chart.subtitle = _subtitle(
        chart, "Growth over the previous fiscal year in the company's own currency, both "
               "years from one document or both first publications of one perimeter",
        converted=False)
    return chart


def describe_growth(chart: figdata.Chart, years: int = 5) -> str:
    """The finding: each company's growth in its last ``years`` fiscal years shown, and the
    deepest fall in the chart."""
    table = chart.table
    if table.empty:
        return chart.title + "."
    text = []
    for label, part in table.groupby("label", sort=False):
        part = part.sort_values("x").tail(years)
        text.append(f"{label} " + ", ".join(f"{r['x_label']} {r['y']:+.1f}%"
                                            for _, r in part.iterrows()))
    who, when, low = chart.numbers["lowest"]
    fall = (f"The lowest growth in the chart is {who}'s {low:+.1f}% in {when}"
            if low < 0 else f"No company's revenue fell in a year shown; the lowest growth "
                            f"is {who}'s {low:+.1f}% in {when}")
    return (f"Revenue growth in each company's own currency, latest {years} fiscal years "
            "with a like-for-like comparison: " + "; ".join(text) + f". {fall}.")


# ---------------------------------------------------------------- optical, head to head

OPTICAL = {"nokia": ("optical_networks", "Nokia Optical Networks"),
           "ciena": ("optical_networking", "Ciena Optical Networking")}


def optical(facts: pd.DataFrame, currency: str = "USD", first: int = 2000,
            last: int | None = None, rates: pd.Series | None = None,
            perimeters=None) -> figdata.Chart:
    """Nokia's Optical Networks against Ciena's Optical Networking product line.

    Ciena's product line, not its whole Networking Platforms segment (which adds routing
    and switching), is the like-for-like counterpart. Nokia's unit changes perimeter when
    Infinera is consolidated; ``perimeters`` (data/perimeters.csv rows) lets the subtitle
    name a perimeter data/ has no figure for.
    """
    first, last = window(facts, first, last)
    unit = f"{currency} million"
    parts, notes, explained = [], [], {}
    for entity, (segment, label) in OPTICAL.items():
        rows = series.choose(net_sales(facts, entity, segment))
        if rows.empty:
            notes.append(f"{label}: no figure in data/")
            continue
        rows = rows[(rows["year"] >= first) & (rows["year"] <= last)]
        rows = in_currency(facts, rows, currency, rates)
        no_rate = rows.loc[rows["converted"].isna(), "year"].tolist()
        if no_rate:
            notes.append(_missing_words(label, no_rate, "no rate for"))
        explained[label] = {f"FY{y}" for y in no_rate}
        parts.append(_points(rows, label, "converted", unit, ["own", "own_currency", "rate"])
                     .assign(entity=entity, segment=segment))
    table = figdata.finish_table(*parts)
    for label, missing in figdata.gaps(table).items() if not table.empty else []:
        missing = [m for m in missing if m not in explained.get(label, set())]
        if missing:
            notes.append(_missing_words(label, [int(m[2:]) for m in missing],
                                        "no figure in data/ for"))
    for rule in perimeters or []:
        if (rule["entity"], rule["segment"]) != ("nokia", OPTICAL["nokia"][0]) or \
                rule["metric"] or rule["source_id"]:
            continue
        lo = int(rule["first_year"] or 0)
        hi = int(rule["last_year"] or 9999)
        if lo > last or hi < first:
            continue
        if table.empty or not (table["perimeter"] == rule["perimeter"]).any():
            notes.append(f"{rule['label']} (from FY{lo}): no annual figure in data/")
    chart = figdata.Chart("optical", table, "", notes=notes,
                          extra={"currency": currency, "first": first, "last": last})
    nokia, ciena = OPTICAL["nokia"][1], OPTICAL["ciena"][1]
    year = common_year(table, [nokia, ciena])
    if year is None:
        chart.title = (f"No fiscal year {span_words(first, last)} has an optical figure for "
                       f"both Nokia and Ciena in {currency}")
    else:
        at = table[table["x"] == year].set_index("label")
        n, c = float(at.loc[nokia, "y"]), float(at.loc[ciena, "y"])
        scope = at.loc[nokia, "perimeter_label"] or "Optical Networks"
        chart.numbers = {"year": year, "nokia": n, "ciena": c, "ratio": c / n,
                         "nokia_perimeter": scope}
        chart.title = (f"Ciena's Optical Networking line sold {c / n:.1f} times as much as "
                       f"Nokia's {scope} in FY{year}, the latest fiscal year both have in "
                       f"{currency}")
    covers = []
    for label in (ciena, nokia):
        part = table[table["label"] == label] if not table.empty else table
        if len(part):
            covers.append(f"{label}: {years_text(part['x'])}")
    chart.subtitle = _subtitle(
        chart, "Ciena's Optical Networking product line (its Networking Platforms segment "
               "without routing and switching) against Nokia's Optical Networks unit, "
               f"in {currency} million; shown " + "; ".join(covers or ["nothing"]),
        converted=True)
    return chart


# ---------------------------------------------------------------- fiscal year ends

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


# ---------------------------------------------------------------- drawing

def _colors(table: pd.DataFrame) -> dict[str, str]:
    if table.empty:
        return {}
    pairs = table.drop_duplicates("label")[["label", "entity"]]
    return {r["label"]: COLORS.get(r["entity"], PALETTE[i % len(PALETTE)])
            for i, (_, r) in enumerate(pairs.iterrows())}


def _axes(chart, ax, log: bool = False, zero: float | None = None) -> None:
    table = chart.table
    if table.empty:
        charts.nothing_to_draw(ax, "Nothing to draw for these parameters:\nsee the title and "
                               "notes")
        return
    lo, hi = int(table["x"].min()), int(table["x"].max())
    charts.fiscal_year_axis(ax, lo, hi, label="Fiscal year (each company's own)")
    if log:
        ax.set_yscale("log")
        ax.yaxis.set_major_locator(charts.mticker.LogLocator(base=10, subs=(1, 2, 5)))
        ax.yaxis.set_minor_formatter(charts.mticker.NullFormatter())
        ax.yaxis.set_major_formatter(charts.mticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    if zero is not None:
        ax.axhline(zero, color="#333", linewidth=0.8, zorder=0)


def legend_under(fig, ax, handles, labels, ncol: int = 2) -> int:
    """A legend a fixed distance under the axes (clear of the tick labels and the axis
    label whatever the axes' height); returns the rows it needs for ``finish``."""
    from matplotlib.transforms import offset_copy

    below = 44 if ax.get_xlabel() else 24
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(0.0, 0.0), ncol=ncol,
              fontsize=8.5, bbox_transform=offset_copy(ax.transAxes, fig, x=0, y=-below,
                                                       units="points"))
    return -(-len(labels) // ncol) + (1 if ax.get_xlabel() else 0)


def figure_height(subtitle: str, base: float = 5.0, width: float = 9.5) -> float:
    """Taller figures for longer subtitles, so the plot keeps its height."""
    import textwrap

    lines = len(textwrap.wrap(subtitle or "", int(width * 10.5 * 1.25)))
    return base + 0.19 * lines


def series_handles(colors: dict[str, str], names: dict[str, str] | None = None) -> list:
    """One plain legend entry per series (its colour); line styles are explained by
    charts.basis_legend_handles, so a series' entry does not borrow its first line's."""
    from matplotlib.lines import Line2D

    return [Line2D([], [], color=color, linewidth=2, marker="o", markersize=4.5,
                   label=(names or {}).get(label, label)) for label, color in colors.items()]


def _finish(chart, fig, ax, ds, colors=None, ncol: int = 2) -> None:
    table = chart.table
    rows = 0
    if not table.empty:
        basis = charts.basis_legend_handles(table)
        handles = series_handles(colors or {}, year_end_labels(table)) + basis
        rows = legend_under(fig, ax, handles, [h.get_label() for h in handles], ncol)
    finish(fig, chart.title, charts.source_line(ds, chart.sources()),
           subtitle=chart.subtitle, legend_rows=rows)
    charts.separate_notes(fig)


def _draw(chart, ds, ylabel: str, log=False, zero=None, from_zero=False, events=None):
    fig, ax = new_figure(9.5, figure_height(chart.subtitle))
    colors = {}
    if not chart.table.empty:
        colors = charts.draw_lines(ax, chart.table, colors=_colors(chart.table))
    _axes(chart, ax, log=log, zero=zero)
    ax.set_ylabel(ylabel)
    if not chart.table.empty:
        lo, hi = ax.get_ylim()
        if log:  # head room for the perimeter notes above the lines
            ax.set_ylim(lo, hi * 3.5)
        else:
            lo = 0 if from_zero else lo
            ax.set_ylim(lo, hi + 0.45 * (hi - lo))
        if not log:
            ax.yaxis.set_major_formatter(charts.mticker.FuncFormatter(
                lambda v, _: f"{v:,.0f}"))
        charts.mark_breaks(ax, chart.table)
        if events is not None and len(events):
            charts.annotate_events(ax, events, int(chart.table["x"].min()),
                                   int(chart.table["x"].max()))
    _finish(chart, fig, ax, ds, colors)
    return fig


def draw_revenue(chart: figdata.Chart, ds, events=None):
    """``events``: rows of nb.annotations(chart.name), drawn as dated rules."""
    return _draw(chart, ds, f"Revenue, {chart.extra['currency']} million (log scale)",
                 log=True, events=events)


def draw_indexed(chart: figdata.Chart, ds, events=None):
    return _draw(chart, ds, f"FY{chart.extra['base_year']} = 100",
                 zero=100, events=events)


def draw_growth(chart: figdata.Chart, ds, events=None):
    return _draw(chart, ds, "Growth on previous fiscal year, %", zero=0, events=events)


def draw_optical(chart: figdata.Chart, ds, events=None):
    return _draw(chart, ds, f"Net sales, {chart.extra['currency']} million", from_zero=True,
                 events=events)


__all__ = ["COMPANIES", "revenue", "indexed", "growth", "optical", "year_ends",
           "like_for_like_growth", "describe_growth", "index_table", "draw_revenue",
           "draw_indexed", "draw_growth", "draw_optical", "in_currency", "year_end_words",
           "years_text", "perimeter_changes", "wide", "describe_revenue",
           "describe_indexed", "describe_optical", "show"]
