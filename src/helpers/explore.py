"""The interactive explorer: pick companies, segment, metric, currency, base year, frequency.

``view`` does the work (select by the one basis rule, convert, index) and returns a figure
table (:class:`helpers.figdata.Chart`), so the same function serves the widgets, the
exported default figure and the tests; ``draw`` only draws that table. Lines join only
consecutive periods of one perimeter and one basis, so a recast year next to a
first-published one, or a year without a rate, is a break the chart marks, not a fall.
"""

from __future__ import annotations

import pandas as pd

from helpers import charts, competitors, figdata, series
from helpers.plotting import COLORS, PALETTE, finish, new_figure

NAMES = {"nokia": "Nokia", "ciena": "Ciena", "cisco": "Cisco"}
SHOWN = ["label", "x_label", "y", "unit", "value", "printed_unit", "basis",
         "perimeter_label", "entity", "source_id", "locator"]


def options(facts: pd.DataFrame) -> dict[str, list[str]]:
    companies = facts[facts["entity"].isin(NAMES)]
    return {
        "entities": [e for e in NAMES if e in set(companies["entity"])],
        "segments": sorted(set(companies["segment"])),
        "metrics": sorted(set(companies["metric"])),
    }


def metric_words(metric: str) -> str:
    return metric.replace("_", " ").capitalize()


def _series_of(rows: pd.DataFrame, metric: str, name: str, segment: str):
    """(label, rows) pairs: one series per company and segment, by series.choose; market
    shares one per measurer, since measurers define the market differently."""
    base = f"{name} {charts.label(segment).lower()}"
    if metric == "market_share" and rows["measurer"].notna().any():
        chosen = series.choose(rows.assign(measurer=rows["measurer"].fillna("unnamed")),
                               by=("measurer",))
        return [(f"{base}, measured by {who}", part)
                for who, part in chosen.groupby("measurer", sort=True)]
    return [(base, series.choose(rows))]


