"""The one chart grammar: a chart's table becomes a figure the same way on every chart.

Every figure is laid out from its words before anything is drawn, so nothing can overlap:
from the top, a title that states the finding (at most two lines), a subtitle that says
what is measured, a band of marks (letters for changes of perimeter, numbers for dated
events), the panels, a key that explains each mark and whatever is left out, and the
source line. Lines carry their names at their ends instead of a legend. A hollow marker is
a figure recast by a later document or a non-IFRS one; a line joins only the points the
table joins (``figdata.assign_lines``), and a perimeter mark sits wherever a series changes
what it covers, whether the line breaks there or continues through a cited chain link.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from functools import lru_cache

import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from helpers import figdata, plotting, words

WIDTH = 10.0                  # inches; every figure has the same width
LEFT, RIGHT_PAD = 0.95, 0.2   # inches beside the axes
PANEL_HEIGHT = 3.4
TITLE_SIZE, SUBTITLE_SIZE, KEY_SIZE, SOURCE_SIZE, LABEL_SIZE = 13, 9.5, 8.2, 7.5, 8.5
EVENT_COLOR, BREAK_COLOR, MUTED = "#666666", "#9a9a9a", "#555555"
HOLLOW = {"restated", "non_ifrs"}


@dataclass
class Panel:
    """One set of axes: which rows of the table it draws and how its y axis reads."""

    key: str | None = None          # value of the table's ``panel`` column; None = all rows
    title: str = ""
    ylabel: str = ""
    fmt: str = "{:,.0f}"            # tick labels
    zero: bool = False              # a rule at 0 (growth)
    from_zero: bool = True          # y axis starts at 0 (levels)
    height: float = PANEL_HEIGHT
    labels: bool = True             # names at the ends of the lines
    value_fmt: str | None = None    # the last value beside each end label, e.g. '{:,.1f}'
    kind: str = "lines"             # lines; stacked or grouped bars per period; dots
    bar_fmt: str = "{:.0f}%"        # value written on each bar or beside the latest dot
    legend: list[str] | None = None  # groups named above a panel of gaps (default: its own)


@dataclass
class Mark:
    """A dated event drawn as a numbered rule (x on the chart's own axis)."""

    x: float
    text: str


_TEXT = TextToPath()


@lru_cache(maxsize=4096)
def _word_width(word: str, size: float, bold: bool) -> float:
    prop = FontProperties(size=size, weight="bold" if bold else "normal")
    width, _, _ = _TEXT.get_text_width_height_descent(word, prop, ismath=False)
    return width


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of one line of text in inches, measured on the font. The outline of a line is
    the sum of its words and spaces (the text engine does not kern across a space), so each
    word is measured once however often a title is rewrapped."""
    words_ = text.split(" ")
    width = sum(_word_width(w, size, bold) for w in words_ if w)
    width += (len(words_) - 1) * _word_width(" ", size, bold)
    # the rasteriser's hinting makes text up to ~3% wider than its outline at 150 dpi
    return width / 72.0 * 1.04


def wrap(text: str, width_in: float, size: float, bold: bool = False) -> list[str]:
    """Lines of ``text`` that each fit ``width_in`` inches at ``size`` points."""
    limit = width_in * 72.0 / 1.04          # in the outline's points, as text_width measures
    space = _word_width(" ", size, bold)
    out: list[str] = []
    for paragraph in text.split("\n"):
        line: list[str] = []
        used = 0.0
        for word in paragraph.split():
            width = _word_width(word, size, bold)
            if line and used + space + width > limit:
                out.append(" ".join(line))
                line, used = [word], width
            else:
                used += (space if line else 0.0) + width
                line.append(word)
        out.append(" ".join(line))
    return [line for line in out if line]


# ---------------------------------------------------------------- marks from the table

def perimeter_marks(table: pd.DataFrame, name=lambda ids: ids) -> list[dict]:
    """Where a drawn series changes what it covers, read from the figure table: between two
    lines of one label (a break), or inside one line through a chain link (a crossing).
    Each mark sits half a period before the first point of the new perimeter; ``name``
    turns the link's source ids into words."""
    found: dict[float, dict[str, list]] = {}
    lines = table[table["mark"].isin(["line", "bar"])]
    labels = list(dict.fromkeys(lines["label"]))
    for label, part in lines.groupby("label", sort=False):
        part = part.sort_values("x").reset_index(drop=True)
        for k in range(1, len(part)):
            a, b = part.loc[k - 1], part.loc[k]
            if a["perimeter"] == b["perimeter"]:
                continue
            x = float(b["x"]) - (0.125 if figdata.is_quarter(b["period"]) else 0.5)
            after = f"{words.period(b['period'])}: {b['perimeter_label'] or b['perimeter']}"
            linked = a["line"] == b["line"] and bool(b["link"])
            found.setdefault(x, {}).setdefault(after, []).append(
                (label, name(b["link"]) if linked else ""))
    marks = []
    for x in sorted(found):
        texts = []
        for after, who in found[x].items():
            through: dict[str, list[str]] = {}
            for label, docs in who:
                if docs:
                    through.setdefault(docs, []).append(label)
            text = after
            if through and len(labels) == 1:
                text += f" (the line continues through {next(iter(through))})"
            elif through:
                text += "; " + "; ".join(
                    f"{words.listing(names)} continue{'s' if len(names) == 1 else ''} "
                    f"through {docs}" for docs, names in through.items())
            elif len(labels) > 1 and len(who) < len(labels):
                text += f" ({words.listing(label for label, _ in who)})"
            texts.append(text)
        marks.append({"x": x, "texts": texts})
    return marks


# ---------------------------------------------------------------- the figure

@dataclass
class _Layout:
    title: list[str]
    subtitle: list[str]
    key: list[str]
    source: list[str]
    band: float
    heights: list[float] = field(default_factory=list)


def chart(c: figdata.Chart, ds, panels: list[Panel] | None = None,
          events: list[Mark] | None = None, colors: dict[str, str] | None = None):
    """Draw a time-series chart (lines, with breaks, chain links and marks) from its table."""
    import matplotlib.pyplot as plt

    plotting.use_house_style()
    panels = panels or [Panel()]
    table = c.table
    colors = dict(colors or {})
    auto = 0
    for label in dict.fromkeys(table["label"]) if not table.empty else []:
        if label not in colors:
            company = plotting.COMPANY.get(label.split(" ")[0].lower())
            colors[label] = company or plotting.PALETTE[auto % len(plotting.PALETTE)]
            auto += 0 if company else 1
    from helpers import provenance

    breaks = perimeter_marks(table, lambda ids: provenance.documents_named(ds, ids)) \
        if not table.empty else []
    events = sorted((e for e in (events or []) if _in_range(e.x, table)), key=lambda e: e.x)
    # an event whose name fits beside its rule in the lowest time panel is named there, and
    # only the others are spelled out in the key under the chart
    timed_panels = [p for p in panels if p.kind not in ("dots", "gaps")]
    lowest = timed_panels[-1] if timed_panels else None
    low_part = table if lowest is None or lowest.key is None or table.empty \
        else table[table["panel"] == lowest.key]
    sides = {i: _room_beside(e, low_part, lowest.height) if lowest is not None else 0
             for i, e in enumerate(events)}
    named = {i for i, side in sides.items() if side}
    key = _key_lines(breaks, [e for i, e in enumerate(events) if i not in named], table,
                     c.notes, numbers=[i + 1 for i in range(len(events)) if i not in named],
                     hollow_said="hollow" in c.subtitle.lower())
    label_width = _label_width(table, panels)
    left = LEFT
    if any(p.kind == "dots" for p in panels) and not table.empty:
        left = max(LEFT, max(text_width(n, 9) for n in table["label"].unique()) + 0.25)
    if any(p.kind == "gaps" for p in panels) and not table.empty:
        left = GAP_LABEL_WIDTH + 0.3
    axes_w = WIDTH - left - RIGHT_PAD - label_width
    text_w = WIDTH - 0.35
    layout = _Layout(wrap(c.title, text_w, TITLE_SIZE, True)[:3],
                     wrap(c.subtitle, text_w, SUBTITLE_SIZE),
                     [line for k in key for line in _wrap_key(k, text_w)],
                     wrap(plotting.source_line(ds, c.sources()), text_w, SOURCE_SIZE),
                     band=0.36 if (breaks or events) else 0.28,
                     heights=[p.height for p in panels])
    height = _height(layout, panels)
    # drawn at the dpi it is saved at, so that text measured on screen is text on paper
    fig = plt.figure(figsize=(WIDTH, height), dpi=plt.rcParams["savefig.dpi"])
    top = _draw_header(fig, layout, height)
    axes = []
    y = top - layout.band
    for p in panels:
        y -= _above(p)
        ax = fig.add_axes([left / WIDTH, (y - p.height) / height, axes_w / WIDTH,
                           p.height / height])
        if p.title:
            ax.set_title(p.title, fontsize=10.5, loc="left",
                         pad=6 + (16 if p.kind in ("grouped", "gaps") and p.labels else 0))
        y -= p.height + _below(p)
        axes.append(ax)
    parts = [table if p.key is None or table.empty else table[table["panel"] == p.key]
             for p in panels]
    for ax, p, part in zip(axes, panels, parts, strict=True):
        # an empty panel says so in words, whatever its kind
        (_draw_panel if part.empty else DRAWERS[p.kind])(ax, part, p, colors)
    timed = [(ax, part) for ax, p, part in zip(axes, panels, parts, strict=True)
             if p.kind not in ("dots", "gaps")]
    if timed:
        _share_x([ax for ax, _ in timed], pd.concat([part for _, part in timed]),
                 per_panel=[part for _, part in timed])
    avoid: dict[int, list[tuple]] = {}
    if timed and named:
        avoid[id(timed[-1][0])] = _name_events(
            timed[-1][0], [(i + 1, e, sides[i]) for i, e in enumerate(events) if i in named])
    for ax, p, part in zip(axes, panels, parts, strict=True):
        if p.labels and not part.empty and p.kind == "lines":
            end_labels(ax, part, colors, p.value_fmt, avoid.get(id(ax), []))
        elif p.labels and not part.empty and p.kind == "stacked":
            _stack_labels(ax, part, colors)
    _draw_marks([ax for ax, _ in timed], breaks, events)
    _draw_footer(fig, layout, y + 0.03, height)
    return fig


EVENT_SIZE = 6.5


def _line_at(part: pd.DataFrame, x: float) -> list[float]:
    """The heights of the drawn lines (and lone points) of a panel at ``x``."""
    out = []
    for _, line in part.groupby("line", sort=False):
        line = line.sort_values("x")
        xs, ys = line["x"].to_numpy(float), line["y"].to_numpy(float)
        if len(xs) == 1 and abs(xs[0] - x) < 0.3:
            out.append(ys[0])
        elif len(xs) > 1 and xs[0] <= x <= xs[-1]:
            out.append(float(np.interp(x, xs, ys)))
    return out


def _room_beside(event: Mark, part: pd.DataFrame, height: float) -> int:
    """Which side of its rule an event's name, set upright from the bottom of a panel, can
    take clear of the lines drawn there: +1 right, -1 left, 0 neither (it goes to the key)."""
    reach = text_width(event.text, EVENT_SIZE) + 0.25
    if reach > height * 0.98:
        return 0
    if part.empty or part["y"].isna().all():
        return 1
    lo = min(0.0, float(part["y"].min()))
    hi = float(part["y"].max())
    top = lo + (hi - lo) * 1.25 * reach / height
    for side in (1, -1):
        xs = [event.x + side * d for d in (0.05, 0.2, 0.35, 0.5, 0.65)]
        if all(v > top for x in xs for v in _line_at(part, x)):
            return side
    return 0


def _name_events(ax, events: list[tuple[int, Mark, int]]) -> list[tuple]:
    """Each event's number and name written upright beside its rule, from the bottom;
    returns their boxes in display pixels, which the names at the line ends then avoid."""
    texts = [ax.annotate(f"{number} {e.text}", (e.x, 0.02), xycoords=("data", "axes fraction"),
                         xytext=(3 * side, 0), textcoords="offset points", rotation=90,
                         ha="left" if side > 0 else "right", va="bottom",
                         fontsize=EVENT_SIZE, color="#444")
             for number, e, side in events]
    renderer = ax.figure.canvas.get_renderer()
    return [tuple(t.get_window_extent(renderer).extents) for t in texts]


def _above(p: Panel) -> float:
    """Inches above a panel's axes: its title, and the names row of grouped bars."""
    named = p.kind in ("grouped", "gaps") and p.labels
    return (0.3 if p.title else 0.0) + (0.24 if named else 0.0)


def _below(p: Panel) -> float:
    """Inches under a panel's axes for its tick labels (two lines for quarters) and, for
    dots and gaps, the axis label."""
    return 0.45 + (0.22 if p.kind in ("dots", "gaps") else 0.12)


def _in_range(x: float, table: pd.DataFrame) -> bool:
    if table.empty:
        return False
    return table["x"].min() - 0.5 < x < table["x"].max() + 0.5


def line_height(size: float, spacing: float) -> float:
    """Inches per line of text at ``size`` points and matplotlib's ``linespacing``."""
    return size * spacing / 72.0


TITLE_LINE, SUBTITLE_LINE = line_height(TITLE_SIZE, 1.15), line_height(SUBTITLE_SIZE, 1.2)
KEY_LINE, SOURCE_LINE = line_height(KEY_SIZE, 1.3), line_height(SOURCE_SIZE, 1.25)


def _height(layout: _Layout, panels: list[Panel]) -> float:
    head = 0.14 + len(layout.title) * TITLE_LINE + len(layout.subtitle) * SUBTITLE_LINE + 0.1
    body = layout.band + sum(p.height + _below(p) + _above(p) for p in panels)
    # the body already leaves 0.45 in under the last panel for its tick labels
    foot = (len(layout.key) * KEY_LINE + 0.12 if layout.key else 0.0) \
        + len(layout.source) * SOURCE_LINE + 0.12
    return head + body + foot


def _draw_header(fig, layout: _Layout, height: float) -> float:
    """Title and subtitle from the top; returns where the marks band starts (inches)."""
    y = height - 0.14
    fig.text(0.15 / WIDTH, y / height, "\n".join(layout.title), ha="left", va="top",
             fontsize=TITLE_SIZE, fontweight="bold", color="#1d2733", linespacing=1.15)
    y -= len(layout.title) * TITLE_LINE
    if layout.subtitle:
        fig.text(0.15 / WIDTH, y / height, "\n".join(layout.subtitle), ha="left", va="top",
                 fontsize=SUBTITLE_SIZE, color="#444", linespacing=1.2)
        y -= len(layout.subtitle) * SUBTITLE_LINE
    return y - 0.1


def _draw_footer(fig, layout: _Layout, y: float, height: float) -> None:
    if layout.key:
        fig.text(0.15 / WIDTH, y / height, "\n".join(layout.key), ha="left", va="top",
                 fontsize=KEY_SIZE, color="#333", linespacing=1.3)
    fig.text(0.15 / WIDTH, 0.12 / height, "\n".join(layout.source), ha="left",
             va="bottom", fontsize=SOURCE_SIZE, color=MUTED, linespacing=1.25)


def _wrap_key(text: str, width: float) -> list[str]:
    lines = wrap(text, width - 0.3, KEY_SIZE)
    return lines[:1] + ["     " + line for line in lines[1:]]


def _key_lines(breaks: list[dict], events: list[Mark], table: pd.DataFrame,
               notes: list[str], numbers: list[int] | None = None,
               hollow_said: bool = False) -> list[str]:
    """The key under the chart, kept short: the marks a reader looks up in one paragraph
    (perimeter letters, then the events not named on the chart), the notes in another."""
    marks = [f"{chr(ord('A') + i)}  " + "; ".join(b["texts"]) + "."
             for i, b in enumerate(breaks)]
    marks += [f"{i}  {e.text}." for i, e in zip(numbers or range(1, len(events) + 1), events,
                                                 strict=True)]
    said = []
    if not hollow_said and not table.empty \
            and (table["basis"].isin(HOLLOW) & (table["mark"] == "line")).any():
        have = [b for b in ("restated", "non_ifrs") if (table["basis"] == b).any()]
        what = {"restated": "recast by a later document", "non_ifrs": "non-IFRS figure"}
        said.append("Hollow markers: " + " or ".join(what[b] for b in have) + ".")
    said += [words.sentence(n).rstrip(".") + "." for n in notes]
    return [part for part in ("  \u00b7  ".join(marks), " ".join(said)) if part]


def _label_width(table: pd.DataFrame, panels: list[Panel]) -> float:
    if table.empty or not any(p.labels for p in panels):
        return 0.0
    # a name that finds no free place inside the axes goes to the margin too
    kinds = {p.kind for p in panels if p.labels}
    at_edge = table[(table["mark"] == "line") | (table["mark"] == "bar")
                    if "stacked" in kinds else table["mark"] == "line"]
    widths = [max(text_width(part, LABEL_SIZE, True)
                  for part in wrap(n + ("" if not any(p.value_fmt for p in panels)
                                        else " 00,000.0"), 1.9, LABEL_SIZE, True))
              for n in dict.fromkeys(at_edge["label"])]
    return max(widths, default=0.0) + 0.15


# ---------------------------------------------------------------- one panel

def _draw_panel(ax, table: pd.DataFrame, p: Panel, colors: dict[str, str]) -> None:
    ax.set_ylabel(p.ylabel)
    if table.empty:
        ax.text(0.5, 0.5, "Nothing to draw for these parameters", transform=ax.transAxes,
                ha="center", va="center", color=MUTED, fontsize=10)
        ax.set_xticks([])
        ax.set_yticks([])
        return
    for _, part in table.groupby("line", sort=False):
        part = part.sort_values("x")
        color = colors[part["label"].iloc[0]]
        mark = part["mark"].iloc[0]
        if mark == "line" and len(part) > 1:
            ax.plot(part["x"], part["y"], color=color, linewidth=2.0, zorder=3,
                    solid_capstyle="round")
        hollow = part["basis"].isin(HOLLOW)
        ax.scatter(part.loc[~hollow, "x"], part.loc[~hollow, "y"], s=16, color=color,
                   zorder=4, linewidths=0)
        ax.scatter(part.loc[hollow, "x"], part.loc[hollow, "y"], s=18, facecolor="white",
                   edgecolor=color, linewidths=1.2, zorder=4)
    low, high = float(table["y"].min()), float(table["y"].max())
    if p.from_zero:
        low = min(0.0, low)
    if p.zero:
        low, high = min(low, 0.0), max(high, 0.0)
        ax.axhline(0, color="#333", linewidth=0.8, zorder=2)
    pad = (high - low) * 0.08 or 1.0
    ax.set_ylim(low if p.from_zero and low == 0 else low - pad, high + pad)
    ax.yaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: tick(p.fmt, v)))


