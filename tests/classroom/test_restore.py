"""classroom/restore.py: test cells come back as the instructor wrote them, whatever was done.

A gradebook is filled from problem set 1 as ``make grade`` fills it; the released notebook is
then damaged in every way a student can, and RestoreCells, followed by nbgrader's own
OverwriteCells and CheckCellMetadata as the course's configuration runs them, must give back a
notebook whose locked cells are the instructor's, in the instructor's order, with the student's
answers and extra cells untouched, and must say what it restored.
"""

import copy

import nbformat
import pytest

from classroom import findings, simulate
from classroom.restore import RestoreCells
from classroom.students import DELETE, Replace, grade_id

PS = simulate.PS


@pytest.fixture(scope="module")
def gradebook(tmp_path_factory):
    from classroom.worker import nbgrader_api

    course = simulate.make_course(tmp_path_factory.mktemp("restore") / "course")
    api = nbgrader_api(course)
    api.coursedir.release_directory = str(course / "release")
    assert api.generate_assignment(PS, force=True)["success"]
    return {"course": course, "db_url": api.coursedir.db_url, "config": api.config}


def _sanitize(gradebook, notebook):
    """RestoreCells, then nbgrader's OverwriteCells and CheckCellMetadata, as autograde does."""
    from nbgrader.preprocessors import CheckCellMetadata, OverwriteCells
    from nbgrader.utils import chdir

    resources = {"nbgrader": {"notebook": PS, "assignment": PS,
                              "db_url": gradebook["db_url"]}}
    findings.take()
    with chdir(str(gradebook["course"])):
        for step in (RestoreCells, OverwriteCells, CheckCellMetadata):
            notebook, resources = step(config=gradebook["config"]).preprocess(notebook,
                                                                               resources)
    return notebook, findings.take()


def _locked(notebook):
    """(grade_id, cell_type, source) of the locked cells, in order."""
    return [(grade_id(c), c.cell_type, c.source) for c in notebook.cells
            if c.metadata.get("nbgrader", {}).get("locked")]


def _instructor():
    return _locked(simulate.read("solutions", PS))


def _released(cell_id):
    return next(c.source for c in simulate.read("exercises", PS).cells
                if grade_id(c) == cell_id)


def test_an_untouched_notebook_is_graded_as_it_is(gradebook):
    notebook, found = _sanitize(gradebook, simulate.submission("full"))
    assert found == {}
    assert _locked(notebook) == _instructor()


def test_every_kind_of_damage_is_undone_and_reported(gradebook):
    tests = list(simulate.test_points(PS))
    changes = {**simulate.solution_code(PS),
               tests[0]: DELETE, tests[1]: DELETE,                  # two in a row
               tests[2]: "pass  # my test",                         # edited
               tests[3]: Replace("my notes", "markdown"),           # converted
               tests[4]: Replace("print('typed again')", "code", None),   # re-typed
               tests[5]: Replace(_released(tests[5]), "code", {"points": 100}),  # worth more
               tests[6]: Replace("pass", "code", {"grade_id": "my_own_test"}),  # renamed
               "imports": DELETE,                                   # a locked code cell
               "activation_impl": Replace(simulate.solution_code(PS)["activation_impl"],
                                          "code", {"grade": True, "points": 50})}
    notebook, found = _sanitize(gradebook, simulate.submission((lambda code: changes, (), "")))
    assert _locked(notebook) == _instructor()
    assert found == {findings.RESTORED: [
        f"{PS}: {tests[2]} (edited)", f"{PS}: {tests[3]} (converted to markdown, edited)",
        f"{PS}: {tests[5]} (its nbgrader metadata was changed)",
        f"{PS}: imports (deleted)", f"{PS}: {tests[0]} (deleted)", f"{PS}: {tests[1]} (deleted)",
        f"{PS}: {tests[4]} (deleted)", f"{PS}: {tests[6]} (deleted)"]}
    answer = next(c for c in notebook.cells if grade_id(c) == "activation_impl")
    assert answer.source == simulate.solution_code(PS)["activation_impl"]
    assert not answer.metadata["nbgrader"]["grade"]
    sources = [c.source for c in notebook.cells]
    assert "print('typed again')" in sources and "pass" in sources   # still run, ungraded
    assert sum(grade_id(c) == tests[4] for c in notebook.cells) == 1


def test_a_deleted_test_cell_comes_back_right_after_what_preceded_it(gradebook):
    tests = list(simulate.test_points(PS))
    notebook = simulate.submission((lambda code: {**code, tests[1]: DELETE}, (), ""))
    order = [grade_id(c) for c in notebook.cells]
    restored, _ = _sanitize(gradebook, copy.deepcopy(notebook))
    at = order.index(tests[0]) + 1
    assert [grade_id(c) for c in restored.cells] == order[:at] + [tests[1]] + order[at:]
    assert restored.cells[at].metadata.editable is False
    assert restored.cells[at].id == tests[1]
    nbformat.validate(restored)
