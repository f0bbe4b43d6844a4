"""The simulated students of every problem set (classroom/students/ps0N_*.py) get exactly the
tests their notebooks deserve from nbgrader's own autograde.

For each problem set a temporary course (nbgrader_config.py and the instructor notebook, a
gradebook of its own) releases the problem set, receives one submission per kind of student,
and autogrades them all in one ``nbgrader autograde`` run with a short cell time limit (10
seconds, 5 for problem set 1), two problem sets at a time. Each student's failed test cells, read from the gradebook, must be
exactly the ones their kind lists: a right answer written another way loses nothing, and a
mistake costs the test of the method it is in and no other. Each kind is graded by one of the
two pipelines: here the kinds tests/graded_students.py gives nbgrader alone, and make grade's
sandboxed class (tests/classroom) the others.
"""

import copy
import importlib
import os
import pathlib
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

from book_editions import english_problem_sets
from graded_students import by_nbgrader_alone

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = pathlib.Path(sys.executable).parent
PROBLEM_SETS = sorted(p.stem for p in (ROOT / "classroom" / "students").glob("ps*.py"))
# Per-cell time limits: long enough for every right cell on a loaded 2-core machine, short
# enough that the students whose cells loop cost seconds.
CELL_TIMEOUT = {"ps01_layers": 5}
DEFAULT_CELL_TIMEOUT = 10

pytestmark = pytest.mark.slow

# Students who test the grading pipeline rather than the checks (cells that never end or kill
# their kernel): tests/nbgrader/test_autograde_students.py and tests/classroom grade them.
PIPELINE = {"endless_definition", "endless_call", "ignores_interrupt", "kernel_death"}


def _kinds(ps):
    """The kinds nbgrader alone grades here (the sandboxed class grades the others)."""
    kinds = importlib.import_module(f"classroom.students.{ps}").KINDS
    return {kind: value for kind, value in kinds.items()
            if kind not in PIPELINE and by_nbgrader_alone(ps, kind)}


def _all_kinds(ps):
    return importlib.import_module(f"classroom.students.{ps}").KINDS


def _grade_id(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def _solution_code(ps):
    notebook = nbformat.read(ROOT / "solutions" / ps / f"{ps}.ipynb", as_version=4)
    return {_grade_id(c): re.sub(r"^\s*### (BEGIN|END) SOLUTION\n", "", c.source, flags=re.M)
            for c in notebook.cells if c.metadata.get("nbgrader", {}).get("solution")}


def _nbgrader(course, *args):
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run([str(BIN / "nbgrader"), *args, f"--db=sqlite:///{course}/gradebook.db"],
                          cwd=course, env=env, capture_output=True, text=True, timeout=3000)


def _grade(ps, root):
    """{student: the grade_ids of the test cells they failed, or None when not graded}."""
    course = root / ps
    course.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "solutions" / ps, course / "solutions" / ps)
    released = _nbgrader(course, "generate_assignment", ps)
    assert released.returncode == 0, released.stdout + released.stderr
    release = nbformat.read(course / "exercises" / ps / f"{ps}.ipynb", as_version=4)
    code = _solution_code(ps)
    for kind, (edit, _, _) in _kinds(ps).items():
        notebook = copy.deepcopy(release)
        changed = edit(dict(code))
        for cell in notebook.cells:
            if _grade_id(cell) in changed:
                cell.source = changed[_grade_id(cell)]
        path = course / "submitted" / kind / ps / f"{ps}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(notebook, path)
    timeout = CELL_TIMEOUT.get(ps, DEFAULT_CELL_TIMEOUT)
    graded = _nbgrader(course, "autograde", ps, "--force", f"--Execute.timeout={timeout}")
    from nbgrader.api import Gradebook, MissingEntry
    failed = {}
    with Gradebook(f"sqlite:///{course}/gradebook.db") as gradebook:
        for kind in _kinds(ps):
            try:
                notebook = gradebook.find_submission_notebook(ps, ps, kind)
            except MissingEntry:
                failed[kind] = None
                continue
            tests = [g for g in notebook.grades if g.cell.cell_type == "code"]
            failed[kind] = None if any(g.auto_score is None for g in tests) else tuple(
                sorted(g.name for g in tests if g.auto_score < g.max_score))
    return failed, graded.stdout + graded.stderr


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    warmup = subprocess.run([sys.executable, "-m", "kerasedu", "warmup"], capture_output=True,
                            text=True, timeout=1800)
    assert warmup.returncode == 0, warmup.stderr
    root = tmp_path_factory.mktemp("courses")
    with ThreadPoolExecutor(2) as pool:
        return dict(zip(PROBLEM_SETS, pool.map(lambda ps: _grade(ps, root), PROBLEM_SETS)))


def test_every_problem_set_has_its_students():
    """Every English problem set; a Chinese one (psNN_name_zh) is the same program
    (tests/book/test_translations.py), so its English set's students cover it."""
    assert PROBLEM_SETS == english_problem_sets()


@pytest.mark.parametrize("ps,kind", [(ps, kind) for ps in PROBLEM_SETS for kind in _kinds(ps)])
def test_each_student_fails_exactly_the_tests_their_notebook_deserves(graded, ps, kind):
    failed, log = graded[ps]
    _, failing, why = _kinds(ps)[kind]
    expected = None if failing is None else tuple(sorted(failing))
    assert failed[kind] == expected, f"{kind} ({why}); autograde said:\n{log[-3000:]}"


@pytest.mark.parametrize("ps", PROBLEM_SETS)
def test_each_problem_set_has_right_answers_written_other_ways_and_the_issues_mistakes(ps):
    kinds = _all_kinds(ps)
    right = [kind for kind, (_, failing, _) in kinds.items() if failing == ()]
    assert "full" in right and "blank" in kinds
    assert len(right) >= 3, f"{ps}: at least two right answers written another way"
