"""Test cells put back as the instructor wrote them, before a student's notebook is graded.

A student can delete a test cell, edit it, convert it to Markdown, change its nbgrader
metadata (its points, its grade_id, or whether it is graded at all), or delete it and type its
visible part again in a cell of their own. nbgrader 0.9 restores the source of an edited cell
and the type of a converted one, from the gradebook; a deleted cell it leaves out unless
``OverwriteCells.add_missing_cells`` is set, and then it gives an error for a cell whose
neighbour is not a graded one (every test cell here follows a locked one) and adds the
instructor's answer back into a deleted written-answer cell. A test cell left out scores 0, so
a student who deleted the test cells of correct code got nothing for it, reported as graded.

:class:`RestoreCells`, a step of autograde's sanitizing named in the course's
nbgrader_config.py (before nbgrader's OverwriteCells, which then finds nothing left to do),
puts back every locked cell of the instructor's notebook (the test cells, with their hidden
tests, and the locked code and text around them) as the gradebook holds it:

* a cell that is missing is inserted after the nearest cell that precedes it in the
  instructor's notebook and is still there;
* a locked cell whose type, source or nbgrader metadata changed gets them back;
* any cell's nbgrader metadata is reset to the gradebook's (so an answer cell cannot be
  turned into a graded one), and metadata naming a cell the gradebook does not know is removed
  (the cell still runs, ungraded).

Answer cells are the student's own and are never restored. Each restored test or locked code
cell is logged and noted for the instructor's summary (classroom/findings.py).
"""

import os

import nbformat
from nbgrader.api import Gradebook
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor

from . import findings


def _grade_id(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id")


class RestoreCells(NbGraderPreprocessor):
    """Put back deleted, edited, converted and re-typed locked cells (see module docstring)."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        notebook_id, assignment_id = info["notebook"], info["assignment"]
        hidden = ClearHiddenTests(config=self.config)
        with Gradebook(info["db_url"]) as gradebook:
            source = gradebook.find_notebook(notebook_id, assignment_id)
            self._cells = {c.name: _Canonical(c, hidden) for c in source.source_cells}
            for cell in source.grade_cells:
                self._cells[cell.name].points = float(cell.max_score)
            for cell in source.solution_cells:
                self._cells[cell.name].solution = True
        self._restored = []
        for cell in nb.cells:
            self._check(cell)
        self._insert_missing(nb, self._order(assignment_id, notebook_id))
        for grade_id, how in self._restored:
            self.log.warning("%s: cell %s was restored from the gradebook (%s)",
                             notebook_id, grade_id, how)
            findings.note(findings.RESTORED, f"{notebook_id}: {grade_id} ({how})")
        return nb, resources

    def _check(self, cell):
        grade_id = _grade_id(cell)
        if grade_id is None:
            return
        canonical = self._cells.get(grade_id)
        if canonical is None:
            del cell.metadata["nbgrader"]
            return
        changes = []
        if cell.metadata["nbgrader"] != {**cell.metadata["nbgrader"], **canonical.metadata()}:
            changes.append("its nbgrader metadata was changed")
        cell.metadata["nbgrader"].update(canonical.metadata())
        if canonical.locked:
            if cell.cell_type != canonical.cell_type:
                changes.append(f"converted to {cell.cell_type}")
                _set_type(cell, canonical.cell_type)
            if cell.source not in (canonical.source, canonical.released_source):
                changes.append("edited")
                cell.source = canonical.source
        if changes and canonical.reported:
            self._restored.append((grade_id, ", ".join(changes)))

    def _order(self, assignment_id, notebook_id):
        """grade_ids in the order of the instructor's notebook; the gradebook's order when
        that notebook cannot be read."""
        coursedir = CourseDirectory(config=self.config)
        path = os.path.join(coursedir.format_path(coursedir.source_directory, ".", assignment_id),
                            f"{notebook_id}.ipynb")
        try:
            ordered = [_grade_id(c) for c in nbformat.read(path, as_version=4).cells]
        except (OSError, ValueError):
            ordered = []
        ordered = [name for name in ordered if name in self._cells]
        return ordered + [name for name in self._cells if name not in ordered]

    def _insert_missing(self, nb, order):
        present = {_grade_id(c): c for c in nb.cells if _grade_id(c) is not None}
        taken_ids = {c.get("id") for c in nb.cells}
        for position, grade_id in enumerate(order):
            canonical = self._cells[grade_id]
            if grade_id in present or not canonical.locked:
                continue
            cell = canonical.new_cell(taken_ids)
            if nb.nbformat_minor < 5:  # cell ids came with nbformat 4.5
                cell.pop("id")
            before = next((present[name] for name in reversed(order[:position])
                           if name in present), None)
            index = 0 if before is None else next(
                i for i, c in enumerate(nb.cells) if c is before) + 1
            nb.cells.insert(index, cell)
            present[grade_id] = cell
            if canonical.reported:
                self._restored.append((grade_id, "deleted"))


class _Canonical:
    """A cell as the gradebook holds it."""

    def __init__(self, source_cell, hidden_tests):
        self.name = source_cell.name
        self.cell_type = source_cell.cell_type
        self.source = source_cell.source
        released = nbformat.v4.new_code_cell(source_cell.source)
        hidden_tests._remove_hidden_test_region(released)
        self.released_source = released.source   # as students received it
        self.locked = source_cell.locked
        self.points = None
        self.solution = False

    @property
    def reported(self):
        """Worth a line in the instructor's summary: test cells and locked code."""
        is_test = self.points is not None and not self.solution
        return is_test or (self.locked and self.cell_type == "code")

    def metadata(self):
        data = {"grade": self.points is not None, "solution": self.solution,
                "locked": self.locked, "grade_id": self.name, "schema_version": 3}
        if self.points is not None:
            data["points"] = self.points
        return data

    def new_cell(self, taken_ids):
        make = nbformat.v4.new_code_cell if self.cell_type == "code" else (
            nbformat.v4.new_markdown_cell)
        cell = make(self.source)
        cell.metadata["nbgrader"] = self.metadata()
        cell.metadata.update(editable=False, deletable=False)
        if self.name not in taken_ids:
            cell["id"] = self.name
        taken_ids.add(cell.get("id"))
        return cell


def _set_type(cell, cell_type):
    """Turn ``cell`` into a cell of ``cell_type``, with the fields that type has."""
    cell.cell_type = cell_type
    if cell_type == "code":
        cell.setdefault("outputs", [])
        cell.setdefault("execution_count", None)
    else:
        cell.pop("outputs", None)
        cell.pop("execution_count", None)
