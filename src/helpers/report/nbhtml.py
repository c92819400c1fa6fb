"""Executed notebook -> a plain HTML page, without nbconvert.

nbconvert's lab template costs about half a second per worker to load and renders widgets,
themes and scripts the report does not need. This page shows what a reader wants: the prose,
the code, the printed numbers and the figures, with everything escaped except HTML that the
notebook's own code displayed (figure references, pandas tables).
"""

from __future__ import annotations

import html
import re

import mistune

ANSI = re.compile(r"\x1b\[[0-9;]*m")
STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#1d2733;line-height:1.5}pre{background:#f6f8fa;padding:.6rem;overflow-x:auto;
font-size:.85rem}pre.out{background:#fff;border-left:3px solid #ccd}pre.err{background:#fdecea}
.cell{margin:1rem 0}img{max-width:100%}table{border-collapse:collapse;font-size:.85rem}
td,th{border:1px solid #ddd;padding:.2rem .4rem}a.back{font-size:.9rem}
summary{color:#7f8c8d;font-size:.8rem;cursor:pointer}.widget{color:#555;font-style:italic}
"""
_markdown = mistune.create_markdown(escape=True, plugins=["table"])


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _output(out: dict) -> str:
    kind = out.get("output_type")
    if kind == "stream":
        return f"<pre class='out'>{html.escape(_text(out.get('text', '')))}</pre>"
    if kind == "error":
        trace = ANSI.sub("", "\n".join(out.get("traceback", [])))
        return f"<pre class='err'>{html.escape(trace)}</pre>"
    data = out.get("data", {})
    if "application/vnd.jupyter.widget-view+json" in data:
        return ("<p class='widget'>Interactive controls appear here when the notebook runs "
                "in JupyterLab (<code>make lab</code>); the chart above is its default view."
                "</p>")
    if "text/html" in data:
        return _text(data["text/html"])
    if "image/png" in data:
        return f"<img src='data:image/png;base64,{_text(data['image/png']).strip()}' alt=''>"
    if "text/markdown" in data:
        return _markdown(_text(data["text/markdown"]))
    if "text/plain" in data:
        return f"<pre class='out'>{html.escape(_text(data['text/plain']))}</pre>"
    return ""


def render(nb: dict, title: str) -> str:
    parts = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
             f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>",
             "<p><a class='back' href='../index.html'>&larr; back to the report</a></p>"]
    for cell in nb.get("cells", []):
        source = _text(cell.get("source", ""))
        if cell.get("cell_type") == "markdown":
            parts.append(f"<div class='cell md'>{_markdown(source)}</div>")
        elif cell.get("cell_type") == "code":
            tags = cell.get("metadata", {}).get("tags", [])
            label = " (parameters)" if "parameters" in tags else (
                " (injected by the report run)" if "injected-parameters" in tags else "")
            # code is folded: a reader of the report wants the prose, tables and figures
            parts.append(f"<div class='cell code'><details><summary>code{label}</summary>"
                         f"<pre>{html.escape(source)}</pre></details>"
                         + "".join(_output(o) for o in cell.get("outputs", [])) + "</div>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
