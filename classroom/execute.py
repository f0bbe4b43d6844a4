"""How a student's notebook is run for grading: nbgrader's Execute step, in a sandbox, with time
limits explained.

:class:`SandboxedExecute` is nbgrader's Execute step (named in the course's
nbgrader_config.py) with two changes:

* its kernels start through classroom/kernel.py's SandboxedKernelManager, so each runs inside
  a sandbox (nbgrader's own Execute insists on jupyter_client's kernel manager, whatever the
  configuration says);
* a cell over its time limit (``c.Execute.timeout`` seconds) is explained in words. nbgrader
  interrupts such a cell, and its feedback then shows a bare ``KeyboardInterrupt`` and "No
  reply from kernel before timeout"; here the error says which cell was stopped, after how
  long, and what usually causes it. Scores are unchanged: the cell fails, as it did. The cell
  is noted for the instructor's summary (classroom/findings.py).
"""

from nbgrader.preprocessors import Execute

from . import findings
from .kernel import SandboxedKernelManager

ENAME = "CellTimeoutError"


def cell_name(cell, cell_index):
    """The name a student knows a cell by: its grade_id if nbgrader gave it one."""
    grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
    return grade_id or f"cell {cell_index + 1}"


def explanation(name, seconds):
    """What a student reads when the cell ``name`` was stopped after ``seconds``."""
    return (f"this cell ({name}) was still running after {seconds:g} seconds, the time "
            f"limit for one cell, and was stopped. The usual causes: a loop that never ends "
            f"(a while loop whose condition stays true), training for more epochs or on more "
            f"data than the problem asks for, or Python loops over the elements of an array "
            f"where one array operation would do. Run the cell yourself and time it: it "
            f"should take a few seconds.")


class SandboxedExecute(Execute):
    """nbgrader's Execute, sandboxed, with a cell that runs out of time explained in words."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(*args, **kwargs)

    def preprocess(self, nb, resources=None, km=None):
        self._notebook = (resources or {}).get("nbgrader", {}).get("notebook", "")
        return super().preprocess(nb, resources, km)

    def on_cell_execute(self, cell, cell_index, **kwargs):
        seconds = self._get_timeout(cell)
        if seconds:
            message = explanation(cell_name(cell, cell_index), seconds)
            self.error_on_timeout = {"ename": ENAME, "evalue": message,
                                     "traceback": [f"{ENAME}: {message}"]}

    def on_cell_executed(self, **kwargs):
        super().on_cell_executed(**kwargs)
        content = kwargs["execute_reply"]["content"]
        if content.get("status") == "error" and content.get("ename") == ENAME:
            name = cell_name(kwargs["cell"], kwargs["cell_index"])
            self.log.warning("%s: %s was stopped at the time limit", self._notebook, name)
            findings.note(findings.CELL_TIMEOUT, f"{self._notebook}: {name}")
