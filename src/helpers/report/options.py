"""The report command's options, kept apart so `--help` needs no heavy import."""

from __future__ import annotations

import argparse
import os

from helpers.outputs import DEFAULT_FORMATS

KNOWN_FORMATS = ("png", "svg", "pdf")


def formats_arg(text: str) -> list[str]:
    formats = [f.strip().lower() for f in text.split(",") if f.strip()]
    unknown = [f for f in formats if f not in KNOWN_FORMATS]
    if unknown or not formats:
        raise argparse.ArgumentTypeError(
            f"unknown format(s) {', '.join(unknown) or '(none)'}; choose from "
            + ", ".join(KNOWN_FORMATS))
    return formats


def _at_least(kind, least, what: str, short: str):
    """An argparse type for a number no smaller than ``least``, refused in its own words."""
    def convert(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {what}") from None
        if value < least:
            raise argparse.ArgumentTypeError(f"needs {short}")
        return value
    return convert


jobs_arg = _at_least(int, 1, "a whole number", "at least 1 job")
timeout_arg = _at_least(float, 1e-9, "a number of seconds",
                        "a positive number of seconds")


class ParameterAction(argparse.Action):
    """Collect `-p NAME VALUE` and `-p NAME=VALUE` alike, as NAME=VALUE strings."""

    def __call__(self, parser, namespace, values, option_string=None):
        if len(values) == 1:
            item = values[0]
        elif len(values) == 2 and "=" not in values[0]:
            item = f"{values[0]}={values[1]}"
        else:
            parser.error(f"{option_string} takes NAME VALUE or NAME=VALUE, not "
                         f"{' '.join(values)!r}")
        getattr(namespace, self.dest).append(item)




def add_report_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--only", metavar="NAME", action="append", default=[],
                   help="run only this notebook (its file name, e.g. 10-revenue-collapse, or "
                   "its number, e.g. 10); repeat for several. Like -p values other than the "
                   "defaults and other --formats, this builds a report of its own in "
                   "reports/runs/<name>/ and leaves figures/ and reports/index.html as the "
                   "last default run left them")
    p.add_argument("--force", action="store_true",
                   help="run the notebooks even if nothing they depend on changed")
    p.add_argument("-p", "--parameter", metavar=("NAME", "VALUE"), action=ParameterAction,
                   nargs="+", default=[], dest="parameters",
                   help="set a notebook parameter, as papermill does (-p currency EUR) or as "
                   "-p currency=EUR; VALUE is read as a Python literal (quotes optional for "
                   "text); applied to the notebooks whose parameters cell declares NAME, and an "
                   "error if none does, the type differs from the default's, or the value is "
                   "outside the cell's `# one of:` or `# years` promise")
    p.add_argument("-f", "--parameters-file", metavar="FILE.yaml", default=None,
                   dest="parameters_file",
                   help="a YAML mapping of parameter names to values, as papermill's -f; "
                   "-p values given as well win over the file's")
    p.add_argument("--formats", type=formats_arg, default=None, metavar="LIST",
                   help=f"figure formats to export, comma separated from "
                   f"{','.join(KNOWN_FORMATS)} (default: each notebook's own, "
                   f"{','.join(DEFAULT_FORMATS)})")
    p.add_argument("-j", "--jobs", type=jobs_arg, default=os.cpu_count() or 1, metavar="N",
                   help="notebooks run at once (default: the number of cores, %(default)s)")
    p.add_argument("--timeout", type=timeout_arg, default=600.0, metavar="SECONDS",
                   help="stop a notebook whose cell runs longer than this, name the cell, and "
                   "publish nothing (default: %(default)g)")
    p.add_argument("--stale-after", type=int, default=400, metavar="DAYS", dest="stale_after",
                   help="warn in the report when a company's newest source is older than this "
                   "many days at build time (default: %(default)s)")
    p.add_argument("--wait", action="store_true",
                   help="if another report run is in progress, wait for it instead of "
                   "exiting with code 4")
    p.add_argument("--list", action="store_true",
                   help="list the notebooks, their parameters and whether they are up to date, "
                   "then exit")
    p.add_argument("--log", metavar="FILE", default=None,
                   help="for cron: append every line of the run to FILE with a timestamp, "
                   "print nothing on success, and on failure print a short summary (exit "
                   "code, what failed, where) that cron mails")
