"""Benchmark the report runner against the same work done without Jupyter.

Measured side by side, in one run, on a throw-away copy of the repository (so the committed
figures are never touched):

  plain      every notebook's code cells executed as plain Python, one after another, in a
             single process (imports paid once; no kernels, no papermill, no HTML export)
  full       `python -m helpers report --force` (kernels, papermill, HTML, publishing)
  unchanged  `python -m helpers report` right after a full build
  one        `python -m helpers report` after one notebook file changed

Reports the median wall time of each and the peak resident memory of the whole process tree
(all workers and kernels added together) during the full rebuild.

    .venv/bin/python bench/bench_report.py --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PLAIN = r"""
import json, os, sys, time
from pathlib import Path
os.environ["NOKIA_BATCH"] = "1"
os.environ["MPLBACKEND"] = "agg"
started = time.perf_counter()
for path in sorted(Path(sys.argv[1]).glob("[0-9][0-9]-*.ipynb")):
    os.environ["NOKIA_OUTPUT_DIR"] = str(Path(sys.argv[2]) / path.stem)
    os.chdir(path.parent)
    cells = json.loads(path.read_text())["cells"]
    namespace = {"__name__": "__main__"}
    for cell in cells:
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            exec(compile(source, f"{path.name}", "exec"), namespace)
    import matplotlib.pyplot as plt
    plt.close("all")
print(f"{time.perf_counter() - started:.3f}")
"""


def tree_rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in KiB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def timed(cmd: list[str], env: dict, sample_memory: bool = False) -> tuple[float, int, str]:
    peak = 0
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    if sample_memory:
        def watch():
            nonlocal peak
            while proc.poll() is None:
                peak = max(peak, tree_rss_kib(proc.pid))
                time.sleep(0.05)
        thread = threading.Thread(target=watch, daemon=True)
        thread.start()
    out, _ = proc.communicate()
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out}")
    return elapsed, peak, out


def make_copy(base: Path) -> Path:
    copy = base / "repo"
    for name in ("data", "notebooks"):
        shutil.copytree(ROOT / name, copy / name)
    (copy / "figures").mkdir()
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="repetitions (default 3)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="--jobs for the runner (default: cores)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    py = sys.executable
    results: dict[str, list[float]] = {"plain": [], "full": [], "unchanged": [], "one": []}
    peaks: list[int] = []
    for run in range(1, args.runs + 1):
        with tempfile.TemporaryDirectory(prefix="nokia-bench-") as tmp:
            copy = make_copy(Path(tmp))
            env = dict(os.environ, NOKIA_IN_NUMBERS_ROOT=str(copy))
            env.pop("NOKIA_OUTPUT_DIR", None)
            env.pop("NOKIA_BATCH", None)
            elapsed, _, _ = timed([py, "-c", PLAIN, str(copy / "notebooks"),
                                   str(Path(tmp) / "plain")], env)
            results["plain"].append(elapsed)
            elapsed, peak, _ = timed([py, "-m", "helpers", "report", "--force",
                                      "--jobs", str(args.jobs)], env, sample_memory=True)
            results["full"].append(elapsed)
            peaks.append(peak)
            elapsed, _, out = timed([py, "-m", "helpers", "report"], env)
            assert "nothing to do" in out, out
            results["unchanged"].append(elapsed)
            victim = sorted((copy / "notebooks").glob("[0-9][0-9]-*.ipynb"))[-1]
            nb = json.loads(victim.read_text())
            nb["cells"][0]["source"] = "".join(nb["cells"][0]["source"]) + "\n"
            victim.write_text(json.dumps(nb, indent=1))
            elapsed, _, out = timed([py, "-m", "helpers", "report"], env)
            ran = [line.split()[1] for line in out.splitlines()
                   if line.strip().startswith("done")]
            assert ran == [victim.stem], out
            results["one"].append(elapsed)
        print(f"run {run}/{args.runs}: " + ", ".join(f"{k} {v[-1]:.2f} s"
                                                     for k, v in results.items())
              + f", peak memory {peaks[-1] / 1024:.0f} MiB", flush=True)
    med = {k: statistics.median(v) for k, v in results.items()}
    print()
    print(f"medians of {args.runs} runs, --jobs {args.jobs}, {os.cpu_count()} cores:")
    print(f"  plain Python, one process      {med['plain']:7.2f} s")
    print(f"  full rebuild (--force)         {med['full']:7.2f} s  "
          f"({med['full'] / med['plain']:.2f}x plain)")
    print(f"  nothing changed                {med['unchanged']:7.2f} s")
    print(f"  one notebook changed           {med['one']:7.2f} s (ran only that notebook)")
    print(f"  peak memory, full rebuild      {max(peaks) / 1024:7.0f} MiB (all processes)")
    if args.json:
        args.json.write_text(json.dumps({"runs": results, "median": med,
                                         "peak_kib": peaks}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
