"""The built report as a reader opens it: copied elsewhere, offline, in a real browser.

The report is copied out of the repository (as a mail attachment or CI artifact would be),
opened from disk in headless Chromium, and every page linked from it is opened too. Every
image must load, every local link and download must point at a file in the copy, and no
request may leave the machine. A full-page screenshot is kept for a person to look at.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from helpers import paths

pytestmark = pytest.mark.browser

CHROMIUM = next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser",
                                                          "google-chrome")) if p), None)
SHOTS = paths.reports_dir() / "browser"

LINKS = """() => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))"""
IMAGES = """() => [...document.images].map(i => [i.getAttribute('src'), i.naturalWidth])"""


@pytest.fixture(scope="module")
def report_copy(built_copy, tmp_path_factory):
    target = tmp_path_factory.mktemp("mailed") / "nokia-report"
    shutil.copytree(built_copy / "reports", target,
                    ignore=shutil.ignore_patterns(".state", ".lock*", ".staging"))
    return target


def _local(href: str) -> bool:
    return not href.startswith(("http://", "https://", "mailto:", "#"))


def test_the_copied_report_opens_offline_with_every_image_and_link(report_copy):
    if CHROMIUM is None or os.environ.get("NOKIA_SKIP_BROWSER"):
        pytest.skip("no Chromium on this machine (make test installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    pages = [report_copy / "index.html"]
    seen: set[Path] = set()
    broken_links, broken_images = [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-gpu",
                                           "--disable-background-networking"])
        try:
            context = browser.new_context(viewport={"width": 1300, "height": 900})

            def guard(route):
                if route.request.url.startswith(("file://", "data:")):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            context.route("**/*", guard)
            page = context.new_page()
            while pages:
                current = pages.pop(0).resolve()
                if current in seen:
                    continue
                seen.add(current)
                page.goto(current.as_uri())
                page.wait_for_load_state("load")
                if current.name == "index.html" and current.parent == report_copy.resolve():
                    SHOTS.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(SHOTS / "report-index.png"), full_page=True)
                for src, width in page.evaluate(IMAGES):
                    if not width:
                        broken_images.append(f"{current.name}: {src}")
                for href in page.evaluate(LINKS):
                    if not _local(href):
                        continue
                    target = (current.parent / unquote(urlparse(href).path)).resolve()
                    if not target.exists():
                        broken_links.append(f"{current.name}: {href}")
                    elif target.suffix == ".html" and report_copy.resolve() in target.parents:
                        pages.append(target)
        finally:
            browser.close()
    assert broken_images == []
    assert broken_links == []
    assert outside == [], f"requests left the machine: {outside[:5]}"
    opened = {p.name for p in seen}
    assert {"index.html", "10-revenue-collapse.html", "50-explore.html"} <= opened
    assert (report_copy / "data" / "facts.csv").stat().st_size > 10_000


def test_the_report_answers_the_key_questions_first(report_copy):
    html = (report_copy / "index.html").read_text(encoding="utf-8")
    key = html.index("id='key-findings'")
    assert key < html.index("id='10-revenue-collapse'")
    for question in ("How far did the handset business fall?", "Did the pivot to networks work?",
                     "What did Infinera do", "What is Nvidia", "latest quarter"):
        part = html[key:html.index("id='as-of'")]
        assert question in part
    assert "No notebook in this build answers it" not in html
    # each answer links to the figure that shows it, and that figure is on the page
    for target in ("fig-10-revenue-collapse-phones-vs-networks",
                   "fig-20-segment-growth-optical-infinera"):
        assert f"href='#{target}'" in html and f"id='{target}'" in html
    assert "Data as of" in html and "What changed since the last build" in html
    assert "Documents behind this chart" in html and "(second-hand copy)" in html
    assert ".csv' download>CSV</a>" in html


def test_the_explorer_page_shows_its_chart_not_widget_text(report_copy):
    page = (report_copy / "notebooks" / "50-explore.html").read_text(encoding="utf-8")
    assert "VBox(children" not in page
    assert "default-view.png" in page and "JupyterLab" in page


FIRST_SCREEN = """() => {
  const img = document.querySelector('.lead img');
  const items = [...document.querySelectorAll('.key p')];
  return {height: document.documentElement.scrollHeight,
          figure: img ? [img.getBoundingClientRect().top, img.getBoundingClientRect().bottom,
                         img.naturalWidth] : null,
          items: items.map(p => [p.getBoundingClientRect().bottom, p.innerText])};
}"""


def test_the_first_screen_holds_every_key_finding_and_the_first_figure(report_copy):
    """At 1400x900 a reader sees every answer and the first chart without scrolling; each
    answer is one plain sentence of at most 40 words with no document id; the whole page,
    with its source table and methods folded, is at most 25,000 px tall."""
    if CHROMIUM is None or os.environ.get("NOKIA_SKIP_BROWSER"):
        pytest.skip("no Chromium on this machine (make test installs Debian's chromium)")
    import re

    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-gpu",
                                           "--disable-background-networking"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto((report_copy / "index.html").resolve().as_uri())
            page.wait_for_load_state("load")
            seen = page.evaluate(FIRST_SCREEN)
        finally:
            browser.close()
    assert seen["height"] <= 25_000
    top, bottom, width = seen["figure"]
    assert width > 0 and bottom <= 900
    assert len(seen["items"]) >= 7
    for bottom, text in seen["items"]:
        assert bottom <= 900, text
        answer = text.split("?", 1)[1].removesuffix("More").strip()
        assert len(answer.split()) <= 40, answer
        # a document id: letters and digits joined by two hyphens or more (a date is no id)
        ids = [w for w in re.findall(r"\b[a-z0-9]+(?:-[a-z0-9]+){2,}\b", answer)
               if re.search(r"[a-z]", w) and re.search(r"\d", w)]
        assert ids == [], answer