def tick(fmt: str, value: float) -> str:
    """A tick label; zero carries no sign ('+0%' reads as a change)."""
    text = fmt.format(value)
    return text.replace("+0%", "0%").replace("-0%", "0%") if abs(value) < 1e-9 else text


def _draw_bars(ax, table: pd.DataFrame, p: Panel, colors: dict[str, str]) -> None:
    """Bars per period: stacked (shares that add up) or side by side (measures of one
    period), each with its value written on it."""
    ax.set_ylabel(p.ylabel)
    quarters = table["period"].map(figdata.is_quarter).all()
    width = 0.2 if quarters else 0.72
    labels = list(dict.fromkeys(table["label"]))
    bottoms: dict[float, float] = {}
    for i, label in enumerate(labels):
        part = table[table["label"] == label].sort_values("x")
        if p.kind == "stacked":
            base = [bottoms.get(x, 0.0) for x in part["x"]]
            xs = part["x"]
        else:
            base = [0.0] * len(part)
            xs = part["x"] + (i - (len(labels) - 1) / 2) * width / len(labels)
        w = width if p.kind == "stacked" else width / len(labels) * 0.92
        hollow = part["basis"].isin(HOLLOW).to_numpy() & (p.kind != "stacked")
        ax.bar(xs, part["y"], w, bottom=base, color=[("white" if h else colors[label])
                                                     for h in hollow],
               edgecolor=colors[label], linewidth=1.0, zorder=3)
        for x, y, b, h in zip(xs, part["y"], base, hollow, strict=True):
            if p.kind == "stacked":
                if y >= 6:
                    ax.text(x, b + y / 2, p.bar_fmt.format(y), ha="center", va="center",
                            fontsize=7.5, color=colors[label] if h else "white",
                            fontweight="bold", zorder=4)
                bottoms[float(x if p.kind != "stacked" else x)] = b + y
            else:
                ax.text(x, y + (0.4 if y >= 0 else -0.4), p.bar_fmt.format(y), ha="center",
                        va="bottom" if y >= 0 else "top", fontsize=7.5, color="#333",
                        zorder=4)
    low = min(0.0, float(table["y"].min()))
    high = 100.0 if p.kind == "stacked" else float(table["y"].max())
    pad = (high - low) * 0.1 or 1.0
    ax.set_ylim(low - (pad if low < 0 else 0), high + (0 if p.kind == "stacked" else pad))
    if p.zero or low < 0:
        ax.axhline(0, color="#333", linewidth=0.8, zorder=2)
    ax.yaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: tick(p.fmt, v)))
    if p.kind == "grouped" and p.labels:
        _legend_row(ax, labels, colors)


