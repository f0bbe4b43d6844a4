"""What ``make grade`` prints: a progress line while it grades, then a summary for the instructor.

The summary counts the students graded, those nbgrader could not grade and those over their
time limit, then lists every student who needs a look: could not be graded, timed out, caught
tampering with the checks, had test cells restored, had cells stopped at the time limit, or
was graded without the sandbox.
"""

import sys
import time

from . import findings

STATUSES = ("graded", "failed", "timed out")

# (kind of finding, words in the summary), in the order they are listed.
FINDINGS = (
    (findings.TAMPERING, "tampering detected"),
    (findings.RESTORED, "test cells restored"),
    (findings.CELL_TIMEOUT, "cells stopped at the time limit"),
)


class Progress:
    """One status line, redrawn in place on a terminal; elsewhere (a log file, CI) a line at
    every tenth of the class."""

    def __init__(self, total, stream=sys.stdout):
        self.total, self.stream = total, stream
        self.counts = dict.fromkeys(STATUSES, 0)
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


def unsandboxed_warning(reason, count=None):
    """The warning for students graded without the sandbox: ``count`` of them, or (None) every
    student about to be graded."""
    if count is None:
        who, ran = "Every student's code will run UNSANDBOXED", "It will run"
    else:
        who = f"{count} student{'s were' if count != 1 else ' was'} graded UNSANDBOXED"
        ran = "Their code ran"
    return (f"WARNING: {who} ({reason}). {ran} with your permissions: able to read solutions/ "
            f"and the gradebook, change any file you can, and leave processes running. See "
            f"'The grading sandbox' in the instructor guide.\n")


def _details(result, details):
    prefix = f"{result.ps}: "   # a problem set's notebook is usually named after it
    return "; ".join(d[len(prefix):] if d.startswith(prefix) else d for d in details)


def write_summary(results, out=sys.stdout):
    """Counts, then one line per student who needs the instructor's attention."""
    by_status = {status: [r for r in results if r.status == status] for status in STATUSES}
    out.write("Summary: " + ", ".join(f"{len(by_status[s])} {s}" for s in STATUSES) + "\n")
    ordered = sorted(results, key=lambda r: (r.ps, r.student))
    for status, words in (("failed", "could not be graded"), ("timed out", "timed out")):
        for result in (r for r in ordered if r.status == status):
            out.write(f"  {words}: {result.student} ({result.ps}): {result.error}\n")
    for kind, words in FINDINGS:
        for result in ordered:
            if result.findings.get(kind):
                out.write(f"  {words}: {result.student} ({result.ps}): "
                          f"{_details(result, result.findings[kind])}\n")
    unsandboxed = [r for r in ordered if r.findings.get(findings.UNSANDBOXED)]
    if unsandboxed and len(unsandboxed) < len(results):
        for result in unsandboxed:
            out.write(f"  unsandboxed: {result.student} ({result.ps}): "
                      f"{_details(result, result.findings[findings.UNSANDBOXED])}\n")
    if unsandboxed:
        out.write(unsandboxed_warning(unsandboxed[0].findings[findings.UNSANDBOXED][0],
                                      len(unsandboxed)))
