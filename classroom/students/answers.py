"""Helpers for writing simulated students' answers (classroom/students/ps0N_*.py).

A kind's ``edit(code)`` receives ``{grade_id: source}`` of the instructor's answer cells and
returns the cells it changes. Most kinds are the solution with one mistake: :func:`mistake`
builds such an edit from exact replacements, and refuses a replacement whose text is no longer
in the solution, so that a changed solution cannot silently turn a mistake into a right answer.
"""


def replace(source, old, new):
    """``source`` with ``old`` replaced by ``new``; ``old`` must be there."""
    if old not in source:
        raise ValueError(f"{old!r} is not in the answer any more: update the simulated student")
    return source.replace(old, new)


def mistake(grade_id, *replacements, also=None):
    """An edit: every answer right, except ``grade_id`` with each (old, new) of
    ``replacements`` made; ``also`` ({grade_id: source}) replaces further answers whole."""
    def edit(code):
        source = code[grade_id]
        for old, new in replacements:
            source = replace(source, old, new)
        return {**code, **(also or {}), grade_id: source}
    return edit


def answers(sources):
    """An edit: every answer right, except those in ``sources`` ({grade_id: source}), which
    are written another way."""
    def edit(code):
        return {**code, **sources}
    return edit


def prepend(grade_id, statement):
    """An edit: every answer right, with ``statement`` run first in ``grade_id``'s cell."""
    def edit(code):
        return {**code, grade_id: statement + "\n" + code[grade_id]}
    return edit


def only(*grade_ids):
    """An edit: the answers of ``grade_ids`` right, the others left as released."""
    def edit(code):
        return {g: code[g] for g in grade_ids}
    return edit