def _legend_row(ax, labels: list[str], colors: dict[str, str]) -> None:
    """Series names in one row just above the plot, in their colours (bars have no line
    ends to carry a name)."""
    fig = ax.figure
    box = ax.get_window_extent()
    x = box.x0
    inv = fig.transFigure.inverted()
    for label in labels:
        fx, fy = inv.transform((x, box.y1 + 4))
        fig.text(fx, fy, "\u25a0 " + label, fontsize=LABEL_SIZE, color=colors[label],
                 fontweight="bold", va="bottom", ha="left")
        x += text_width("\u25a0 " + label, LABEL_SIZE, True) * fig.dpi + 14


def _stack_labels(ax, table: pd.DataFrame, colors: dict[str, str]) -> None:
    """Each stacked series named beside the last bar, at the middle of its slice."""
    last = table[table["x"] == table["x"].max()]
    to_display = ax.transData.transform
    fig = ax.figure
    bottom, items = 0.0, []
    for label in dict.fromkeys(table["label"]):
        row = last[last["label"] == label]
        if row.empty:
            continue
        y = float(row["y"].iloc[0])
        items.append((label, to_display((0, bottom + y / 2))[1]))
        bottom += y
    names = ["\n".join(wrap(label, 1.9, LABEL_SIZE, True)) for label, _ in items]
    heights = [_size(fig, n)[1] for n in names]
    box = ax.get_window_extent()
    ys = _spread([y for _, y in items], heights, box.y0, box.y1)
    for (label, _), name, y, h in zip(items, names, ys, heights, strict=True):
        w = _size(fig, name)[0]
        _put(fig, (box.x1 + 6, y - h / 2, box.x1 + 6 + w, y + h / 2), name, colors[label])


