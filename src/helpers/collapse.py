"""The handset-era story of notebook 10: group sales, phones against networks, market share.

Each chart is computed first and drawn second. A *story* function turns the facts into a
:class:`helpers.figdata.Chart` (the plotted table, a title and a finding built from that
table); a *draw* function turns the chart into a figure and adds no number of its own; a
*describe* function writes the finding from the chart's numbers.

Nothing about the company is typed here: which value stands for a period is
``series.choose`` (through ``first_reported``, ``recasts`` and ``pick``); what a group total
covers comes from ``data/perimeters.csv``; which segments made up the phone and the network
business in which years comes from ``data/businesses.csv``; which events a chart marks comes
from ``data/annotations.csv`` (the notebook passes them in).
"""

from __future__ import annotations

import pandas as pd

from helpers import charts, data, figdata, metrics, series
from helpers.plotting import COLORS, PALETTE, finish, new_figure

UNIT = "EUR million"
FIRST = "As first published"
BUSINESS_NAMES = {"phones": "Phone business", "networks": "Network business"}
# Nokia's own documents are named by the fiscal year they report; anything else by who
# quoted the figure and when.
OWN_DOCUMENTS = {"annual_report", "form_20f", "quarterly_report", "press_release"}
SAME = 0.5  # EUR million: two printed figures closer than this are the same figure


# ---------------------------------------------------------------- words

def fy(period_or_year) -> str:
    text = str(period_or_year)
    return text if text.startswith("FY") else f"FY{int(float(text))}"


def billions(value: float) -> str:
    return f"EUR {value / 1000:,.1f} billion"


def millions(value: float) -> str:
    return f"EUR {value:,.0f} million"


def window_words(start: int, end: int) -> str:
    return f"FY{start}" if start == end else f"FY{start}-FY{end}"


def _list(items: list[str]) -> str:
    items = list(items)
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _runs(years: list[int]) -> str:
    """[2011, 2012, 2013, 2016] -> 'FY2011-FY2013, FY2016'."""
    out: list[str] = []
    years = sorted(set(int(y) for y in years))
    i = 0
    while i < len(years):
        j = i
        while j + 1 < len(years) and years[j + 1] == years[j] + 1:
            j += 1
        out.append(fy(years[i]) if i == j else f"{fy(years[i])}-{fy(years[j])}")
        i = j + 1
    return ", ".join(out)


