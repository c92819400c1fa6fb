"""Every value a notebook's parameters cell promises, run through the report's workers.

A parameters cell is a promise: each `# one of:` choice, each year at the bounds of its
`# years` range, each boolean both ways must run to the end. ``cases`` spells that promise
out one parameter at a time (the others at their defaults); ``run`` executes the cases in the
same warm worker kernels the report uses, each into its own scratch folder, and publishes
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from helpers.report import params

SKIP = {"formats"}  # checked by the runner's --formats, not a question for the notebook


@dataclass(frozen=True)
class Case:
    notebook: Path
    name: str          # the parameter varied ("defaults" for none)
    value: object

    @property
    def parameters(self) -> dict:
        return {} if self.name == "defaults" else {self.name: self.value}

    @property
    def slug(self) -> str:
        text = f"{self.notebook.stem}-{self.name}-{self.value}"
        return "".join(c if c.isalnum() or c in "-_." else "_" for c in text)[:120]


def values(declared: params.NotebookParams, name: str, latest: int) -> list[object]:
    """The values of one parameter worth running: choices, year bounds, both booleans."""
    default = declared.defaults[name]
    found: list[object] = []
    if name in declared.choices:
        allowed = list(declared.choices[name])
        if isinstance(default, list):
            found += [[a] for a in allowed] + [allowed]
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


def cases(notebooks: list[Path], latest: int) -> list[Case]:
    out = []
    for path in notebooks:
        declared = params.read_parameters(path)
        out.append(Case(path, "defaults", None))
        for name in declared.defaults:
            if name in SKIP:
                continue
            for value in values(declared, name, latest):
                # the runner's own check: every case must pass it before a kernel starts
                params.resolve([declared], {name: value}, latest=latest)
                out.append(Case(path, name, value))
    return out


def run(grid: list[Case], scratch: Path, workers: int = 2, formats=("png",)):
    """Execute every case; return (case, outcome, stage folder) triples."""
    from concurrent.futures import ProcessPoolExecutor

    from helpers import kernel
    from helpers.report import execute

    kernel.ensure_kernelspec()
    jobs = []
    for case in grid:
        stage = scratch / case.slug
        stage.mkdir(parents=True, exist_ok=True)
        jobs.append((case, execute.Job(case.notebook.stem, case.notebook, stage,
                                       case.parameters, list(formats)), stage))
    with ProcessPoolExecutor(max_workers=workers, initializer=execute.warm_up,
                             initargs=(str(scratch), list(formats),
                                       str(grid[0].notebook.parent))) as pool:
        outcomes = list(pool.map(execute.run, [job for _, job, _ in jobs]))
    return [(case, outcome, stage) for (case, _, stage), outcome
            in zip(jobs, outcomes, strict=True)]