def view(facts: pd.DataFrame, entities, segment: str, metric: str, currency: str = "EUR",
         base_year: int = 0, freq: str = "annual", rates: pd.Series | None = None,
         name: str = "default-view") -> figdata.Chart:
    """The chosen series as a figure table, with notes on whatever is left out.

    Currency amounts are converted to ``currency`` (annual and quarterly, at the rates
    helpers.fx gives for the days each period spans); a value needing a missing rate is
    left out. ``base_year`` (annual amounts only) indexes each series to 100 within the
    perimeter of its base-year value; 0 means no index.
    """
    rates = competitors.rates_of(facts) if rates is None else rates
    parts, notes, units, explained, money_any = [], [], [], {}, False
    indexed = bool(base_year) and freq == "annual"
    if base_year and freq != "annual":
        notes.append(f"quarterly series are not indexed (base year FY{base_year} ignored)")
    for entity in dict.fromkeys(entities):
        name_ = NAMES.get(entity, entity)
        rows = series.select(facts, entity, metric, segment, freq)
        if rows.empty:
            notes.append(f"{name_}: no {freq} {metric_words(metric).lower()} for "
                         f"{charts.label(segment).lower()} in data/")
            continue
        money = bool(rows["currency"].notna().all())
        money_any = money_any or money

        def convert(part, money=money):
            if money:
                return competitors.in_currency(facts, part, currency, rates)
            return part.assign(converted=part["value"].astype(float))

        for label, chosen in _series_of(rows, metric, name_, segment):
            unit = f"{currency} million" if money else str(chosen["unit"].iloc[0])
            left: list[str] = []
            y = "converted"
            if indexed and unit != "percent":
                base = chosen[chosen["year"] == base_year]
                if base.empty:
                    notes.append(f"{label}: no value for FY{base_year}, so no index line")
                    continue
                base = convert(base).iloc[0]
                if pd.isna(base["converted"]):
                    notes.append(f"{label}: no {currency} value for FY{base_year} (no rate), "
                                 "so no index line")
                    continue
                inside = series.choose(rows[rows["perimeter"] == base["perimeter"]])
                other = chosen[~chosen["period"].isin(inside["period"])]
                if len(other):
                    notes.append(f"{label}: {_periods(other['period'])} in another perimeter "
                                 f"than FY{base_year}, not indexed")
                    left += list(other["period"])
                chosen = inside
                y = "index"
                unit = f"index, FY{base_year} = 100" + (f", in {currency}" if money else "")
            elif indexed:
                notes.append(f"{label}: a percentage, shown as it is (base year ignored)")
            chosen = convert(chosen)
            no_rate = chosen.loc[chosen["converted"].isna(), "period"].tolist()
            if no_rate:
                notes.append(f"{label}: no rate for {_periods(no_rate)}")
                left += no_rate
            chosen = chosen.dropna(subset=["converted"])
            if y == "index":  # an index point rests on its own fact and the base year's
                chosen = chosen.assign(
                    index=chosen["converted"] / float(base["converted"]) * 100.0,
                    source_id=[";".join(dict.fromkeys(f"{sid};{base['source_id']}".split(";")))
                               for sid in chosen["source_id"]])
            explained[label] = {figdata.period_label(p) for p in left}
            parts.append(_points(chosen, label, y, unit).assign(entity=entity,
                                                                segment=segment,
                                                                metric=metric))
            units.append(unit)
    # one axis, one unit: a series in another unit than the first is left out and said
    if units and len(set(units)) > 1:
        keep = units[0]
        for part, unit in zip(parts, units, strict=True):
            if unit != keep and len(part):
                notes.append(f"{part['label'].iloc[0]}: in {unit}, not {keep}; not drawn")
        parts = [p for p, u in zip(parts, units, strict=True) if u == keep]
    table = figdata.finish_table(*parts)
    for label, missing in (figdata.gaps(table).items() if len(table) else []):
        missing = [m for m in missing if m not in explained.get(label, set())]
        if missing:
            notes.append(f"{label}: not in data/ for {_periods(missing)}")
    chart = figdata.Chart(name, table, "", notes=notes,
                          extra={"metric": metric, "segment": segment, "freq": freq,
                                 "currency": currency, "base_year": base_year,
                                 "entities": list(entities), "money": money_any})
    chart.title, chart.numbers = _title(chart)
    chart.subtitle = _subtitle(chart)
    return chart


def _periods(periods) -> str:
    periods = list(periods)
    if all(str(p).startswith("FY") and "Q" not in str(p) for p in periods):
        return competitors.years_text(int(str(p)[2:]) for p in periods)
    shown = [figdata.period_label(str(p)) for p in periods]
    return ", ".join(shown[:6]) + (f" and {len(shown) - 6} more" if len(shown) > 6 else "")


def _points(rows: pd.DataFrame, label: str, y: str, unit: str) -> pd.DataFrame:
    if rows.empty:
        return pd.DataFrame(columns=figdata.COLUMNS)
    pts = figdata.points(rows, label, y=y, unit=unit)
    extra = rows.drop_duplicates("period").set_index("period")
    extra = extra.assign(printed_unit=extra["unit"])[["value", "printed_unit"]]
    return pts.join(extra, on="period")


def _fmt(value: float, unit: str) -> str:
    if unit == "percent":
        return f"{value:.1f}%"
    if unit.startswith("index"):
        return f"{value:.0f}"
    return f"{value:,.0f}"


