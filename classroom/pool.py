"""The grading processes classroom/grade.py keeps: one worker per core, and its end.

A :class:`Worker` is a process running classroom/worker.py, which imports nbgrader once and then
grades the students it is sent, one at a time, each within a time limit of their own; past it,
the worker and everything it started (the student's sandboxed kernel included) are killed
(:func:`kill_tree`) and a fresh worker takes the next student.
"""

import json
import os
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORKER_STARTUP = 300    # seconds a new worker may take to import nbgrader


@dataclass
class Result:
    """How grading one student's submission of one problem set went."""

    ps: str
    student: str
    status: str          # "graded", "failed" (nbgrader could not grade it) or "timed out"
    seconds: float
    error: str = ""
    findings: dict = field(default_factory=dict)   # {kind: [detail]}, see classroom/findings.py


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


class Worker:
    """One grading process (classroom/worker.py), started on first use and again after it had
    to be killed. Its stderr, nbgrader's log, goes to ``log``."""

    def __init__(self, root, log):
        self.root, self.log = root, log
        self.settings = None     # for the kernels: sandbox, limits, numba cache (grade.py)
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
        task = {"ps": ps, "student": student, "db": str(db), "feedback": feedback,
                "settings": self.settings}
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
        return Result(ps, student, reply["status"], reply["seconds"], reply["error"],
                      reply.get("findings", {}))

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
