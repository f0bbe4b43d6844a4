"""A simulated class graded end to end through ``make grade``'s code path, with the sandbox on.

The class: every kind of simulated student of every problem set that has some
(classroom/students/), the hostile students of classroom/students/hostile.py on problem set 1,
and, graded after them, a right, a blank and a wrong student who must be unaffected by them.
Of each problem set's students it takes the right answers written every way, the blank
notebook, the debug print to stderr and the mistakes of ``graded_students.MISTAKES``; nbgrader's own
autograde grades the other kinds (tests/graded_students.py).
Each student's code score is asserted exactly; so is what the summary says of them; the course
and kerasedu are hashed before and after and must be unchanged; nothing the students started is
left running, and nothing they copied is left in /tmp.

The class is graded from an empty numba cache, as on a fresh install: ``make grade`` compiles
every kernel before the first student, so every score must be exactly what the work earns.
Then the students whose notebooks run the recurrent kernels (the slowest to compile) are graded
again from the cache the class warmed: their scores must be the ones they got from the cold one.
"""

import hashlib
import io
import os
import re
import subprocess
import sys
import time
from html import unescape
from pathlib import Path

import nbformat
import pytest

from classroom import findings, simulate
from classroom.grade import grade_class
from classroom.kernel import sandbox_probe
from classroom.kernel_cache import cache_folder
from classroom.sandbox import Limits
from classroom import students
from graded_students import in_the_sandboxed_class

REPO = Path(__file__).resolve().parents[2]
CELL_TIMEOUT = 30
HOSTILE_ON = "ps01_layers"
AFTER = {"zz_full_after_hostile": "full", "zz_blank_after_hostile": "blank",
         "zz_wrong_after_hostile": "no_activation"}
OUTPUTS = ("autograded", "feedback", "gradebook.db", "grades.csv")


def _problem_sets():
    modules = REPO / "classroom" / "students"
    return sorted(path.stem for path in modules.glob("ps*.py"))


def _class():
    """{(ps, student): kind} of the whole class."""
    students = {}
    for ps in _problem_sets():
        for kind in simulate.kinds(ps, with_hostile=ps == HOSTILE_ON):
            if in_the_sandboxed_class(ps, kind):
                students[ps, kind] = kind
    students.update({(HOSTILE_ON, name): kind for name, kind in AFTER.items()})
    return students


CLASS = _class()

# What the summary says of a student (besides their score), when it says anything.
NOTED = {
    "hostile_deletes_tests": findings.RESTORED,
    "hostile_edits_tests": findings.RESTORED,
    "hostile_patches_checks": findings.TAMPERING,
    "hostile_patches_numpy": findings.TAMPERING,
    "hostile_prints_hidden_tests": findings.TAMPERING,
    "endless_call": findings.CELL_TIMEOUT,
    "training_past_the_time_limit": findings.CELL_TIMEOUT,
}


def _require_sandbox():
    probe = sandbox_probe(sys.executable, REPO, Limits())
    if not probe.ok:
        if os.environ.get("CI"):
            pytest.fail(f"the grading sandbox must start in CI: {probe.reason}")
        pytest.skip(f"no sandbox here: {probe.reason}")


