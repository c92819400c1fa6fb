"""Every value a notebook's parameters cell promises, run through the report's workers.

A parameters cell is a promise: each `# one of:` choice, each year at the bounds of its
`# years` range, each boolean both ways must run to the end. ``cases`` spells that promise
out in as few runs as it takes; ``run`` executes the cases in the same warm worker kernels
the report uses, each into its own scratch folder, and publishes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from helpers.report import params

SKIP = {"formats"}  # checked by the runner's --formats, not a question for the notebook
# The grid asks whether each case runs and draws honestly; the images themselves are made by
# the default report, so a case writes only each figure's table.
TABLES_ONLY = ("none",)


@dataclass(frozen=True)
class Case:
    notebook: Path
    parameters: dict
    root: Path | None = None     # a copy of the project with other data, for a test
    formats: tuple[str, ...] = TABLES_ONLY
    name: str = ""               # what a test calls it

    @property
    def slug(self) -> str:
        text = self.name or f"{self.notebook.stem}-" + "-".join(
            f"{k}={v}" for k, v in self.parameters.items())
        return "".join(c if c.isalnum() or c in "-_." else "_" for c in text)[:120]


def unwalked(written: params.NotebookParams) -> set[str]:
    """Parameters whose choices the grid leaves to their default (see ``DataChoice.walked``);
    ``written`` is the cell as read, before data/ fills in its lists."""
    return {name for name, allowed in written.choices.items()
            if allowed and isinstance(allowed[0], params.DataChoice) and not allowed[0].walked}


def values(declared: params.NotebookParams, name: str, latest: int) -> list[object]:
    """The values of one parameter worth running: choices, year bounds, both booleans."""
    default = declared.defaults[name]
    found: list[object] = []
    if name in declared.choices:
        allowed = list(declared.choices[name])
        if isinstance(default, list):
            # every choice inside a list: one alone (a chart of one line), the others two at
            # a time, and all of them at once
            found += [allowed[:1]] + [allowed[i:i + 2] for i in range(1, len(allowed), 2)]
            found.append(allowed)
        else:
            found += allowed
    if name in (declared.years or {}):
        first, last, zero = declared.years[name]
        found += [first, last if last is not None else latest]
        if zero:
            found.append(0)
    if isinstance(default, bool):
        found += [True, False]
    return [v for i, v in enumerate(found) if v != default and v not in found[:i]]


def cases(notebooks: list[Path], latest: int, ds=None) -> list[Case]:
    """Every promised value of every parameter, several parameters varied per run: run k
    gives each parameter its k-th value; year ranges are walked together (run 0 asks every
    range for its first year, run 1 for its last), so each run asks for a window that holds
    years. Values equal to a default are left out of a run: the defaults are run anyway, by
    the report and by nbval."""
    from helpers import data

    ds = ds or data.load()
    out = []
    for path in notebooks:
        written = params.read_parameters(path)
        declared = params.with_data_choices(written, ds)
        per_name: dict[str, list] = {}
        for name, default in declared.defaults.items():
            if name in SKIP | unwalked(written):
                continue
            if name in (declared.years or {}):
                first, last, zero = declared.years[name]
                per_name[name] = [first, last if last is not None else latest] + \
                    ([0] if zero and default != 0 else [])
            else:
                per_name[name] = values(declared, name, latest)
        for k in range(max((len(v) for v in per_name.values()), default=0)):
            chosen = {name: v[k] for name, v in per_name.items()
                      if k < len(v) and v[k] != declared.defaults[name]}
            if not chosen:
                continue
            # the runner's own check: every case must pass it before a kernel starts
            params.resolve([declared], chosen, latest=latest)
            out.append(Case(path, chosen))
    return out


def run(grid: list[Case], scratch: Path, workers: int = 2):
    """Execute every case in the same warm worker kernels; return (case, outcome, stage
    folder) triples."""
    from concurrent.futures import ProcessPoolExecutor

    from helpers import kernel
    from helpers.report import execute

    kernel.ensure_kernelspec()
    jobs = []
    for case in grid:
        stage = scratch / case.slug
        stage.mkdir(parents=True, exist_ok=True)
        jobs.append((case, execute.Job(case.notebook.stem, case.notebook, stage,
                                       case.parameters, list(case.formats),
                                       root=case.root), stage))
    modules = execute.imports_of(list(dict.fromkeys(c.notebook for c in grid)))
    with ProcessPoolExecutor(max_workers=workers, initializer=execute.warm_up,
                             initargs=(str(scratch), list(TABLES_ONLY),
                                       str(grid[0].notebook.parent), modules)) as pool:
        outcomes = list(pool.map(execute.run, [job for _, job, _ in jobs]))
    return [(case, outcome, stage) for (case, _, stage), outcome
            in zip(jobs, outcomes, strict=True)]
