"""The report runner on small fixture notebooks: what it publishes, skips and reruns, and how
bad data, parameters and failing notebooks leave the last good report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from helpers.report import publish
from tests.conftest import REPO
from tests.toy_project import (
    env_for,
    make_notebook,
    report,
    snapshot,
)


def test_first_run_publishes_figures_and_an_escaped_index(built):
    assert (built / "figures" / "01-toy" / "line.png").is_file()
    assert (built / "figures" / "02-other" / "line.png").is_file()
    index = (built / "reports" / "index.html").read_text()
    for stem in ("01-toy", "02-other"):
        # the report links its own copies, so reports/ works wherever it is copied
        assert f"src='figures/{stem}/line.png'" in index and "../figures" not in index
        assert (built / "reports" / "figures" / stem / "line.png").read_bytes() == \
            (built / "figures" / stem / "line.png").read_bytes()
        assert f"notebooks/{stem}.html" in index
        assert (built / "reports" / "notebooks" / f"{stem}.html").is_file()
    assert (built / "reports" / "data" / "facts.csv").is_file()
    assert "This is the first build" in index
    assert "<script>alert(1)</script>" not in index
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    assert "A line &amp; &lt;b&gt;tags&lt;/b&gt;" in index
    assert not (built / "reports" / ".staging").exists()


def test_unchanged_rerun_skips_without_heavy_imports(built):
    code = ("import sys\nfrom helpers.cli import main\nrc = main(['report'])\n"
            "heavy = [m for m in ('pandas', 'matplotlib', 'papermill', 'nbclient', "
            "'filelock') "
            "if m in sys.modules]\nprint('HEAVY', heavy)\nsys.exit(rc)\n")
    env = dict(os.environ, NOKIA_IN_NUMBERS_ROOT=str(built))
    before = snapshot(built)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, timeout=60)
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    assert "skipped  01-toy" in result.stdout and "nothing to do" in result.stdout
    assert "HEAVY []" in result.stdout  # not even the lock: nothing to do needs none
    assert snapshot(built) == before
    assert elapsed < 5  # generous for a loaded CI machine; bench/ measures the real number


def test_changed_notebook_is_the_only_one_rerun(built):
    make_notebook(built, "02-other", extra="\nprint('changed')\n")
    result = report(built)
    assert result.returncode == 0, result.stderr
    assert "skipped  01-toy" in result.stdout
    assert "done     02-other" in result.stdout
    assert "started  01-toy" not in result.stdout


def test_changed_data_reruns_everything(built):
    with open(built / "data" / "sources.csv", "a") as fh:
        fh.write("nokia-ar-2008,Nokia in 2008,Nokia Corporation,2009-03-01,"
                 "https://example.org/ar2008,annual_report\n")
    with open(built / "data" / "facts.csv", "a") as fh:
        fh.write("nokia,total,net_sales,FY2006,2006-12-31,41121,EUR million,as_reported,"
                 "nokia-ar-2007,p. 9,\n")
        fh.write("nokia,total,net_sales,FY2007,2007-12-31,50710,EUR million,restated,"
                 "nokia-ar-2008,p. 2,recast for a test\n")
    result = report(built)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("done ") == 2
    # what moved is said in the log, in run.json for cron, and in the report
    assert "changes since the last build: 2 fact(s) added, 0 changed, 0 removed" \
        in result.stdout
    run = json.loads((built / "reports" / "run.json").read_text())
    assert run["changes"]["facts"]["added"][0]["key"] == \
        "nokia/total/net_sales/FY2006/as_reported/nokia-ar-2007"
    # a recast among them is said in words, with its size
    recast = "nokia total net_sales FY2007 recast to 50710 EUR million by nokia-ar-2008"
    assert f"recast   data/facts.csv:8: {recast}" in result.stdout
    assert "-0.7%" in run["changes"]["recasts"][0]
    index = (built / "reports" / "index.html").read_text()
    assert "2 facts added." in index and "0 changed" not in index
    assert recast in index
    as_of = {r["company"]: r for r in run["data_as_of"]}
    assert as_of["Nokia"]["latest_period"] == "FY2007"


def test_an_edit_that_changes_no_fact_rebuilds_nothing(built):
    """Saved again by a spreadsheet (byte-order mark, CRLF), with a blank line and padding
    around a value, data/ says the same: nothing is rerun and nothing published moves; the
    runner decides so in well under a second."""
    before = snapshot(built)
    facts = built / "data" / "facts.csv"
    lines = facts.read_text().splitlines()
    lines[1] = lines[1].replace(",51058,", ", 51058 ,")
    facts.write_bytes(("\ufeff" + "\r\n".join(lines[:2] + [""] + lines[2:]) + "\r\n")
                      .encode("utf-8"))
    result = report(built)
    assert result.returncode == 0, result.stderr
    assert "nothing to do" in result.stdout and "started" not in result.stdout
    assert snapshot(built) == before
    deciding = float(result.stdout.rsplit("(", 1)[1].split(" s)")[0])
    assert deciding < 1.0  # bench/ and the changelog give the unloaded number
    # (a changed value reruns: test_changed_data_reruns_everything)


def cron_command() -> str:
    """The README's cron line from the report command on (setup is `make setup`'s business)."""
    readme = (REPO / "README.md").read_text()
    line = next(line for line in readme.splitlines() if line.startswith("0 6 * * 1"))
    command = line[line.index(".venv/bin/helpers report"):]
    return command.replace(".venv/bin/helpers", str(Path(sys.executable).with_name("helpers")))


def test_the_cron_line_is_silent_on_success_and_mails_a_short_summary_on_failure(built):
    """cron mails what a job prints: nothing when the report built, a few lines saying what
    failed, where and with which exit code when it did not; the log keeps every line with
    its time, and git ignores the log in the repository."""
    import re

    def cron():
        return subprocess.run(["sh", "-c", cron_command()], cwd=built, env=env_for(built),
                              capture_output=True, text=True, timeout=60)

    make_notebook(built, "02-other", extra="\nprint('changed')\n")  # work for a worker
    done = cron()
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    log = (built / "reports-cron.log").read_text()
    assert "done     02-other" in log and "published 1 notebook(s)" in log
    assert all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ", line)
               for line in log.splitlines()), log
    with open(built / "data" / "facts.csv", "a") as fh:
        fh.write("nokia,total,net_sales,FY2008,2008-12-31,12 709,EUR million,as_reported,"
                 "nokia-ar-2007,p,\n")
    failed = cron()
    mail = failed.stdout + failed.stderr
    assert failed.returncode == 3
    assert f"failed in {built}: exit code 3 (data/ does not validate" in mail
    assert "data/facts.csv:7: column 'value'" in mail
    assert f"full log: {built / 'reports-cron.log'}" in mail
    assert len(mail.splitlines()) <= 10
    assert "data/facts.csv:7" in (built / "reports-cron.log").read_text()
    ignored = subprocess.run(["git", "check-ignore", "reports-cron.log", "facts.csv"],
                             cwd=REPO, capture_output=True, text=True)
    assert ignored.stdout.split() == ["reports-cron.log", "facts.csv"]


def test_unknown_parameter_fails_before_any_kernel(built):
    before = snapshot(built)
    result = report(built, "-p", "colour=red")
    assert result.returncode == 2
    assert "unknown parameter(s) colour" in result.stderr
    assert "started" not in result.stdout
    assert snapshot(built) == before


def test_ill_typed_parameter_fails(built):
    result = report(built, "-p", "pause=soon")
    assert result.returncode == 2
    assert "parameter pause: 'soon' is a str" in result.stderr


def test_invalid_data_stops_the_run_and_keeps_outputs(built):
    before = snapshot(built)
    with open(built / "data" / "facts.csv", "a") as fh:
        fh.write("nokia,total,net_sales,FY2008,2008-12-31,12 709,EUR million,as_reported,"
                 "nokia-ar-2007,p,\n")
    result = report(built, "--force")
    assert result.returncode == 3
    assert "data/facts.csv:7: column 'value'" in result.stderr
    assert snapshot(built) == before
    # the README's cron line calls the console script, whose code a scheduler sees
    readme = (REPO / "README.md").read_text()
    cron = next(line for line in readme.splitlines() if line.startswith("0 6 * * 1"))
    assert ".venv/bin/helpers report" in cron and "make report" not in cron
    script = Path(sys.executable).with_name("helpers")
    done = subprocess.run([str(script), "report", "--jobs", "1"], env=env_for(built),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 3, done.stderr


def test_failing_notebook_keeps_last_good_outputs(built):
    before = snapshot(built)
    (built / "notebooks" / "01-toy.ipynb").write_text(
        (built / "notebooks" / "01-toy.ipynb").read_text().replace("fail = False", "fail = True"))
    result = report(built)
    assert result.returncode == 1
    assert "FAILED   01-toy: cell 3 (\"NAME = '01-toy'\")" in result.stdout
    assert "RuntimeError: boom" in result.stdout
    assert "nothing was published" in result.stderr
    assert snapshot(built) == before
    assert (built / "reports" / "failed" / "01-toy.ipynb").is_file()
    # and the next good run recovers by itself
    make_notebook(built, "01-toy")
    assert report(built).returncode == 0


def test_a_side_run_never_replaces_the_default_report(built):
    """--only and -p runs that are not the defaults build into reports/runs/<name>/: the
    published figures and index stay byte for byte as the last default run left them."""
    before = snapshot(built)
    result = report(built, "--only", "01", "-p", "greeting=bonjour")
    assert result.returncode == 0, result.stderr
    assert "done     01-toy" in result.stdout and "02-other" not in result.stdout
    side = built / "reports" / "runs" / "only-01_greeting-bonjour"
    assert "bonjour" in (side / "index.html").read_text()
    assert (side / "figures" / "01-toy" / "line.png").is_file()
    state = json.loads((side / ".state" / "01-toy.json").read_text())
    assert state["parameters"] == {"greeting": "bonjour"}
    assert "reports/runs/only-01_greeting-bonjour/figures/01-toy/line.png" in state["outputs"]
    after = snapshot(built)
    assert {k: v for k, v in after.items() if "/runs/" not in k} == before
    # the default run still has nothing to do, and its report still holds both notebooks
    again = report(built)
    assert "nothing to do" in again.stdout
    index = (built / "reports" / "index.html").read_text()
    assert "02-other" in index and "bonjour" not in index
    # a parameter given at its default value is the default report
    same = report(built, "-p", "greeting=hello")
    assert "nothing to do" in same.stdout
    assert not (built / "reports" / "runs" / "greeting-hello").exists()


def test_interrupted_publish_is_replayed(project):
    stage = project / "reports" / ".staging" / "run"
    (stage / "figures" / "01-toy").mkdir(parents=True)
    (stage / "figures" / "01-toy" / "line.png").write_bytes(b"new")
    old = project / "figures" / "01-toy"
    old.mkdir(parents=True)
    (old / "line.png").write_bytes(b"old")
    publish.write_journal([(stage / "figures" / "01-toy", old)])
    assert publish.replay_journal() is True
    assert (old / "line.png").read_bytes() == b"new"
    assert not publish.journal_path().exists()
    assert not (project / "figures" / ".old-01-toy").exists()


def test_only_and_list_options_say_what_they_would_do(built):
    bad = report(built, "--only", "99-nothing")
    assert bad.returncode == 2 and "no such notebook" in bad.stderr
    listed = report(built, "--list")
    assert "01-toy" in listed.stdout and "greeting='hello'" in listed.stdout