def _title(chart: figdata.Chart):
    table, extra = chart.table, chart.extra
    words = metric_words(extra["metric"])
    what = f"{charts.label(extra['segment']).lower()}, {extra['freq']}"
    if table.empty:
        who = ", ".join(NAMES.get(e, e) for e in extra["entities"])
        if not who:
            return f"{words} ({what}): no company chosen", {}
        why = [n for n in chart.notes if n][:2]
        return (f"{words} ({what}): nothing to draw for {who}"
                + (". " + "; ".join(why) if why else "")), {}
    unit = table["unit"].iloc[0]
    last = table.sort_values("x").groupby("label", sort=False).tail(1)
    order = list(dict.fromkeys(table["label"]))
    last = last.set_index("label").loc[order]
    parts = [f"{label} {_fmt(r['y'], unit)} in {r['x_label']}" for label, r in last.iterrows()]
    numbers = {label: (r["x_label"], float(r["y"])) for label, r in last.iterrows()}
    return f"{words} ({unit}), latest plotted period: " + "; ".join(parts), numbers


def _subtitle(chart: figdata.Chart) -> str:
    table, extra = chart.table, chart.extra
    words = ["One value per period: first published, else the earliest recast, then "
             "non-IFRS, then estimates"]
    if extra.get("money"):
        rate = (competitors.RATE_WORDS if extra["freq"] == "annual"
                else competitors.QUARTER_RATE_WORDS)
        words.append(f"amounts in {extra['currency']} at {rate}")
    words += competitors.perimeter_words(table)
    if extra["freq"] == "annual" and len(table):
        ends = {NAMES.get(e, e): competitors.year_end_words(part["period_end"])
                for e, part in table.groupby("entity", sort=False)}
        words.append("fiscal years end: " + "; ".join(f"{n} {w}" for n, w in ends.items()))
    notes = [n for n in chart.notes if n]
    if notes:
        words.append("Left out: " + "; ".join(notes))
    return ". ".join(w[:1].upper() + w[1:] for w in words) + "."


def summary(chart: figdata.Chart) -> str:
    """A one-line count of what the view shows (for the notebook's checked output)."""
    table = chart.table
    if table.empty:
        return "nothing to show for these choices"
    per = table.groupby("label", sort=False)["period"].nunique()
    return (f"{len(table)} points from {len(chart.sources())} sources; "
            + "; ".join(f"{k}: {n} periods" for k, n in per.items())
            + f"; {table['line'].nunique()} separately drawn lines")


def describe(chart: figdata.Chart) -> str:
    """The finding for a view: where each series ends and why its line is in pieces."""
    table = chart.table
    if table.empty:
        return chart.title + "."
    text = chart.title + "."
    changes = competitors.perimeter_changes(table)
    found = figdata.breaks(table)
    bases = int((found["kind"] == "basis").sum()) if len(found) else 0
    gaps = sum(len(v) for v in figdata.gaps(table).values())
    text += (f" The chart draws {table['line'].nunique()} separate line(s): "
             f"{len(changes)} change(s) of perimeter, {bases} change(s) of basis and "
             f"{gaps} missing period(s) inside the series, none of them bridged.")
    return text


def thin_quarter_labels(ax, most: int = 12) -> None:
    """Keep every quarter's tick but label only a few, evenly spread in time."""
    labels = ax.get_xticklabels()
    if len(labels) <= most:
        return
    lo, hi = ax.get_xlim()
    spacing = (hi - lo) / most
    last = None
    for text in labels:
        x = text.get_position()[0]
        keep = last is None or x - last >= spacing
        text.set_visible(keep)
        if keep:
            last = x