def _values_along_x(ax, p: Panel) -> None:
    """Rows down the side, values along x: the grid follows the values and zero is drawn."""
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.axvline(0, color="#333", linewidth=0.8, zorder=1)
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: tick(p.fmt, v)))


def _draw_dots(ax, table: pd.DataFrame, p: Panel, colors: dict[str, str]) -> None:
    """One row per series (``label``), one dot per period along x: earlier periods small
    and hollow, each row's latest filled, large and labelled with its value; every dot is
    named by its period underneath ('Q3' when all periods fall in one year), so no reader
    takes two rows' latest dots for the same quarter."""
    rows = list(dict.fromkeys(table["label"]))
    one_year = table["period"].astype(str).str[:-2].nunique() == 1 \
        and table["period"].map(figdata.is_quarter).all()
    for i, label in enumerate(rows):
        y = len(rows) - 1 - i
        part = table[table["label"] == label].sort_values("x")
        ax.plot([part["y"].min(), part["y"].max()], [y, y], color="#c8ccd2", linewidth=1.2,
                zorder=2)
        old, new = part.iloc[:-1], part.iloc[-1:]
        color = plotting.COLORS["nokia"]
        ax.scatter(old["y"], [y] * len(old), s=30, facecolor="white", edgecolor=color,
                   linewidths=1.2, zorder=3)
        ax.scatter(new["y"], [y] * len(new), s=70, color=color, zorder=4)
        for v in new["y"]:
            ax.annotate(p.bar_fmt.format(v), (v, y), xytext=(0, 7), textcoords="offset points",
                        ha="center", va="bottom", fontsize=8, fontweight="bold", color=color)
        for value, same in part.groupby("y", sort=False):  # dots on one spot share a name
            when = ", ".join(str(d["period"])[-2:] if one_year else str(d["x_label"])
                             for _, d in same.iterrows())
            ax.annotate(when, (value, y), xytext=(0, -7), textcoords="offset points",
                        ha="center", va="top", fontsize=6.5, color="#555")
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(list(reversed(rows)), fontsize=9)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    _values_along_x(ax, p)
    ax.set_xlabel(p.ylabel)
    lo, hi = float(table["y"].min()), float(table["y"].max())
    pad = max((hi - lo) * 0.08, 1.0)
    ax.set_xlim(min(lo, 0) - pad, max(hi, 0) + pad)


