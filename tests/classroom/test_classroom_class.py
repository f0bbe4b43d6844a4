"""A simulated class graded end to end through ``make grade``'s code path, with the sandbox on.

The class: every kind of simulated student of every problem set that has some
(classroom/students/), the hostile students of classroom/students/hostile.py on problem set 1,
and, graded after them, a right, a blank and a wrong student who must be unaffected by them.
Of each problem set's students it takes the right answers written every way, the blank
notebook, the debug print to stderr and the mistakes of :data:`MISTAKES`, to keep the class
within minutes.
Each student's code score is asserted exactly; so is what the summary says of them; the course
and kerasedu are hashed before and after and must be unchanged; nothing the students started is
left running, and nothing they copied is left in /tmp.

First, a few students whose notebooks run the recurrent kernels are graded from an empty numba
cache and again from the warm one: the scores must be the same (compiling happens before any
student runs, never inside a student's cell).
"""

import hashlib
import io
import os
import re
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

REPO = Path(__file__).resolve().parents[2]
CELL_TIMEOUT = 30
HOSTILE_ON = "ps01_layers"
AFTER = {"zz_full_after_hostile": "full", "zz_blank_after_hostile": "blank",
         "zz_wrong_after_hostile": "no_activation"}
OUTPUTS = ("autograded", "feedback", "gradebook.db", "grades.csv")


def _problem_sets():
    modules = REPO / "classroom" / "students"
    return sorted(path.stem for path in modules.glob("ps*.py"))


# Besides the right answers written each way, the blank notebook and the debug print to
# stderr, the mistakes issue 16 reported (and ones like them), so the class fits in minutes;
# tests/nbgrader/test_students.py grades every kind of student with nbgrader alone.
MISTAKES = {
    "ps01_layers": ("no_bias_added", "transposed_kernel", "rank2_shape", "endless_call",
                    "kernel_death"),
    "ps02_shapes": ("same_floors", "count_builds_the_layer"),
    "ps03_custom_layers": ("frozen_bn_trainable_in_call",),
    "ps04_merge": ("dot_normalized_along_last_axis",),
    "ps05_training": ("adam_textbook", "training_past_the_time_limit"),
    "ps06_sequences": ("cell_transposed_kernel", "cell_ignores_state"),
}


def _chosen(ps, kind):
    return (kind.startswith(("full", "stderr", "hostile_")) or kind == "blank"
            or kind in MISTAKES.get(ps, ()))


def _class():
    """{(ps, student): kind} of the whole class."""
    students = {}
    for ps in _problem_sets():
        for kind in simulate.kinds(ps, with_hostile=ps == HOSTILE_ON):
            if _chosen(ps, kind):
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


# --- the same students from an empty numba cache and from a warm one ----------------------

RECURRENT = {("ps06_sequences", kind): kind for kind in simulate.kinds("ps06_sequences")
             if kind in ("full", "full_state_size_list", "cell_transposed_kernel", "blank")}


@pytest.fixture(scope="module")
def cold_and_warm(tmp_path_factory):
    _require_sandbox()
    base = tmp_path_factory.mktemp("cold")
    cache = cache_folder()
    if cache.exists() and any(cache.rglob("*.nbi")):   # warm already: start from nothing
        cache = base / "numba-cache"
    runs = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KERASEDU_GRADING_CACHE", str(cache))
        for run in ("cold", "warm"):
            course = simulate.make_course(base / run, ["ps06_sequences"],
                                          cell_timeout=CELL_TIMEOUT)
            for (ps, student), kind in RECURRENT.items():
                simulate.hand_in(course, {student: kind}, ps)
            start = time.monotonic()
            out = io.StringIO()
            grade_class(course, jobs=2, sandbox="on", out=out)
            runs[run] = {"scores": _scores_of(course, RECURRENT), "out": out.getvalue(),
                         "seconds": time.monotonic() - start}
    return runs


def _scores_of(course, students):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return {key: gradebook.find_submission(key[0], key[1]).code_score for key in students}


@pytest.mark.slow
def test_a_cold_cache_grades_exactly_as_a_warm_one(cold_and_warm):
    cold, warm = cold_and_warm["cold"], cold_and_warm["warm"]
    assert cold["scores"] == warm["scores"] == {
        key: _expected(key[0], kind) for key, kind in RECURRENT.items()}
    for run in (cold, warm):
        assert "cells stopped at the time limit" not in run["out"], run["out"]


# --- the whole class -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    _require_sandbox()
    course = simulate.make_course(tmp_path_factory.mktemp("class") / "course",
                                  sorted({ps for ps, _ in CLASS}), cell_timeout=CELL_TIMEOUT)
    for (ps, student), kind in CLASS.items():
        simulate.hand_in(course, {student: kind}, ps)
    stolen = set(Path("/tmp").glob("kerasedu-stolen-*"))
    before = {"course": _hashes(course), "kerasedu": _hashes(REPO / "kerasedu")}
    out = io.StringIO()
    start = time.monotonic()
    results = grade_class(course, jobs=2, sandbox="on", out=out)
    seconds = time.monotonic() - start
    return {"course": course, "out": out.getvalue(), "seconds": seconds, "before": before,
            "results": {(r.ps, r.student): r for r in results},
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


def test_the_class_has_every_hostile_student_and_right_and_wrong_ones():
    kinds = [kind for (ps, _), kind in CLASS.items() if ps == HOSTILE_ON]
    assert len([k for k in kinds if k.startswith("hostile_")]) == 13
    for ps in {ps for ps, _ in CLASS}:
        scores = {_expected(ps, kind) for (p, _), kind in CLASS.items() if p == ps}
        assert {0, sum(students.test_points(ps).values())} <= scores, ps
