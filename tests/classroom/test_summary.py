"""classroom/findings.py and classroom/summary.py: what make grade tells the instructor."""

import io

import nbformat

from classroom import findings
from classroom.pool import Result
from classroom.summary import write_summary


def _test_cell(grade_id, *outputs):
    cell = nbformat.v4.new_code_cell("grading.check_call(Dense)")
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True,
                                 "grade_id": grade_id, "points": 1, "schema_version": 3}
    cell.outputs = list(outputs)
    return cell


def test_the_marker_is_the_checks_own():
    from kerasedu.grading import TAMPERING_MARKER

    assert findings.TAMPERING_MARKER == TAMPERING_MARKER


def test_tampering_is_found_by_the_checks_line_or_their_error_in_test_cells_only():
    line = nbformat.v4.new_output("stream", name="stdout",
                                  text=f"x\n{findings.TAMPERING_MARKER}: numpy.allclose\n")
    error = nbformat.v4.new_output("error", ename="TamperingError", evalue="...", traceback=[])
    mention = nbformat.v4.new_output("stream", name="stdout",
                                     text=f"I read '{findings.TAMPERING_MARKER}' somewhere\n")
    answer = nbformat.v4.new_code_cell("print(...)")
    answer.outputs = [line]
    notebook = nbformat.v4.new_notebook(cells=[
        answer, _test_cell("a", line), _test_cell("b", error), _test_cell("c", mention),
        _test_cell("d")])
    assert findings.tampered_cells(notebook) == ["a", "b"]


def test_notes_are_taken_once_without_repeats():
    findings.take()
    findings.note(findings.RESTORED, "ps01: t1 (deleted)")
    findings.note(findings.RESTORED, "ps01: t1 (deleted)")
    findings.note(findings.CELL_TIMEOUT, "ps01: t2")
    assert findings.take() == {findings.RESTORED: ["ps01: t1 (deleted)"],
                               findings.CELL_TIMEOUT: ["ps01: t2"]}
    assert findings.take() == {}


def test_the_summary_lists_each_student_who_needs_a_look_once_per_reason():
    results = [
        Result("ps01", "ann", "graded", 1.0),
        Result("ps01", "ben", "failed", 1.0, "DeadKernelError: Kernel died"),
        Result("ps01", "cid", "timed out", 300.0, "over the 300 s limit per student"),
        Result("ps01", "dee", "graded", 1.0, findings={
            findings.TAMPERING: ["ps01: test_a", "ps01: test_b"],
            findings.RESTORED: ["ps01: test_c (deleted)"]}),
        Result("ps02", "dee", "graded", 1.0, findings={findings.CELL_TIMEOUT: ["extra: cell 3"]}),
        Result("ps02", "eve", "graded", 1.0, findings={findings.UNSANDBOXED: ["no bubblewrap"]}),
    ]
    out = io.StringIO()
    write_summary(results, out)
    assert out.getvalue().splitlines() == [
        "Summary: 4 graded, 1 failed, 1 timed out",
        "  could not be graded: ben (ps01): DeadKernelError: Kernel died",
        "  timed out: cid (ps01): over the 300 s limit per student",
        "  tampering detected: dee (ps01): test_a; test_b",
        "  test cells restored: dee (ps01): test_c (deleted)",
        "  cells stopped at the time limit: dee (ps02): extra: cell 3",
        "  unsandboxed: eve (ps02): no bubblewrap",
        "WARNING: 1 student was graded UNSANDBOXED (no bubblewrap). Their code ran with your "
        "permissions: able to read solutions/ and the gradebook, change any file you can, and "
        "leave processes running. See 'The grading sandbox' in the instructor guide.",
    ]


def test_when_no_one_was_sandboxed_the_warning_stands_alone():
    results = [Result("ps01", name, "graded", 1.0, findings={findings.UNSANDBOXED: ["off"]})
               for name in ("ann", "ben")]
    out = io.StringIO()
    write_summary(results, out)
    assert "unsandboxed: " not in out.getvalue()
    assert "WARNING: 2 students were graded UNSANDBOXED (off)." in out.getvalue()
