"""Grading a class: classroom/grade.py (``make grade``) against nbgrader's own autograde.

    python benchmarks/bench_grading.py [--students 300] [--subset 30] [--jobs 2]

Builds a course of simulated submissions of problem set 1 (classroom/simulate.py, in its
REALISTIC_MIX: 40 % right, the rest partly right, blank or raising, and 3 % that loop forever
or kill their kernel) under the repository's nbgrader_config.py, so with its 30-second limit
per cell, and times

1. ``classroom.grade`` on every submission with ``--jobs`` workers: recording the assignment,
   autograde, feedback, merging into the course's gradebook and grades.csv;

and, on a subset of those students in the class's proportions (the whole class would take too
long that way):

2. nbgrader as it comes, one process for the class: ``nbgrader generate_assignment`` then
   ``nbgrader autograde ps01_layers --force`` (what ``make grade`` ran before);
3. one ``nbgrader autograde --student`` process per student, ``--jobs`` at a time, each with a
   gradebook of its own: the parallel version without start-up amortized;
4. ``classroom.grade`` on the subset, with one worker and with ``--jobs``.

It checks that 1 and 2 give the subset the same scores, and prints where the time of 1 went by
kind of student: a notebook that loops costs 30 s per cell it loops in, whatever the grader.
The kinds too rare to be in the subset (1 % each: the loops and the dead kernel) are left out
of it, so the estimate of 2 for the whole class is the subset's time per student times the
other students, plus what those rare notebooks took in 1 (their time limits; one process
grades them one after another). The machine's load average is printed too: other work on the
machine slows every line.
"""

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from classroom import simulate  # noqa: E402
from classroom.grade import grade_class  # noqa: E402

BIN = Path(sys.executable).parent
PS = simulate.PS
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}


def nbgrader(course, *args):
    result = subprocess.run([str(BIN / "nbgrader"), *args], cwd=course, env=ENV,
                            capture_output=True, text=True)
    return result


def course_with(folder, students):
    course = simulate.make_course(folder)
    simulate.hand_in(course, students)
    return course


def code_scores(course, students):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return {s: gradebook.find_submission(PS, s).code_score for s in students}


def sequential(course):
    """nbgrader's commands, one process for the class."""
    start = time.monotonic()
    nbgrader(course, "generate_assignment", PS, "--force",
             f"--CourseDirectory.release_directory={course / 'scratch'}")
    nbgrader(course, "autograde", PS, "--force")
    return time.monotonic() - start


def process_per_student(course, students, jobs):
    """One `nbgrader autograde --student` process per student, `jobs` at a time, each on a
    copy of the gradebook (so that they do not wait for each other's locks)."""
    start = time.monotonic()
    nbgrader(course, "generate_assignment", PS, "--force",
             f"--CourseDirectory.release_directory={course / 'scratch'}")

    def one(student):
        db = course / f"{student}.db"
        shutil.copyfile(course / "gradebook.db", db)
        nbgrader(course, "autograde", PS, "--student", student, "--force", f"--db=sqlite:///{db}")

    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(one, students))
    return time.monotonic() - start


def line(label, seconds, count):
    print(f"  {label:<62} {seconds:7.0f} s = {seconds / 60:5.1f} min, "
          f"{seconds / count:5.2f} s/student", flush=True)


def stratified(students, size):
    """``size`` of the students, each kind in its share of the class (largest remainders)."""
    by_kind = {}
    for student, kind in sorted(students.items()):
        by_kind.setdefault(kind, []).append(student)
    quotas = {kind: len(names) * size / len(students) for kind, names in by_kind.items()}
    counts = {kind: int(quota) for kind, quota in quotas.items()}
    for kind in sorted(quotas, key=lambda k: counts[k] - quotas[k])[:size - sum(counts.values())]:
        counts[kind] += 1
    return {s: kind for kind, n in counts.items() for s in by_kind[kind][:n]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--subset", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    students = simulate.realistic_class(args.students, args.seed)
    subset = stratified(students, min(args.subset, args.students))
    mix = {kind: list(students.values()).count(kind) for kind in simulate.KINDS}
    print(f"Grading {args.students} submissions of {PS} on {os.cpu_count()} cores, "
          f"{args.jobs} jobs; load average {os.getloadavg()[0]:.1f}")
    print("  class: " + ", ".join(f"{n} {kind}" for kind, n in mix.items() if n))
    print(f"  subset of {len(subset)}: " + ", ".join(
        f"{n} {kind}" for kind in simulate.KINDS
        if (n := list(subset.values()).count(kind))))

    with tempfile.TemporaryDirectory(prefix="bench-grading-") as scratch:
        scratch = Path(scratch)
        whole = course_with(scratch / "whole", students)
        start = time.monotonic()
        results = grade_class(whole, jobs=args.jobs, out=io.StringIO())
        line(f"classroom.grade, {args.jobs} workers, whole class", time.monotonic() - start,
             len(students))
        by_status = {}
        for result in results:
            by_status[result.status] = by_status.get(result.status, 0) + 1
        print("    " + ", ".join(f"{n} {status}" for status, n in sorted(by_status.items())))
        spent = {}
        for result in results:
            kind = students[result.student]
            spent[kind] = spent.get(kind, 0.0) + result.seconds
        total = sum(spent.values())
        print("    worker time by kind: " + ", ".join(
            f"{kind} {seconds:.0f} s ({seconds / total:.0%})"
            for kind, seconds in sorted(spent.items(), key=lambda item: -item[1])))

        print(f"Subset of {len(subset)}:")
        alone = course_with(scratch / "sequential", subset)
        sequential_seconds = sequential(alone)
        line("nbgrader generate_assignment + autograde, one process", sequential_seconds,
             len(subset))

        apart = course_with(scratch / "per-student", subset)
        line(f"nbgrader autograde --student, a process each, {args.jobs} at a time",
             process_per_student(apart, list(subset), args.jobs), len(subset))

        for jobs in sorted({1, args.jobs}):
            small = course_with(scratch / f"subset-{jobs}", subset)
            start = time.monotonic()
            grade_class(small, jobs=jobs, out=io.StringIO())
            line(f"classroom.grade, {jobs} worker{'s' if jobs > 1 else ''}",
                 time.monotonic() - start, len(subset))

        absent = {kind for kind in mix if mix[kind] and kind not in subset.values()}
        others = sum(1 for kind in students.values() if kind not in absent)
        rare = sum(r.seconds for r in results if students[r.student] in absent)
        estimate = sequential_seconds / len(subset) * others + rare
        print(f"Sequential nbgrader for the whole class, estimated: {estimate:.0f} s = "
              f"{estimate / 60:.1f} min ({sequential_seconds / len(subset):.2f} s x {others} "
              f"students + {rare:.0f} s for the {args.students - others} notebooks of kinds not "
              f"in the subset: {', '.join(sorted(absent)) or 'none'})")
        same = code_scores(whole, subset) == code_scores(alone, subset)
        print(f"  subset scores, classroom.grade vs sequential nbgrader: "
              f"{'identical' if same else 'DIFFERENT'}; load average {os.getloadavg()[0]:.1f}")
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
