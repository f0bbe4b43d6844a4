"""Cold start: a chapter's first run on an empty numba cache against its run on a warm one.

    python benchmarks/bench_cold_start.py                       # every chapter, 3 rounds
    python benchmarks/bench_cold_start.py --rounds 5 07 08      # chapters by number
    python benchmarks/bench_cold_start.py --warmup-only

A fresh install, or a student whose cache was never warmed, runs a chapter with nothing in
numba's cache. What it costs is printed three ways, each from fresh processes:

* ``python -m kerasedu warmup`` with an empty ``NUMBA_CACHE_DIR``: wall seconds and processor
  seconds (its own and its worker processes'), once per round;
* each chapter executed top to bottom in a fresh Jupyter kernel (as ``make book`` runs it), cold
  (an empty cache directory) and warm (the same directory after a cold run has filled it), the
  two alternating round by round on the same machine; the ratio cold / warm is taken pair by
  pair, and its median is the figure (a shared machine's speed drifts between runs);
* which numba functions each cold run compiled, with numba's own compile events: seconds per
  function (wall, on whichever thread compiled it) summed over its signatures. A warm run
  should compile nothing.

The chapter's time is measured inside the kernel, from its first cell to its last, so the
kernel's start-up (the same cold or warm) is left out.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))

FIRST_CELL = """\
import time as _bench_time
from numba.core import event as _bench_event

class _BenchCompiles(_bench_event.Listener):
    seen, started = [], {}

    def on_start(self, e):
        self.started[id(e.data["dispatcher"]), str(e.data["args"])] = _bench_time.perf_counter()

    def on_end(self, e):
        start = self.started.pop((id(e.data["dispatcher"]), str(e.data["args"])))
        if e._exc_details is None:             # a compile stopped midway is not counted
            self.seen.append((e.data["dispatcher"].py_func.__name__,
                              _bench_time.perf_counter() - start))

_bench_event.register("numba:compile", _BenchCompiles())
_bench_start = _bench_time.perf_counter()
"""

LAST_CELL = """\
import json as _bench_json
print("BENCH", _bench_json.dumps({"seconds": _bench_time.perf_counter() - _bench_start,
                                  "compiled": _BenchCompiles.seen}))
"""


def run_chapter(path, cache):
    """(seconds from the first cell to the last, [(function, compile seconds), ...])."""
    import nbformat
    from nbclient import NotebookClient
    nb = nbformat.read(path, as_version=4)
    nb.cells = [nbformat.v4.new_code_cell(FIRST_CELL), *nb.cells,
                nbformat.v4.new_code_cell(LAST_CELL)]
    env = {k: v for k, v in os.environ.items() if k != "KERASEDU_BACKGROUND_COMPILE"}
    env["NUMBA_CACHE_DIR"] = cache
    saved = os.environ.copy()
    os.environ.clear()
    os.environ.update(env)
    try:
        NotebookClient(nb, timeout=900, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    result = json.loads(text.split("BENCH", 1)[1])
    return result["seconds"], [tuple(item) for item in result["compiled"]]


def timed_warmup(cache, *extra):
    """(wall seconds, processor seconds) of ``python -m kerasedu warmup`` into ``cache``."""
    env = {**os.environ, "NUMBA_CACHE_DIR": cache}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kerasedu", "warmup", *extra], env=env, check=True,
                   capture_output=True, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def bench_warmup(rounds):
    print(f"python -m kerasedu warmup, empty cache, {rounds} rounds (wall s / processor s):")
    walls, cpus = [], []
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as cache:
            wall, cpu = timed_warmup(cache)
        walls.append(wall)
        cpus.append(cpu)
        print(f"  {wall:6.1f} s wall   {cpu:6.1f} s processor   "
              f"(load average {os.getloadavg()[0]:.1f})")
    print(f"  median {statistics.median(walls):.1f} s wall, "
          f"{statistics.median(cpus):.1f} s processor")


def summarize(compiled):
    by_name = {}
    for name, seconds in compiled:
        count, total = by_name.get(name, (0, 0.0))
        by_name[name] = (count + 1, total + seconds)
    return sorted(by_name.items(), key=lambda item: -item[1][1])


def bench_chapter(path, rounds):
    ratios, colds, warms = [], [], []
    compiled_cold, compiled_warm = [], []
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as cache:
            cold, compiled_cold = run_chapter(path, cache)
            run_chapter(path, cache)           # whatever compiled late lands in the cache
            warm, compiled_warm = run_chapter(path, cache)
        colds.append(cold)
        warms.append(warm)
        ratios.append(cold / warm)
    print(f"{path.stem:<36} cold {statistics.median(colds):6.1f} s   warm "
          f"{statistics.median(warms):6.1f} s   cold/warm {statistics.median(ratios):4.2f}x "
          f"(rounds: {', '.join(f'{r:.2f}' for r in ratios)})")
    for name, (count, seconds) in summarize(compiled_cold)[:8]:
        print(f"      compiled cold: {name:<34} x{count:<3} {seconds:6.2f} s")
    if compiled_warm:
        print(f"      compiled warm: {', '.join(name for name, _ in summarize(compiled_warm))}")
    return statistics.median(ratios)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("chapters", nargs="*", help="chapter numbers, e.g. 07 08 (all unless given)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup-only", action="store_true")
    parser.add_argument("--no-warmup", action="store_true")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    if not args.no_warmup:
        bench_warmup(args.rounds)
    if args.warmup_only:
        return
    chosen = [p for p in CHAPTERS if not args.chapters
              or any(p.stem.startswith(c) for c in args.chapters)]
    print(f"\nChapters, cold (empty cache) against warm, {args.rounds} rounds:")
    worst = max(bench_chapter(path, args.rounds) for path in chosen)
    print(f"\nworst chapter: cold/warm {worst:.2f}x (the target is at most 1.5x)")


if __name__ == "__main__":
    main()