def _hashes(folder, skip=()):
    """{relative path: sha256} of every file under ``folder`` but those under ``skip``."""
    found = {}
    for path in sorted(Path(folder).rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and relative.parts[0] not in skip and "__pycache__" not in relative.parts:
            found[str(relative)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _code_scores(course):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return {(ps, student): gradebook.find_submission(ps, student).code_score
                for ps, student in CLASS}


def _expected(ps, kind):
    score = simulate.expected_code_score(kind, ps)
    return 0 if score is None else score


# --- the whole class -------------------------------------------------------------------------

def _git_status():
    """The repository's ``git status``: what grading would have changed in the course that
    kerasedu is installed from (None outside a git checkout)."""
    done = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=REPO,
                          capture_output=True, text=True)
    return done.stdout if done.returncode == 0 else None


def _grade(course, cache):
    """make grade's code path on ``course``, sandboxed, with ``cache`` as grading's numba
    cache: (results, what it printed, seconds)."""
    out = io.StringIO()
    start = time.monotonic()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KERASEDU_GRADING_CACHE", str(cache))
        results = grade_class(course, jobs=2, sandbox="on", out=out)
    return results, out.getvalue(), time.monotonic() - start


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The whole class, graded from an empty numba cache."""
    _require_sandbox()
    base = tmp_path_factory.mktemp("class")
    course = simulate.make_course(base / "course", sorted({ps for ps, _ in CLASS}),
                                  cell_timeout=CELL_TIMEOUT)
    for (ps, student), kind in CLASS.items():
        simulate.hand_in(course, {student: kind}, ps)
    stolen = set(Path("/tmp").glob("kerasedu-stolen-*"))
    before = {"course": _hashes(course), "kerasedu": _hashes(REPO / "kerasedu"),
              "git": _git_status()}
    cache = cache_folder()   # empty on a fresh machine (CI): warming it serves later tests
    if cache.exists() and any(cache.rglob("*.nbi")):
        cache = base / "numba-cache"
    results, out, seconds = _grade(course, cache)
    return {"course": course, "out": out, "seconds": seconds, "before": before,
            "results": {(r.ps, r.student): r for r in results}, "cache": cache,
            "scores": _code_scores(course), "stolen": stolen}


@pytest.mark.slow
@pytest.mark.parametrize("ps,student", sorted(CLASS))
def test_each_student_gets_exactly_what_their_work_earns(graded, ps, student):
    kind = CLASS[ps, student]
    assert graded["scores"][ps, student] == _expected(ps, kind), (
        simulate.kinds(ps, with_hostile=True)[kind][2], graded["results"][ps, student])


@pytest.mark.slow
def test_students_graded_after_the_hostile_ones_are_unaffected(graded):
    for name, kind in AFTER.items():
        assert graded["scores"][HOSTILE_ON, name] == _expected(HOSTILE_ON, kind) == \
            graded["scores"].get((HOSTILE_ON, kind), _expected(HOSTILE_ON, kind))


@pytest.mark.slow
def test_the_course_and_kerasedu_are_unchanged(graded):
    course = graded["course"]
    assert _hashes(course, skip=OUTPUTS) == graded["before"]["course"]
    assert _hashes(REPO / "kerasedu") == graded["before"]["kerasedu"]
    assert _git_status() == graded["before"]["git"]
    assert sorted(p.name for p in course.iterdir()) == sorted(
        ["nbgrader_config.py", "solutions", "submitted", *OUTPUTS])


@pytest.mark.slow
def test_nothing_the_students_started_or_copied_is_left(graded, processes_with):
    assert not processes_with("kerasedu-hostile-daemon")
    assert set(Path("/tmp").glob("kerasedu-stolen-*")) == graded["stolen"]


@pytest.mark.slow
def test_the_gradebook_holds_only_what_grading_wrote(graded):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{graded['course'] / 'gradebook.db'}") as gradebook:
        manual = [grade.manual_score for ps in {ps for ps, _ in CLASS}
                  for submission in gradebook.assignment_submissions(ps)
                  for notebook in submission.notebooks for grade in notebook.grades]
    assert all(score is None for score in manual)


@pytest.mark.slow
def test_the_summary_lists_every_student_who_needs_a_look(graded):
    out, results = graded["out"], graded["results"]
    cannot = sorted(key for key, kind in CLASS.items()
                    if simulate.expected_code_score(kind, key[0]) is None)
    assert sorted(key for key, r in results.items() if r.status != "graded") == cannot
    assert f"Summary: {len(CLASS) - len(cannot)} graded, {len(cannot)} failed, 0 timed out" in out
    for ps, student in cannot:
        assert f"could not be graded: {student} ({ps})" in out
    for (ps, student), result in results.items():
        noted = {kind for kind, details in result.findings.items() if details}
        expected = NOTED.get(CLASS[ps, student])
        assert noted == ({expected} if expected else set()), (ps, student, result.findings)
    assert "UNSANDBOXED" not in out


@pytest.mark.slow
def test_the_attacks_were_made_and_stopped(graded):
    def said(student):
        path = graded["course"] / "autograded" / student / HOSTILE_ON / f"{HOSTILE_ON}.ipynb"
        notebook = nbformat.read(path, as_version=4)
        return "".join(o.get("text", "") for c in notebook.cells for o in c.get("outputs", []))

    assert re.search(r"could not edit layer_checks.py: \w+Error", said("hostile_edits_kerasedu"))
    assert "edited: []" in said("hostile_edits_kerasedu")
    assert "network: connected" not in said("hostile_network")
    assert said("hostile_network").count("network: unreachable") == 2
    megabytes = int(re.search(r"memory hog stopped at (\d+) MB", said("hostile_memory_hog"))[1])
    assert megabytes <= Limits.memory / 2**20
    assert "the fork bomb is over" in said("hostile_fork_bomb")
    stolen = said("hostile_reads_solutions")
    assert "BEGIN SOLUTION" not in stolen and "source_cell" not in stolen
    assert "course root: " in stolen


# --- the same students from the warm cache ----------------------------------------------------

RECURRENT = {("ps06_sequences", kind): kind for kind in simulate.kinds("ps06_sequences")
             if kind in ("full", "full_state_size_list", "cell_transposed_kernel", "blank")}


@pytest.mark.slow
def test_a_cold_cache_grades_exactly_as_a_warm_one(graded, tmp_path):
    assert re.search(r"numba kernels into .*\.\.\. \d+ s\n", graded["out"]), graded["out"]
    course = simulate.make_course(tmp_path / "course", ["ps06_sequences"],
                                  cell_timeout=CELL_TIMEOUT)
    for (ps, student), kind in RECURRENT.items():
        simulate.hand_in(course, {student: kind}, ps)
    _, out, _ = _grade(course, graded["cache"])
    assert "numba kernels into" in out and "compiled already" in out, out
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        warm = {key: gradebook.find_submission(*key).code_score for key in RECURRENT}
    assert warm == {key: graded["scores"][key] for key in RECURRENT} == {
        key: _expected(key[0], kind) for key, kind in RECURRENT.items()}
    assert "cells stopped at the time limit" not in out, out


@pytest.mark.slow
def test_feedback_shows_no_hidden_test_to_anyone(graded):
    hidden = {ps: students.hidden_test_lines(ps) for ps in {ps for ps, _ in CLASS}}
    for (ps, student), result in graded["results"].items():
        if result.status != "graded":
            continue
        page = graded["course"] / "feedback" / student / ps / f"{ps}.html"
        text = unescape(re.sub(r"<[^>]+>", "", page.read_text()))
        assert not [line for line in hidden[ps] if line in text], student
    assert (graded["course"] / "feedback" / "hostile_hidden_tests_words" / HOSTILE_ON).is_dir()


@pytest.mark.slow
def test_feedback_says_in_words_which_cell_ran_out_of_time(graded):
    page = graded["course"] / "feedback" / "endless_call" / HOSTILE_ON / f"{HOSTILE_ON}.html"
    text = " ".join(unescape(re.sub(r"<[^>]+>", "", page.read_text())).split())
    assert (f"this cell (test_dense_call) was still running after {CELL_TIMEOUT} seconds, the "
            f"time limit for one cell, and was stopped. The usual causes: a loop that never "
            f"ends") in text


@pytest.mark.slow
def test_a_debug_print_to_stderr_is_shown_and_costs_nothing(graded):
    path = graded["course"] / "autograded" / "stderr_debug" / HOSTILE_ON / f"{HOSTILE_ON}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    shown = [cell.metadata["nbgrader"]["grade_id"] for cell in notebook.cells
             if "Your code printed this to stderr while the check ran:\n  debug: call on" in
             "".join(o.get("text", "") for o in cell.get("outputs", []))]
    assert "test_dense_call" in shown
    assert not [o for cell in notebook.cells for o in cell.get("outputs", [])
                if o.get("name") == "stderr"]
    assert graded["scores"][HOSTILE_ON, "stderr_debug"] == _expected(HOSTILE_ON, "full")


def test_the_class_has_every_hostile_student_and_right_and_wrong_ones():
    kinds = [kind for (ps, _), kind in CLASS.items() if ps == HOSTILE_ON]
    assert len([k for k in kinds if k.startswith("hostile_")]) == 13
    for ps in {ps for ps, _ in CLASS}:
        scores = {_expected(ps, kind) for (p, _), kind in CLASS.items() if p == ps}
        assert {0, sum(students.test_points(ps).values())} <= scores, ps
