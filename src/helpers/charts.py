"""Chart builders shared by the notebooks: lines with basis styling, event markers, bars.

They draw on an axes they are given and return it, so a notebook decides the layout and the
words (title, finding) while the drawing conventions stay the same everywhere.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict

import matplotlib.ticker as mticker
import pandas as pd

from helpers.plotting import COLORS

KIND_WORDS = {
    "annual_report": "annual reports", "form_20f": "20-F filings", "form_10k": "10-K filings",
    "quarterly_report": "interim reports", "press_release": "press releases",
    "rate_table": "rate tables", "analyst": "analysts", "news": "news reports",
    "other": "other documents",
}


SINGULAR = {
    "annual_report": "the annual report", "form_20f": "the 20-F", "form_10k": "the 10-K",
    "quarterly_report": "the interim report", "press_release": "a press release",
    "rate_table": "a rate table", "analyst": "an analyst note", "news": "a news report",
    "other": "a document",
}


def document_name(ds, source_id: str) -> str:
    row = ds.sources[source_id]
    return SINGULAR.get(row["kind"], "a document")


def source_line(ds, source_ids, prefix: str = "Sources") -> str:
    """Name the documents behind a figure: publisher, kind of document, years."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for sid in source_ids:
        row = ds.sources.get(sid)
        if row is None:
            continue
        groups[(row["publisher"], row["kind"])].append(row["date"][:4])
    parts = []
    for (publisher, kind), years in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        span = min(years) if min(years) == max(years) else f"{min(years)}-{max(years)}"
        parts.append(f"{publisher} {KIND_WORDS.get(kind, kind)} ({span})")
    if len(parts) > 6:
        parts = parts[:6] + [f"{len(parts) - 6} more publishers"]
    return (f"{prefix}: " + "; ".join(parts)
            + ". Every value with its page or table: data/*.csv, reports/index.html.")


def break_gaps(s: pd.Series, factor: float = 1.6) -> pd.Series:
    """Insert a gap (NaN) wherever two points are much further apart than usual, so a line
    never bridges years the sources do not cover."""
    s = s.sort_index()
    if len(s) < 3:
        return s
    steps = pd.Series(s.index[1:] - s.index[:-1])
    usual = steps.median()
    out = []
    for (i, v), step in zip(list(s.items())[1:], steps, strict=True):
        if step > usual * factor:
            out.append((i - step / 2, float("nan")))
        out.append((i, v))
    first = [(s.index[0], s.iloc[0])]
    return pd.Series(dict(first + out)).sort_index()


def thousands_axis(ax, unit: str) -> None:
    ax.yaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylabel(unit)


def year_axis(ax, start: int | None = None, end: int | None = None, step: int = 2) -> None:
    ax.xaxis.set_major_locator(mticker.MultipleLocator(step))
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{int(v)}"))
    if start is not None and end is not None:
        ax.set_xlim(start - 0.5, end + 0.5)


def annotate_events(ax, events: pd.DataFrame, start: int, end: int, as_year: bool = True,
                    width: int = 18) -> None:
    """Dashed vertical lines at dated milestones, labels staggered so they do not collide."""
    rows = events.sort_values("date")
    top = ax.get_ylim()[1]
    levels = [0.97, 0.84, 0.71]
    placed = 0
    for _, ev in rows.iterrows():
        when = pd.Timestamp(ev["date"])
        x = when.year + (when.dayofyear - 1) / 365.25 if as_year else when
        if as_year and not (start <= x <= end + 1):
            continue
        ax.axvline(x, color=COLORS["event"], linestyle=":", linewidth=1, zorder=0)
        label = "\n".join(textwrap.wrap(f"{ev['title']} ({when:%b %Y})", width))
        lo, hi = ax.get_xlim()
        near_right = as_year and x > lo + 0.85 * (hi - lo)
        ax.text(x, top * levels[placed % len(levels)], label, fontsize=7.5, color="#333",
                va="top", ha="right" if near_right else "left",
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1})
        placed += 1


def stacked_bars(ax, table: pd.DataFrame, colors: list[str] | None = None, width: float = 0.8):
    bottom = pd.Series(0.0, index=table.index)
    for i, column in enumerate(table.columns):
        values = table[column].fillna(0.0)
        kw = {"color": colors[i]} if colors else {}
        ax.bar(table.index, values, bottom=bottom, width=width,
               label=column.replace("_", " ").capitalize(), **kw)
        bottom = bottom + values
    return ax


def label(segment: str) -> str:
    """A segment id as Nokia, Ciena and Cisco write it: 'ip_networks' -> 'IP Networks'."""
    special = {"ip": "IP", "and": "and", "of": "of", "for": "for", "the": "the",
               "nokia": "Nokia", "navteq": "NAVTEQ", "total": "Group total"}
    words = segment.split("_")
    out = [special.get(w, w.capitalize()) for w in words]
    out[0] = out[0][0].upper() + out[0][1:]
    return " ".join(out)
