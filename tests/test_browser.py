"""JupyterLab as a person uses it: open each notebook, Run All, look at the result.

Starts JupyterLab on a free loopback port, drives Debian's Chromium with Playwright, and for
every notebook asserts that no cell shows an error and that each figure is drawn. In the
explorer it changes a control and asserts that the chart changes. Screenshots are written
to reports/browser/ for a person to look at. The server is stopped whatever happens.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from helpers import kernel, paths

pytestmark = pytest.mark.browser

CHROMIUM = next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser",
                                                          "google-chrome")) if p), None)
NOTEBOOKS = sorted(paths.notebooks_dir().glob("[0-9][0-9]-*.ipynb"))
SHOTS = paths.reports_dir() / "browser"
ERROR_BANNER = "Traceback (most recent call last)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab():
    if CHROMIUM is None:
        pytest.skip("no Chromium on this machine (make test installs Debian's chromium as "
                    "root; set NOKIA_SKIP_BROWSER to skip on purpose)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    kernel.ensure_kernelspec()
    kernel.ensure_lab_settings()
    port, token = free_port(), "nokia-browser-test"
    scratch = Path(tempfile.mkdtemp(prefix="nokia-lab-"))
    # Lab renders only the cells on screen (as it does for a person); the tests read every
    # cell's outputs from the notebook model, which holds them all
    env = dict(kernel.jupyter_env(), NOKIA_OUTPUT_DIR=str(scratch / "out"),
               # the figures are looked at inline; no file of them is needed
               NOKIA_FIGURE_FORMATS="none",
               JUPYTERLAB_SETTINGS_DIR=str(scratch / "settings"),
               JUPYTER_CONFIG_DIR=str(scratch / "config"),
               JUPYTER_RUNTIME_DIR=str(scratch / "runtime"))
    env.pop("NOKIA_BATCH", None)  # the interactive path: figures drawn inline
    env.pop("MPLBACKEND", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
         f"--port={port}", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={paths.root()}",
         f"--LabApp.workspaces_dir={scratch / 'workspaces'}", "--expose-app-in-browser",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class="
         "jupyterlab.NeverCheckForUpdate"] + (["--allow-root"] if os.geteuid() == 0 else []),
        env=env, stdout=subprocess.DEVNULL, stderr=(scratch / "server.log").open("w"))
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    log = (scratch / "server.log").read_text()[-2000:]
                    pytest.fail(f"JupyterLab did not start:\n{log}")
                time.sleep(0.5)
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(scratch, ignore_errors=True)


@pytest.fixture(scope="module")
def browser(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"])
        try:
            yield chromium
        finally:
            chromium.close()


def figure_count(path: Path) -> int:
    cells = json.loads(path.read_text())["cells"]
    return sum("nb.save(" in "".join(c["source"]) for c in cells if c["cell_type"] == "code")


OPEN_AND_RUN = """async (path) => {
  const app = window.jupyterapp;
  const panel = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
  await panel.sessionContext.ready;
  await panel.context.ready;
  app.shell.activateById(panel.id);
  // started, not awaited: the next notebook opens while this one runs
  app.commands.execute('notebook:run-all-cells');
  return panel.id;
}"""
FIND_PANEL = "[...window.jupyterapp.shell.widgets('main')].find(w => w.id === id)"
PANEL_DONE = """(id) => {
  const panel = FIND_PANEL;
  const kernel = panel && panel.sessionContext.session && panel.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle') return false;
  const cells = panel.content.model.cells;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type === 'code' && cell.executionCount === null) return false;
  }
  return true;
}""".replace("FIND_PANEL", FIND_PANEL)
# every output of every code cell, as the notebook model holds it
OUTPUTS = """(id) => {
  const cells = (FIND_PANEL).content.model.cells, found = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    for (let j = 0; j < cell.outputs.length; j++) found.push(cell.outputs.get(j).toJSON());
  }
  return found;
}""".replace("FIND_PANEL", FIND_PANEL)


def png_width(data: str) -> int:
    """The width in pixels written in a base64 PNG's header."""
    import base64

    return int.from_bytes(base64.b64decode(data[:44])[16:20], "big")


@pytest.fixture(scope="module")
def ran_all(browser, lab):
    """One JupyterLab page, as a person has it: every notebook opened in its own tab and Run
    All started in each before any is awaited, so the kernels work side by side; the panel
    ids once all have finished (each tab is brought forward to be looked at)."""
    base, token = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{base}/lab?token={token}&reset")
        page.wait_for_function("() => window.jupyterapp && ['docmanager:open', "
                               "'notebook:run-all-cells'].every(c => "
                               "window.jupyterapp.commands.hasCommand(c))", timeout=90_000)
        page.evaluate("() => window.jupyterapp.restored")
        panels = {}
        for path in NOTEBOOKS:
            panels[path.stem] = page.evaluate(OPEN_AND_RUN, f"notebooks/{path.name}")
        for pid in panels.values():
            page.wait_for_function(PANEL_DONE, arg=pid, timeout=240_000)
        page.wait_for_function("() => !document.body.innerText.includes('| Busy')",
                               timeout=60_000)
        yield page, panels
    finally:
        page.close()


def show(page, panel_id: str):
    """Bring a notebook's tab forward and return a locator of its panel."""
    page.evaluate("(id) => window.jupyterapp.shell.activateById(id)", panel_id)
    return page.locator(f"#{panel_id}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_run_all_shows_figures_and_no_errors(ran_all, path):
    page, panels = ran_all
    show(page, panels[path.stem])  # brought forward and kept as a picture for a person
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{path.stem}.png"), full_page=False)
    outputs = page.evaluate(OUTPUTS, panels[path.stem])
    errors = [f"{o['ename']}: {o['evalue']}" for o in outputs if o["output_type"] == "error"]
    errors += [o["text"] for o in outputs if o.get("name") == "stderr"
               and ERROR_BANNER in "".join(o["text"])]
    assert errors == [], errors[0][:2000] if errors else ""
    images = [o["data"]["image/png"] for o in outputs if "image/png" in o.get("data", {})]
    expected = figure_count(path)
    assert len(images) >= expected, f"{len(images)} figures shown, {expected} saved"
    for i, image in enumerate(images):
        image = image if isinstance(image, str) else "".join(image)
        assert png_width(image) > 300, f"figure {i} did not render"


def test_explorer_control_changes_the_chart(ran_all):
    page, panels = ran_all
    panel = show(page, panels["50-explore"])
    widget = panel.locator(".widget-vbox").first
    widget.scroll_into_view_if_needed()
    chart = panel.locator(".widget-output img").first
    chart.wait_for(timeout=60_000)
    before = chart.get_attribute("src")
    panel.get_by_role("button", name="USD", exact=True).click()
    page.wait_for_function(
        "([id, old]) => { const i = document.querySelector(`#${id} .widget-output img`);"
        " return i && i.src !== old; }", arg=[panels["50-explore"], before], timeout=60_000)
    after = panel.locator(".widget-output img").first.get_attribute("src")
    assert after != before
    table = panel.locator(".widget-output table").first.inner_text()
    assert "document" in table and "nokia" in table
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.screenshot(path=str(SHOTS / "50-explore-usd.png"))


if os.environ.get("NOKIA_SKIP_BROWSER"):
    pytestmark = [pytest.mark.browser,
                  pytest.mark.skip(reason="NOKIA_SKIP_BROWSER is set")]
