"""Grade a whole class in parallel: what ``make grade`` runs.

    python -m classroom.grade [PS ...] [--root DIR] [--jobs N] [--student-timeout SECONDS]
                              [--student ID ...] [--no-feedback] [--sandbox auto|on|off]
                              [--memory-limit GB] [--cpu-limit SECONDS]

Run it from the course directory (the repository root, where nbgrader_config.py is), or name
that directory with ``--root``. For every problem set that has submissions in
``submitted/<student>/<ps>/`` (or only those named), it

1. records the problem set in the gradebook, once (nbgrader's generate_assignment, writing the
   student version to a scratch directory so that ``exercises/`` is left alone);
2. compiles every kerasedu kernel into the numba cache grading uses (classroom/kernel_cache.py),
   so that no student's cell spends its time limit compiling, and checks that the sandbox
   starts on this machine (classroom/sandbox.py), saying loudly when it does not;
3. autogrades every student, several at a time: one worker process per core
   (classroom/worker.py), each of which imports nbgrader once and then grades one student after
   another with nbgrader's own autograde. Each notebook runs in a sandboxed kernel of its own
   (classroom/kernel.py), under nbgrader's per-cell time limit (``Execute.timeout`` in
   nbgrader_config.py), with test cells restored first (classroom/restore.py). Each student
   also has a time limit of their own (``--student-timeout``, 5 minutes): past it, the worker
   and every process it started (the kernel included) are killed, the student is reported as
   "timed out", and a fresh worker takes over;
4. writes each student's feedback to ``feedback/<student>/<ps>/``, without the hidden tests
   (kerasedu.grading.feedback, named in the course's nbgrader_config.py);

then exports every score to ``grades.csv`` and prints a summary (classroom/summary.py): how
many students were graded, failed (nbgrader could not grade the notebook: a dead kernel, a loop
that ignores interrupts) and timed out, and who needs the instructor's attention. The exit
status is 1 when any student was not graded, so that a script notices.

Why a gradebook per student. nbgrader's gradebook is one SQLite file, and autograde writes to
it many times per student (a read, then a commit, per test cell). SQLite lets one process write
at a time; others wait for the lock and, past their wait (5 s in Python's sqlite3), or at once
when two transactions that have both read want to write, fail with "database is locked", which
makes nbgrader give up on that student. Measured on a busy 2-core machine: eight processes
writing one gradebook that way hit it 14 times in 5,600 commits. Rare, but a lost student each
time. Here each student is graded into their own copy of the gradebook, and only this process
writes the course's gradebook: it merges each student's copy as soon as the student is done
(merge_submission). The result is what ``nbgrader autograde`` run sequentially would have
written, score for score. The copies live in a scratch folder of this process's, which no
student's kernel can see: the gradebook is written from what nbgrader recorded of the sandboxed
run, never by a student's code.
"""

import argparse
import logging
import os
import shutil
import sqlite3
import sys
import tempfile
import warnings
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from queue import Queue

from .kernel import sandbox_probe
from .kernel_cache import cache_folder, warm_up
from .pool import Result, Worker, _descendants, kill_tree  # noqa: F401 (for callers)
from .sandbox import Limits
from .summary import Progress, unsandboxed_warning, write_summary

STUDENT_TIMEOUT = 300   # seconds for one student, every notebook of theirs included


