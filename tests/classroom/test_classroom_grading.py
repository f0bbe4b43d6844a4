"""classroom/grade.py: parallel grading gives the gradebook that sequential nbgrader gives.

Two copies of one course receive the same submissions of problem set 1, from kinds of simulated
student (classroom/students/ps01_layers.py) that cover every way grading can go: right, blank,
partly right, raising, looping, a loop that ignores the interrupt, a dead kernel. One copy is
graded by ``nbgrader autograde ps01_layers --force`` and ``nbgrader export``, the other by
``grade_class`` with two workers; both run each kernel in the grading sandbox. Both use a
5-second cell time limit, so that the looping students cost seconds, not minutes. Every kind of
student, and the hostile ones, are graded in tests/classroom/test_classroom_class.py.
"""

import csv
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from html import unescape
from pathlib import Path

import nbformat
import pytest

from classroom import simulate
from classroom.grade import available_cpus, find_submissions, grade_class
from classroom.pool import Result, kill_tree
from classroom.students.ps01_layers import slow_kind
from classroom.summary import Progress

BIN = Path(sys.executable).parent
PS = simulate.PS
CELL_TIMEOUT = 5
STUDENTS = {kind: kind for kind in ("full", "blank", "no_activation", "rank2_shape", "raises",
                                     "endless_call", "ignores_interrupt", "kernel_death")}
CANNOT_BE_GRADED = {"ignores_interrupt", "kernel_death"}


def _scores(course):
    """{(student, grade cell): (auto_score, manual_score, needs_manual_grade)} and
    {student: (score, timestamp)} from a course's gradebook."""
    from nbgrader.api import Gradebook

    cells, totals = {}, {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for submission in gradebook.assignment_submissions(PS):
            student = submission.student.id
            totals[student] = (submission.score, submission.timestamp)
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    cells[student, grade.name] = (grade.auto_score, grade.manual_score,
                                                  grade.needs_manual_grade)
    return cells, totals


def _csv(course):
    with open(course / "grades.csv") as f:
        return sorted(map(tuple, csv.reader(f)))


@pytest.fixture(scope="module")
def courses(tmp_path_factory):
    base = tmp_path_factory.mktemp("grading")
    sequential = simulate.make_course(base / "sequential", cell_timeout=CELL_TIMEOUT)
    simulate.hand_in(sequential, STUDENTS)
    parallel = base / "parallel"
    shutil.copytree(sequential, parallel)

    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}

    def nbgrader(*args):
        return subprocess.run([str(BIN / "nbgrader"), *args], cwd=sequential, env=env,
                              capture_output=True, text=True, timeout=900)

    assert nbgrader("generate_assignment", PS, "--force",
                    f"--CourseDirectory.release_directory={base / 'release'}").returncode == 0
    autograded = nbgrader("autograde", PS, "--force")
    assert nbgrader("export", "--to", "grades.csv").returncode == 0

    start = time.monotonic()
    out = io.StringIO()
    results = grade_class(parallel, jobs=2, out=out)
    return {"sequential": sequential, "parallel": parallel, "autograded": autograded,
            "results": {r.student: r for r in results}, "out": out.getvalue(),
            "seconds": time.monotonic() - start}


@pytest.mark.slow
def test_parallel_grading_writes_the_gradebook_sequential_grading_writes(courses):
    sequential_cells, sequential_totals = _scores(courses["sequential"])
    parallel_cells, parallel_totals = _scores(courses["parallel"])
    assert set(sequential_totals) == set(STUDENTS)
    assert parallel_cells == sequential_cells
    assert parallel_totals == sequential_totals
    assert _csv(courses["parallel"]) == _csv(courses["sequential"])


@pytest.mark.slow
@pytest.mark.parametrize("student", sorted(STUDENTS))
def test_each_student_gets_what_their_notebook_earns(courses, student):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{courses['parallel'] / 'gradebook.db'}") as gradebook:
        score = gradebook.find_submission(PS, student).code_score
    expected = simulate.expected_code_score(student)
    assert score == (0 if expected is None else expected), simulate.KINDS[student][2]


@pytest.mark.slow
def test_students_nbgrader_cannot_grade_are_reported_as_failed(courses):
    log = courses["autograded"].stdout + courses["autograded"].stderr
    assert set(re.findall(r"error processing assignment '\S+' for student '(\w+)'", log)) == \
        CANNOT_BE_GRADED
    statuses = {student: result.status for student, result in courses["results"].items()}
    assert statuses == {s: "failed" if s in CANNOT_BE_GRADED else "graded" for s in STUDENTS}
    assert (f"Summary: {len(STUDENTS) - len(CANNOT_BE_GRADED)} graded, "
            f"{len(CANNOT_BE_GRADED)} failed, 0 timed out") in courses["out"]
    for student in CANNOT_BE_GRADED:
        assert f"could not be graded: {student} ({PS})" in courses["out"]
    assert "DeadKernelError" in courses["results"]["kernel_death"].error
    assert "CellTimeoutError" in courses["results"]["ignores_interrupt"].error