def _lower_first(text: str) -> str:
    """'Continuing operations, HERE left out' -> 'continuing operations, HERE left out'."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _years(n: int) -> str:
    return f"{n} year" if n == 1 else f"{n} years"


def perimeter_steps(table: pd.DataFrame, label: str) -> list[tuple[str, str, str, str]]:
    """(last period before, first period after, perimeter before, after) for each change
    of perimeter between consecutive plotted points of one series."""
    pts = table[table["label"] == label].sort_values("x") if not table.empty else table
    out = []
    for a, b in zip(pts.iloc[:-1].itertuples(), pts.iloc[1:].itertuples(), strict=True):
        if a.perimeter != b.perimeter:
            out.append((a.period, b.period, a.perimeter_label or a.perimeter,
                        b.perimeter_label or b.perimeter))
    return out


def _empty_window(start: int, end: int, era_end: int | None = None) -> str | None:
    """Words for a window with no years; ``era_end`` is where a phone-era chart stops."""
    if start > end:
        return (f"no years to show: the start year FY{start} comes after the end year "
                f"FY{end}")
    if era_end is not None and start > era_end:
        return (f"no years to show: the phone era shown here ends with FY{era_end}, before "
                f"the start year FY{start}")
    return None


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _window(rows: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    return rows[(rows["year"] >= start) & (rows["year"] <= end)]


# ---------------------------------------------------------------- group net sales

def _document(source_id: str, facts: pd.DataFrame, sources) -> tuple[str, str]:
    """(how a sentence names the recasting document, the legend label of its series)."""
    row = sources.get(source_id) if sources is not None else None
    kind = row["kind"] if row is not None else "other"
    if kind in OWN_DOCUMENTS:
        own = facts[(facts["source_id"] == source_id) & (facts["entity"] == "nokia")]
        if not own.empty:
            name = f"{charts.SINGULAR[kind]} for FY{int(own['year'].max())}"
            return name, f"Recast in {name}"
    if row is not None:
        name = f"{row['publisher']} ({pd.Timestamp(row['date']):%b %Y})"
        return name, f"Recast, as quoted by {name}"
    return source_id, f"Recast in {source_id}"


def _with_printed(points: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """Keep the figure as the document printed it next to the plotted EUR value."""
    return points.assign(printed_value=rows["value"].to_numpy(),
                         printed_unit=rows["unit"].to_numpy())


def _same(a: float, b: float) -> bool:
    return abs(float(a) - float(b)) < SAME


def group_story(facts: pd.DataFrame, start: int, end: int, sources=None) -> figdata.Chart:
    """Group net sales as first published, each recasting document's figures apart.

    The first-published line breaks where the group's perimeter changes (the phones leave
    after FY2012, HERE after FY2014, Submarine Networks after FY2023), and at every year
    with no first-published figure. A recast is drawn as its own dashed series, one per
    recasting document, and only where it adds a figure: a recast that repeats the
    first-published value, or a value another recast already shows, is counted in the
    notes instead. The peak-to-trough of the title is measured within one perimeter.
    """
    sources = sources if sources is not None else data.load().sources
    first = _window(series.first_reported(facts, "nokia", "net_sales"), start, end)
    first = first.assign(eur=series.in_eur(facts, first))
    recast = _window(series.recasts(facts, "nokia", "net_sales"), start, end)
    recast = recast.assign(eur=series.in_eur(facts, recast))

    first_by_period = {r.period: (r.eur, r.perimeter) for r in first.itertuples()}
    repeats_first = recast.apply(
        lambda r: r["period"] in first_by_period
        and first_by_period[r["period"]][1] == r["perimeter"]
        and _same(first_by_period[r["period"]][0], r["eur"]), axis=1).astype(bool) \
        if not recast.empty else pd.Series(dtype=bool)
    fresh = recast[~repeats_first] if not recast.empty else recast
    # one drawn point per (period, perimeter, figure): the document that recast the most
    # periods keeps it, then the earliest published
    size = fresh.groupby("source_id")["period"].transform("count") if not fresh.empty \
        else pd.Series(dtype=int)
    fresh = fresh.assign(_size=-size).sort_values(["_size", "published", "source_id",
                                                   "period_end"])
    kept_index, seen = [], []
    for i, r in fresh.iterrows():
        if any(p == r["period"] and q == r["perimeter"] and _same(v, r["eur"])
               for p, q, v in seen):
            continue
        seen.append((r["period"], r["perimeter"], r["eur"]))
        kept_index.append(i)
    drawn = fresh.loc[kept_index].drop(columns="_size")

    colors = {FIRST: COLORS["nokia"]}
    palette = [c for c in PALETTE if c != COLORS["nokia"]]
    parts = [_with_printed(figdata.points(first, FIRST, y="eur", unit=UNIT), first)]
    order = drawn.sort_values(["published", "source_id"])["source_id"].drop_duplicates()
    for sid in order:
        rows = drawn[drawn["source_id"] == sid].sort_values("period_end")
        name, label = _document(sid, facts, sources)
        colors[label] = palette[(len(colors) - 1) % len(palette)]
        parts.append(_with_printed(figdata.points(rows, label, y="eur", unit=UNIT), rows)
                     .assign(document=name))
    table = figdata.finish_table(*parts)

    repeated = recast.loc[~recast.index.isin(kept_index)] if not recast.empty else recast
    fim = first[first["currency"] == "FIM"]
    numbers = _group_numbers(table, start, end)
    numbers["repeated_recasts"] = int(len(repeated))
    numbers["repeating_documents"] = int(repeated["source_id"].nunique()) \
        if not repeated.empty else 0
    numbers["fim_periods"] = list(fim["period"])
    numbers["fim_per_eur"] = series.fim_per_eur(facts) if not fim.empty else None

    notes = _group_notes(table, numbers)
    chart = figdata.Chart("group-net-sales", table, _group_title(numbers, start, end),
                          _group_subtitle(table, numbers), notes, numbers,
                          {"start": start, "end": end, "colors": colors})
    return chart


def _group_numbers(table: pd.DataFrame, start: int, end: int) -> dict:
    """Peak, trough within the peak's perimeter, and the window's lowest figure."""
    fp = table[table["label"] == FIRST].sort_values("x") if not table.empty else table
    numbers: dict = {"start": start, "end": end, "points": int(len(fp))}
    if fp.empty:
        return numbers
    peak = fp.loc[fp["y"].idxmax()]
    same = fp[(fp["perimeter"] == peak["perimeter"]) & (fp["x"] >= peak["x"])]
    trough = same.loc[same["y"].idxmin()]
    low = fp.loc[fp["y"].idxmin()]
    on_perimeter = fp[fp["perimeter"] == peak["perimeter"]]
    numbers.update({
        "peak_period": peak["period"], "peak": float(peak["y"]),
        "perimeter": peak["perimeter"],
        "perimeter_label": peak["perimeter_label"] or peak["perimeter"],
        "last_on_perimeter": on_perimeter.sort_values("x")["period"].iloc[-1],
        "trough_period": trough["period"], "trough": float(trough["y"]),
        "low_period": low["period"], "low": float(low["y"]),
        "low_perimeter": low["perimeter"],
        "low_perimeter_label": low["perimeter_label"] or low["perimeter"],
        # every window year without a first-published figure, edges included
        "gaps": [f"FY{y}" for y in range(start, end + 1) if f"FY{y}" not in set(fp["period"])],
    })
    if numbers["points"] >= 2 and trough["period"] != peak["period"]:
        fall = metrics.PeakToTrough(int(peak["x"]), float(peak["y"]), int(trough["x"]),
                                    float(trough["y"]))
        numbers.update({"decline_pct": fall.decline_pct, "years": fall.years,
                        "annual_rate_pct": fall.annual_rate_pct})
    return numbers


def _group_title(n: dict, start: int, end: int) -> str:
    empty = _empty_window(start, end)
    if empty:
        return f"Nokia's group net sales: {empty}"
    if n["points"] == 0:
        return (f"No first-published figure of Nokia's group net sales in data/ for "
                f"{window_words(start, end)}")
    if n["points"] == 1:
        return (f"Nokia's group net sales as first published: {billions(n['peak'])} in "
                f"{n['peak_period']}; the window {window_words(start, end)} holds no other "
                "first-published year")
    title = (f"Nokia's net sales as first published were highest in {n['peak_period']} "
             f"at {billions(n['peak'])}")
    if "decline_pct" in n:
        title += (f" and {abs(n['decline_pct']):.0f}% "
                  f"{'lower' if n['decline_pct'] < 0 else 'higher'} in "
                  f"{n['trough_period']} on the same perimeter")
    else:
        title += ", with no later first-published year on the same perimeter"
    if n["low_perimeter"] != n["perimeter"]:
        title += (f"; the lowest first-published figure, {billions(n['low'])} in "
                  f"{n['low_period']}, is on another perimeter")
    return title


def _group_subtitle(table: pd.DataFrame, n: dict) -> str:
    if table.empty:
        return ""
    words = ["EUR million, fiscal years. Solid: as first published; dashed: recast by a "
             "later document. Peak to trough is measured within one perimeter."]
    if n.get("gaps"):
        words.append(f"No first-published figure in data/ for {_list(n['gaps'])}.")
    if n.get("fim_periods"):
        words.append(f"{_list(n['fim_periods'])} converted from Finnish markka at "
                     f"{n['fim_per_eur']:g} FIM per euro.")
    return " ".join(words)


def _group_notes(table: pd.DataFrame, n: dict) -> list[str]:
    notes = []
    for before, after, was, becomes in perimeter_steps(table, FIRST):
        notes.append(f"Perimeter changes between {before} and {after}: from '{was}' to "
                     f"'{becomes}'; the line is not joined across it.")
    if n.get("gaps"):
        notes.append(f"Missing first-published years: {_list(n['gaps'])}.")
    if n.get("repeated_recasts"):
        notes.append(f"{_plural(n['repeated_recasts'], 'recast figure')} from "
                     f"{_plural(n['repeating_documents'], 'document')} repeat a figure "
                     "already drawn and are not drawn again.")
    return notes


def group_overview(chart: figdata.Chart) -> pd.DataFrame:
    """The first-published points as a reader's table: period, value, perimeter, source."""
    t = chart.table
    if t.empty:
        return pd.DataFrame(columns=["period", "EUR million", "as printed", "perimeter",
                                     "source"])
    fp = t[t["label"] == FIRST]
    return pd.DataFrame({
        "period": fp["period"],
        "EUR million": fp["y"].round(0).astype(int),
        "as printed": [f"{v:,.6g} {u}" for v, u in zip(fp["printed_value"],
                                                        fp["printed_unit"], strict=True)],
        "perimeter": fp["perimeter_label"],
        "source": fp["source_id"],
    }).reset_index(drop=True)


