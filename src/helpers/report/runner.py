"""`python -m helpers report`: the one rebuild command for analysts and for cron.

Order of work: take the lock, finish any interrupted publish, validate the data, check the
parameters, decide from input hashes what must run, run it in worker processes, and publish
with renames only when every notebook succeeded. Until the workers start, nothing heavier
than the standard library is imported, so an up-to-date rebuild returns in a fraction of a
second.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import os
import shutil
import signal
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from helpers import data, paths
from helpers.exit_codes import EXIT_BUSY, EXIT_DATA, EXIT_FAILED, EXIT_OK, EXIT_USAGE
from helpers.outputs import DEFAULT_FORMATS
from helpers.report import changes, index, params, publish, state, vintage
from helpers.report.progress import log


def discover(only: list[str]) -> list[Path]:
    """The report's notebooks (NN-name.ipynb), narrowed by --only."""
    notebooks = sorted(p for p in paths.notebooks_dir().glob("[0-9][0-9]-*.ipynb"))
    if not only:
        return notebooks
    chosen: list[Path] = []
    for name in only:
        name = name.removesuffix(".ipynb")
        hits = [p for p in notebooks
                if name in (p.stem, p.stem[:2], p.stem[3:])]
        if not hits:
            known = ", ".join(p.stem for p in notebooks) or "(none)"
            raise params.ParameterError(f"--only {name}: no such notebook; known: {known}")
        chosen.extend(h for h in hits if h not in chosen)
    return chosen


@contextmanager
def run_lock(wait: bool):
    """One report run at a time; a second one waits (--wait) or is refused.

    The lock is the operating system's (through filelock, which works on Linux, macOS and
    Windows alike), so a run that dies releases it with its process; a side file names the
    holder's process id for the message.
    """
    from filelock import FileLock, Timeout

    reports = paths.root() / "reports"  # one lock for the default report and side runs
    reports.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(reports / ".lock"))
    holder_file = reports / ".lock.pid"
    try:
        lock.acquire(timeout=0)
    except Timeout:
        try:
            holder = holder_file.read_text().strip() or "unknown"
        except OSError:
            holder = "unknown"
        if not wait:
            yield holder
            return
        log(f"waiting for the report run in progress (pid {holder}) ...")
        lock.acquire()
    try:
        holder_file.write_text(str(os.getpid()))
        yield None
    finally:
        lock.release()


def _terminate(signum, frame):  # pragma: no cover - exercised by the runner tests
    raise KeyboardInterrupt(f"signal {signum}")


def side_run_name(args) -> str | None:
    """None for the default report; else the folder name of a run that asks for something
    else (--only, parameters that differ from a notebook's defaults, other --formats), which
    builds beside the default report and never over it."""
    parts = [f"only-{'-'.join(n.removesuffix('.ipynb') for n in args.only)}"] if args.only \
        else []
    notebooks = discover([])
    declared = [params.read_parameters(p) for p in notebooks]
    requested = params.read_parameters_file(getattr(args, "parameters_file", None))
    requested.update(params.parse_assignments(args.parameters))
    for name, value in sorted(requested.items()):
        defaults = [nb.defaults[name] for nb in declared if name in nb.defaults]
        if any(params.coerce(name, value, d) != d for d in defaults):
            parts.append(f"{name}-{value}")
    if args.formats and sorted(args.formats) != sorted(DEFAULT_FORMATS):
        parts.append("formats-" + "-".join(args.formats))
    if not parts:
        return None
    name = "_".join(parts)
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in name)[:100]


def main(args) -> int:
    signal.signal(signal.SIGTERM, _terminate)
    started = time.perf_counter()
    try:
        side = side_run_name(args)
    except params.ParameterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    paths.use_run(side)
    if side:
        log(f"a run that is not the default report: building into {paths.reports_dir()} "
            "(figures/ and reports/index.html stay as the last default run left them)")
    # The common scheduled case, nothing changed, is answered without the lock: reading
    # inputs and run records is safe while another run works, and anything that is not
    # plainly up to date (or an interrupted publish to finish) takes the locked path.
    if not (args.force or args.list or publish.journal_path().exists()
            or publish.staging_root().exists()):
        planned = _plan(args)
        if isinstance(planned, int):
            return planned
        if planned.notebooks and not planned.todo:
            return _report_plan(args, planned, started)
    with run_lock(args.wait) as holder:
        if holder is not None:
            print(f"another report run is in progress (pid {holder}); nothing was done. "
                  "Use --wait to wait for it.", file=sys.stderr)
            return EXIT_BUSY
        return _run_locked(args, started)


