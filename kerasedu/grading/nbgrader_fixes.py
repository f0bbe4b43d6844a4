"""A fix for nbgrader's autograde, named in nbgrader_config.py (needs nbgrader installed).

When a student duplicates a test or answer cell, nbgrader 0.9.6's ``DeduplicateIds`` keeps the
last copy and empties the nbgrader metadata of the others (``{}``). The metadata check that runs
next reads an empty dict as schema version 0, raises ``SchemaTooOldError``, and autograde stops
with "One or more notebooks ... use an old version of the nbgrader metadata format" — for that
student and for every student graded after them.

:class:`DeduplicateIds` removes the copies' nbgrader metadata instead of emptying it, so a copy
runs as an ordinary cell and the student is graded on the cell that nbgrader kept (its test cells
are restored from the gradebook as usual).
"""

from nbgrader import utils
from nbgrader.preprocessors import DeduplicateIds as _NbgraderDeduplicateIds


class DeduplicateIds(_NbgraderDeduplicateIds):
    """nbgrader's DeduplicateIds, leaving duplicated cells without nbgrader metadata."""

    def preprocess_cell(self, cell, resources, cell_index):
        if not (utils.is_grade(cell) or utils.is_solution(cell) or utils.is_locked(cell)):
            return cell, resources
        grade_id = cell.metadata.nbgrader["grade_id"]
        if grade_id in self.grade_ids:
            self.log.warning("Cell with id '%s' exists multiple times! Grading the last copy; "
                             "the others run as ordinary cells.", grade_id)
            del cell.metadata["nbgrader"]
        else:
            self.grade_ids.add(grade_id)
        return cell, resources