def describe_group(chart: figdata.Chart) -> str:
    n = chart.numbers
    start, end = n["start"], n["end"]
    empty = _empty_window(start, end)
    if empty:
        return f"The group chart has {empty}."
    if n["points"] == 0:
        return (f"data/ holds no first-published group net sales for "
                f"{window_words(start, end)}, so there is nothing to compare.")
    if n["points"] == 1:
        return (f"Only {n['peak_period']} has a first-published group figure in the window "
                f"({millions(n['peak'])}); a peak-to-trough needs at least two years.")
    text = (f"As first published, group net sales were highest in {n['peak_period']} "
            f"({millions(n['peak'])}, {_lower_first(n['perimeter_label'])}).")
    if "decline_pct" in n:
        text += (f" On that perimeter the lowest later figure is {millions(n['trough'])} "
                 f"in {n['trough_period']}, {abs(n['decline_pct']):.0f}% "
                 f"{'lower' if n['decline_pct'] < 0 else 'higher'} "
                 f"({abs(n['annual_rate_pct']):.1f}% a year over {_years(n['years'])}).")
    else:
        text += " No later first-published year in the window is on the same perimeter."
    if n["low_perimeter"] != n["perimeter"]:
        text += (f" The lowest first-published figure of the window, {millions(n['low'])} "
                 f"in {n['low_period']}, covers something else "
                 f"({_lower_first(n['low_perimeter_label'])}), so comparing it with the peak "
                 "mixes a fall in sales with a change of what is counted.")
    recasts = chart.table[chart.table["basis"] == "restated"]["label"].nunique()
    if recasts:
        text += (f" {recasts} recasting document{'s' if recasts > 1 else ''} "
                 f"{'are' if recasts > 1 else 'is'} drawn dashed beside the "
                 "first-published line.")
    return text


def draw_group(chart: figdata.Chart, ds, events: pd.DataFrame | None = None):
    fig, ax = new_figure(9, 6.6)
    start, end = chart.extra["start"], chart.extra["end"]
    t = chart.table
    rows = 0
    if t.empty:
        charts.nothing_to_draw(ax, "Nothing to draw for these parameters.")
    else:
        charts.draw_lines(ax, t, colors=chart.extra["colors"])
        ax.set_ylim(0, t["y"].max() * 1.45)
        charts.thousands_axis(ax, "Net sales, EUR million")
        charts.fiscal_year_axis(ax, start, end)
        letters = _mark_perimeters(ax, t[t["label"] == FIRST])
        if events is not None and not events.empty:
            charts.annotate_events(ax, events, start, end)
        rows = _legend(ax, t, ncol=2, styles=False, extra=letters)
    finish(fig, chart.title, charts.source_line(ds, chart.sources()),
           subtitle=chart.subtitle, legend_rows=rows)
    return fig


# ---------------------------------------------------------------- perimeter changes

def perimeter_changes(chart: figdata.Chart) -> pd.DataFrame:
    """Each perimeter change of the first-published group line, split in two where a
    recast allows: the change of what is counted and the change of sales.

    The recast of the last year before the change, printed on the new perimeter, is the
    bridge: first published before -> recast before is the change of perimeter; recast
    before -> first published after is the change on the same perimeter.
    """
    columns = ["from", "to", "before", "after", "first published before",
               "recast before, new perimeter", "recast by", "first published after",
               "perimeter change", "same-perimeter change"]
    t = chart.table
    if t.empty:
        return pd.DataFrame(columns=columns)
    fp = t[t["label"] == FIRST].sort_values("x")
    rows = []
    for a, b in zip(fp.iloc[:-1].itertuples(), fp.iloc[1:].itertuples(), strict=True):
        if a.perimeter == b.perimeter:
            continue
        bridge = t[(t["label"] != FIRST) & (t["period"] == a.period)
                   & (t["perimeter"] == b.perimeter)]
        row = {"from": a.period, "to": b.period, "before": a.perimeter_label or a.perimeter,
               "after": b.perimeter_label or b.perimeter,
               "first published before": round(a.y), "recast before, new perimeter": "",
               "recast by": "", "first published after": round(b.y),
               "perimeter change": "", "same-perimeter change": ""}
        if not bridge.empty:
            r = bridge.iloc[0]
            row.update({"recast before, new perimeter": round(r["y"]),
                        "recast by": r["document"],
                        "perimeter change": round(r["y"] - a.y),
                        "same-perimeter change": round(b.y - r["y"])})
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def _move(value: float) -> str:
    """-25950 -> 'falls by EUR 25,950 million'; the verb follows the sign."""
    if round(value) == 0:
        return "is unchanged"
    return f"{'falls' if value < 0 else 'rises'} by {millions(abs(value))}"


