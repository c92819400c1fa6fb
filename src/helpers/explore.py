"""The interactive explorer: pick companies, segment, metric, currency, base year, frequency.

``view`` does the work (select, convert, index) and returns the series and the facts behind
them, so the same function serves the widgets, the exported default figure and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers import charts, fx, metrics
from helpers.plotting import COLORS, finish, legend_below, new_figure
from helpers.series import in_eur, pick

NAMES = {"nokia": "Nokia", "ciena": "Ciena", "cisco": "Cisco"}
FACT_COLUMNS = ["entity", "segment", "period", "period_end", "value", "unit", "basis",
                "source_id", "locator"]


@dataclass
class View:
    lines: dict[str, pd.Series]   # label -> values indexed by period end date
    facts: pd.DataFrame           # the rows behind the lines, with their sources
    ylabel: str
    notes: list[str]


def options(facts: pd.DataFrame) -> dict[str, list[str]]:
    companies = facts[facts["entity"].isin(NAMES)]
    return {
        "entities": [e for e in NAMES if e in set(companies["entity"])],
        "segments": sorted(set(companies["segment"])),
        "metrics": sorted(set(companies["metric"])),
    }


def view(facts: pd.DataFrame, entities: list[str], segment: str, metric: str,
         currency: str, base_year: int, freq: str) -> View:
    rates = fx.annual_rates(facts, "fed")
    lines, used, notes = {}, [], []
    unit = None
    for entity in entities:
        rows = pick(facts, entity, segment, metric, freq)
        if rows.empty:
            notes.append(f"{NAMES[entity]}: no {metric} for {segment} ({freq})")
            continue
        if (rows["currency"] == "FIM").any():
            fim = rows["currency"] == "FIM"
            rows.loc[fim, "amount"] = in_eur(facts, rows[fim])
            rows.loc[fim, "currency"] = "EUR"
            notes.append(f"{NAMES[entity]}: FIM years converted at the fixed euro rate")
        values = rows["amount"].astype(float)
        unit = rows["unit"].iloc[0]
        if rows["currency"].notna().all():
            if freq == "annual":
                values = fx.to_currency(rows, currency, rates)
                unit = f"{currency} million"
                dropped = rows.loc[values.isna(), "year"].tolist()
                if dropped:
                    notes.append(f"{NAMES[entity]}: no Fed rate for fiscal "
                                 f"{', '.join(map(str, dropped))}")
            else:
                unit = f"{rows['currency'].iloc[0]} million (quarters are not converted)"
        if base_year:
            key = base_year if freq == "annual" else None
            if key is None or key not in values.index or pd.isna(values.get(key)):
                notes.append(f"{NAMES[entity]}: no value for base year {base_year}; "
                             "shown unindexed")
            else:
                values = metrics.index_to(values, key)
                unit = f"index, fiscal {base_year} = 100"
        series = pd.Series(values.to_numpy(), index=rows["period_end"]).dropna()
        series = charts.break_gaps(series)
        lines[f"{NAMES[entity]} {charts.label(segment).lower()}"] = series
        used.append(rows)
    table = pd.concat(used)[FACT_COLUMNS] if used else pd.DataFrame(columns=FACT_COLUMNS)
    table = table.assign(period_end=table["period_end"].dt.date if len(table) else [])
    return View(lines, table.reset_index(drop=True), unit or "", notes)


def draw(v: View, ds, metric: str, freq: str):
    fig, ax = new_figure(9, 4.8)
    for label, s in v.lines.items():
        entity = label.split()[0].lower()
        ax.plot(s.index, s.values, marker="o", markersize=3.5,
                color=COLORS.get(entity), label=label)
    ax.set_ylabel(v.ylabel)
    ax.yaxis.set_major_formatter(charts.mticker.FuncFormatter(lambda x, _: f"{x:,.0f}"))
    ax.set_xlabel("End of period")
    rows_used = legend_below(ax, ncol=3) if v.lines else 0
    last = {k: s.dropna().iloc[-1] for k, s in v.lines.items() if s.notna().any()}
    title = (", ".join(f"{k}: {val:,.0f}" for k, val in last.items())
             + f" ({v.ylabel}, latest sourced year)" if last else "No data for this choice")
    finish(fig, f"{metric.replace('_', ' ').capitalize()} ({freq}). {title}",
           charts.source_line(ds, list(dict.fromkeys(v.facts["source_id"]))),
           subtitle="; ".join(v.notes) or "First-published values where available, else the "
                                           "earliest recast", legend_rows=rows_used)
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
        self.base_year = w.Dropdown(options=[("none", 0)] + [(str(y), int(y)) for y in years],
                                    value=base_year, description="Base year")
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

    def current(self) -> View:
        return view(self.nb.facts, list(self.entities.value), self.segment.value,
                    self.metric.value, self.currency.value, self.base_year.value,
                    self.freq.value)

    def refresh(self) -> None:
        import matplotlib.pyplot as plt
        from IPython.display import display

        v = self.current()
        fig = draw(v, self.nb.ds, self.metric.value, self.freq.value)
        self.chart.clear_output(wait=True)
        with self.chart:
            display(fig)
        plt.close(fig)
        self.table.clear_output(wait=True)
        with self.table:
            display(v.facts)
