"""Simulated students: submissions of problem set 1 with known scores, to rehearse grading.

Before the first real deadline, grade a simulated class on the machine that will grade the real
one, to see how long it takes::

    python -m classroom.simulate /tmp/rehearsal --students 300
    python -m classroom.grade --root /tmp/rehearsal

The tests and ``benchmarks/bench_grading.py`` build their classes with the same functions.

A submission is the released notebook (``exercises/ps01_layers``) with its answer cells edited
the way a student might: the reference solution, nothing at all, a method left out or wrong, a
cell that raises, loops forever or kills its kernel. Each kind of student lists the test cells
its notebook fails, so its code score is known in advance.
"""

import argparse
import copy
import random
import re
import shutil
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
PS = "ps01_layers"


def _grade_id(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def _read(kind, ps=PS):
    return nbformat.read(REPO / kind / ps / f"{ps}.ipynb", as_version=4)


def solution_code(ps=PS):
    """{grade_id: source} of every answer cell of the instructor notebook (code, and written
    answers in Markdown), with the ``### BEGIN SOLUTION`` / ``### END SOLUTION`` lines taken
    out."""
    return {_grade_id(c): re.sub(r"^\s*### (BEGIN|END) SOLUTION\n", "", c.source, flags=re.M)
            for c in _read("solutions", ps).cells
            if c.metadata.get("nbgrader", {}).get("solution")}


def test_points(ps=PS):
    """{grade_id: points} of every autograded test cell."""
    return {_grade_id(c): c.metadata["nbgrader"]["points"] for c in _read("solutions", ps).cells
            if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")}


def hidden_test_lines(ps=PS):
    """The non-blank lines between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``."""
    lines = []
    for cell in _read("solutions", ps).cells:
        hidden = False
        for line in cell.source.splitlines():
            if "BEGIN HIDDEN TESTS" in line:
                hidden = True
            elif "END HIDDEN TESTS" in line:
                hidden = False
            elif hidden and line.strip():
                lines.append(line.strip())
    return lines


# The kinds of students of problem set 1 and what each earns (classroom/students/ps01_layers.py).
from classroom.students.ps01_layers import KINDS, slow_kind  # noqa: E402


def expected_code_score(kind, ps=PS):
    """The code score a kind of student earns, or None when nbgrader cannot grade it."""
    failing = KINDS[kind][1]
    if failing is None:
        return None
    return sum(points for grade_id, points in test_points(ps).items() if grade_id not in failing)


def submission(kind, ps=PS):
    """The released notebook with a kind of student's answers (a name in KINDS or a tuple)."""
    edit = KINDS[kind][0] if isinstance(kind, str) else kind[0]
    notebook = copy.deepcopy(_read("exercises", ps))
    answers = edit(solution_code(ps))
    for cell in notebook.cells:
        if _grade_id(cell) in answers:
            cell.source = answers[_grade_id(cell)]
    return notebook


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
    ``students`` maps student ids to kinds (names in KINDS, or tuples like slow_kind's)."""
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
