"""A grading worker: one process that imports nbgrader once and grades students one by one.

classroom/grade.py starts one worker per core. Importing nbgrader takes about four seconds,
which is as long as grading a student of problem set 1, so a new ``nbgrader autograde``
process for each student would spend half the time starting up. A worker pays that once and
then grades each student it is given with nbgrader's own Python API (``NbGraderAPI.autograde``,
what the formgrader's Autograde button runs): every notebook still runs in a kernel of its own,
with nbgrader's per-cell time limit, and each student's scores go to a gradebook of their own,
which grade.py merges into the course's gradebook.

The worker is part of the grader, not of the student: nbgrader, the student's gradebook copy and
the graded notebook (with its hidden tests) live in this process, and the student's code runs
in a kernel inside a sandbox (classroom/kernel.py), which reaches none of them. It grades with
the course's nbgrader_config.py, making sure that the kernel is sandboxed and that test cells
are restored even if that file does not say so (:func:`grading_steps`), and with the settings
grade.py gives it (sandbox mode, limits, the warmed numba cache).

The protocol is one JSON object per line: the worker writes ``{"ready": true}`` once nbgrader is
imported, then reads a task per line from stdin ``{"ps", "student", "db", "feedback",
"settings"}`` and
answers each on its own line ``{"status", "seconds", "error", "findings"}``, where status is
"graded" or "failed" and findings says what the instructor should hear of (classroom/findings.py:
no sandbox, restored test cells, cells stopped at the time limit, tampering detected).
Everything else the worker or nbgrader prints goes to stderr, which grade.py sends to a log
file.
"""

import glob
import json
import os
import re
import sys
import time
import traceback

import nbformat

from . import findings

# nbgrader's steps that grading replaces with classroom's, and what replaces them.
SANDBOXED_EXECUTE = "classroom.execute.SandboxedExecute"
RESTORE_CELLS = "classroom.restore.RestoreCells"
IMPORT_CHECKS_FIRST = "--IPKernelApp.exec_lines=import kerasedu.grading"


def grading_steps(config):
    """Make autograde run kernels sandboxed, importing kerasedu.grading first, and restore test
    cells, whatever the course's nbgrader_config.py says (an older copy may name nbgrader's own
    steps)."""
    from nbgrader.converters import Autograde

    def names(steps):
        return [s if isinstance(s, str) else f"{s.__module__}.{s.__name__}" for s in steps]

    run = names(config.Autograde.get("autograde_preprocessors",
                                     Autograde.autograde_preprocessors.default_value))
    config.Autograde.autograde_preprocessors = [
        SANDBOXED_EXECUTE if name.rsplit(".", 1)[-1] == "Execute" else name for name in run]
    sanitize = names(config.Autograde.get("sanitize_preprocessors",
                                          Autograde.sanitize_preprocessors.default_value))
    if RESTORE_CELLS not in sanitize:
        at = next((i for i, n in enumerate(sanitize) if n.endswith("OverwriteCells")),
                  len(sanitize))
        sanitize.insert(at, RESTORE_CELLS)
    config.Autograde.sanitize_preprocessors = sanitize
    arguments = list(config.Execute.get("extra_arguments", []))
    if IMPORT_CHECKS_FIRST not in arguments:
        config.Execute.extra_arguments = arguments + [IMPORT_CHECKS_FIRST]


def nbgrader_api(root, settings=None):
    """An NbGraderAPI for the course in ``root``, configured as the nbgrader command run there
    would be (nbgrader_config.py files on Jupyter's config path, then the one in ``root``),
    with feedback that leaves out the hidden tests unless the configuration says otherwise.
    With ``settings`` from grade.py, it grades as grade.py asks (see the module docstring)."""
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
    if settings is not None:
        grading_steps(config)
        kernels = config.SandboxedKernelManager
        kernels.sandbox = settings["sandbox"]
        kernels.numba_cache = settings["numba_cache"]
        kernels.warm_up = False   # grade.py has compiled everything
        limits = settings["limits"]
        kernels.memory_limit, kernels.cpu_time_limit = limits["memory"], limits["cpu_seconds"]
        kernels.process_limit, kernels.tmp_size = limits["processes"], limits["tmp_size"]
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


def _tampering(api, ps, student):
    """Tampering noted by the checks, in the student's graded notebooks."""
    folder = api.coursedir.format_path(api.coursedir.autograded_directory, student, ps)
    for path in sorted(glob.glob(os.path.join(folder, "*.ipynb"))):
        name = os.path.splitext(os.path.basename(path))[0]
        for grade_id in findings.tampered_cells(nbformat.read(path, as_version=4)):
            findings.note(findings.TAMPERING, f"{name}: {grade_id}")


def grade(api, ps, student, db, feedback=True):
    """Autograde one student's submission into the gradebook ``db`` (a path), then write
    their feedback. Returns the reply described in the module docstring; nbgrader's log goes
    to stderr."""
    start = time.monotonic()
    findings.take()
    api.coursedir.db_url = f"sqlite:///{db}"
    steps = [("autograde", api.autograde(ps, student, force=True, create=True))]
    if steps[0][1]["success"]:
        _tampering(api, ps, student)
    if steps[0][1]["success"] and feedback:
        steps.append(("generate_feedback", api.generate_feedback(ps, student, force=True)))
    status, error = "graded", ""
    for step, result in steps:
        sys.stderr.write(f"== {step} {ps} {student}\n{result.get('log', '')}"
                         f"{result.get('error', '')}")
        if not result["success"]:
            prefix = "" if step == "autograde" else "feedback: "
            status, error = "failed", prefix + _reason(result)
    return {"status": status, "seconds": time.monotonic() - start, "error": error,
            "findings": findings.take()}


def serve(root):
    """Answer tasks from stdin until it closes."""
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints go to the log
    os.chdir(root)
    apis = {}
    nbgrader_api(root)  # imports nbgrader before saying it is ready
    replies.write(json.dumps({"ready": True}) + "\n")
    for line in sys.stdin:
        task = json.loads(line)
        settings = task.pop("settings", None)
        key = json.dumps(settings, sort_keys=True)
        try:
            if key not in apis:
                apis[key] = nbgrader_api(root, settings)
            reply = grade(apis[key], **task)
        except Exception:  # a bug here must not take the other students down with it
            reply = {"status": "failed", "seconds": 0.0, "findings": findings.take(),
                     "error": traceback.format_exc().strip().splitlines()[-1]}
            traceback.print_exc()
        replies.write(json.dumps(reply) + "\n")
