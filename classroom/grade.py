"""Grade a whole class in parallel: what ``make grade`` runs.

    python -m classroom.grade [PS ...] [--root DIR] [--jobs N] [--student-timeout SECONDS]
                              [--student ID ...] [--no-feedback]

Run it from the course directory (the repository root, where nbgrader_config.py is), or name
that directory with ``--root``. For every problem set that has submissions in
``submitted/<student>/<ps>/`` (or only those named), it

1. records the problem set in the gradebook, once (nbgrader's generate_assignment, writing the
   student version to a scratch directory so that ``exercises/`` is left alone);
2. autogrades every student, several at a time: one worker process per core
   (classroom/worker.py), each of which imports nbgrader once and then grades one student after
   another with nbgrader's own autograde. Each notebook runs in a kernel of its own, under
   nbgrader's per-cell time limit (``Execute.timeout`` in nbgrader_config.py). Each student also
   has a time limit of their own (``--student-timeout``, 5 minutes): past it, the worker and
   every process it started (the kernel included) are killed, the student is reported as
   "timed out", and a fresh worker takes over;
3. writes each student's feedback to ``feedback/<student>/<ps>/``, without the hidden tests
   (kerasedu.grading.feedback, named in the course's nbgrader_config.py);

then exports every score to ``grades.csv`` and prints how many students were graded, failed
(nbgrader could not grade the notebook: a dead kernel, a loop that ignores interrupts) and timed
out. The exit status is 1 when any student was not graded, so that a script notices.

Why a gradebook per student. nbgrader's gradebook is one SQLite file, and autograde writes to
it many times per student (a read, then a commit, per test cell). SQLite lets one process write
at a time; others wait for the lock and, past their wait (5 s in Python's sqlite3), or at once
when two transactions that have both read want to write, fail with "database is locked", which
makes nbgrader give up on that student. Measured on a busy 2-core machine: eight processes
writing one gradebook that way hit it 14 times in 5,600 commits. Rare, but a lost student each
time. Here each student is graded into their own copy of the gradebook, and only this process
writes the course's gradebook: it merges each student's copy as soon as the student is done
(merge_submission). The result is what ``nbgrader autograde`` run sequentially would have
written, score for score.
"""

import argparse
import json
import logging
import os
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import warnings
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from queue import Queue

REPO = Path(__file__).resolve().parent.parent
STUDENT_TIMEOUT = 300   # seconds for one student, every notebook of theirs included
WORKER_STARTUP = 300    # seconds a new worker may take to import nbgrader


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


def kill_tree(pid):
    """Kill process ``pid``, its process group, and every process it started in turn, each
    with its own process group (Jupyter starts each kernel in a session of its own, so killing
    the worker's group alone would leave the kernel running). Linux reads the process tree from
    /proc; elsewhere only the worker's group is killed, and kernels notice that their parent
    is gone and exit."""
    own_group = os.getpgrp()

    def kill_group(target, sig):
        try:
            group = os.getpgid(target)
            if group != own_group:
                os.killpg(group, sig)
            else:
                os.kill(target, sig)
        except (ProcessLookupError, PermissionError):
            pass

    kill_group(pid, signal.SIGSTOP)  # freeze the worker so that it starts nothing new
    for child in _descendants(pid):
        kill_group(child, signal.SIGKILL)
    kill_group(pid, signal.SIGKILL)


