# nbgrader configuration for the kerasedu course. Run nbgrader commands from this directory.
#
#   solutions/<ps>/   instructor notebooks with solutions and hidden tests (nbgrader's source)
#   exercises/<ps>/   student notebooks generated from them, committed (nbgrader's release)
#   submitted/<student>/<ps>/   collected work, graded by `make grade`
c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "kerasedu"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"

# Each cell gets 30 seconds. A cell that runs longer is interrupted and scored 0, and
# grading goes on, so one endless loop never stops the class's grading.
c.Execute.timeout = 30
c.Execute.interrupt_on_timeout = True

# A student who duplicates a test or answer cell must not stop the class's grading. nbgrader
# 0.9.6 empties the nbgrader metadata of the copy, then rejects the emptied metadata as an old
# format and aborts autograde for every student after that one; kerasedu's DeduplicateIds
# removes it instead (see kerasedu/grading/nbgrader_fixes.py). The rest is nbgrader's default.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "kerasedu.grading.nbgrader_fixes.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Feedback leaves the hidden tests out: nbgrader's own feedback step shows them to the student,
# in the test cells and in the tracebacks (see kerasedu/grading/feedback.py).
from kerasedu.grading.feedback import FEEDBACK_PREPROCESSORS  # noqa: E402

c.GenerateFeedback.preprocessors = FEEDBACK_PREPROCESSORS
