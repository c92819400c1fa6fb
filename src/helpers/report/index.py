"""reports/index.html: the report a person reads offline, with no code in it.

Everything that comes from data or notebooks (titles, findings, notes, source titles) passes
through ``html.escape``; a link is made only from an http(s) URL. The page is plain HTML with
its style inline, so it opens from a file, a CI artifact or an e-mail attachment.
"""

from __future__ import annotations

import html
from collections import defaultdict

STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:60rem;
margin:2rem auto;padding:0 1rem;color:#1d2733;line-height:1.5}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #124191;padding-bottom:.2rem;margin-top:2.5rem}
.meta{color:#555;font-size:.9rem}figure{margin:1.5rem 0}figure img{max-width:100%;
border:1px solid #ddd}figcaption{font-size:.9rem;color:#444}
table{border-collapse:collapse;font-size:.85rem;margin:1rem 0;width:100%}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eef2f8}.finding{background:#f4f7fb;border-left:4px solid #124191;
padding:.5rem .8rem;margin:.6rem 0}nav a{margin-right:1rem}
"""


def esc(value) -> str:
    return html.escape(str(value), quote=True)


def link(url: str, text: str) -> str:
    if url.startswith(("http://", "https://")):
        return f'<a href="{esc(url)}">{esc(text)}</a>'
    return esc(text)


def _table(columns: list[str], rows: list[list]) -> str:
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _vintages(ds) -> str:
    by_entity: dict[str, list] = defaultdict(list)
    for row in ds.facts:
        by_entity[row["entity"]].append(row)
    rows = []
    for entity in sorted(by_entity):
        facts = by_entity[entity]
        ends = sorted(r["period_end"] for r in facts)
        used = {r["source_id"] for r in facts}
        dates = sorted(ds.sources[s]["date"] for s in used if s in ds.sources)
        rows.append([entity, len(facts), f"{ends[0]} to {ends[-1]}", len(used),
                     dates[-1] if dates else ""])
    return _table(["entity", "facts", "periods ending", "sources", "newest source"], rows)


def _sources(ds) -> str:
    head = "".join(f"<th>{c}</th>" for c in ("id", "title", "publisher", "date", "kind"))
    body = []
    for sid in sorted(ds.sources):
        s = ds.sources[sid]
        body.append(f"<tr><td>{esc(sid)}</td><td>{link(s['url'], s['title'])}</td>"
                    f"<td>{esc(s['publisher'])}</td><td>{esc(s['date'])}</td>"
                    f"<td>{esc(s['kind'])}</td></tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def render(metas: list[dict], records: list[dict], ds, run: dict) -> str:
    by_stem = {r["notebook"]: r for r in records}
    nav = " ".join(f'<a href="#{esc(m["notebook"])}">{esc(m.get("title") or m["notebook"])}'
                   "</a>" for m in metas)
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>Nokia in numbers</title><style>{STYLE}</style></head><body>",
        "<h1>Nokia in numbers</h1>",
        "<p>Nokia's revenue collapse, the growth of its segments today and a comparison with "
        "Ciena and Cisco, rebuilt from hand-entered CSV files in which every number cites "
        "the report it was typed from.</p>",
        f"<p class='meta'>Built {esc(run['built_at'])} UTC with Python {esc(run['python'])}; "
        f"parameters: {esc(', '.join(run['requested_parameters']) or 'notebook defaults')}; "
        f"formats: {esc(','.join(run['formats']) if run['formats'] else 'defaults')}.</p>",
        f"<nav>{nav} <a href='#data'>Data and sources</a></nav>",
    ]
    for meta in metas:
        stem = meta["notebook"]
        rec = by_stem.get(stem, {})
        parts.append(f"<section id='{esc(stem)}'><h2>{esc(meta.get('title') or stem)}</h2>")
        shown = ", ".join(f"{k}={v!r}" for k, v in rec.get("parameters", {}).items())
        parts.append(f"<p class='meta'>Notebook {esc(stem)}, built {esc(rec.get('built_at', '?'))}"
                     f" in {esc(rec.get('seconds', '?'))} s; parameters: "
                     f"{esc(shown or 'defaults')}. "
                     f"<a href='notebooks/{esc(stem)}.html'>Executed notebook</a></p>")
        for finding in meta.get("findings", []):
            parts.append(f"<p class='finding'>{esc(finding['text'])}</p>")
        for fig in meta.get("figures", []):
            png = next((f for f in fig["files"] if f.endswith(".png")), None)
            others = " ".join(f"<a href='../figures/{esc(stem)}/{esc(f)}'>"
                              f"{esc(f.rsplit('.', 1)[1])}</a>" for f in fig["files"])
            img = (f"<img src='../figures/{esc(stem)}/{esc(png)}' alt='{esc(fig['title'])}'>"
                   if png else "")
            parts.append(f"<figure>{img}<figcaption>{esc(fig['title'])} "
                         f"({others})</figcaption></figure>")
        for table in meta.get("tables", []):
            parts.append(f"<h3>{esc(table['name'])}</h3>")
            parts.append(_table(table["columns"], table["rows"]))
        parts.append("</section>")
    parts.append("<section id='data'><h2>Data and sources</h2>")
    parts.append(f"<p>{len(ds.facts)} facts from {len(ds.sources)} documents. Each value "
                 "carries its source, page or table, and basis (as reported, restated, "
                 "non-IFRS or estimate); see data/README.md for the codebook.</p>")
    parts.append("<h3>Data vintages</h3>" + _vintages(ds))
    parts.append("<h3>Sources</h3>" + _sources(ds))
    parts.append("</section></body></html>\n")
    return "\n".join(parts)
