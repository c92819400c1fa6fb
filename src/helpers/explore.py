"""The interactive explorer: pick companies, segment, metric, currency, base year, frequency.

``view`` does the work and returns a figure table (:class:`helpers.figdata.Chart`), so the
same function serves the widgets, the exported default figure and the tests; the figure is
drawn by the shared grammar (:mod:`helpers.draw`). Without a base year each series is drawn
as printed, breaking where what it covers changes; with one, annual amounts become the index
the competitor comparison draws (``competitors.revenue_chain``): changes measured on one
perimeter, chained through the changes.
"""

from __future__ import annotations

import pandas as pd

from helpers import chain, competitors, draw, figdata, series, words

NAMES = competitors.COMPANIES


def options(facts: pd.DataFrame) -> dict[str, list[str]]:
    companies = facts[facts["entity"].isin(NAMES)]
    return {"entities": [e for e in NAMES if e in set(companies["entity"])],
            "segments": sorted(set(companies["segment"])),
            "metrics": sorted(set(companies["metric"]))}


def metric_words(metric: str) -> str:
    return metric.replace("_", " ").capitalize()


def view(facts: pd.DataFrame, entities, segment: str, metric: str, currency: str = "EUR",
         base_year: int = 0, freq: str = "annual", rates: pd.Series | None = None,
         name: str = "default-view") -> figdata.Chart:
    """The chosen series as a figure table, with notes on whatever is left out.

    Amounts are converted to ``currency`` at the ECB's average for each period; a value whose
    period the rates do not cover is left out. Market shares are one series per measurer.
    ``base_year`` (annual amounts) indexes each company to 100, same perimeter, chained.
    """
    rates = competitors.rates_of(facts) if rates is None else rates
    parts, notes, unit = [], [], None
    years = facts.loc[facts["freq"] == freq, "year"]
    first, last = (int(years.min()), int(years.max())) if len(years) else (0, 0)
    for entity in dict.fromkeys(entities):
        who = NAMES.get(entity, entity)
        rows = series.select(facts, entity, metric, segment, freq)
        label = f"{who} {words.segment(segment).lower()}" if segment != "total" else who
        if rows.empty:
            notes.append(f"{label}: no {freq} {metric_words(metric).lower()} in data/")
            continue
        money = bool(rows["currency"].notna().all())
        index = bool(base_year) and freq == "annual" and money and (rows["value"] > 0).all()
        if base_year and not index:
            notes.append(f"{label}: not indexed (an index needs positive annual amounts)")
        if index:
            linked = competitors.revenue_chain(facts, entity, currency, first, last, rates,
                                               segment=segment, base=f"FY{base_year}",
                                               metric=metric)
            piece = linked.dropna(subset=["index"])
            lost = linked.loc[linked["converted"].isna(), "period"].tolist()
            if lost:
                notes.append(f"{label}: no rate for {words.period_runs(lost)}")
            if piece.empty:
                notes.append(f"{label}: no FY{base_year} value, so no index line")
                continue
            part_unit = f"index, FY{base_year} = 100 ({currency})"
            parts.append(figdata.chained_points(piece, label, "index", part_unit)
                         .assign(entity=entity))
        elif metric == "market_share":
            part_unit = "percent"
            for (who_measured, _), part in rows.groupby(["measurer", "perimeter"], sort=True):
                printed = chain.record(part, "value")
                parts.append(figdata.points(printed, f"{label}, {who_measured}", y="value",
                                            unit=part_unit).assign(entity=entity))
        else:
            printed = chain.record(rows, "amount")
            if money:
                printed = competitors.converted_or_noted(facts, printed, currency, rates,
                                                         label, notes)
                part_unit = f"{currency} million"
            else:
                printed = printed.assign(converted=printed["value"])
                part_unit = str(printed["unit"].iloc[0])
            parts.append(figdata.points(printed, label, y="converted", unit=part_unit)
                         .assign(entity=entity))
        if unit is None:
            unit = part_unit
        elif part_unit != unit:
            notes.append(f"{label}: in {part_unit}, not {unit}; not drawn")
            parts.pop()
    table = figdata.finish_table(*parts)
    notes += [f"{label}: not in data/ for {words.period_runs(missing)}"
              for label, missing in (figdata.gaps(table).items() if len(table) else [])]
    n = {"metric": metric, "segment": segment, "freq": freq, "currency": currency,
         "base_year": base_year, "unit": unit, "entities": list(entities),
         "latest": {lab: (part.sort_values("x")["period"].iloc[-1],
                          float(part.sort_values("x")["y"].iloc[-1]))
                    for lab, part in table.groupby("label", sort=False)} if len(table) else {}}
    c = figdata.Chart.told(name, table, view_words, "", notes=notes, numbers=n)
    rate = competitors.RATE_WORDS if freq == "annual" else competitors.QUARTER_RATE_WORDS
    ends = {NAMES.get(e, e): competitors.year_end_words(p["period_end"])
            for e, p in table.groupby("entity", sort=False)} if freq == "annual" and len(table) \
        else {}
    c.subtitle = words.clause_join([
        f"{metric_words(metric)}, {unit}" if unit else metric_words(metric),
        "same perimeter, chained" if base_year and unit and unit.startswith("index")
        else "as printed (first published, else the earliest recast)",
        f"amounts at {rate}" if unit and currency in unit else "",
        competitors.year_ends_words(ends) if ends else ""])
    return c