def draw(chart: figdata.Chart, ds):
    """The view as a figure: one colour per series, style by basis, perimeter breaks
    marked, fiscal years or quarters on the x axis."""
    fig, ax = new_figure(9.5, competitors.figure_height(chart.subtitle))
    table = chart.table
    if table.empty:
        charts.nothing_to_draw(ax, "Nothing to draw for these choices:\nsee the notes above")
        finish(fig, chart.title, charts.source_line(ds, chart.sources()),
               subtitle=chart.subtitle)
        return fig
    colors, used = {}, set()
    for label, entity in table.drop_duplicates("label")[["label", "entity"]].itertuples(
            index=False):
        color = COLORS.get(entity) if entity not in used else None
        colors[label] = color or PALETTE[(len(colors) + 3) % len(PALETTE)]
        used.add(entity)
    colors = charts.draw_lines(ax, table, colors=colors)
    unit = table["unit"].iloc[0]
    if chart.extra["freq"] == "annual":
        charts.fiscal_year_axis(ax, int(table["x"].min()), int(table["x"].max()),
                                label="Fiscal year (each company's own)")
    else:
        charts.quarter_axis(ax, table, label="Quarter")
        thin_quarter_labels(ax)
    lo, hi = ax.get_ylim()  # head room for the perimeter notes above the lines
    ax.set_ylim(lo, hi + 0.35 * (hi - lo))
    if unit.startswith("index"):
        ax.axhline(100, color="#333", linewidth=0.8, zorder=0)
    elif unit == "percent" and (table["y"] < 0).any():
        ax.axhline(0, color="#333", linewidth=0.8, zorder=0)
    ax.set_ylabel(unit)
    ax.yaxis.set_major_formatter(charts.mticker.FuncFormatter(
        lambda v, _: f"{v:,.1f}" if unit == "percent" else f"{v:,.0f}"))
    charts.mark_breaks(ax, table)
    names = competitors.year_end_labels(table) if chart.extra["freq"] == "annual" else {}
    handles = (competitors.series_handles(colors, names)
               + charts.basis_legend_handles(table))
    rows = competitors.legend_under(fig, ax, handles, [h.get_label() for h in handles],
                                    ncol=2)
    finish(fig, chart.title, charts.source_line(ds, chart.sources()), subtitle=chart.subtitle,
           legend_rows=rows)
    charts.separate_notes(fig)
    return fig


class Explorer:
    """ipywidgets controls whose changes redraw the chart and the facts table in place."""

    def __init__(self, nb, entities, segment, metric, currency, base_year, freq):
        import ipywidgets as w

        self.nb = nb
        opts = options(nb.facts)
        years = sorted(nb.facts.loc[nb.facts["freq"] == "annual", "year"].unique())
        self.entities = w.SelectMultiple(options=opts["entities"], value=tuple(entities),
                                         description="Companies")
        self.segment = w.Dropdown(options=opts["segments"], value=segment,
                                  description="Segment")
        self.metric = w.Dropdown(options=opts["metrics"], value=metric, description="Metric")
        self.currency = w.ToggleButtons(options=["EUR", "USD"], value=currency,
                                        description="Currency")
        self.base_year = w.Dropdown(options=[("none", 0)] + [(f"FY{y}", int(y)) for y in years],
                                    value=base_year if base_year in years else 0,
                                    description="Base year")
        self.freq = w.ToggleButtons(options=["annual", "quarter"], value=freq,
                                    description="Frequency")
        self.chart = w.Output()
        self.table = w.Output()
        controls = [self.entities, self.segment, self.metric, self.currency, self.base_year,
                    self.freq]
        for control in controls:
            control.observe(lambda _change: self.refresh(), names="value")
        self.widget = w.VBox([w.HBox([w.VBox(controls[:3]), w.VBox(controls[3:])]),
                              self.chart, self.table])
        self.refresh()

    def current(self) -> figdata.Chart:
        return view(self.nb.facts, list(self.entities.value), self.segment.value,
                    self.metric.value, self.currency.value, self.base_year.value,
                    self.freq.value)

    def refresh(self) -> None:
        import matplotlib.pyplot as plt
        from IPython.display import display

        chart = self.current()
        fig = draw(chart, self.nb.ds)
        self.chart.clear_output(wait=True)
        with self.chart:
            display(fig)
        plt.close(fig)
        self.table.clear_output(wait=True)
        with self.table:
            display(table_view(chart))


def table_view(chart: figdata.Chart) -> pd.DataFrame:
    """The plotted points with what each is and where it comes from."""
    table = chart.table
    return table[[c for c in SHOWN if c in table.columns]].reset_index(drop=True)
