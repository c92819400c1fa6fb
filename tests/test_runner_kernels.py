"""The report runner's processes on small fixture notebooks: a killed or concurrent run, a
warm kernel shared by two notebooks, a reader that goes away, the kernels' sockets.

A file of its own so that these tests, which mostly wait on subprocesses, run beside the
other runner tests in parallel."""


from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

from tests.toy_project import (
    make_notebook,
    report,
    snapshot,
    start_report,
    wait_for_file,
    wait_for_line,
)


def test_killed_run_leaves_no_damage_and_next_run_recovers(built, tmp_path):
    before = snapshot(built)
    hold = tmp_path / "hold"
    hold.touch()
    proc = start_report(built, "--force", TOY_HOLD=str(hold))
    # killed once a notebook has written into staging and is held there
    wait_for_file(".staging/*/figures/*/line.png", built / "reports")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    hold.unlink()
    assert snapshot(built) == before
    result = report(built)
    assert result.returncode == 0, result.stderr
    assert "nothing to do" in result.stdout
    assert not (built / "reports" / ".staging").exists()


def test_second_concurrent_run_is_refused_or_waits(built, tmp_path):
    hold = tmp_path / "hold"
    hold.touch()
    first = start_report(built, "--force", TOY_HOLD=str(hold))
    wait_for_line(first, "running")
    second = report(built)
    assert second.returncode == 4
    assert "another report run is in progress" in second.stderr
    waiting = start_report(built, "--wait")
    wait_for_line(waiting, "waiting for the report run in progress")
    hold.unlink()                       # the first run may now finish
    assert first.wait(timeout=60) == 0
    assert waiting.wait(timeout=60) == 0
    for proc in (first, waiting):
        proc.stdout.close()


LEAKER = """\
import os
import matplotlib as mpl
import pandas as pd
from helpers import series
pd.set_option("display.max_colwidth", None)
mpl.rcParams["lines.linewidth"] = 9.5
series.BASIS_RANK["as_reported"] = 99
os.environ["LEAKED"] = "yes"
os.chdir("/")
leftover = 1
"""
CHECKER = """\
import os
import matplotlib as mpl
import pandas as pd
from helpers import series
state = {"colwidth": pd.get_option("display.max_colwidth"),
         "linewidth": mpl.rcParams["lines.linewidth"],
         "rank": series.BASIS_RANK["as_reported"], "env": os.environ.get("LEAKED"),
         "cwd_is_root": os.getcwd() == "/", "leftover": "leftover" in dir()}
outputs.record_finding(NAME, repr(state))
"""


def test_a_notebook_starts_clean_after_another_in_the_same_kernel(project):
    make_notebook(project, "01-leaker", extra=LEAKER)
    make_notebook(project, "02-checker", extra=CHECKER)
    result = report(project, "--jobs", "1")  # one worker: both share its warm kernel
    assert result.returncode == 0, result.stdout + result.stderr
    findings = json.loads((project / "reports" / "meta" / "02-checker.json").read_text())
    state = eval(findings["findings"][-1]["text"])  # noqa: S307 - our own repr
    assert state == {"colwidth": 50, "linewidth": 1.5, "rank": 0, "env": None,
                     "cwd_is_root": False, "leftover": False}


def test_a_reader_that_goes_away_does_not_stop_publishing(project):
    """`helpers report | head -1` in a cron line: the pipe closes after one line, and the
    run must still publish rather than fail on a broken pipe."""
    make_notebook(project, "01-toy")
    make_notebook(project, "02-other")
    env = dict(os.environ, NOKIA_IN_NUMBERS_ROOT=str(project))
    env.pop("NOKIA_OUTPUT_DIR", None)
    env.pop("NOKIA_BATCH", None)
    proc = subprocess.Popen([sys.executable, "-m", "helpers", "report", "--jobs", "2"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()  # the reader is gone
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()[-2000:]
    assert (project / "reports" / "index.html").is_file()
    assert (project / "figures" / "02-other" / "line.png").is_file()


def test_worker_kernels_talk_over_private_unix_sockets(tmp_path):
    """Two workers starting kernels at once once drew the same free TCP port and one kernel
    died on start; the workers now use Unix sockets in a folder of their own, named by an
    absolute path (a relative one is resolved against two different working directories)."""
    import pytest

    if os.name != "posix":
        pytest.skip("Unix sockets are a POSIX transport")
    elsewhere = tmp_path / "notebooks"
    elsewhere.mkdir()
    code = ("import os\nfrom helpers.report import execute\n"
            f"execute._start_kernel({str(elsewhere)!r})\n"
            "km = execute._KERNEL\n"
            "print('TRANSPORT', km.transport, km.ip)\n"
            "execute._run_code('x = 1')\n"
            "km.shutdown_kernel(now=True)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    line = next(s for s in done.stdout.splitlines() if s.startswith("TRANSPORT"))
    _, transport, ip = line.split(" ", 2)
    assert transport == "ipc"
    sockets = os.path.dirname(ip)
    assert os.path.isabs(ip) and os.path.basename(sockets).startswith("nokia-kernel-")
    assert not os.path.exists(sockets)  # removed when the worker exits
    assert list(elsewhere.iterdir()) == []  # no socket files left next to the notebooks
