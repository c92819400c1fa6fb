"""`helpers report --log FILE`: a run that is silent when it succeeds and says why when not.

cron mails whatever a job prints, so a scheduled run should print nothing on success and a
few lines on failure. With ``--log`` every line the run writes (its progress, the data
problems, a failed notebook's error; worker processes included) goes to FILE, each with a UTC
timestamp; if the run fails, a short summary (the exit code and its meaning, the project
folder, the lines that say what failed, the log's path) goes to the real stderr, which cron
mails.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from helpers.exit_codes import MEANING

# lines of the run that say what went wrong, shown in the summary (at most SHOWN of them)
SHOWN = 8
FAILURE_WORDS = ("FAILED", "error:", "problem(s)", "failed", "could not", "interrupted",
                 "another report run")


class _Stamped:
    """A text stream that writes each line to the log with a timestamp in front, and keeps
    the lines that name a failure for the summary."""

    def __init__(self, log, stream_name: str, kept: list[str], errors: bool):
        self._log = log
        self._at_line_start = True
        self._kept = kept
        self._errors = errors
        self.name = stream_name

    def write(self, text: str) -> int:
        out = []
        for piece in text.splitlines(keepends=True):
            if self._at_line_start:
                out.append(dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ "))
            out.append(piece)
            self._at_line_start = piece.endswith("\n")
            line = piece.strip()
            if line and (self._errors or any(w in line for w in FAILURE_WORDS)):
                self._kept.append(line)
        self._log.write("".join(out))
        self._log.flush()
        return len(text)

    def flush(self) -> None:
        self._log.flush()

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self._log.fileno()


@contextmanager
def logged(path: str):
    """Send everything the run writes to ``path`` (appended); yield a function that, given
    the exit code, writes the failure summary to the original stderr."""
    log = open(path, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 - closed below
    kept: list[str] = []
    saved = sys.stdout, sys.stderr
    # the original stderr, for the summary; fd 1 and 2 point at the log meanwhile, so
    # anything written below Python (a library's warning) cannot reach cron's mail either
    mail = os.fdopen(os.dup(2), "w", encoding="utf-8")
    saved_fds = os.dup(1), os.dup(2)
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(log.fileno(), 1)
    os.dup2(log.fileno(), 2)
    sys.stdout = _Stamped(log, "<stdout>", kept, errors=False)
    sys.stderr = _Stamped(log, "<stderr>", kept, errors=True)
    sys.stdout.write(f"helpers report started in {Path.cwd()}\n")

    def summarise(code: int) -> None:
        sys.stdout.write(f"helpers report finished with exit code {code}\n")
        if code == 0:
            return
        from helpers import paths

        try:
            where = paths.root()
        except Exception:
            where = Path.cwd()
        lines = [f"helpers report failed in {where}: exit code {code} "
                 f"({MEANING.get(code, 'see helpers report --help')})"]
        lines += [f"  {line}" for line in dict.fromkeys(kept)][:SHOWN]
        if len(dict.fromkeys(kept)) > SHOWN:
            lines.append(f"  ... {len(dict.fromkeys(kept)) - SHOWN} more line(s)")
        lines.append(f"full log: {Path(path).resolve()}")
        mail.write("\n".join(lines) + "\n")
        mail.flush()

    try:
        yield summarise
    finally:
        sys.stdout, sys.stderr = saved
        os.dup2(saved_fds[0], 1)
        os.dup2(saved_fds[1], 2)
        for fd in saved_fds:
            os.close(fd)
        mail.close()
        log.close()