def describe_perimeter_changes(table: pd.DataFrame) -> str:
    if table.empty:
        return ("The first-published group line does not change perimeter inside the "
                "window, so every step on it compares like with like.")
    out = []
    for _, r in table.iterrows():
        total = r["first published after"] - r["first published before"]
        head = (f"From {r['from']} to {r['to']} the first-published figure {_move(total)}, "
                f"but what it covers changes too (from {_lower_first(r['before'])} to "
                f"{_lower_first(r['after'])}).")
        if r["perimeter change"] == "":
            out.append(head + f" data/ has no recast of {r['from']} on the new perimeter, "
                       "so the move cannot be split into perimeter and sales.")
            continue
        per, same = r["perimeter change"], r["same-perimeter change"]
        share = abs(per) / (abs(per) + abs(same)) * 100 if (per or same) else 0.0
        then = ("stay level" if round(same) == 0 else
                f"{'fall' if same < 0 else 'rise'} by {millions(abs(same))}")
        verdict = ("most of the move is the change of perimeter" if share > 50 else
                   "most of the move is a change of sales on the same perimeter"
                   if share < 50 else "the move splits evenly")
        by = r["recast by"][:1].upper() + r["recast by"][1:]
        out.append(head + f" {by} puts {r['from']} on the new perimeter at "
                   f"{millions(r['recast before, new perimeter'])}: the change of perimeter "
                   f"{'removes' if per < 0 else 'adds'} {millions(abs(per))}, and on the "
                   f"same perimeter sales then {then}, so {verdict} ({share:.0f}% of the "
                   "two steps together).")
    return " ".join(out)


# ---------------------------------------------------------------- phones against networks

def business_eras(businesses=None, entity: str = "nokia") -> pd.DataFrame:
    """data/businesses.csv as a frame: one row per (business, era, segment)."""
    if businesses is None:
        businesses = data.load().businesses
    if isinstance(businesses, pd.DataFrame):
        records = businesses.to_dict("records")
    else:
        records = [dict(r) if isinstance(r, dict) else dict(r.values) for r in businesses]
    frame = pd.DataFrame(records, columns=["entity", "business", "segment", "first_year",
                                           "last_year", "label", "note"])
    frame = frame[frame["entity"] == entity].copy()
    frame["first_year"] = pd.to_numeric(frame["first_year"], errors="coerce")
    frame["last_year"] = pd.to_numeric(frame["last_year"], errors="coerce")
    frame = frame.dropna(subset=["first_year", "last_year"])
    frame[["first_year", "last_year"]] = frame[["first_year", "last_year"]].astype(int)
    frame["perimeter"] = (frame["business"] + ":" + frame["first_year"].astype(str) + "-"
                          + frame["last_year"].astype(str))
    return frame.reset_index(drop=True)


def phone_years(eras: pd.DataFrame) -> tuple[int | None, int | None]:
    phones = eras[eras["business"] == "phones"]
    if phones.empty:
        return None, None
    return int(phones["first_year"].min()), int(phones["last_year"].max())


def business_story(facts: pd.DataFrame, start: int, end: int, phone_era_end: int,
                   businesses=None) -> figdata.Chart:
    """Phone and network business net sales, each year as that year's structure had it.

    A business is the sum of the segments data/businesses.csv lists for the year; each
    segment's value is the one ``series.pick`` chooses. Each era is its own perimeter, so
    the lines break at reorganisations. A year that lacks one of the era's segments, or
    whose segments' values are on different bases, is left out and named in the notes.
    """
    eras = business_eras(businesses)
    first_phone, last_phone = phone_years(eras)
    last = min(end, phone_era_end, last_phone if last_phone is not None else phone_era_end)
    picked = {seg: series.pick(facts, "nokia", seg, "net_sales")
              for seg in eras["segment"].unique()}
    missing: list[tuple[str, int, str]] = []
    mixed: list[tuple[str, int, str]] = []
    parts, colors = [], {}
    for business in eras["business"].drop_duplicates():
        label = BUSINESS_NAMES.get(business, f"{business.capitalize()} business")
        colors[label] = PALETTE[len(colors) % len(PALETTE)]
        rows = []
        own = eras[eras["business"] == business]
        for (first_year, last_year, perimeter), era in own.groupby(
                ["first_year", "last_year", "perimeter"], sort=True):
            for year in range(max(first_year, start), min(last_year, last) + 1):
                got = []
                for seg in era["segment"]:
                    have = picked[seg]
                    have = have[have["period"] == f"FY{year}"]
                    if have.empty:
                        missing.append((label, year, charts.label(seg)))
                        break
                    got.append(have.iloc[0])
                else:
                    bases = sorted({g["basis"] for g in got})
                    if len(bases) > 1:
                        mixed.append((label, year, " vs ".join(
                            f"{charts.label(g['segment'])} {series.BASIS_WORDS[g['basis']]}"
                            for g in got)))
                        continue
                    amounts = series.in_eur(facts, pd.DataFrame(got))
                    rows.append({
                        "period": f"FY{year}", "period_end": got[0]["period_end"],
                        "eur": float(amounts.sum()), "unit": UNIT, "basis": bases[0],
                        "perimeter": perimeter, "perimeter_label": era["label"].iloc[0],
                        "source_id": ";".join(dict.fromkeys(g["source_id"] for g in got)),
                        "locator": " | ".join(dict.fromkeys(str(g["locator"]) for g in got)),
                        "parts": "; ".join(f"{g['segment']}={a:,.0f}"
                                           for g, a in zip(got, amounts, strict=True)),
                    })
        if rows:
            frame = pd.DataFrame(rows)
            parts.append(figdata.points(frame, label, y="eur", unit=UNIT)
                         .assign(parts=frame["parts"].to_numpy()))
    table = figdata.finish_table(*parts)
    numbers = _business_numbers(table, start, last)
    numbers.update({"start": start, "end": end, "phone_era_end": phone_era_end,
                    "last_phone_year": last_phone, "first_phone_year": first_phone,
                    "last": last, "missing": missing, "mixed": mixed})
    notes = _business_notes(table, numbers)
    x_first = max(start, int(eras["first_year"].min())) if not eras.empty else start
    return figdata.Chart("phones-vs-networks", table, _business_title(numbers),
                         _business_subtitle(numbers), notes, numbers,
                         {"start": x_first, "end": last, "colors": colors})