def _fmt(value: float, unit: str | None) -> str:
    if unit == "percent":
        return f"{value:.1f}%"
    if unit and unit.startswith("index"):
        return f"{value:.0f}"
    return f"{value:,.0f}"


def view_words(n: dict) -> tuple[str, str]:
    """Where every line ends in one period, the title ranks them there (levels of one
    period); where they end in different periods, it names each value with its own."""
    what = f"{metric_words(n['metric'])}, {words.segment(n['segment']).lower()}"
    if not n["latest"]:
        who = words.listing(NAMES.get(e, e) for e in n["entities"]) or "no company"
        text = f"{what}: nothing to draw for {who}"
        return text, text + "."
    periods = {p for p, _ in n["latest"].values()}
    if len(n["latest"]) > 1 and len(periods) == 1:
        period = words.period(next(iter(periods)))
        ranked = sorted(n["latest"].items(), key=lambda kv: -kv[1][1])
        (top, (_, high)), rest = ranked[0], ranked[1:]
        others = ", ".join(f"{label} {_fmt(v, n['unit'])}" for label, (_, v) in rest)
        title = (f"{metric_words(n['metric'])} in {period} ({n['unit']}): {top} highest at "
                 f"{_fmt(high, n['unit'])}, then {others}")
        return title, f"{what}, in {n['unit']}, {period}: {top} {_fmt(high, n['unit'])}, " \
            f"then {others}."
    latest = "; ".join(f"{label} {_fmt(v, n['unit'])} ({words.period(p)})"
                       for label, (p, v) in n["latest"].items())
    title = f"{metric_words(n['metric'])} ({n['unit']}), latest: {latest}"
    if len(title) > 110:
        title = f"{metric_words(n['metric'])}, latest: " + "; ".join(
            f"{label.split(' ')[0]} {_fmt(v, n['unit'])}" for label, (_, v) in n["latest"].items())
    return title, f"{what}, in {n['unit']}: latest {latest}."


def summary(chart: figdata.Chart) -> str:
    """A one-line count of what the view shows (for the notebook's checked output)."""
    table = chart.table
    if table.empty:
        return "nothing to show for these choices"
    per = table.groupby("label", sort=False)["period"].nunique()
    return (f"{len(table)} points from {len(chart.sources())} sources; "
            + "; ".join(f"{k}: {n} periods" for k, n in per.items())
            + f"; {words.plural(table['line'].nunique(), 'separately drawn line')}")


def draw_view(chart: figdata.Chart, ds):
    unit = chart.numbers.get("unit") or ""
    index = unit.startswith("index")
    return draw.chart(chart, ds, [draw.Panel(ylabel=unit, fmt="{:,.1f}" if unit == "percent"
                                             else "{:,.0f}", from_zero=not index,
                                             value_fmt="{:.0f}" if index else None)])


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
        fig = draw_view(chart, self.nb.ds)
        self.chart.clear_output(wait=True)
        with self.chart:
            display(fig)
        plt.close(fig)
        self.table.clear_output(wait=True)
        with self.table:
            display(figdata.reader_table(chart.table))
