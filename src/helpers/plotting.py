"""One house style and one way to export a figure.

Every figure states its finding in the title, names its units on the axes and carries a line
naming the documents its numbers come from. ``save_figure`` is the only code that writes
figures: it fixes every piece of metadata that would otherwise change from run to run, so
unchanged inputs give byte-identical PNG, SVG and PDF files.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import seaborn as sns

from helpers import outputs

STYLE = Path(__file__).with_name("house.mplstyle")
# seaborn's colour-blind-safe palette (its colours stay apart under the common colour-vision
# deficiencies), by name; every colour a chart uses comes from it, through the names below.
SAFE = dict(zip(("blue", "orange", "green", "vermilion", "purple", "brown", "pink", "grey",
                 "yellow", "sky"), sns.color_palette("colorblind").as_hex(), strict=True))
COLORS = {"nokia": SAFE["blue"], "ciena": SAFE["orange"], "cisco": SAFE["green"],
          "restated": SAFE["purple"], "muted": SAFE["grey"], "event": "#555555"}
# Each company keeps its colour on every chart.
COMPANY = {k: COLORS[k] for k in ("nokia", "ciena", "cisco")}
# Colours for series that are not a company (segments, businesses, measurers), in order;
# the palette's pale pink and yellow are left out, too faint for a line on white.
PALETTE = [SAFE[name] for name in ("blue", "orange", "green", "vermilion", "purple", "brown",
                                   "sky", "grey")]
METADATA = {"png": {"Software": None},
            "svg": {"Date": None, "Creator": None},
            "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None}}


def use_house_style() -> None:
    """Apply the house style (also called by every figure helper, so order does not matter)."""
    # Reset everything but how figures are shown: resetting the backend or interactive
    # mode would switch JupyterLab's inline display off after the first figure.
    keep = {"backend", "interactive"}
    mpl.rcParams.update({k: v for k, v in mpl.rcParamsDefault.items() if k not in keep})
    plt.style.use(STYLE)
    sns.set_palette(PALETTE)  # the colour cycle of any plain matplotlib or seaborn call
    mpl.rcParams["svg.hashsalt"] = "nokia-in-numbers"


def save_figure(fig, notebook: str, name: str, formats=None, title: str = "",
                table=None, caption: str = "") -> list[Path]:
    """Write ``figures/<notebook>/<name>.<fmt>`` for each format, and ``<name>.csv`` with
    the plotted points when ``table`` is given; return the paths.

    Under the report runner the files go to its staging folder instead, and the figure is
    shown in the notebook as the saved PNG rather than drawn a second time.
    """
    folder = outputs.figure_dir(notebook)
    written = []
    if table is not None:
        path = folder / f"{name}.csv"
        text = table.to_csv(index=False, lineterminator="\n", float_format="%.6g")
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    png_bytes = None
    for fmt in outputs.figure_formats(formats):
        path = folder / f"{name}.{fmt}"
        buffer = io.BytesIO()
        with mpl.rc_context({"svg.hashsalt": "nokia-in-numbers"}):
            fig.savefig(buffer, format=fmt, metadata=METADATA[fmt])
        data = buffer.getvalue()
        if fmt == "png":
            png_bytes = data
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        written.append(path)
    outputs.record_figure(notebook, name, title or name, written, _sources_of(table), caption)
    if outputs.staging() is None:
        print(f"{name}: written to {folder} (a scratch folder; `python -m helpers report` "
              "publishes figures/)")
    if outputs.batch_mode():
        plt.close(fig)
        if png_bytes:
            _show_published(notebook, name, title or name)
    elif "inline" in mpl.get_backend():
        _show_once(fig, png_bytes)
    return written


def _show_once(fig, png_bytes: bytes | None) -> None:
    """In JupyterLab, show the PNG just written (or drawn once now) instead of letting the
    inline backend draw the figure again, twice over for its tight bounding box: the chart
    is laid out to its own edges, and the reader sees the very file the report publishes."""
    from IPython.display import Image, display

    if png_bytes is None:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", metadata=METADATA["png"])
        png_bytes = buffer.getvalue()
    plt.close(fig)
    display(Image(data=png_bytes, format="png"))


def _sources_of(table) -> list[dict]:
    """The documents behind a figure table, each with the places in it, in table order."""
    if table is None or "source_id" not in getattr(table, "columns", []):
        return []
    found: dict[str, list[str]] = {}
    for sid, locator in zip(table["source_id"].astype(str), table["locator"].astype(str),
                            strict=True):
        for one in (s.strip() for s in sid.split(";")):
            if not one or one == "nan":
                continue
            places = found.setdefault(one, [])
            if locator and locator != "nan" and locator not in places:
                places.append(locator)
    return [{"id": sid, "locators": places} for sid, places in found.items()]


def _show_published(notebook: str, name: str, title: str) -> None:
    """Show the figure in the executed notebook by reference to its published PNG.

    Embedding the image would copy every figure into the executed notebook and its HTML
    (megabytes written, validated and converted on every run); a link relative to
    reports/notebooks/ shows the same picture once the run is published (the report keeps its
    own copy of the figures, so reports/ works wherever it is copied).
    """
    import html

    from IPython.display import HTML, display

    src = f"../figures/{notebook}/{name}.png"  # reports/figures, beside reports/notebooks
    display(HTML(f'<img src="{html.escape(src)}" alt="{html.escape(title)}" '
                 'style="max-width:100%">'))


KIND_WORDS = {
    "annual_report": "annual reports", "form_20f": "20-F filings", "form_10k": "10-K filings",
    "quarterly_report": "interim reports", "press_release": "press releases",
    "rate_table": "rate tables", "analyst": "analysts", "news": "news reports",
    "other": "other documents",
}


def source_line(ds, source_ids, prefix: str = "Sources") -> str:
    """Name the documents behind a figure: publisher, kind of document, years."""
    from collections import defaultdict

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
    if not parts:
        return (f"{prefix}: no document in data/ gives a value for what is shown. "
                "Every value with its page or table: data/*.csv, reports/index.html.")
    if len(parts) > 5:
        parts = parts[:5] + [f"{len(parts) - 5} more publishers"]
    return (f"{prefix}: " + "; ".join(parts)
            + ". Every value with its page or table: data/*.csv, reports/index.html.")