def _business_numbers(table: pd.DataFrame, start: int, last: int) -> dict:
    n: dict = {"phones_points": 0, "networks_points": 0}
    if table.empty:
        return n
    phones = table[table["label"] == BUSINESS_NAMES["phones"]].sort_values("x")
    networks = table[table["label"] == BUSINESS_NAMES["networks"]].sort_values("x")
    n["phones_points"], n["networks_points"] = len(phones), len(networks)
    if not phones.empty:
        peak = phones.loc[phones["y"].idxmax()]
        final = phones.iloc[-1]
        n.update({"phones_peak_period": peak["period"], "phones_peak": float(peak["y"]),
                  "phones_last_period": final["period"], "phones_last": float(final["y"])})
    both = sorted(set(phones["period"]) & set(networks["period"]), key=figdata.period_x)
    if both:
        p = both[-1]
        ph = float(phones.loc[phones["period"] == p, "y"].iloc[0])
        nw = float(networks.loc[networks["period"] == p, "y"].iloc[0])
        n.update({"both_period": p, "both_phones": ph, "both_networks": nw,
                  "both_ratio_pct": nw / ph * 100})
    return n


def _beyond_phones(n: dict) -> str:
    if n["last_phone_year"] is not None and n["phone_era_end"] > n["last_phone_year"]:
        return (f"data/businesses.csv ends the phone business with FY{n['last_phone_year']}"
                f", so the chart stops there although FY{n['phone_era_end']} was asked for")
    return ""


def _business_title(n: dict) -> str:
    empty = _empty_window(n["start"], n["end"], n["last"])
    if empty:
        return f"Phone and network businesses: {empty}"
    beyond = _beyond_phones(n)
    tail = f" ({beyond})" if beyond else ""
    if n["phones_points"] == 0:
        return (f"No phone-business figure in data/ for {window_words(n['start'], n['last'])}"
                + tail)
    if n["phones_peak_period"] == n["phones_last_period"]:
        which = ("the only phone-business year in the window" if n["phones_points"] == 1
                 else "its largest year in the window")
        title = (f"Nokia's phone business made {billions(n['phones_peak'])} in "
                 f"{n['phones_peak_period']}, {which}")
    else:
        title = (f"Nokia's phone business was largest in {n['phones_peak_period']} at "
                 f"{billions(n['phones_peak'])} and made {billions(n['phones_last'])} in "
                 f"{n['phones_last_period']}")
    if "both_period" in n:
        title += (f"; in {n['both_period']}, the last year both are plotted, networks made "
                  f"{billions(n['both_networks'])}, {n['both_ratio_pct']:.0f}% of the phones' "
                  f"{billions(n['both_phones'])}")
    else:
        title += "; no year in the window has both businesses"
    return title + tail


def _business_subtitle(n: dict) -> str:
    if n["phones_points"] + n["networks_points"] == 0:
        return ""
    words = ["EUR million, fiscal years. Each point sums the segments that made up the "
             "business in that year's structure; lines break at each reorganisation and "
             "wherever the basis changes."]
    for found, why in ((n["missing"], "a segment has no figure in data/"),
                       (n["mixed"], "its segments' figures are on different bases")):
        for label in dict.fromkeys(lab for lab, _, _ in found):
            years = [y for lab, y, _ in found if lab == label]
            words.append(f"{label} left out for {_runs(years)} ({why}).")
    return " ".join(words)


def _business_notes(table: pd.DataFrame, n: dict) -> list[str]:
    notes = []
    for label, year, seg in n["missing"]:
        notes.append(f"{label}, FY{year}: no {seg} figure in data/; the year is left out.")
    for label, year, what in n["mixed"]:
        notes.append(f"{label}, FY{year}: segments on different bases ({what}); not summed, "
                     "the year is left out.")
    for label in dict.fromkeys(table["label"]) if not table.empty else []:
        for before, after, was, becomes in perimeter_steps(table, label):
            notes.append(f"{label}: from {was} ({before}) to {becomes} ({after}); "
                         "the line is not joined across it.")
    beyond = _beyond_phones(n)
    if beyond:
        notes.append(beyond + ".")
    return notes


def business_overview(chart: figdata.Chart) -> pd.DataFrame:
    """One row per year: each business's EUR million, '' where it is not plotted."""
    return figdata.wide(chart.table, "{:,.0f}")


