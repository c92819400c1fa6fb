"""reports/index.html: the report a person reads offline, findings first, with no code in it.

Everything that comes from data or notebooks (titles, findings, notes, source titles) passes
through ``html.escape``; a link is made only from an http(s) URL or to a file inside
reports/. The page is plain HTML with its style inline and every image and download inside
reports/, so the folder opens from anywhere: a copy, a CI artifact, an e-mail attachment.
"""

from __future__ import annotations

import html
from collections import defaultdict

from helpers.vocabulary import VOCABULARY

STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:80rem;
margin:2rem auto;padding:0 1rem;color:#1d2733;line-height:1.5}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #124191;padding-bottom:.2rem;margin-top:2.5rem}
.meta{color:#555;font-size:.9rem}figure{margin:1.5rem 0}figure img{max-width:100%;
border:1px solid #ddd}figcaption{font-size:.9rem;color:#444}
table{border-collapse:collapse;font-size:.85rem;margin:1rem 0;width:100%}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eef2f8}.finding{background:#f4f7fb;border-left:4px solid #124191;
padding:.5rem .8rem;margin:.6rem 0}nav a{margin-right:1rem}
.key{border:1px solid #c9d4e8;border-radius:6px;padding:.2rem 1rem;background:#fbfcfe}
.key dt{font-weight:600;margin-top:.6rem}.key dd{margin:0 0 .4rem 0}
.warn{background:#fff4e5;border-left:4px solid #e07b00;padding:.5rem .8rem}
.second{color:#a04000;font-size:.8rem}details{margin:.4rem 0}summary{cursor:pointer;color:#124191}
.methods{background:#f7f7f7;padding:.4rem 1rem;border-radius:6px;font-size:.92rem}
.lead img{max-width:100%;max-height:calc(100vh - 13rem);border:1px solid #ddd}
.first{display:grid;grid-template-columns:minmax(0,1.1fr) minmax(0,1fr);gap:1.2rem;
align-items:start}.first .key{margin:0;font-size:.9rem;line-height:1.35}
.first .key p{margin:.35rem 0}.first .key b{color:#124191}.first figure{margin:0}
h1{font-size:1.6rem;margin-top:0}.intro{margin:.2rem 0}.first h2{margin-top:.8rem}
details.fold>summary{font-size:1.15rem;font-weight:600;margin-top:1.5rem}
@media (max-width:60rem){.first{grid-template-columns:1fr}}
"""

# The questions the seed articles raise, in the order a reader asks them; a notebook answers
# one by recording a finding with the question's key (``nb.finding(text, key=...)``), and the
# figure named here, when the answering notebook drew it, gives the answer in one sentence
# (its title) and opens the report.
QUESTIONS = {
    "collapse": ("How far did Nokia's revenue fall?", "group-net-sales"),
    "bridge": ("Was the fall decline, or businesses sold?", "revenue-bridge"),
    "handsets": ("How far did the handset business fall?", "phones-vs-networks"),
    "networks": ("Did the pivot to networks work?", None),
    "grow": ("Which of Nokia's businesses grow now?", "segment-growth"),
    "competitors": ("How does Nokia compare with Ciena and Cisco?", "revenue"),
    "optical": ("What did Infinera do to Nokia's optical business?", "optical-infinera"),
    "claims": ("Do the seed articles' numbers hold up?", "verdicts"),
    "nvidia": ("What is Nvidia's investment?", None),
    "latest": ("Do the latest quarter's numbers hold?", None),
}
# A key finding is one plain sentence a reader takes in at a glance.
MAX_WORDS = 40

# The three measuring words first, from the one vocabulary every title uses.
METHODS = [
    *((term.capitalize(), text[:1].upper() + text[1:]) for term, text in VOCABULARY.items()),
    ("Basis of a value",
     "Each value is labelled as first published (the earliest document, by date, that "
     "printed it), recast by a later report, non-IFRS (comparable), or an estimate by a "
     "named measurer. One rule picks the value shown for a period, in that order."),
    ("Perimeters",
     "What a figure covers changes: Nokia's group total included phones until 2012, then "
     "continuing operations without them (and later without HERE and Submarine Networks); "
     "segments change with each structure. A line of printed figures never joins two "
     "perimeters; a chained line passes a change only through a document that prints both "
     "years on one perimeter, and a lettered mark says what changed (data/perimeters.csv). "
     "Where no document links two years the line breaks, and no sentence measures across "
     "the break."),
    ("Growth bases",
     "Nokia prints growth as reported, at constant currency, and at constant currency and "
     "portfolio (organic: leaving acquisitions such as Infinera out). They are separate "
     "series, never mixed in one line or one colour scale."),
    ("Fiscal calendars",
     "Fiscal years are labelled by the calendar year in which they end: Nokia's on "
     "31 December, Ciena's about 1 November, Cisco's in late July. Charts plot and label "
     "fiscal years as fiscal years and say where the year-ends differ."),
    ("Exchange rates",
     "Nokia reports in euros (Finnish markka before 1999, converted at the fixed 5.94573), "
     "Ciena and Cisco in US dollars. Conversions use the rate source each chart names, "
     "averaged over the days of each company's fiscal year; growth is computed in each "
     "company's own currency."),
]


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


def second_hand(source) -> bool:
    """A news report, or a copy of a company document hosted by someone else."""
    publisher = source["publisher"].lower()
    return source["kind"] == "news" or any(w in publisher for w in ("copy", "reproduced",
                                                                     "repost", "via "))


def _figure_id(stem: str, name: str) -> str:
    return f"fig-{stem}-{name}"


def _data_as_of(rows: list[dict], stale_after, incomplete: list[str] | None = None) -> str:
    if not rows:
        return ""
    table = _table(["company", "reports", "latest period", "period ends", "newest source",
                    "source age (days)"],
                   [[r["company"], r.get("rhythm", ""), r["latest_period"], r["period_end"],
                     r["newest_source"], r["age_days"]] for r in rows])
    warning = "".join(f"<p class='warn'>{esc(r['warning'])}</p>" for r in rows
                      if r.get("warning"))
    if incomplete:
        warning += ("<details><summary>The newest period lacks rows its structure expects"
                    f" ({len(incomplete)})</summary><ul>"
                    + "".join(f"<li>{esc(line)}</li>" for line in incomplete) + "</ul></details>")
    return f"<h2 id='as-of'>Data as of</h2>{warning}{table}"


def _first_sentence(text: str) -> str:
    """The answer a finding opens with: its first sentence, or its first clause when the
    sentence runs on; a full stop or semicolon inside brackets ends neither."""
    for end in (". ", "; "):
        depth = 0
        for i, char in enumerate(text):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth == 0 and text.startswith(end, i):
                return text[:i] + "."
    return text


def key_sentence(title: str | None, finding: str) -> str:
    """One plain sentence of at most ``MAX_WORDS`` words: the answering figure's title, else
    the finding's first sentence, cut to its first clause when that is still too long."""
    sentence = title.rstrip(".") + "." if title else _first_sentence(finding)
    if len(sentence.split()) > MAX_WORDS:
        depth, cut = 0, None
        for i, char in enumerate(sentence):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth == 0 and char in ";:" and len(sentence[:i].split()) <= MAX_WORDS:
                cut = i
        if cut is not None:
            sentence = sentence[:cut] + "."
    return sentence


def _answers(metas: list[dict]) -> dict[str, tuple[str, dict, dict | None]]:
    """Per key question: the answering notebook, its finding and the figure that shows it."""
    out: dict[str, tuple[str, dict, dict | None]] = {}
    for meta in metas:
        figures = {f["name"]: f for f in meta.get("figures", [])}
        for finding in meta.get("findings", []):
            key = finding.get("key")
            if key in QUESTIONS and key not in out:
                out[key] = (meta["notebook"], finding, figures.get(QUESTIONS[key][1]))
    return out


def _key_findings(metas: list[dict]) -> str:
    """The report's first screen: each question answered in one sentence (the title of the
    figure that shows it, else the finding's first sentence), beside the first of those
    figures. Questions no notebook of this build answers are left out."""
    answers = _answers(metas)
    items, first = [], None
    for key, (question, _) in QUESTIONS.items():
        if key not in answers:
            continue
        stem, finding, figure = answers[key]
        sentence = key_sentence(figure["title"] if figure else None, finding["text"])
        target = _figure_id(stem, figure["name"]) if figure else stem
        items.append(f"<p><b>{esc(question)}</b> {esc(sentence)} "
                     f"<a href='#{esc(target)}'>More</a></p>")
        if figure and first is None:
            first = (stem, figure)
    if not items:
        return ""
    shown = ""
    if first is not None:
        stem, figure = first
        png = next((f for f in figure["files"] if f.endswith(".png")), None)
        if png:
            shown = (f"<figure class='lead'><a href='#{esc(_figure_id(stem, figure['name']))}'>"
                     f"<img src='figures/{esc(stem)}/{esc(png)}' alt='{esc(figure['title'])}'>"
                     "</a></figure>")
    return ("<div class='first'><div><h2 id='key-findings'>Key findings</h2><div class='key'>"
            + "".join(items) + "</div></div>" + shown + "</div>")


def _changes(change: dict | None) -> str:
    if not change:
        return ""
    head = "<h2 id='changes'>What changed since the last build</h2>"
    if change.get("first_build"):
        return head + "<p>This is the first build: there is nothing to compare with.</p>"
    counts = change["facts"]["counts"]
    moved = [(counts.get("added", 0), "fact", "added"), (counts.get("changed", 0), "fact",
                                                         "changed"),
             (counts.get("removed", 0), "fact", "removed"),
             (len(change["findings"]), "finding", "moved"),
             (len(change["figures"]), "figure", "moved")]
    said = [f"{n} {w}{'s' if n != 1 else ''} {how}" for n, w, how in moved if n]
    if not said:
        return head + "<p class='meta'>Nothing changed since the last build.</p>"
    parts = [head, f"<p>{esc('; '.join(said)).capitalize()}.</p>"]
    if change["facts"]["changed"]:
        parts.append("<details><summary>Changed facts</summary>" + _table(
            ["fact", "was", "now", "source"], [[c["key"], c["old"], c["new"], c["source_id"]]
                                                for c in change["facts"]["changed"]])
            + "</details>")
    for kind in ("added", "removed"):
        if change["facts"][kind]:
            parts.append(f"<details><summary>{kind.capitalize()} facts</summary>" + _table(
                ["fact", "value", "source"], [[r["key"], r["value"], r["source_id"]]
                                              for r in change["facts"][kind]]) + "</details>")
    if change.get("recasts"):
        parts.append("<details open><summary>Recasts among the new facts</summary><ul>"
                     + "".join(f"<li>{esc(line)}</li>" for line in change["recasts"])
                     + "</ul></details>")
    if change["findings"]:
        parts.append("<details><summary>Findings that moved</summary>" + _table(
            ["notebook", "was", "now"], [[f["notebook"], f["old"], f["new"]]
                                         for f in change["findings"]]) + "</details>")
    if change["figures"]:
        parts.append("<details><summary>Figures whose numbers moved</summary>" + _table(
            ["figure", "change"], [[f["figure"], f["change"]] for f in change["figures"]])
            + "</details>")
    return "".join(parts)


def _methods() -> str:
    """Folded: the three measuring words lead the summary, so a reader sees them named."""
    items = "".join(f"<dt>{esc(t)}</dt><dd>{esc(d)}</dd>" for t, d in METHODS)
    terms = ", ".join(f"'{term}'" for term in VOCABULARY)
    return (f"<details class='fold' id='methods'><summary>Methods: what {esc(terms)} mean"
            f"</summary><dl class='methods'>{items}</dl></details>")


def _documents(ds, sources: list[dict]) -> str:
    rows = []
    for item in sources:
        s = ds.sources.get(item["id"])
        if s is None:
            continue
        mark = " <span class='second'>(second-hand copy)</span>" if second_hand(s) else ""
        places = "; ".join(item.get("locators", [])[:4])
        more = len(item.get("locators", [])) - 4
        if more > 0:
            places += f"; and {more} more"
        rows.append(f"<tr><td>{esc(s['publisher'])}{mark}</td><td>{link(s['url'], s['title'])}"
                    f"</td><td>{esc(s['date'])}</td><td>{esc(places)}</td></tr>")
    if not rows:
        return ""
    return ("<details><summary>Documents behind this chart</summary><table><thead><tr>"
            "<th>publisher</th><th>title</th><th>date</th><th>where in it</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></details>")


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
        mark = " <span class='second'>(second-hand)</span>" if second_hand(s) else ""
        body.append(f"<tr id='src-{esc(sid)}'><td>{esc(sid)}</td><td>{link(s['url'], s['title'])}"
                    f"</td><td>{esc(s['publisher'])}{mark}</td><td>{esc(s['date'])}</td>"
                    f"<td>{esc(s['kind'])}</td></tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _section(meta: dict, rec: dict, ds) -> list[str]:
    stem = meta["notebook"]
    parts = [f"<section id='{esc(stem)}'><h2>{esc(meta.get('title') or stem)}</h2>"]
    shown = ", ".join(f"{k}={v!r}" for k, v in rec.get("parameters", {}).items())
    parts.append(f"<p class='meta'>Notebook {esc(stem)}, built {esc(rec.get('built_at', '?'))}"
                 f" in {esc(rec.get('seconds', '?'))} s; parameters: {esc(shown or 'defaults')}."
                 f" <a href='notebooks/{esc(stem)}.html'>The notebook as run</a></p>")
    for finding in meta.get("findings", []):
        parts.append(f"<p class='finding'>{esc(finding['text'])}</p>")
    for fig in meta.get("figures", []):
        png = next((f for f in fig["files"] if f.endswith(".png")), None)
        downloads = " ".join(f"<a href='figures/{esc(stem)}/{esc(f)}' download>"
                             f"{esc(f.rsplit('.', 1)[1].upper())}</a>" for f in fig["files"])
        img = (f"<img src='figures/{esc(stem)}/{esc(png)}' alt='{esc(fig['title'])}'>"
               if png else "")
        caption = fig.get("caption", "").rstrip(".")
        caption = f"{esc(caption)}. " if caption else ""
        parts.append(f"<figure id='{esc(_figure_id(stem, fig['name']))}'>{img}<figcaption>"
                     f"{caption}Download: {downloads} (the CSV holds every plotted "
                     f"point with its source and page)</figcaption>"
                     f"{_documents(ds, fig.get('sources', []))}</figure>")
    for table in meta.get("tables", []):
        rows = _seed_titles(table["columns"], table["rows"])
        parts.append(f"<details><summary>{esc(table['name'])} ({len(rows)} rows)</summary>"
                     + _table(table["columns"], rows) + "</details>")
    parts.append("</section>")
    return parts


def _seed_titles(columns: list[str], rows: list[list]) -> list[list]:
    """A table's 'seed' column shows each article's title, not its file name."""
    if "seed" not in columns:
        return rows
    from helpers import seeds

    at = columns.index("seed")
    return [[seeds.title(c) if i == at else c for i, c in enumerate(r)] for r in rows]


def render(metas: list[dict], records: list[dict], ds, run: dict) -> str:
    by_stem = {r["notebook"]: r for r in records}
    nav = " ".join(f'<a href="#{esc(m["notebook"])}">{esc(m.get("title") or m["notebook"])}'
                   "</a>" for m in metas)
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>Nokia in numbers</title><style>{STYLE}</style></head><body>",
        "<h1>Nokia in numbers</h1>",
        "<p class='intro'>Nokia's revenue collapse, the growth of its segments today and a "
        "comparison with Ciena and Cisco, rebuilt from hand-entered CSV files in which every "
        "number cites the document it was typed from.</p>",
        f"<p class='meta'>Built {esc(run['built_at'])} UTC with Python {esc(run['python'])}; "
        f"parameters: {esc(', '.join(run['requested_parameters']) or 'notebook defaults')}; "
        f"formats: {esc(','.join(run['formats']) if run['formats'] else 'defaults')}.</p>",
        f"<nav><a href='#key-findings'>Key findings</a> <a href='#as-of'>Data as of</a> "
        f"<a href='#changes'>Changes</a> <a href='#methods'>Methods</a> {nav} "
        "<a href='#data'>Data and sources</a></nav>",
        _key_findings(metas),
        _data_as_of(run.get("data_as_of", []), run.get("stale_after"),
                    run.get("incomplete", [])),
        _changes(run.get("changes")),
        _methods(),
    ]
    for meta in metas:
        parts.extend(_section(meta, by_stem.get(meta["notebook"], {}), ds))
    parts.append("<section id='data'><h2>Data and sources</h2>")
    parts.append(f"<p>{len(ds.facts)} facts from {len(ds.sources)} documents. Each value "
                 "carries its source, page or table, and basis. Take them away: "
                 "<a href='data/facts.csv' download>the whole facts table (CSV)</a>, "
                 "<a href='data/index.html'>every file of data/</a> and "
                 "<a href='data/README.md'>the codebook</a>.</p>")
    parts.append("<details><summary>Data vintages</summary>" + _vintages(ds) + "</details>")
    parts.append(f"<details><summary>Sources ({len(ds.sources)} documents)</summary>"
                 + _sources(ds) + "</details>")
    parts.append("</section></body></html>\n")
    return "\n".join(parts)
