"""Simulated students: kinds of submissions with known scores, to rehearse and test grading.

Each problem set has a module here named after it (``ps01_layers.py``, ...) whose ``KINDS``
maps a kind of student to ``(edit, failing, why)``:

* ``edit(code)`` receives ``{grade_id: source}`` of the instructor's answer cells (code, and
  written answers in Markdown, without the ``### BEGIN/END SOLUTION`` lines) and returns the
  cells it changes, by grade_id: a new source (a string), :data:`DELETE` to delete the cell,
  or a :class:`Replace` to change its type or nbgrader metadata as well. Cells it does not
  return stay as released (answer cells raise NotImplementedError);
* ``failing`` is the tuple of test-cell grade_ids the notebook fails (``()`` for full marks),
  or None when nbgrader cannot grade it;
* ``why`` says in words what the student did.

``hostile.py`` holds students who attack grading itself; they apply to any problem set, so its
``kinds(ps)`` builds their KINDS for one. classroom/simulate.py turns kinds into submissions.

The functions below read a problem set's notebooks, for the kinds and for the tests.
"""

import re
from pathlib import Path
from typing import NamedTuple

import nbformat

REPO = Path(__file__).resolve().parents[2]

DELETE = "delete this cell"
KEEP = "keep"


class Replace(NamedTuple):
    """A cell's new source, type and nbgrader metadata (None removes it; KEEP keeps it)."""

    source: str
    cell_type: str = "code"
    nbgrader: object = KEEP


def grade_id(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def read(folder, ps):
    """The notebook ``ps`` in ``folder`` ("solutions" or "exercises") of the repository."""
    return nbformat.read(REPO / folder / ps / f"{ps}.ipynb", as_version=4)


def solution_code(ps):
    """{grade_id: source} of every answer cell of the instructor notebook (code, and written
    answers in Markdown), with the ``### BEGIN SOLUTION`` / ``### END SOLUTION`` lines taken
    out, in the notebook's order."""
    return {grade_id(c): re.sub(r"^\s*### (BEGIN|END) SOLUTION\n", "", c.source, flags=re.M)
            for c in read("solutions", ps).cells
            if c.metadata.get("nbgrader", {}).get("solution")}


def code_answers(ps):
    """grade_ids of the answer cells that hold code, in the notebook's order."""
    return [grade_id(c) for c in read("solutions", ps).cells
            if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")]


def test_points(ps):
    """{grade_id: points} of every autograded test cell, in the notebook's order."""
    return {grade_id(c): c.metadata["nbgrader"]["points"] for c in read("solutions", ps).cells
            if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")}


def hidden_test_lines(ps):
    """The non-blank lines between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``
    that no visible test has too (what a student must never read)."""
    shown = {line.strip() for cell in read("exercises", ps).cells
             for line in cell.source.splitlines()}
    lines = []
    for cell in read("solutions", ps).cells:
        hidden = False
        for line in cell.source.splitlines():
            if "BEGIN HIDDEN TESTS" in line:
                hidden = True
            elif "END HIDDEN TESTS" in line:
                hidden = False
            elif hidden and line.strip() and line.strip() not in shown:
                lines.append(line.strip())
    return lines