def describe_businesses(chart: figdata.Chart) -> str:
    n = chart.numbers
    empty = _empty_window(n["start"], n["end"], n["last"])
    beyond = _beyond_phones(n)
    tail = f" Note: {beyond}." if beyond else ""
    if empty:
        return f"The business chart has {empty}.{tail}"
    if n["phones_points"] == 0:
        return (f"data/ holds no phone-business year for "
                f"{window_words(n['start'], n['last'])}.{tail}")
    text = (f"The phone business, as each year's structure defined it, was largest in "
            f"{n['phones_peak_period']} ({millions(n['phones_peak'])}).")
    if n["phones_last_period"] != n["phones_peak_period"]:
        change = (n["phones_last"] / n["phones_peak"] - 1) * 100
        text += (f" Its last plotted year, {n['phones_last_period']}, is "
                 f"{millions(n['phones_last'])}, {abs(change):.0f}% "
                 f"{'below' if change < 0 else 'above'} that.")
    if "both_period" in n:
        text += (f" In {n['both_period']}, the last year with both businesses plotted, the "
                 f"network business made {millions(n['both_networks'])}, "
                 f"{n['both_ratio_pct']:.0f}% of the phone business's "
                 f"{millions(n['both_phones'])}.")
    skipped = len([m for m in n["mixed"] if n["start"] <= m[1] <= n["last"]])
    if skipped:
        text += (f" {skipped} business-year{'s are' if skipped > 1 else ' is'} left out "
                 "because its segments' figures are on different bases.")
    return text + tail


def draw_businesses(chart: figdata.Chart, ds, events: pd.DataFrame | None = None):
    fig, ax = new_figure(9, 6.4)
    t = chart.table
    rows = 0
    if t.empty:
        charts.nothing_to_draw(ax, "Nothing to draw for these parameters.")
    else:
        start, end = chart.extra["start"], chart.extra["end"]
        charts.draw_lines(ax, t, colors=chart.extra["colors"],
                          markers={BUSINESS_NAMES["networks"]: "s"})
        ax.set_ylim(0, t["y"].max() * 1.45)
        charts.thousands_axis(ax, "Net sales, EUR million")
        charts.fiscal_year_axis(ax, start, end)
        letters = _mark_perimeters(ax, t)
        if events is not None and not events.empty:
            charts.annotate_events(ax, events, start, end)
        rows = _legend(ax, t, ncol=2, extra=letters)
    finish(fig, chart.title, charts.source_line(ds, chart.sources()),
           subtitle=chart.subtitle, legend_rows=rows)
    return fig


# ---------------------------------------------------------------- peak to trough

def _basis_words(basis: str) -> str:
    """series.BASIS_WORDS without its parenthesis: 'non-IFRS (comparable)' -> 'non-IFRS'."""
    return series.BASIS_WORDS.get(basis, basis).split(" (")[0]


def _fall_row(name: str, perimeter: str, pts: pd.DataFrame, note: str) -> dict:
    row = {"series": name, "perimeter": perimeter, "peak FY": "", "peak EUR m": "",
           "trough FY": "", "trough EUR m": "", "decline %": "", "years": "",
           "annual rate %": "", "note": note}
    if len(pts) < 2:
        row["note"] = ("no year in the window" if pts.empty
                       else f"only {pts['period'].iloc[0]} in the window")
        return row
    s = pts.set_index("x")["y"]
    fall = metrics.peak_to_trough(s)
    basis = pts.set_index("x")["basis"]
    was, became = basis[fall.peak_year], basis[fall.trough_year]
    if was != became:
        row["note"] = f"{note}; peak {_basis_words(was)}, trough {_basis_words(became)}"
    row.update({"peak FY": fy(fall.peak_year), "peak EUR m": round(fall.peak),
                "trough FY": fy(fall.trough_year), "trough EUR m": round(fall.trough)})
    if fall.years == 0:
        row["note"] = "the peak is the last year; nothing after it"
        return row
    row.update({"decline %": round(fall.decline_pct, 1), "years": fall.years,
                "annual rate %": round(fall.annual_rate_pct, 1)})
    return row


def peak_to_trough_table(group: figdata.Chart, businesses: figdata.Chart) -> pd.DataFrame:
    """Highest year and lowest later year of each series, from the charts' tables.

    The group is measured within the perimeter of its peak; a business across its
    reorganisations, each year as that year's structure defined it (the note says so).
    """
    rows = []
    g = group.table
    fp = g[g["label"] == FIRST] if not g.empty else g
    if not fp.empty:
        peak = fp.loc[fp["y"].idxmax()]
        fp = fp[fp["perimeter"] == peak["perimeter"]]
        perimeter = peak["perimeter_label"] or peak["perimeter"]
    else:
        perimeter = ""
    rows.append(_fall_row("Group, as first published", perimeter, fp,
                          "within the perimeter of the peak"))
    b = businesses.table
    for name in BUSINESS_NAMES.values():
        pts = b[b["label"] == name] if not b.empty else b
        eras = _plural(pts["perimeter"].nunique(), "structure") if not pts.empty else ""
        rows.append(_fall_row(name, eras, pts,
                              "each year as that year's structure defined it"))
    return pd.DataFrame(rows)


