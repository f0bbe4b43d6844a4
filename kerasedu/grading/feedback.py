"""Feedback without the hidden tests (named in nbgrader_config.py; needs nbgrader installed).

nbgrader writes a student's feedback from their autograded notebook, in which autograde has put
the hidden tests back: by default a student reads every hidden check in the feedback, in the
test cells' code and again in the tracebacks of the checks that failed. Hidden tests exist so
that a student's code has to be right for inputs they have not seen, so they must stay hidden
after grading too, and from one problem set to the next year's class.

:class:`HideHiddenTests` takes them out: it removes the ``### BEGIN HIDDEN TESTS`` ...
``### END HIDDEN TESTS`` region from each test cell, as nbgrader does when it makes the student
version, and shortens the error output of such a cell to its last line, the error and the
message that kerasedu.grading wrote for the student. Scores are not affected: feedback is made
from the gradebook after grading. The course's nbgrader_config.py puts it into nbgrader's
feedback step (:data:`FEEDBACK_PREPROCESSORS`), for ``nbgrader generate_feedback``, the
formgrader's button and ``make grade`` alike.
"""

from nbgrader.preprocessors import ClearHiddenTests


class HideHiddenTests(ClearHiddenTests):
    """nbgrader's ClearHiddenTests, which also leaves only the error line of a hidden test's
    traceback."""

    def preprocess_cell(self, cell, resources, cell_index):
        had_hidden_tests = (cell.cell_type == "code"
                            and self.begin_test_delimeter in cell.source)
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if had_hidden_tests:
            for output in cell.get("outputs", []):
                if output.output_type == "error":
                    output.traceback = [f"{output.ename}: {output.evalue}"]
        return cell, resources


# nbgrader's GenerateFeedback.preprocessors with HideHiddenTests added after GetGrades.
FEEDBACK_PREPROCESSORS = [
    "nbgrader.preprocessors.GetGrades",
    "kerasedu.grading.feedback.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