@dataclass
class Plan:
    ds: data.Dataset
    notebooks: list[Path]
    declared: list[params.NotebookParams]
    plan: dict[Path, dict]
    checks: list[tuple[Path, str, bool, str]]  # notebook, input digest, fresh, why

    @property
    def todo(self) -> list[tuple[Path, str]]:
        return [(nb, digest) for nb, digest, fresh, _ in self.checks if not fresh]


def _plan(args) -> Plan | int:
    """Validate, check parameters and decide what is stale; an exit code on bad input."""
    ds, problems = data.validate()
    if data.print_problems(problems, " in data/; no notebook was run and the last good "
                           "figures and report are unchanged"):
        return EXIT_DATA
    try:
        notebooks = discover(args.only)
        declared = [params.with_data_choices(params.read_parameters(p), ds) for p in notebooks]
        requested = params.read_parameters_file(getattr(args, "parameters_file", None))
        requested.update(params.parse_assignments(args.parameters))
        plan = params.resolve(declared, requested, latest=data.latest_year(ds))
        # a value given at its default is the default: same digest, same report
        plan = {nb.path: {k: v for k, v in plan[nb.path].items() if v != nb.defaults[k]}
                for nb in declared}
    except params.ParameterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    shared = state.shared_inputs_digest(ds) if notebooks else ""
    checks = []
    for nb in notebooks:
        digest = state.notebook_digest(shared, nb, plan[nb], args.formats)
        fresh, why = state.is_up_to_date(nb.stem, digest)
        checks.append((nb, digest, fresh and not args.force, why))
    return Plan(ds, notebooks, declared, plan, checks)


def _report_plan(args, planned: Plan, started: float) -> int:
    """Say what is up to date and why the rest will run; finish when nothing needs to."""
    for (nb, _digest, fresh, why), declared in zip(planned.checks, planned.declared,
                                                   strict=True):
        if args.list:
            shown = ", ".join(f"{k}={v!r}" for k, v in declared.defaults.items())
            log(f"{nb.stem:28s} {'up to date' if fresh else why:38s} {shown}")
        elif fresh:
            log(f"  skipped  {nb.stem} (unchanged since the last good run)")
        elif not args.force and why not in ("never built", "inputs changed"):
            log(f"  rebuild  {nb.stem}: {why}")
    if not args.list and not planned.todo:
        log(f"nothing to do: all {len(planned.notebooks)} notebook(s) are up to date "
            f"({time.perf_counter() - started:.2f} s)")
    return EXIT_OK


def _run_locked(args, started: float) -> int:
    if publish.replay_journal():
        log("recovered: finished publishing a run that was interrupted")
    publish.clean_staging()
    planned = _plan(args)
    if isinstance(planned, int):
        return planned
    if not planned.notebooks:
        log(f"data/ is valid ({len(planned.ds.facts)} facts); there are no notebooks in "
            f"{paths.notebooks_dir()} yet, so nothing was built")
        return EXIT_OK
    _report_plan(args, planned, started)
    if args.list or not planned.todo:
        return EXIT_OK
    return _build(args, planned.ds, planned.notebooks, planned.todo, planned.plan, started)