def describe_fall(table: pd.DataFrame) -> str:
    out = []
    for _, r in table.iterrows():
        name = "Group net sales as first published" if r["series"].startswith("Group") \
            else f"The {r['series'].lower()}"
        if r["peak FY"] == "":
            out.append(f"{name}: {r['note']}, so no peak-to-trough can be measured.")
        elif r["decline %"] == "":
            out.append(f"{name} peaked at EUR {r['peak EUR m']:,} million in {r['peak FY']}, "
                       "the last year in the window, so there is no fall to measure.")
        else:
            direction = "lower" if r["decline %"] < 0 else "higher"
            out.append(f"{name} went from EUR {r['peak EUR m']:,} million in {r['peak FY']} "
                       f"to EUR {r['trough EUR m']:,} million in {r['trough FY']} "
                       f"({r['note']}): {abs(r['decline %']):.0f}% {direction}, "
                       f"{abs(r['annual rate %']):.1f}% a year over {_years(r['years'])}.")
    return " ".join(out)


# ---------------------------------------------------------------- market share

def _share_label(measurer: str, perimeter_label: str) -> str:
    if not perimeter_label:
        return measurer
    if perimeter_label.startswith(measurer):
        return perimeter_label
    return f"{measurer} ({perimeter_label})"


def share_story(facts: pd.DataFrame, start: int, end: int,
                phone_era_end: int | None = None) -> figdata.Chart:
    """Nokia's full-year world market share, one line per measurer and market definition.

    The window is ``start`` to the earlier of ``end`` and ``phone_era_end``. Annual rows
    of segment ``total`` only; one figure per (measurer, perimeter, period) by
    ``series.choose``. A measurer whose market definition changed (Nokia's own) has one
    line per definition, never joined.
    """
    rows = facts[(facts["entity"] == "nokia") & (facts["metric"] == "market_share")
                 & (facts["segment"] == "total") & (facts["freq"] == "annual")]
    last = min(end, phone_era_end) if phone_era_end is not None else end
    rows = _window(rows, start, last)
    rows = rows.assign(measurer=rows["measurer"].fillna("unnamed measurer"))
    chosen = series.choose(rows, by=("measurer", "perimeter"))
    parts = []
    for (measurer, _), part in chosen.groupby(["measurer", "perimeter"], sort=True):
        label = _share_label(measurer, part["perimeter_label"].iloc[0])
        parts.append(figdata.points(part, label, y="value", unit="percent")
                     .assign(measurer=measurer))
    table = figdata.finish_table(*parts)
    n = _share_numbers(table)
    n.update({"start": start, "end": end, "last": last,
              "alternatives": int(len(rows) - len(chosen))})
    notes = []
    if n["alternatives"]:
        notes.append(f"{_plural(n['alternatives'], 'further figure')} by the same measurer "
                     "for the same year and definition not drawn (series.choose keeps one).")
    subtitle = ("Full-year estimates, percent of units; one line per measurer and market "
                "definition. Measurers count differently (shipments, sales to end users)."
                if not table.empty else "")
    return figdata.Chart("market-share", table, _share_title(n), subtitle, notes, n,
                         {"start": start, "end": last})


def _share_numbers(table: pd.DataFrame) -> dict:
    n: dict = {"points": int(len(table)), "measurers": 0}
    if table.empty:
        return n
    n["measurers"] = int(table["measurer"].nunique())
    by_year = table.groupby("period")["y"]
    median = by_year.median()
    order = sorted(median.index, key=figdata.period_x)
    peak_period = max(order, key=lambda p: (median[p], -figdata.period_x(p)))
    at_peak = table[table["period"] == peak_period]
    latest_period = order[-1]
    at_latest = table[table["period"] == latest_period].sort_values("y")
    spread = (by_year.max() - by_year.min())
    tops = table[table["y"] == table["y"].max()].sort_values("x")
    n.update({
        "years": len(order), "peak_period": peak_period, "peak_low": float(at_peak["y"].min()),
        "peak_high": float(at_peak["y"].max()),
        "peak_measurers": sorted(at_peak["measurer"].unique()),
        "latest_period": latest_period, "latest_low": float(at_latest["y"].min()),
        "latest_high": float(at_latest["y"].max()),
        "latest_measurers": list(dict.fromkeys(at_latest["measurer"])),
        "top": float(tops["y"].iloc[0]),
        "top_where": "; ".join(f"{r.period}, {r.label}" for r in tops.itertuples()),
        "max_spread": float(spread.max()),
        "max_spread_period": min(spread[spread == spread.max()].index, key=figdata.period_x),
    })
    return n


def _range(low: float, high: float) -> str:
    return f"{low:g}%" if low == high else f"{low:g}-{high:g}%"


def _share_title(n: dict) -> str:
    empty = _empty_window(n["start"], n["end"], n["last"])
    if empty:
        return f"Nokia's market share: {empty}"
    if n["points"] == 0:
        return (f"No full-year market-share estimate in data/ for "
                f"{window_words(n['start'], n['last'])}")
    who = n["peak_measurers"]
    counted = (f"{len(who)} measurers" if len(who) > 1 else f"one measurer ({who[0]})")
    which = ("the only year in the window" if n["years"] == 1
             else "the year of the highest median estimate")
    title = (f"In {n['peak_period']}, {which}, {counted} "
             f"put Nokia's world share at {_range(n['peak_low'], n['peak_high'])}")
    if n["latest_period"] != n["peak_period"]:
        title += (f"; the latest, for {n['latest_period']}, is "
                  f"{_range(n['latest_low'], n['latest_high'])} "
                  f"({_list(n['latest_measurers'])})")
    return title


def describe_share(chart: figdata.Chart) -> str:
    n = chart.numbers
    if n["points"] == 0:
        return _share_title(n) + "."
    text = (f"{n['measurers']} measurer{'s' if n['measurers'] != 1 else ''} "
            f"{'are' if n['measurers'] != 1 else 'is'} quoted for "
            f"{window_words(n['start'], n['last'])}. The highest single figure is "
            f"{n['top']:g}% ({n['top_where']}); the latest year, "
            f"{n['latest_period']}, has {_range(n['latest_low'], n['latest_high'])} "
            f"({_list(n['latest_measurers'])}).")
    if n["max_spread"] > 0:
        text += (f" For the same year the measurers differ by up to "
                 f"{n['max_spread']:.1f} percentage points ({n['max_spread_period']}), so a "
                 "single 'market share' line would hide who counted what.")
    return text


