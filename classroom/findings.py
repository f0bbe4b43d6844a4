"""What grading a student found that the instructor should hear about.

The parts of grading that run inside nbgrader (the kernel manager, the cell repairs, the time
limit) note here what they did: a kernel that ran without the sandbox, test cells restored from
the release, cells stopped at the time limit. They also log it, for ``nbgrader autograde`` run
by hand; classroom/worker.py takes the notes after each student and sends them to
classroom/grade.py, whose summary lists the students concerned.

Tampering is noted by kerasedu.grading's checks themselves: a check that finds that something
it relies on was replaced fails with a TamperingError and prints a line on stdout that starts
with :data:`TAMPERING_MARKER`; :func:`tampered_cells` looks for either in a graded notebook.
"""

UNSANDBOXED = "unsandboxed"
RESTORED = "restored"
CELL_TIMEOUT = "cell timeout"
TAMPERING = "tampering"

# How kerasedu.grading's checks start the stdout line they print when they detect tampering
# (kerasedu.grading.TAMPERING_MARKER), and the error they raise.
TAMPERING_MARKER = "kerasedu.grading: tampering detected"
TAMPERING_ERROR = "TamperingError"

_notes = []


def note(kind, detail):
    """Record that ``kind`` happened (one of the names above), with ``detail`` in words."""
    _notes.append((kind, detail))


def take():
    """{kind: [detail, ...]} of everything noted since the last call; forgets them."""
    found = {}
    for kind, detail in _notes:
        found.setdefault(kind, [])
        if detail not in found[kind]:
            found[kind].append(detail)
    _notes.clear()
    return found


def tampered_cells(notebook):
    """grade_ids of the test cells of a graded notebook in which the checks detected
    tampering."""
    found = []
    for cell in notebook.cells:
        nbgrader = cell.metadata.get("nbgrader", {})
        if nbgrader.get("grade") and cell.cell_type == "code" and any(
                _says_tampering(output) for output in cell.get("outputs", [])):
            found.append(nbgrader.get("grade_id"))
    return found


def _says_tampering(output):
    if output.get("output_type") == "error":
        return output.get("ename") == TAMPERING_ERROR
    if output.get("output_type") == "stream" and output.get("name") == "stdout":
        return any(line.startswith(TAMPERING_MARKER) for line in output["text"].splitlines())
    return False