def available_cpus():
    """The cores this process may use: its CPU affinity, capped by a cgroup CPU quota (a
    container's CPU limit, as on Kubernetes, where os.cpu_count() gives the node's cores)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS
        cpus = os.cpu_count() or 1
    for files in (("cpu.max",), ("cpu/cpu.cfs_quota_us", "cpu/cpu.cfs_period_us")):  # v2, v1
        try:
            quota, period = " ".join(Path("/sys/fs/cgroup", name).read_text()
                                     for name in files).split()
        except (OSError, ValueError):
            continue
        if quota not in ("max", "-1"):
            cpus = min(cpus, max(1, int(quota) // int(period)))
        break
    return cpus


def find_submissions(root, problem_sets=None, students=None):
    """{ps: [student, ...]} from submitted/<student>/<ps>/, for the problem sets and students
    asked for (all that have submissions when None)."""
    found = {}
    for folder in sorted((Path(root) / "submitted").glob("*/*/")):
        student, ps = folder.parent.name, folder.name
        if (problem_sets is None or ps in problem_sets) and (students is None
                                                             or student in students):
            found.setdefault(ps, []).append(student)
    return found


def merge_submission(source_url, gradebook, ps, student):
    """Copy a student's submission of ``ps`` from the gradebook at ``source_url`` into
    ``gradebook`` (an open nbgrader Gradebook): the student, the submission's timestamp and
    extension, and every grade and comment, automatic and manual. The source is a copy of the
    course's gradebook that autograde wrote for this one student, so afterwards the course's
    gradebook holds what sequential autograde would have written there."""
    from nbgrader.api import Gradebook, MissingEntry
    from sqlalchemy.exc import SAWarning

    with Gradebook(source_url, gradebook.course_id) as source, warnings.catch_warnings():
        # nbgrader's update_or_create_submission makes SQLAlchemy 2 warn about its autoflush;
        # autograde itself gets the same warnings, and they change nothing.
        warnings.simplefilter("ignore", SAWarning)
        try:
            person = source.find_student(student)
            submission = source.find_submission(ps, student)
        except MissingEntry:  # killed before autograde recorded anything
            gradebook.update_or_create_student(student)
            gradebook.update_or_create_submission(ps, student)
            return
        gradebook.update_or_create_student(
            student, first_name=person.first_name, last_name=person.last_name,
            email=person.email, lms_user_id=person.lms_user_id)
        gradebook.update_or_create_submission(ps, student, timestamp=submission.timestamp,
                                              extension=submission.extension)
        for notebook in submission.notebooks:
            target = gradebook.find_submission_notebook(notebook.name, ps, student)
            target.flagged = notebook.flagged
            target.late_submission_penalty = notebook.late_submission_penalty
            for grade in notebook.grades:
                copy = gradebook.find_grade(grade.name, notebook.name, ps, student)
                for field in ("auto_score", "manual_score", "extra_credit",
                              "needs_manual_grade"):
                    setattr(copy, field, getattr(grade, field))
            for comment in notebook.comments:
                copy = gradebook.find_comment(comment.name, notebook.name, ps, student)
                copy.auto_comment = comment.auto_comment
                copy.manual_comment = comment.manual_comment
        gradebook.db.commit()


def _sqlite_path(db_url):
    prefix = "sqlite:///"
    if not db_url.startswith(prefix):
        raise SystemExit(f"classroom.grade grades into copies of an SQLite gradebook; this "
                         f"course's gradebook is {db_url}")
    return Path(db_url[len(prefix):])


def prepare_kernels(root, sandbox, limits, out):
    """Before any student runs: compile kerasedu's kernels into grading's numba cache, and see
    whether the sandbox starts here. Returns the settings the workers' kernel managers take.
    Raises SystemExit when the sandbox is required (``sandbox="on"``) and cannot start."""
    cache = cache_folder()
    out.write(f"Compiling kerasedu's numba kernels into {cache}... ")
    out.flush()
    seconds, compiled = warm_up(sys.executable, cache)
    out.write(f"{seconds:.0f} s\n" if compiled else "compiled already\n")
    if sandbox == "off":
        out.write("Sandbox: switched off (--sandbox off).\n")
        reason = "the sandbox is switched off"
    else:
        probe = sandbox_probe(sys.executable, root, limits)
        reason = probe.reason
        if probe.ok:
            out.write(f"Sandbox: bubblewrap; each student's kernel sees only its own submission, "
                      f"with {limits.memory / 2**30:g} GB of memory and "
                      f"{limits.cpu_seconds} CPU seconds per process, "
                      f"{limits.processes} processes, no network.\n")
        elif sandbox == "on":
            raise SystemExit(f"The grading sandbox cannot start: {reason}. Nothing was graded.")
    if sandbox == "off" or not probe.ok:
        out.write(unsandboxed_warning(reason))
    out.flush()
    return {"sandbox": sandbox, "numba_cache": str(cache), "limits": limits.__dict__}


def grade_class(root=".", problem_sets=None, jobs=None, student_timeout=STUDENT_TIMEOUT,
                feedback=True, students=None, out=sys.stdout, *, sandbox="auto", limits=None):
    """Grade the submissions under ``root``/submitted (see the module docstring), all of them
    or those of the problem sets and students named, and return the list of Results. Writes
    grades.csv in ``root``, with everyone in the gradebook. ``sandbox`` is "auto" (sandbox
    each kernel where this machine can, say so where it cannot), "on" (refuse to grade without
    it) or "off"; ``limits`` (classroom.sandbox.Limits) bound each student's kernel."""
    root = Path(root).resolve()
    jobs = jobs or available_cpus()
    limits = limits or Limits()
    # nbgrader runs alembic when it makes a gradebook, and kernels start from this environment.
    here = str(Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[0] != here:
        os.environ["PATH"] = here + os.pathsep + os.environ.get("PATH", "")
    work = find_submissions(root, problem_sets, students)
    tasks = [(ps, student) for ps, names in work.items() for student in names]
    if not tasks:
        out.write(f"No submissions in {root / 'submitted'} to grade.\n")
        return []
    log_path = root / "autograded" / "grade_class.log"
    log_path.parent.mkdir(exist_ok=True)
    log = open(log_path, "w")
    workers = [Worker(root, log) for _ in range(min(jobs, len(tasks)))]
    for worker in workers:  # they import nbgrader while this process prepares the rest
        worker.start()
    out.write(f"Grading {len(tasks)} submissions of {', '.join(work)} with {len(workers)} "
              f"workers; nbgrader's log goes to {log_path.relative_to(root)}\n")
    out.flush()
    scratch = Path(tempfile.mkdtemp(prefix="classroom-grade-"))
    try:
        from nbgrader.api import Gradebook
        from nbgrader.plugins import CsvExportPlugin

        from .worker import nbgrader_api

        api = nbgrader_api(root)
        api.log.setLevel(logging.WARNING)  # generate_assignment's log would hide the progress
        course_db = _sqlite_path(api.coursedir.db_url)
        api.coursedir.release_directory = str(scratch / "release")
        for ps in work:
            recorded = api.generate_assignment(ps, force=True)
            if not recorded["success"]:
                raise SystemExit(f"nbgrader generate_assignment {ps} failed:\n"
                                 f"{recorded.get('error', '')}{recorded.get('log', '')}")
        settings = prepare_kernels(root, sandbox, limits, out)
        for worker in workers:
            worker.settings = settings
        template = scratch / "gradebook.db"
        source, copy = sqlite3.connect(course_db), sqlite3.connect(template)
        source.backup(copy)
        source.close()
        copy.close()

        idle = Queue()
        for worker in workers:
            idle.put(worker)

        def grade_one(ps, student):
            db = scratch / f"{ps}+{student}.db"
            shutil.copyfile(template, db)
            worker = idle.get()
            try:
                return worker.grade(ps, student, db, feedback, student_timeout), db
            finally:
                idle.put(worker)

        results, progress = [], Progress(len(tasks), out)
        with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gradebook, \
                ThreadPoolExecutor(len(workers)) as pool:
            futures = [pool.submit(grade_one, ps, student) for ps, student in tasks]
            try:
                for future in as_completed(futures):
                    result, db = future.result()
                    merge_submission(f"sqlite:///{db}", gradebook, result.ps, result.student)
                    db.unlink()
                    results.append(result)
                    progress.update(result)
            except BaseException:  # Ctrl-C, or a worker that cannot start: stop at once
                for future in futures:
                    future.cancel()
                for worker in workers:
                    worker.kill()
                raise
            CsvExportPlugin(to=str(root / "grades.csv")).export(gradebook)
    finally:
        for worker in workers:
            worker.stop()
        log.close()
        shutil.rmtree(scratch, ignore_errors=True)
    write_summary(results, out)
    out.write(f"Scores: {root / 'grades.csv'}\n")
    if feedback:
        out.write(f"Feedback: {root / 'feedback'}/<student>/<ps>/ (nbgrader release_feedback "
                  f"<ps> hands it out through the exchange)\n")
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m classroom.grade",
        description="Autograde every submission in submitted/ in parallel, each student's "
                    "kernel in a sandbox, write feedback and grades.csv (see classroom/grade.py).")
    parser.add_argument("problem_sets", nargs="*", metavar="PS",
                        help="problem sets to grade (default: every one with submissions)")
    parser.add_argument("--root", default=".", help="the course directory (default: here)")
    parser.add_argument("--jobs", type=int, default=None,
                        help=f"students graded at once (default: the cores, {available_cpus()})")
    parser.add_argument("--student-timeout", type=float, default=STUDENT_TIMEOUT,
                        help="seconds one student's grading may take (default: %(default)s)")
    parser.add_argument("--student", action="append", dest="students", metavar="ID",
                        help="grade only this student (repeat for several)")
    parser.add_argument("--no-feedback", dest="feedback", action="store_false",
                        help="autograde only, without writing feedback")
    parser.add_argument("--sandbox", choices=("auto", "on", "off"), default="auto",
                        help="auto: sandbox each student's kernel where this machine can, and "
                             "say so where it cannot; on: refuse to grade without it; off: "
                             "never (default: %(default)s)")
    parser.add_argument("--memory-limit", type=float, default=Limits.memory / 2**30,
                        metavar="GB", help="memory one process of a student's may allocate "
                                           "(default: %(default)g)")
    parser.add_argument("--cpu-limit", type=int, default=Limits.cpu_seconds, metavar="SECONDS",
                        help="CPU seconds one process of a student's may use "
                             "(default: %(default)s)")
    args = parser.parse_args(argv)
    limits = Limits(memory=int(args.memory_limit * 2**30), cpu_seconds=args.cpu_limit)
    results = grade_class(args.root, args.problem_sets or None, args.jobs,
                          args.student_timeout, args.feedback, args.students,
                          sandbox=args.sandbox, limits=limits)
    return 0 if all(r.status == "graded" for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
