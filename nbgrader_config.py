# nbgrader configuration for the kerasedu course. Run nbgrader commands from this directory.
#
#   solutions/<ps>/   instructor notebooks with solutions and hidden tests (nbgrader's source)
#   exercises/<ps>/   student notebooks generated from them, committed (nbgrader's release)
#   submitted/<student>/<ps>/   collected work, graded by `make grade`
import importlib.util
import os
import sys

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

# Grading's own parts live in classroom/, in the repository: next to this file, or next to
# kerasedu when it is installed from the repository (pip install -e .) and the course is
# elsewhere. Without them, nbgrader grades as it comes (make grade always uses them).
_places = [os.path.dirname(os.path.abspath(__file__)),
           os.path.dirname(os.path.dirname(importlib.util.find_spec("kerasedu").origin))]
_repository = next((p for p in _places if os.path.isfile(os.path.join(p, "classroom",
                                                                        "kernel.py"))), None)
if _repository is not None and _repository not in sys.path:
    sys.path.insert(0, _repository)

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
# A test cell a student deleted, edited, converted or re-typed is put back as the instructor
# wrote it before grading, and listed in make grade's summary (classroom/restore.py).
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "kerasedu.grading.nbgrader_fixes.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    *(["classroom.restore.RestoreCells"] if _repository else []),
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Each student's kernel runs in a sandbox (bubblewrap): it sees only its own submission and a
# read-only Python environment with kerasedu, cannot reach the gradebook, solutions/, other
# students' work or the network, has memory, CPU and process limits, and every process it
# starts ends with it. Where no sandbox can start, grading goes on unsandboxed and says so
# ("on" refuses instead, "off" never tries). A cell stopped at the time limit tells the student
# so, in words. The rest is nbgrader's default. See classroom/execute.py, classroom/kernel.py
# and the instructor guide.
c.SandboxedKernelManager.sandbox = "auto"
c.Autograde.autograde_preprocessors = [
    "classroom.execute.SandboxedExecute" if _repository else "nbgrader.preprocessors.Execute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# kerasedu.grading is imported before any student cell runs, so that its checks hold their own
# references to what they rely on. The kernel keeps no command history on disk.
c.Execute.extra_arguments = [
    "--IPKernelApp.exec_lines=import kerasedu.grading",
    "--HistoryManager.hist_file=:memory:",
]

# Feedback leaves the hidden tests out: nbgrader's own feedback step shows them to the student,
# in the test cells and in the tracebacks (see kerasedu/grading/feedback.py).
from kerasedu.grading.feedback import FEEDBACK_PREPROCESSORS  # noqa: E402

c.GenerateFeedback.preprocessors = FEEDBACK_PREPROCESSORS
