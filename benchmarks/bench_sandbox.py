"""What the grading sandbox and compiling before grading cost: ``make grade`` timed four ways.

    python benchmarks/bench_sandbox.py [--rounds 3] [--jobs 2] [--cold] [--kernels 10]
                                       [--per-problem-set N]

1. Per kernel: a kernel started, asked for ``1 + 1`` and shut down, sandboxed and not, one after
   the other for ``--kernels`` rounds: the sandbox's own cost, without grading around it.
2. ``python -m classroom.grade`` (what ``make grade`` runs) on a simulated class, with the
   sandbox (``--sandbox on``) and without (``--sandbox off``), alternating for ``--rounds``
   rounds, from the warm numba cache: the sandbox's cost per student in grading.
3. With ``--cold``, the same from an empty numba cache, once each way: the cost of compiling
   every kernel before the first student (minutes, on a fresh install).

The class is every kind of simulated student of every problem set that has some
(classroom/students/), or the first ``--per-problem-set`` of each, without the hostile ones
(unsandboxed, they would do real damage) and without those that loop until the cell time limit
(they would time nothing but the limit).
Figures are seconds, minimum / median / maximum over the rounds, and ratios sandboxed to not;
the machine's load average is printed too, since other work slows every line.
"""

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from classroom import simulate  # noqa: E402

BIN = Path(sys.executable).parent
SLOW = {"endless_definition", "endless_call", "ignores_interrupt",
        "training_past_the_time_limit"}


def the_class(per_problem_set=None):
    students = {}
    for module in sorted((ROOT / "classroom" / "students").glob("ps*.py")):
        kinds = [kind for kind in simulate.kinds(module.stem) if kind not in SLOW]
        for kind in kinds[:per_problem_set]:
            students[module.stem, kind] = kind
    return students


def grade(base, students, sandbox, cache, jobs):
    """Seconds ``python -m classroom.grade`` takes on a fresh course of ``students``."""
    course = base / f"course-{sandbox}"
    shutil.rmtree(course, ignore_errors=True)
    simulate.make_course(course, sorted({ps for ps, _ in students}))
    for (ps, student), kind in students.items():
        simulate.hand_in(course, {student: kind}, ps)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
           "KERASEDU_GRADING_CACHE": str(cache)}
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "classroom.grade", "--root", str(course),
                           "--jobs", str(jobs), "--sandbox", sandbox], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    seconds = time.monotonic() - start
    if "Summary:" not in done.stdout:
        raise SystemExit(f"grading failed:\n{done.stdout}{done.stderr}")
    return seconds


async def kernel_round_trip(sandbox):
    from traitlets.config import Config

    from classroom.kernel import SandboxedKernelManager

    config = Config()
    config.SandboxedKernelManager.update(sandbox=sandbox, warm_up=False)
    with tempfile.TemporaryDirectory() as folder:   # the kernel's submission: nothing
        start = time.monotonic()
        manager = SandboxedKernelManager(config=config)
        await manager.start_kernel(cwd=folder)
        client = manager.client()
        client.start_channels()
        await client.wait_for_ready(timeout=60)
        reply = await client.execute_interactive("1 + 1", timeout=60)
        assert reply["content"]["status"] == "ok"
        client.stop_channels()
        await manager.shutdown_kernel()
        return time.monotonic() - start


def spread(values):
    return (f"{min(values):7.2f} / {statistics.median(values):7.2f} / {max(values):7.2f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--kernels", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cold", action="store_true")
    parser.add_argument("--per-problem-set", type=int, default=None, metavar="N")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores")

    times = {"on": [], "off": []}
    for _ in range(args.kernels):
        for sandbox in ("on", "off"):
            times[sandbox].append(asyncio.run(kernel_round_trip(sandbox)))
    print(f"kernel start, 1 + 1, shutdown: sandboxed {spread(times['on'])}, "
          f"unsandboxed {spread(times['off'])}; sandbox's cost per kernel "
          f"{statistics.median(times['on']) - statistics.median(times['off']):+.2f} s")

    from classroom.kernel_cache import cache_folder
    students = the_class(args.per_problem_set)
    print(f"class: {len(students)} students of "
          f"{', '.join(sorted({ps for ps, _ in students}))}, {args.jobs} workers")
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        grades = {"on": [], "off": []}
        for _ in range(args.rounds):
            for sandbox in ("on", "off"):
                grades[sandbox].append(grade(base, students, sandbox, cache_folder(), args.jobs))
        on, off = statistics.median(grades["on"]), statistics.median(grades["off"])
        print(f"warm cache: sandboxed {spread(grades['on'])}, unsandboxed "
              f"{spread(grades['off'])}; ratio {on / off:.2f}, "
              f"{(on - off) / len(students) * args.jobs:+.2f} s per student per worker")
        if args.cold:
            for sandbox in ("on", "off"):
                cache = base / f"empty-cache-{sandbox}"
                seconds = grade(base, students, sandbox, cache, args.jobs)
                print(f"cold cache, sandbox {sandbox}: {seconds:.1f} s")
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
