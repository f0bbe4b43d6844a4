"""Simulated classes: submissions with known scores, to rehearse grading and to test it.

Before the first real deadline, grade a simulated class on the machine that will grade the real
one, to see how long it takes::

    python -m classroom.simulate /tmp/rehearsal --students 300
    python -m classroom.grade --root /tmp/rehearsal

The tests and ``benchmarks/bench_grading.py`` build their classes with the same functions.

A submission is the released notebook (``exercises/<ps>``) with its cells edited the way a
student might: the kinds of students of each problem set are in classroom/students/ (the
reference solution, nothing at all, a method left out or wrong, a cell that raises, loops
forever or kills its kernel), and so are the hostile students who attack grading itself. Each
kind lists the test cells its notebook fails, so its code score is known in advance.
"""

import argparse
import copy
import importlib
import random
import shutil
from pathlib import Path

import nbformat

from .students import (DELETE, KEEP, REPO, Replace, grade_id, hidden_test_lines,  # noqa: F401
                       read, solution_code, test_points)
from .students import hostile

PS = "ps01_layers"


def kinds(ps=PS, with_hostile=False):
    """{kind: (edit, failing, why)} of the simulated students of ``ps`` (classroom/students/),
    with the hostile ones if asked. A problem set without a module of students still has two:
    the reference solution and the blank notebook."""
    name = f"{__package__}.students.{ps}"
    try:
        found = dict(importlib.import_module(name).KINDS)
    except ModuleNotFoundError as error:
        if error.name != name:
            raise
        found = {"full": (dict, (), "every answer right"),
                 "blank": (lambda code: {}, tuple(test_points(ps)), "the released notebook")}
    if with_hostile:
        wrong = hostile.WRONG_VALUES.get(ps)
        found.update(hostile.kinds(ps, found[wrong][:2] if wrong in found else None))
    return found


KINDS = kinds(PS)


def _kind(kind, ps):
    return kinds(ps, with_hostile=True)[kind] if isinstance(kind, str) else kind


def expected_code_score(kind, ps=PS):
    """The code score a kind of student earns, or None when nbgrader cannot grade it."""
    failing = _kind(kind, ps)[1]
    if failing is None:
        return None
    return sum(points for grade_id, points in test_points(ps).items() if grade_id not in failing)


def submission(kind, ps=PS):
    """The released notebook with a kind of student's edits (a kind's name, or a tuple like
    KINDS' values)."""
    notebook = copy.deepcopy(read("exercises", ps))
    changes = _kind(kind, ps)[0](solution_code(ps))
    cells = []
    for cell in notebook.cells:
        change = changes.get(grade_id(cell))
        if change is DELETE:
            continue
        if isinstance(change, Replace):
            cell = _replaced(cell, change)
        elif change is not None:
            cell.source = change
        cells.append(cell)
    notebook.cells = cells
    return notebook


def _replaced(cell, change):
    make = nbformat.v4.new_code_cell if change.cell_type == "code" else (
        nbformat.v4.new_markdown_cell)
    new = make(change.source)
    new["id"] = cell.get("id", new["id"])
    new.metadata = copy.deepcopy(cell.metadata)
    if change.nbgrader is None:
        new.metadata.pop("nbgrader", None)
    elif change.nbgrader is not KEEP:
        new.metadata["nbgrader"] = {**new.metadata.get("nbgrader", {}), **change.nbgrader}
    return new


# A class as it might hand in problem set 1: most right or nearly right, some blank or broken,
# a few notebooks that loop or crash. Shares in percent.
REALISTIC_MIX = {
    "full": 40, "dense_only": 8, "activation_only": 4, "no_activation": 8, "rank2_shape": 8,
    "config_without_activation": 6, "blank": 8, "raises": 7, "build_typo": 7,
    "endless_definition": 1, "endless_call": 1, "ignores_interrupt": 1, "kernel_death": 1,
}


def realistic_class(count, seed=0):
    """{student_id: kind} for ``count`` students in the REALISTIC_MIX proportions (rounded
    down, at least one of each kind when ``count`` allows, the rest "full"), in shuffled
    order."""
    counts = {kind: count * share // 100 for kind, share in REALISTIC_MIX.items()}
    if count >= len(REALISTIC_MIX):
        counts = {kind: max(n, 1) for kind, n in counts.items()}
    rare_first = sorted(counts.items(), key=lambda item: item[1])
    chosen = [kind for kind, n in rare_first for _ in range(n)][:count]
    chosen += ["full"] * (count - len(chosen))
    random.Random(seed).shuffle(chosen)
    return {f"student{i:03d}": kind for i, kind in enumerate(chosen, start=1)}


def make_course(root, problem_sets=(PS,), cell_timeout=None):
    """A course directory: the repository's nbgrader_config.py and the instructor notebooks of
    ``problem_sets``, with a shorter per-cell time limit if ``cell_timeout`` is given."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    config = (REPO / "nbgrader_config.py").read_text()
    if cell_timeout is not None:
        config += f"\nc.Execute.timeout = {cell_timeout}  # shorter, for a simulated class\n"
    (root / "nbgrader_config.py").write_text(config)
    for ps in problem_sets:
        shutil.copytree(REPO / "solutions" / ps, root / "solutions" / ps, dirs_exist_ok=True)
    return root


def hand_in(root, students, ps=PS):
    """Write each student's notebook to submitted/<student>/<ps>/<ps>.ipynb.
    ``students`` maps student ids to kinds (names in kinds(ps), or tuples like KINDS' values)."""
    for student, kind in students.items():
        path = Path(root) / "submitted" / student / ps / f"{ps}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(submission(kind, ps), path)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m classroom.simulate",
        description="Make a course directory with a simulated class's submissions of "
                    "problem set 1, to rehearse `python -m classroom.grade` on it.")
    parser.add_argument("root", help="the course directory to create")
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cell-timeout", type=float, default=None,
                        help="per-cell time limit (default: nbgrader_config.py's)")
    args = parser.parse_args(argv)
    make_course(args.root, cell_timeout=args.cell_timeout)
    students = realistic_class(args.students, args.seed)
    hand_in(args.root, students)
    counts = {kind: list(students.values()).count(kind) for kind in KINDS}
    print(f"{len(students)} submissions of {PS} in {args.root}/submitted: "
          + ", ".join(f"{n} {kind}" for kind, n in counts.items() if n))


if __name__ == "__main__":
    main()
