"""End to end: an instructor autogrades a class of simulated students with nbgrader's own
commands, and each student gets what their notebook earns — whatever the others did.

The students here are about the pipeline (cells that never end, exit or kill their kernel,
test cells edited, deleted or duplicated, a check replaced); what each kind of answer earns is
tests/nbgrader/test_students.py's business. A temporary course (nbgrader_config.py and
solutions/ copied, its own gradebook) generates problem set 1, receives one submission per
student built from the released notebook, and runs
``nbgrader autograde`` once for the whole class with a 10-second cell time limit. Scores come
from the gradebook. Problem set 1 is used because it runs fast.
"""

import copy
import html
import os
import pathlib
import re
import shutil
import subprocess
import sys

import nbformat
import pytest

from classroom import simulate

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = pathlib.Path(sys.executable).parent
PS = "ps01_layers"
CELL_TIMEOUT = 10

pytestmark = pytest.mark.slow


def _grade_id(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def _is_test(cell):
    return cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade", False)


def _solutions():
    """The solution code of each answer cell, without the BEGIN/END SOLUTION lines."""
    notebook = nbformat.read(ROOT / "solutions" / PS / f"{PS}.ipynb", as_version=4)
    return {_grade_id(c): re.sub(r"^\s*### (BEGIN|END) SOLUTION\n", "", c.source, flags=re.M)
            for c in notebook.cells
            if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")}


def _points():
    notebook = nbformat.read(ROOT / "solutions" / PS / f"{PS}.ipynb", as_version=4)
    return {_grade_id(c): c.metadata["nbgrader"]["points"] for c in notebook.cells if _is_test(c)}


POINTS = _points()
DENSE = sum(p for g, p in POINTS.items() if g.startswith("test_dense_"))
ACTIVATION = sum(p for g, p in POINTS.items() if g.startswith("test_activation_"))
FULL = DENSE + ACTIVATION


def _answer(notebook, grade_id, source):
    for cell in notebook.cells:
        if _grade_id(cell) == grade_id:
            cell.source = source


def _full(notebook):
    for grade_id, source in _solutions().items():
        _answer(notebook, grade_id, source)


def _dense_starting_with(line):
    def edit(notebook):
        _full(notebook)
        _answer(notebook, "dense_impl", line + "\n" + _solutions()["dense_impl"])
    return edit


def _edited_tests(notebook):
    for cell in notebook.cells:
        if _is_test(cell):
            cell.source = "pass"


def _deleted_tests(notebook):
    notebook.cells = [c for c in notebook.cells if not _is_test(c)]


def _deleted_tests_with_answers(notebook):
    _full(notebook)
    _deleted_tests(notebook)


def _deleted_answer(notebook):
    _full(notebook)
    notebook.cells = [c for c in notebook.cells if _grade_id(c) != "dense_impl"]


def _duplicated_cell(notebook):
    _full(notebook)
    index = next(i for i, c in enumerate(notebook.cells) if _grade_id(c) == "test_dense_call")
    twin = copy.deepcopy(notebook.cells[index])
    twin.id = "twin-of-test-dense-call"
    notebook.cells.insert(index, twin)


def _monkeypatch(notebook):
    _full(notebook)
    wrong = _solutions()["dense_impl"].replace("return self.activation(outputs)",
                                               "return outputs")
    assert wrong != _solutions()["dense_impl"]
    _answer(notebook, "dense_impl",
            "import kerasedu.grading\n"
            "kerasedu.grading.check_call = lambda *args, **kwargs: None\n"
            "kerasedu.grading.layer_checks.check_call = lambda *args, **kwargs: None\n\n" + wrong)


# student: (how their notebook is made from the release, the code score they earn, why)
STUDENTS = {
    "full": (_full, FULL, "every answer right"),
    "endless": (_dense_starting_with("while True:\n    pass"), ACTIVATION,
                "the Dense cell never ends and is interrupted; Activation is right"),
    "sys_exit": (_dense_starting_with("import sys\nsys.exit()"), ACTIVATION,
                 "sys.exit() in the Dense cell only ends that cell"),
    "kernel_death": (_dense_starting_with("import os\nos._exit(1)"), 0,
                     "the kernel dies: nbgrader cannot go on with this notebook"),
    "edited_tests": (_edited_tests, 0, "tests replaced by `pass` are restored, and fail"),
    "deleted_tests": (_deleted_tests, 0, "deleted tests earn nothing"),
    "deleted_tests_with_answers": (_deleted_tests_with_answers, FULL,
                                   "deleted test cells are restored before grading "
                                   "(classroom/restore.py), so right answers earn everything"),
    "deleted_answer": (_deleted_answer, ACTIVATION, "no Dense at all; Activation is right"),
    "duplicated_cell": (_duplicated_cell, FULL, "a duplicated test cell changes nothing"),
    "monkeypatch": (_monkeypatch, 0,
                    "replacing a check is tampering: every test after it fails"),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "solutions", course / "solutions")
    db = f"sqlite:///{course / 'gradebook.db'}"
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}

    def nbgrader(*args):
        return subprocess.run([str(BIN / "nbgrader"), *args, f"--db={db}"], cwd=course,
                              env=env, capture_output=True, text=True, timeout=600)

    generated = nbgrader("generate_assignment", PS)
    assert generated.returncode == 0, generated.stdout + generated.stderr
    release = nbformat.read(course / "exercises" / PS / f"{PS}.ipynb", as_version=4)
    for student, (edit, _, _) in STUDENTS.items():
        notebook = copy.deepcopy(release)
        edit(notebook)
        path = course / "submitted" / student / PS / f"{PS}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(notebook, path)
    result = nbgrader("autograde", PS, "--force", f"--Execute.timeout={CELL_TIMEOUT}")
    feedback = nbgrader("generate_feedback", PS, "--force")
    from nbgrader.api import Gradebook
    with Gradebook(db) as gradebook:
        scores = {s: gradebook.find_submission(PS, s).code_score for s in STUDENTS}
        max_score = gradebook.find_submission(PS, "full").max_code_score
    return {"course": course, "result": result, "feedback": feedback, "scores": scores,
            "max": max_score}


def test_the_class_is_graded_in_one_run_and_only_the_dead_kernel_is_reported(graded):
    log = graded["result"].stdout + graded["result"].stderr
    assert graded["max"] == FULL
    failed = set(re.findall(r"error processing assignment '\S+' for student '(\w+)'", log))
    assert failed == {"kernel_death"}
    assert graded["result"].returncode == 1
    autograded = {p.parts[-3] for p in (graded["course"] / "autograded").glob(f"*/{PS}/*.ipynb")}
    assert autograded == set(STUDENTS) - {"kernel_death"}


@pytest.mark.parametrize("student", STUDENTS)
def test_each_student_gets_what_their_notebook_earns(graded, student):
    _, expected, why = STUDENTS[student]
    assert graded["scores"][student] == expected, f"{student} ({why})"


def test_nbgraders_own_feedback_command_leaves_the_hidden_tests_out(graded):
    hidden = simulate.hidden_test_lines(PS)
    assert hidden
    assert graded["feedback"].returncode == 0, graded["feedback"].stderr
    pages = list((graded["course"] / "feedback").glob(f"*/{PS}/{PS}.html"))
    assert {p.parts[-3] for p in pages} == set(STUDENTS) - {"kernel_death"}
    for page in pages:
        text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text()))
        if page.parts[-3] == "full":
            assert "grading.check_build(Dense" in text        # the visible tests stay
        assert not [line for line in hidden if line in text], page.parts[-3]


def test_the_endless_cell_was_interrupted_at_the_time_limit(graded):
    notebook = nbformat.read(graded["course"] / "autograded" / "endless" / PS / f"{PS}.ipynb",
                             as_version=4)
    dense = next(c for c in notebook.cells if _grade_id(c) == "dense_impl")
    errors = [o for o in dense.outputs if o.output_type == "error"]
    assert errors and errors[0].ename == "KeyboardInterrupt"