def share_overview(chart: figdata.Chart) -> pd.DataFrame:
    """One row per year: each measurer's share in percent, blank where it gave none."""
    return figdata.wide(chart.table, "{:g}")


def draw_share(chart: figdata.Chart, ds):
    fig, ax = new_figure(9, 5.6)
    t = chart.table
    rows = 0
    if t.empty:
        charts.nothing_to_draw(ax, "Nothing to draw for these parameters.")
    else:
        markers = ["o", "s", "^", "D", "v", "P", "X", "*"]
        labels = list(dict.fromkeys(t["label"]))
        charts.draw_lines(ax, t, markers={lab: markers[i % len(markers)]
                                          for i, lab in enumerate(labels)})
        ax.set_ylim(0, max(50, t["y"].max() * 1.15))
        ax.set_ylabel("Market share, percent of units")
        charts.fiscal_year_axis(ax, chart.extra["start"], chart.extra["end"])
        rows = _legend(ax, t, ncol=3)
    finish(fig, chart.title, charts.source_line(ds, chart.sources()),
           subtitle=chart.subtitle, legend_rows=rows)
    return fig


# ---------------------------------------------------------------- drawing helpers

def _mark_perimeters(ax, table: pd.DataFrame) -> list:
    """A thin rule and a letter where a series changes perimeter; the legend says what
    each letter starts. Returns the legend handles.

    Like ``charts.mark_breaks``, but the words go into the legend instead of onto the
    plot, where they collided with the event labels of these crowded charts.
    """
    from matplotlib.lines import Line2D

    steps = []
    for label in dict.fromkeys(table["label"]):
        pts = table[table["label"] == label].set_index("period")["x"]
        for before, after, _, becomes in perimeter_steps(table, label):
            steps.append(((pts[before] + pts[after]) / 2, label, after, becomes))
    handles, placed = [], {}
    several = table["label"].nunique() > 1
    for x, label, after, becomes in sorted(steps, key=lambda s: s[0]):
        if x in placed:
            continue
        letter = chr(ord("A") + len(placed))
        placed[x] = letter
        ax.axvline(x, color="#999", linewidth=0.9, linestyle=(0, (2, 2)), zorder=0)
        ax.text(x, ax.get_ylim()[1] * 0.015, letter, ha="center", va="bottom",
                fontsize=8, fontweight="bold", color="#333",
                bbox={"facecolor": "white", "edgecolor": "#999",
                      "boxstyle": "round,pad=0.25"})
        who = f"{label} " if several else ""
        handles.append(Line2D([], [], linestyle="none", marker=f"${letter}$",
                              color="#333", markersize=7,
                              label=f"{who}from {after}: {becomes}"))
    return handles


def _legend(ax, table: pd.DataFrame, ncol: int, styles: bool = True,
            extra: list | None = None) -> int:
    """Series, line styles and perimeter letters in one legend under the axes; returns
    how many rows it takes."""
    handles, labels = ax.get_legend_handles_labels()
    more = (charts.basis_legend_handles(table) if styles else []) + list(extra or [])
    handles += more
    labels += [h.get_label() for h in more]
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(0.0, -0.07), ncol=ncol,
              fontsize=8.5)
    return -(-len(labels) // ncol)


def describe_pivot(group: figdata.Chart, businesses: figdata.Chart) -> str:
    """Did the pivot to networks work? The network business before the phones were sold
    against the whole company afterwards, when it sold networks only, from the two tables.

    Both numbers are first-published figures where the tables have them; the sentence says
    which perimeter each covers, so a reader does not compare a segment with a group blind.
    """
    nets = businesses.table[(businesses.table["label"] == "Network business")
                            & (businesses.table["mark"] == "line")]
    first = group.table[group.table["label"] == FIRST]
    after = first[~first["perimeter"].isin(["group_with_devices"])]
    if nets.empty or after.empty:
        return ("The tables do not hold both the network business before the phones were "
                "sold and the company after it, so the pivot cannot be measured here.")
    n = nets.sort_values("x").iloc[-1]
    a0, a1 = after.sort_values("x").iloc[0], after.sort_values("x").iloc[-1]
    change = (a1["y"] / n["y"] - 1) * 100
    text = (f"Before the phones were sold, the network business made EUR {n['y']:,.0f} million "
            f"in {n['x_label']} ({n['perimeter_label'] or 'as then reported'}, "
            f"{series.BASIS_WORDS.get(n['basis'], n['basis'])}). As a network company Nokia "
            f"first published EUR {a0['y']:,.0f} million for {a0['x_label']} and "
            f"EUR {a1['y']:,.0f} million for {a1['x_label']} ({a1['perimeter_label']}): "
            f"{abs(change):.0f}% {'more' if change >= 0 else 'less'} than the network business "
            f"of {n['x_label']}")
    changes = list(dict.fromkeys(after.sort_values("x")["perimeter_label"]))[1:]
    if changes:
        text += ("; in between, what the total covers changed: "
                 + "; ".join(changes))
    phones = businesses.table[businesses.table["label"] == "Phone business"]
    if not phones.empty:
        peak = phones.loc[phones["y"].idxmax()]
        ratio = peak["y"] / a1["y"]
        text += (f". The phone business alone had made EUR {peak['y']:,.0f} million at its "
                 f"peak ({peak['x_label']}), {ratio:.1f} times Nokia's {a1['x_label']} total")
    return text + "."