def _share_x(axes, table: pd.DataFrame, per_panel: list[pd.DataFrame] | None = None) -> None:
    """Fiscal years labelled FY, quarters labelled 'Q3 2025'. Panels of one frequency share
    one x axis (tick labels only under the lowest); a panel of quarters under a panel of
    years keeps its own."""
    if table.empty or not axes:
        return
    kinds = [bool(len(t)) and t["period"].map(figdata.is_quarter).all()
             for t in (per_panel or [table] * len(axes))]
    if len(set(kinds)) > 1:
        for ax, part in zip(axes, per_panel, strict=True):
            _share_x([ax], part)
        return
    lo, hi = float(table["x"].min()), float(table["x"].max())
    quarters = kinds[0]
    for i, ax in enumerate(axes):
        if quarters:
            first = figdata.period_index(table.loc[table["x"].idxmin(), "period"])
            last = figdata.period_index(table.loc[table["x"].idxmax(), "period"])
            every = [f"{i // 4}Q{i % 4 + 1}" for i in range(first, last + 1)]
            step = max(1, -(-len(every) // 14))
            shown = every[::step]
            ax.set_xticks([figdata.period_x(q) for q in shown])
            ax.set_xticklabels([words.period(q).replace(" ", "\n") for q in shown],
                               fontsize=8.5)
            ax.set_xlim(lo - 0.2, hi + 0.2)
        else:
            span = hi - lo
            step = 1 if span <= 8 else 2 if span <= 16 else 4 if span <= 32 else 5
            ax.xaxis.set_major_locator(mticker.MultipleLocator(step))
            ax.xaxis.set_major_formatter(mticker.FuncFormatter(
                lambda v, _: f"FY{int(round(v))}" if abs(v - round(v)) < 1e-6 else ""))
            ax.set_xlim(lo - 0.6, hi + 0.6)
        if i < len(axes) - 1:
            ax.tick_params(labelbottom=False)


def _draw_gaps(ax, table: pd.DataFrame, p: Panel, colors: dict[str, str]) -> None:
    """One row per point, top to bottom in table order, named by its ``label``: a stalk
    from 0 to the value and a dot coloured by its ``group`` (a verdict, say)."""
    ax.set_xlabel(p.ylabel)
    rows = table.reset_index(drop=True)
    top = len(rows) - 1
    for i, row in rows.iterrows():
        color = colors.get(row["group"], MUTED)
        ax.plot([0, row["y"]], [top - i, top - i], color=color, linewidth=1.5, zorder=2)
        ax.scatter([row["y"]], [top - i], color=color, s=55, zorder=3)
    ax.set_yticks(range(len(rows)))
    # a name may hold several parts (' | '): each starts a line of its own
    ax.set_yticklabels(["\n".join(line for part in lab.split(" | ")
                                  for line in wrap(part, GAP_LABEL_WIDTH, 8))
                        for lab in rows["label"]][::-1], fontsize=8)
    ax.set_ylim(-0.6, top + 0.6)
    _values_along_x(ax, p)
    lo, hi = min(0.0, float(rows["y"].min())), max(0.0, float(rows["y"].max()))
    pad = max((hi - lo) * 0.06, 0.5)
    ax.set_xlim(lo - pad, hi + pad)
    if p.labels:
        _legend_row(ax, p.legend if p.legend is not None
                    else [g for g in colors if (rows["group"] == g).any()], colors)


GAP_LABEL_WIDTH = 4.0  # inches of wrapped row names beside a panel of gaps

DRAWERS = {"lines": _draw_panel, "stacked": _draw_bars, "grouped": _draw_bars,
           "dots": _draw_dots, "gaps": _draw_gaps}


# ---------------------------------------------------------------- names at line ends

def end_labels(ax, table: pd.DataFrame, colors: dict[str, str],
               value_fmt: str | None = None, avoid: list[tuple] | None = None) -> list:
    """Each series named at the end of its line: in the right margin when the line reaches
    the right edge, else beside or just above or below its last points; names are moved so
    that none overlaps another name, a line or a point. A name that finds no free place
    inside goes to the margin with a thin leader to its line's end."""
    fig = ax.figure
    lines = table[table["mark"] == "line"]
    if lines.empty:
        return []
    last_x = lines["x"].max()
    obstacles = _data_points(ax, table) + list(avoid or [])
    to_display = ax.transData.transform
    texts, placed, margin = [], [], []
    ends = lines.sort_values("x").groupby("label", sort=False).tail(1)
    for _, row in ends.sort_values("y", ascending=False).iterrows():
        name = row["label"] + (f" {value_fmt.format(row['y'])}" if value_fmt else "")
        name = "\n".join(wrap(name, 1.9, LABEL_SIZE, True))
        if row["x"] >= last_x - 1e-9:
            margin.append((row, name, False))
            continue
        tail = lines[lines["line"] == row["line"]].sort_values("x").tail(3)
        box = _place_inside(ax, to_display(tail[["x", "y"]].to_numpy(dtype=float)), name,
                            obstacles + placed)
        if box is None:
            margin.append((row, name, True))
            continue
        placed.append(box)
        texts.append(_put(fig, box, name, colors[row["label"]]))
    ax_box = ax.get_window_extent()
    heights = [_size(fig, name)[1] for _, name, _ in margin]
    wanted = [to_display((r["x"], r["y"]))[1] for r, _, _ in margin]
    ys = _spread(wanted, heights, ax_box.y0, ax_box.y1 + 6)
    x0 = ax_box.x1 + 6
    for (row, name, leader), y, h in zip(margin, ys, heights, strict=True):
        width = _size(fig, name)[0]
        texts.append(_put(fig, (x0, y - h / 2, x0 + width, y + h / 2), name,
                          colors[row["label"]]))
        if leader:
            px, py = to_display((row["x"], row["y"]))
            inv = fig.transFigure.inverted()
            (ax0, ay0), (ax1, ay1) = inv.transform([(px + 5, py), (x0 - 3, y)])
            fig.lines.append(plt_line([ax0, ax1], [ay0, ay1], colors[row["label"]], fig))
    return texts


def plt_line(xs, ys, color, fig):
    from matplotlib.lines import Line2D

    return Line2D(xs, ys, transform=fig.transFigure, color=color, linewidth=0.6,
                  alpha=0.7, linestyle=(0, (1, 1.5)))


def _size(fig, name: str) -> tuple[float, float]:
    lines = name.split("\n")
    width = max(text_width(line, LABEL_SIZE, True) for line in lines) * fig.dpi
    return width, len(lines) * line_height(LABEL_SIZE, 1.2) * fig.dpi


def _spread(ys: list[float], heights: list[float], low: float, high: float) -> list[float]:
    """Centres as close to ``ys`` as labels of ``heights`` allow without touching, kept
    between ``low`` and ``high``; the labels keep their top-to-bottom order."""
    order = sorted(range(len(ys)), key=lambda i: -ys[i])
    out = [0.0] * len(ys)
    previous = None
    for i in order:
        y = min(ys[i], high - heights[i] / 2)
        if previous is not None:
            y = min(y, out[previous] - (heights[previous] + heights[i]) / 2 - 2)
        out[i] = y
        previous = i
    if order:
        lowest = order[-1]
        overflow = low - (out[lowest] - heights[lowest] / 2)
        if overflow > 0:
            out = [y + overflow for y in out]
    return out


def _data_points(ax, table: pd.DataFrame) -> list[tuple]:
    """Boxes around every drawn point and along every drawn segment, in display pixels."""
    boxes = []
    to_display = ax.transData.transform
    for _, part in table.groupby("line", sort=False):
        pts = to_display(part.sort_values("x")[["x", "y"]].to_numpy(dtype=float))
        for a, b in zip(pts[:-1], pts[1:], strict=True):
            for t in np.linspace(0, 1, max(2, int(np.hypot(*(b - a)) // 4))):
                x, y = a + (b - a) * t
                boxes.append((x - 2, y - 2, x + 2, y + 2))
        for x, y in pts:
            boxes.append((x - 4, y - 4, x + 4, y + 4))
    return boxes


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _place_inside(ax, anchors, name: str, obstacles: list[tuple]):
    """A free box for ``name`` beside the last anchor, or above or below one of the last
    anchors (display pixels), inside the axes; None if every place is taken."""
    fig = ax.figure
    width, height = _size(fig, name)
    inside = ax.get_window_extent()
    px, py = anchors[-1]
    places = [(px + 8, py - height / 2)]
    for ax_, ay in reversed(list(anchors)):
        for k in (0.7, 1.3, 2.0):
            places += [(ax_ - width / 2, ay - height / 2 - k * height),
                       (ax_ - width / 2, ay - height / 2 + k * height)]
    places += [(px + 8, py - height / 2 + k * height) for k in (0.9, -0.9, 1.8, -1.8)]
    for x0, y0 in places:
        box = (x0, y0, x0 + width, y0 + height)
        if not (inside.x0 + 2 <= box[0] and box[2] <= inside.x1 - 2
                and inside.y0 + 2 <= box[1] and box[3] <= inside.y1 - 2):
            continue
        if not any(_overlap(box, o) for o in obstacles):
            return box
    return None


def _put(fig, box: tuple, name: str, color: str):
    inv = fig.transFigure.inverted()
    x, y = inv.transform((box[0], (box[1] + box[3]) / 2))
    return fig.text(x, y, name, fontsize=LABEL_SIZE, color=color, va="center", ha="left",
                    fontweight="bold", linespacing=1.2)


# ---------------------------------------------------------------- marks band

def _draw_marks(axes, breaks: list[dict], events: list[Mark]) -> None:
    """Rules through every panel and tokens in the band above the first: letters for
    perimeter changes, numbers for events; tokens close together take a second row."""
    if not axes or not (breaks or events):
        return
    top = axes[0]
    tokens = [(b["x"], chr(ord("A") + i), "perimeter") for i, b in enumerate(breaks)]
    tokens += [(e.x, str(i + 1), "event") for i, e in enumerate(events)]
    fig = top.figure
    placed: list[tuple[float, int]] = []
    for x, text, kind in sorted(tokens):
        for ax in axes:
            ax.axvline(x, color=BREAK_COLOR if kind == "perimeter" else EVENT_COLOR,
                       linewidth=0.9, linestyle=(0, (3, 2)) if kind == "perimeter" else ":",
                       zorder=1)
        px = top.transData.transform((x, 0))[0]
        row = 0
        while any(abs(px - q) < 16 and r == row for q, r in placed):
            row += 1
        placed.append((px, row))
        top.annotate(text, (x, 1.0), xycoords=("data", "axes fraction"),
                     xytext=(0, 5 + 13 * row), textcoords="offset points", ha="center",
                     va="bottom", fontsize=7.5, fontweight="bold",
                     color="#222" if kind == "perimeter" else "#444",
                     bbox={"boxstyle": "round,pad=0.2" if kind == "perimeter"
                           else "circle,pad=0.15", "facecolor": "white",
                           "edgecolor": BREAK_COLOR if kind == "perimeter" else EVENT_COLOR,
                           "linewidth": 0.8}, annotation_clip=False)
    del fig


def event_marks(events: pd.DataFrame, quarters: bool = False) -> list[Mark]:
    """Events of ``data/annotations.csv`` as marks on a fiscal-year axis (FYn spans
    n-0.5..n+0.5) or a quarter axis (x = year + share of the year elapsed)."""
    marks = []
    for _, ev in (events if events is not None else pd.DataFrame()).iterrows():
        when = pd.Timestamp(ev["date"])
        share = (when.day_of_year - 1) / (366 if when.is_leap_year else 365)
        x = when.year + share if quarters else when.year - 0.5 + share
        marks.append(Mark(x, f"{ev['title']} ({words.month(when)})"))
    return marks


# ---------------------------------------------------------------- checking a figure

def overlaps(fig) -> list[str]:
    """Pairs of texts that overlap on the drawn figure (titles, labels, marks, ticks), for
    the tests: a figure a reader can read has none."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    hidden = set()
    for ax in fig.axes:  # tick labels beyond the axis limits are never drawn
        for axis, limits in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            lo, hi = sorted(limits)
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                    hidden.update({id(tick.label1), id(tick.label2)})
    texts = [t for t in fig.findobj(lambda a: hasattr(a, "get_text")
                                    and callable(a.get_text))
             if getattr(t, "get_visible", lambda: True)() and str(t.get_text()).strip()
             and id(t) not in hidden]
    boxes = []
    for t in texts:
        try:
            boxes.append((t, t.get_window_extent(renderer)))
        except (RuntimeError, TypeError, ValueError):
            continue
    found = []
    for i, (a, ba) in enumerate(boxes):
        for b, bb in boxes[i + 1:]:
            if ba.overlaps(bb) and ba.width > 0 and bb.width > 0:
                inter = ba.intersection(ba, bb)
                if inter is not None and inter.width > 1 and inter.height > 1:
                    found.append(f"{textwrap.shorten(a.get_text(), 40)!r} overlaps "
                                 f"{textwrap.shorten(b.get_text(), 40)!r}")
    return found
