"""What grading a student found that the instructor should hear about.

The parts of grading that run inside nbgrader (the kernel manager, the cell repairs, the time
limit) note here what they did: a kernel that ran without the sandbox, test cells restored from
the release, cells stopped at the time limit. They also log it, for ``nbgrader autograde`` run
by hand; classroom/worker.py takes the notes after each student and sends them to
classroom/grade.py, whose summary lists the students concerned.

Tampering is noted by kerasedu.grading's checks themselves: a check that finds that something
it relies on was replaced fails with a message containing :data:`TAMPERING_MARKER`, which
:func:`tampered_cells` looks for in a graded notebook.
"""

UNSANDBOXED = "unsandboxed"
RESTORED = "restored"
CELL_TIMEOUT = "cell timeout"
TAMPERING = "tampering"

# The words kerasedu.grading's checks put in a failure message when they detect tampering.
TAMPERING_MARKER = "Tampering detected"

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
    """grade_ids of the test cells of a graded notebook whose error says tampering was
    detected."""
    found = []
    for cell in notebook.cells:
        nbgrader = cell.metadata.get("nbgrader", {})
        if not (nbgrader.get("grade") and cell.cell_type == "code"):
            continue
        for output in cell.get("outputs", []):
            text = output.get("evalue", "") if output.get("output_type") == "error" else ""
            if TAMPERING_MARKER.lower() in text.lower():
                found.append(nbgrader.get("grade_id"))
                break
    return found
