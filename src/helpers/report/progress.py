"""Progress lines of a report run, shared by the runner and its worker processes.

Each line is one write (print() writes the text and its newline apart, so lines of
different processes would interleave), and a reader that goes away (`| head`, a closed
terminal) silences the log instead of stopping the run halfway through publishing.
"""

from __future__ import annotations

import os
import sys


def log(message: str) -> None:
    try:
        sys.stdout.write(message + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
