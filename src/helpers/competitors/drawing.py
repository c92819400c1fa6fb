"""Drawing pieces the notebook-30 figures (and the explorer) share."""

from __future__ import annotations

import pandas as pd

from helpers import charts, figdata
from helpers.competitors.common import year_end_labels
from helpers.plotting import COLORS, PALETTE, finish, new_figure


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