@pytest.mark.slow
def test_feedback_is_written_without_hidden_tests(courses):
    hidden = simulate.hidden_test_lines(PS)
    for student in set(STUDENTS) - CANNOT_BE_GRADED:
        page = courses["parallel"] / "feedback" / student / PS / f"{PS}.html"
        text = unescape(re.sub(r"<[^>]+>", "", page.read_text()))
        assert "grading.check_build(Dense" in text
        assert not [line for line in hidden if line in text], student
    # nbgrader's own feedback (no HideHiddenTests) would show them: the check above can fail.
    autograded = nbformat.read(courses["parallel"] / "autograded" / "full" / PS / f"{PS}.ipynb",
                               as_version=4)
    assert hidden[0] in "\n".join(cell.source for cell in autograded.cells)


@pytest.mark.slow
def test_regrading_keeps_manual_grades_and_counts_every_score_once(courses):
    from nbgrader.api import Gradebook

    course = courses["parallel"]
    url = f"sqlite:///{course / 'gradebook.db'}"
    with Gradebook(url) as gradebook:
        written = gradebook.find_grade("written_build_vs_init", PS, PS, "full")
        written.manual_score = 2
        gradebook.db.commit()
    before, _ = _scores(course)
    again = ["full", "raises", "kernel_death"]
    results = grade_class(course, problem_sets=[PS], students=again, jobs=2, out=io.StringIO())
    assert sorted(r.student for r in results) == sorted(again)
    after, totals = _scores(course)
    assert after == before
    assert totals["full"][0] == simulate.expected_code_score("full") + 2
    with Gradebook(url) as gradebook:
        assert len(gradebook.assignment_submissions(PS)) == len(STUDENTS)
        assert len(gradebook.students) == len(STUDENTS)


@pytest.mark.slow
def test_a_student_over_the_time_limit_is_stopped_and_the_class_graded(tmp_path):
    course = simulate.make_course(tmp_path / "course", cell_timeout=30)
    # Each test cell that builds a Dense sleeps 20 s: no cell reaches the cell time limit, but
    # the student needs over 60 s, past their limit of 45 s (which leaves a right student
    # room to spare on a loaded machine).
    simulate.hand_in(course, {"slow": slow_kind(20), "full": "full"})
    results = {r.student: r for r in grade_class(course, jobs=1, student_timeout=45,
                                                 out=io.StringIO())}
    assert results["slow"].status == "timed out"
    assert results["full"].status == "graded"   # by a fresh worker, after the first was killed
    assert 45 <= results["slow"].seconds < 45 + 15   # stopped at its limit, not at its end
    assert _processes_working_in(course) == []  # the killed worker's kernel is gone too
    with open(course / "grades.csv") as f:
        rows = {row["student_id"]: row for row in csv.DictReader(f)}
    assert float(rows["full"]["raw_score"]) == simulate.expected_code_score("full")
    assert float(rows["slow"]["raw_score"]) == 0


@pytest.mark.slow
def test_grading_without_the_sandbox_says_so_before_and_after(tmp_path):
    course = simulate.make_course(tmp_path / "course", cell_timeout=30)
    simulate.hand_in(course, {"full": "full", "blank": "blank"})
    out = io.StringIO()
    results = {r.student: r for r in grade_class(course, jobs=1, sandbox="off", out=out)}
    text = out.getvalue()
    assert "WARNING: Every student's code will run UNSANDBOXED (the sandbox is switched off)" \
        in text.split("Summary:")[0]
    assert "WARNING: 2 students were graded UNSANDBOXED (the sandbox is switched off)" in \
        text.split("Summary:")[1]
    assert {s: r.findings for s, r in results.items()} == {
        s: {"unsandboxed": ["the sandbox is switched off"]} for s in ("full", "blank")}
    with open(course / "grades.csv") as f:
        rows = {row["student_id"]: float(row["raw_score"]) for row in csv.DictReader(f)}
    assert rows == {"full": simulate.expected_code_score("full"), "blank": 0}


