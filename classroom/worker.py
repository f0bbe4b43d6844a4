"""A grading worker: one process that imports nbgrader once and grades students one by one.

classroom/grade.py starts one worker per core. Importing nbgrader takes about four seconds,
which is as long as grading a student of problem set 1, so a new ``nbgrader autograde``
process for each student would spend half the time starting up. A worker pays that once and
then grades each student it is given with nbgrader's own Python API (``NbGraderAPI.autograde``,
what the formgrader's Autograde button runs): every notebook still runs in a kernel of its own,
with nbgrader's per-cell time limit, and each student's scores go to a gradebook of their own,
which grade.py merges into the course's gradebook.

The protocol is one JSON object per line: the worker writes ``{"ready": true}`` once nbgrader is
imported, then reads a task per line from stdin ``{"ps", "student", "db", "feedback"}`` and
answers each on its own line ``{"status", "seconds", "error"}``, where status is "graded" or
"failed". Everything else the worker or nbgrader prints goes to stderr, which grade.py sends
to a log file.
"""

import json
import os
import re
import sys
import time
import traceback


def nbgrader_api(root):
    """An NbGraderAPI for the course in ``root``, configured as the nbgrader command run there
    would be (nbgrader_config.py files on Jupyter's config path, then the one in ``root``),
    with feedback that leaves out the hidden tests unless the configuration says otherwise."""
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.apps.baseapp import NbGrader
    from nbgrader.utils import chdir

    from kerasedu.grading.feedback import FEEDBACK_PREPROCESSORS

    with chdir(str(root)):
        app = NbGrader()
        app.load_config_file()
    config = app.config
    config.CourseDirectory.root = str(root)
    if "preprocessors" not in config.GenerateFeedback:
        config.GenerateFeedback.preprocessors = FEEDBACK_PREPROCESSORS
    return NbGraderAPI(config=config)


def _reason(result):
    """Why nbgrader could not grade: the first exception named in its log (a dead kernel, a
    cell that ignored the interrupt), rather than its closing "see the above traceback"."""
    text = (result.get("log") or "") + "\n" + (result.get("error") or "")
    causes = [line.strip() for line in text.splitlines()
              if re.match(r"\s*[\w.]+(Error|Exception|Interrupt): ", line)
              and "NbGraderException" not in line]
    lines = text.strip().splitlines()
    return causes[0] if causes else (lines[-1] if lines else "")


def grade(api, ps, student, db, feedback=True):
    """Autograde one student's submission into the gradebook ``db`` (a path), then write
    their feedback. Returns the reply described in the module docstring; nbgrader's log goes
    to stderr."""
    start = time.monotonic()
    api.coursedir.db_url = f"sqlite:///{db}"
    steps = [("autograde", api.autograde(ps, student, force=True, create=True))]
    if steps[0][1]["success"] and feedback:
        steps.append(("generate_feedback", api.generate_feedback(ps, student, force=True)))
    status, error = "graded", ""
    for step, result in steps:
        sys.stderr.write(f"== {step} {ps} {student}\n{result.get('log', '')}"
                         f"{result.get('error', '')}")
        if not result["success"]:
            prefix = "" if step == "autograde" else "feedback: "
            status, error = "failed", prefix + _reason(result)
    return {"status": status, "seconds": time.monotonic() - start, "error": error}


def serve(root):
    """Answer tasks from stdin until it closes."""
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints go to the log
    os.chdir(root)
    api = nbgrader_api(root)
    replies.write(json.dumps({"ready": True}) + "\n")
    for line in sys.stdin:
        task = json.loads(line)
        try:
            reply = grade(api, **task)
        except Exception:  # a bug here must not take the other students down with it
            reply = {"status": "failed", "seconds": 0.0,
                     "error": traceback.format_exc().strip().splitlines()[-1]}
            traceback.print_exc()
        replies.write(json.dumps(reply) + "\n")