def _build(args, ds, notebooks, todo, plan, started) -> int:
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    from helpers import kernel
    from helpers.report import execute

    kernel.ensure_kernelspec()
    run_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}"
    stage = publish.staging_root() / run_id
    stage.mkdir(parents=True)
    jobs = [execute.Job(nb.stem, nb, stage, plan[nb], args.formats,
                        getattr(args, "timeout", None)) for nb, _ in todo]
    # Longest first (by the last good run), so no worker is left with a long tail.
    jobs.sort(key=lambda j: -_last_seconds(j.stem))
    workers = min(args.jobs, len(jobs))
    log(f"running {len(jobs)} notebook(s) with {workers} worker(s)")
    outcomes: list[execute.Outcome] = []
    pool = ProcessPoolExecutor(max_workers=workers, initializer=execute.warm_up,
                               initargs=(str(stage), args.formats,
                                         str(paths.notebooks_dir()),
                                         execute.imports_of([nb for nb, _ in todo])))
    try:
        futures = {pool.submit(execute.run, job): job for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                outcome = future.result()
            except BrokenProcessPool as exc:
                outcome = execute.Outcome(job.stem, False, 0.0, f"worker died: {exc}")
            outcomes.append(outcome)
            if outcome.ok:
                log(f"  done     {outcome.stem} in {outcome.seconds:.1f} s")
            else:
                log(f"  FAILED   {outcome.stem}: {outcome.error}")
    except KeyboardInterrupt:
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in list(getattr(pool, "_processes", {}).values()):
            proc.terminate()
        publish.clean_staging()
        print("interrupted; nothing was published", file=sys.stderr)
        return 130
    finally:
        pool.shutdown(wait=True, cancel_futures=True)

    failed = [o for o in outcomes if not o.ok]
    if failed:
        kept = _keep_failed(stage, failed)
        publish.clean_staging()
        print(f"{len(failed)} notebook(s) failed; nothing was published and the last good "
              f"figures and report are unchanged. Executed copies: {kept}", file=sys.stderr)
        return EXIT_FAILED

    try:
        staging_started = time.perf_counter()
        moves = _stage_results(args, ds, notebooks, todo, plan, stage, outcomes)
        log(f"  report   built in {time.perf_counter() - staging_started:.2f} s "
            "(index, data copy, changes since the last build)")
        publish.publish(moves)
    except OSError as exc:
        publish.clean_staging()
        print(f"could not publish ({exc}); the last good figures and report are unchanged",
              file=sys.stderr)
        return EXIT_FAILED
    publish.clean_staging()
    log(f"published {len(todo)} notebook(s) to {paths.figures_dir()} and "
        f"{paths.reports_dir() / 'index.html'} in {time.perf_counter() - started:.1f} s")
    return EXIT_OK


def _last_seconds(stem: str) -> float:
    try:
        return float((state.read_state(stem) or {}).get("seconds", 0.0))
    except (state.UnreadableRecord, TypeError, ValueError):
        return 0.0


def _keep_failed(stage: Path, failed) -> str:
    target = paths.reports_dir() / "failed"
    target.mkdir(parents=True, exist_ok=True)
    for outcome in failed:
        src = stage / "notebooks" / f"{outcome.stem}.ipynb"
        if src.exists():
            os.replace(src, target / src.name)
    return str(target)


def _stage_results(args, ds, notebooks, todo, plan, stage, outcomes) -> list[tuple[Path, Path]]:
    root = paths.root()
    reports = paths.reports_dir()
    built_at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    seconds = {o.stem: o.seconds for o in outcomes}
    moves: list[tuple[Path, Path]] = []
    for nb, digest in todo:
        stem = nb.stem
        fig_stage = stage / "figures" / stem
        fig_stage.mkdir(parents=True, exist_ok=True)
        nb_stage = stage / "notebooks"
        meta_stage = stage / "meta" / f"{stem}.json"
        if not meta_stage.exists():
            meta_stage.parent.mkdir(parents=True, exist_ok=True)
            meta_stage.write_text(json.dumps({"notebook": stem, "title": "", "findings": [],
                                              "figures": [], "tables": []}))
        # the report keeps its own copy of the figures, so reports/ works wherever it goes
        report_figs = stage / "report-figures" / stem
        shutil.copytree(fig_stage, report_figs)
        published = {
            report_figs: reports / "figures" / stem,
            nb_stage / f"{stem}.ipynb": reports / "notebooks" / f"{stem}.ipynb",
            nb_stage / f"{stem}.html": reports / "notebooks" / f"{stem}.html",
            meta_stage: reports / "meta" / f"{stem}.json",
        }
        if paths.run_name() is None:  # only the default report publishes figures/
            published[fig_stage] = paths.figures_dir() / stem
        outputs = {}
        for src, dst in published.items():
            files = sorted(src.rglob("*")) if src.is_dir() else [src]
            for f in files:
                if f.is_file() and f.suffix != ".ipynb":
                    rel = (dst / f.relative_to(src)) if src.is_dir() else dst
                    outputs[str(rel.relative_to(root))] = state.file_digest(f)
        record = {"notebook": stem, "input_digest": digest, "built_at": built_at,
                  "seconds": round(seconds.get(stem, 0.0), 2), "parameters": plan[nb],
                  "formats": args.formats, "outputs": outputs}
        state_stage = stage / "state" / f"{stem}.json"
        state_stage.parent.mkdir(parents=True, exist_ok=True)
        state_stage.write_text(json.dumps(record, indent=1, default=str))
        published[state_stage] = state.state_path(stem)
        moves.extend(published.items())

    ran = {nb.stem for nb, _ in todo}
    metas, records = [], []
    for nb in notebooks:
        base = stage / "meta" if nb.stem in ran else reports / "meta"
        state_dir = stage / "state" if nb.stem in ran else reports / ".state"
        try:
            metas.append(json.loads((base / f"{nb.stem}.json").read_text()))
            records.append(json.loads((state_dir / f"{nb.stem}.json").read_text()))
        except (OSError, ValueError) as exc:
            # planning rebuilds a notebook whose records cannot be read, so this is a
            # notebook that never ran successfully: say so rather than drop it unseen
            log(f"  note     {nb.stem} has no readable run record ({exc}); it is left out "
                "of the report until it builds")
            continue
    # the data behind the report, and what moved since the last good build
    data_stage = stage / "report-data"
    data_stage.mkdir()
    for csv_file in sorted(paths.data_dir().glob("*.csv")) + [paths.data_dir() / "README.md"]:
        if csv_file.is_file():
            shutil.copy2(csv_file, data_stage / csv_file.name)
    buffer = io.StringIO()
    data.write_facts_csv(ds, buffer)
    listing = "".join(f"<li><a href='{html.escape(f.name)}'>{html.escape(f.name)}</a></li>"
                      for f in sorted(data_stage.iterdir()))
    (data_stage / "index.html").write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>data/</title>"
        "</head><body><p><a href='../index.html'>&larr; back to the report</a></p>"
        "<h1>The data behind the report</h1><ul><li><a href='facts.csv'>facts.csv</a> (the "
        f"whole validated facts table)</li>{listing}</ul></body></html>\n", encoding="utf-8")
    (data_stage / "facts.csv").write_text(buffer.getvalue(), encoding="utf-8")
    previous_facts = reports / "data" / "facts.csv"
    first_build = not previous_facts.exists()
    change = {"first_build": first_build,
              "facts": changes.facts(None if first_build else previous_facts.read_text(
                  encoding="utf-8"), buffer.getvalue()),
              "findings": [] if first_build else changes.findings(
                  changes.read_meta(reports / "meta"), {m["notebook"]: m for m in metas
                                                        if m["notebook"] in ran}),
              "figures": [] if first_build else changes.figures(
                  reports / "figures", stage / "figures", sorted(ran))}
    if not first_build:
        change["recasts"] = _new_recasts(ds, change["facts"]["added"])
    moves.append((data_stage, reports / "data"))
    run_record = {"built_at": built_at, "requested_parameters": args.parameters,
                  "formats": args.formats, "ran": sorted(ran),
                  "python": sys.version.split()[0],
                  "data_as_of": vintage.data_as_of(ds, built_at[:10],
                                                   getattr(args, "stale_after", None)),
                  "stale_after": getattr(args, "stale_after", None), "changes": change,
                  # rows the newest period of a company still lacks (see `helpers validate`)
                  "incomplete": list(ds.warnings)}
    log("  " + changes.summary(change))
    for line in change.get("recasts", []):
        log(f"  recast   {line}")
    for line in ds.warnings:
        log(f"  to type  {line}")
    (stage / "index.html").write_text(index.render(metas, records, ds, run_record),
                                      encoding="utf-8")
    (stage / "run.json").write_text(json.dumps(run_record, indent=1))
    moves.append((stage / "index.html", reports / "index.html"))
    moves.append((stage / "run.json", reports / "run.json"))
    return moves


def _new_recasts(ds, added: list[dict]) -> list[str]:
    """The recasts among this build's new facts, in words: a reader of the log learns that a
    company revised a figure, by how much and in which document."""
    from helpers import checks

    keys = {a["key"] for a in added}
    rows = [r for r in ds.facts if r["basis"] != "restated" or "/".join(
        r[c] for c in changes.KEY) in keys]
    return checks.recasts(rows)