def _descendants(pid):
    children = {}
    if not os.path.isdir("/proc"):
        return []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path("/proc", entry, "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry))
    found, stack = [], [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


@dataclass
class Result:
    ps: str
    student: str
    status: str          # "graded", "failed" or "timed out"
    seconds: float
    error: str = ""


class Worker:
    """One grading process (classroom/worker.py), started on first use and again after it had
    to be killed. Its stderr, nbgrader's log, goes to ``log``."""

    def __init__(self, root, log):
        self.root, self.log = root, log
        self.process = None
        self.ready = False
        self._buffer = b""

    def start(self):
        code = (f"import sys; sys.path.insert(0, {str(REPO)!r}); "
                f"from classroom.worker import serve; serve({str(self.root)!r})")
        self.process = subprocess.Popen(
            [sys.executable, "-c", code], cwd=self.root, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=self.log, start_new_session=True)
        self.ready, self._buffer = False, b""

    def _reply(self, timeout):
        """The next line the worker writes, parsed; None if none comes within ``timeout``
        seconds or the worker has died."""
        deadline = time.monotonic() + timeout
        stdout = self.process.stdout.fileno()
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([stdout], [], [], left)[0]:
                return None
            chunk = os.read(stdout, 65536)
            if not chunk:
                return None
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def grade(self, ps, student, db, feedback, timeout):
        if self.process is None:
            self.start()
        if not self.ready:
            if self._reply(WORKER_STARTUP) is None:
                self.stop()
                raise RuntimeError("a grading worker did not start; see the log for why")
            self.ready = True
        start = time.monotonic()
        task = {"ps": ps, "student": student, "db": str(db), "feedback": feedback}
        try:
            self.process.stdin.write((json.dumps(task) + "\n").encode())
            self.process.stdin.flush()
            reply = self._reply(timeout)
        except BrokenPipeError:
            reply = None
        if reply is None:
            timed_out = self.process is not None and self.process.poll() is None
            self.kill()
            status = "timed out" if timed_out else "failed"
            error = (f"over the {timeout:g} s limit per student" if timed_out
                     else "the grading worker died")
            return Result(ps, student, status, time.monotonic() - start, error)
        return Result(ps, student, reply["status"], reply["seconds"], reply["error"])

    def kill(self):
        process, self.process = self.process, None
        if process is not None:
            kill_tree(process.pid)
            process.wait()

    def stop(self):
        """End the worker: it exits when its stdin closes; kill it if it does not."""
        if self.process is None:
            return
        try:
            self.process.stdin.close()
            self.process.wait(timeout=30)
            self.process = None
        except (OSError, subprocess.TimeoutExpired):
            self.kill()


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


class Progress:
    """One status line, redrawn in place on a terminal; elsewhere (a log file, CI) a line at
    every tenth of the class."""

    def __init__(self, total, stream=sys.stdout):
        self.total, self.stream = total, stream
        self.counts = {"graded": 0, "failed": 0, "timed out": 0}
        self.start = time.monotonic()
        self.tty = stream.isatty()
        self.step = max(1, total // 10)

    def update(self, result):
        self.counts[result.status] += 1
        done = sum(self.counts.values())
        if not self.tty and done % self.step and done != self.total:
            return
        elapsed = time.monotonic() - self.start
        left = elapsed / done * (self.total - done)
        line = (f"{done}/{self.total} students  "
                + "  ".join(f"{n} {status}" for status, n in self.counts.items())
                + f"  {elapsed:.0f}s, about {left:.0f}s left")
        end = "\n" if not self.tty or done == self.total else ""
        self.stream.write(("\r\x1b[K" if self.tty else "") + line + end)
        self.stream.flush()


def grade_class(root=".", problem_sets=None, jobs=None, student_timeout=STUDENT_TIMEOUT,
                feedback=True, students=None, out=sys.stdout):
    """Grade the submissions under ``root``/submitted (see the module docstring), all of them
    or those of the problem sets and students named, and return the list of Results. Writes
    grades.csv in ``root``, with everyone in the gradebook."""
    root = Path(root).resolve()
    jobs = jobs or available_cpus()
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
    for worker in workers:  # they import nbgrader while this process does too
        worker.start()
    out.write(f"Grading {len(tasks)} submissions of {', '.join(work)} with {len(workers)} "
              f"workers; nbgrader's log goes to {log_path.relative_to(root)}\n")
    out.flush()
    scratch = Path(tempfile.mkdtemp(prefix="classroom-grade-"))
    try:
        from nbgrader.api import Gradebook
        from nbgrader.plugins import CsvExportPlugin

        from classroom.worker import nbgrader_api

        api = nbgrader_api(root)
        api.log.setLevel(logging.WARNING)  # generate_assignment's log would hide the progress
        course_db = _sqlite_path(api.coursedir.db_url)
        api.coursedir.release_directory = str(scratch / "release")
        for ps in work:
            recorded = api.generate_assignment(ps, force=True)
            if not recorded["success"]:
                raise SystemExit(f"nbgrader generate_assignment {ps} failed:\n"
                                 f"{recorded.get('error', '')}{recorded.get('log', '')}")
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
    _summary(results, root, feedback, out)
    return results


def _summary(results, root, feedback, out):
    by_status = {}
    for result in results:
        by_status.setdefault(result.status, []).append(result)
    out.write("Summary: " + ", ".join(f"{len(by_status.get(s, []))} {s}"
                                      for s in ("graded", "failed", "timed out")) + "\n")
    for status in ("failed", "timed out"):
        for result in sorted(by_status.get(status, []), key=lambda r: (r.ps, r.student)):
            out.write(f"  {status}: {result.student} ({result.ps}): {result.error}\n")
    out.write(f"Scores: {root / 'grades.csv'}\n")
    if feedback:
        out.write(f"Feedback: {root / 'feedback'}/<student>/<ps>/ (nbgrader release_feedback "
                  f"<ps> hands it out through the exchange)\n")


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m classroom.grade",
        description="Autograde every submission in submitted/ in parallel, write feedback and "
                    "grades.csv (see classroom/grade.py).")
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
    args = parser.parse_args(argv)
    results = grade_class(args.root, args.problem_sets or None, args.jobs,
                          args.student_timeout, args.feedback, args.students)
    return 0 if all(r.status == "graded" for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