def _processes_working_in(folder):
    """Live processes whose current directory is in ``folder`` (a kernel's is its notebook's)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            alive = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
            if alive and Path(os.readlink(entry / "cwd")).is_relative_to(folder):
                found.append(int(entry.name))
        except (OSError, ValueError):
            continue
    return found


def test_kill_tree_reaches_grandchildren_in_sessions_of_their_own(tmp_path):
    # Like a worker that started a kernel: the grandchild runs in a session of its own.
    pidfile = tmp_path / "grandchild"
    code = ("import subprocess, sys, time\n"
            "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'],"
            " start_new_session=True)\n"
            f"open({str(pidfile)!r}, 'w').write(str(p.pid))\n"
            "time.sleep(60)\n")
    child = subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
    deadline = time.monotonic() + 30
    while not (pidfile.exists() and pidfile.read_text()) and time.monotonic() < deadline:
        time.sleep(0.1)
    grandchild = int(pidfile.read_text())
    kill_tree(child.pid)
    assert child.wait(timeout=10) == -signal.SIGKILL
    deadline = time.monotonic() + 10
    while Path(f"/proc/{grandchild}").exists() and time.monotonic() < deadline:
        state = Path(f"/proc/{grandchild}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if state == "Z":   # killed, waiting for init to reap it
            break
        time.sleep(0.1)
    else:
        assert not Path(f"/proc/{grandchild}").exists()


def test_available_cpus_follows_the_affinity_mask():
    assert 1 <= available_cpus() <= len(os.sched_getaffinity(0))


def test_submissions_are_found_per_problem_set(tmp_path):
    for student, ps in [("ann", "ps01"), ("ann", "ps02"), ("ben", "ps01")]:
        (tmp_path / "submitted" / student / ps).mkdir(parents=True)
    assert find_submissions(tmp_path) == {"ps01": ["ann", "ben"], "ps02": ["ann"]}
    assert find_submissions(tmp_path, ["ps02"]) == {"ps02": ["ann"]}


def test_progress_prints_a_line_per_tenth_of_the_class_outside_a_terminal(tmp_path):
    with open(tmp_path / "out", "w") as stream:
        progress = Progress(20, stream)
        for i in range(20):
            progress.update(Result("ps01", f"s{i}", "failed" if i == 3 else "graded", 1.0))
    lines = (tmp_path / "out").read_text().splitlines()
    assert len(lines) == 10
    assert lines[-1].startswith("20/20 students  19 graded  1 failed  0 timed out")


def test_hidden_tests_and_their_tracebacks_leave_the_feedback():
    from kerasedu.grading.feedback import HideHiddenTests

    cell = nbformat.v4.new_code_cell(
        "check(visible)\n### BEGIN HIDDEN TESTS\ncheck(secret_case)\n### END HIDDEN TESTS")
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "t", "points": 1,
                                 "solution": False, "locked": True, "schema_version": 3}
    cell.outputs = [nbformat.v4.new_output(
        "error", ename="GradingError", evalue="wrong for shape (4, 3)",
        traceback=["----> 3 check(secret_case)", "GradingError: wrong for shape (4, 3)"])]
    notebook = nbformat.v4.new_notebook(cells=[cell])
    notebook, _ = HideHiddenTests().preprocess(notebook, {})
    assert notebook.cells[0].source == "check(visible)"
    assert notebook.cells[0].outputs[0].traceback == ["GradingError: wrong for shape (4, 3)"]


def test_feedback_keeps_answers_as_written_and_redacts_printed_hidden_tests():
    from kerasedu.grading.feedback import REDACTED, HideHiddenTests

    def graded(source, grade_id, **flags):
        cell = nbformat.v4.new_code_cell(source)
        cell.metadata["nbgrader"] = {"grade": False, "solution": False, "locked": False,
                                     "grade_id": grade_id, "schema_version": 3, **flags}
        return cell

    answer = graded("# ### BEGIN HIDDEN TESTS (my notes)\nx = 1", "answer", solution=True)
    words = nbformat.v4.new_markdown_cell("### BEGIN HIDDEN TESTS\nmy words\n### END HIDDEN TESTS")
    words.metadata["nbgrader"] = {"grade": True, "solution": True, "locked": False,
                                  "grade_id": "words", "points": 1, "schema_version": 3}
    test = graded("check(x)\n### BEGIN HIDDEN TESTS\ncheck(secret_case)\nok\n"
                  "### END HIDDEN TESTS", "test", grade=True, locked=True, points=1)
    test.outputs = [nbformat.v4.new_output("stream", name="stdout",
                                           text="check(x)\ncheck(secret_case)\nok\n")]
    later = nbformat.v4.new_code_cell("print(stolen)")
    later.outputs = [nbformat.v4.new_output("display_data", data={
        "text/plain": "  check(secret_case)  ", "text/html": "<p>check(secret_case)</p>"})]
    notebook = nbformat.v4.new_notebook(cells=[answer, words, test, later])
    notebook, _ = HideHiddenTests().preprocess(notebook, {})
    assert notebook.cells[0].source == answer.source
    assert notebook.cells[1].source == words.source
    assert notebook.cells[2].source == "check(x)"
    assert notebook.cells[2].outputs[0].text == f"check(x)\n{REDACTED}\nok\n"  # "ok" is too short
    assert notebook.cells[3].outputs[0].data == {"text/plain": REDACTED, "text/html": REDACTED}
