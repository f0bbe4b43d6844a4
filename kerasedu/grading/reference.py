"""The reference objects the checks compare with, as recorded by :mod:`.integrity`.

A check compares a student's layer with kerasedu's own layer of the same name, a loss with
kerasedu.losses' and so on. It takes them from the record made when kerasedu.grading was first
imported, not from the loaded modules: whatever an answer cell assigns to ``kerasedu.layers``
since, the reference is kerasedu's own (and the assignment itself is reported as tampering by
:func:`integrity.verify`).
"""

from .integrity import trusted


def reference_object(name, package):
    """kerasedu's own ``kerasedu.<package>.<name>`` (a layer, loss, optimizer, callback...)."""
    try:
        return trusted(f"kerasedu.{package}", name)
    except KeyError:
        raise ValueError(f"kerasedu.{package} has no {name!r}.") from None


def reference_layer(reference):
    """kerasedu's own layer class, given as a name in kerasedu.layers or as the class."""
    if isinstance(reference, str):
        return reference_object(reference, "layers")
    return trusted(reference.__module__, reference.__name__)
