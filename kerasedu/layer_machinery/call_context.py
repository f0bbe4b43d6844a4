"""What a call passes down to the calls inside it: the ``training`` mode, and the name scope.

``model(x, training=True)`` pushes True; every layer called inside it (that declares a
``training`` argument and is not given one explicitly) receives True. With nothing pushed, each
layer's own default applies (None, which layers such as Dropout treat as inference).

Each layer call (and build, and add_weight) opens the layer's name scope, so that what is
created inside is named after it, as in Keras 3: a Sequential model's layers are built inside
the model's scope (``sequential/dense/kernel``), a subclassed model's too
(``my_model/dense/kernel``), while a functional model's layers were built before the model
existed (``dense/kernel``).
"""

_training_stack = []


def current_training():
    """The training flag of the innermost enclosing call that set one, else None."""
    for value in reversed(_training_stack):
        if value is not None:
            return value
    return None


class training_scope:
    """``with training_scope(True):`` runs the calls inside in training mode."""

    def __init__(self, training):
        self.training = training

    def __enter__(self):
        _training_stack.append(self.training)
        return self

    def __exit__(self, *exc):
        _training_stack.pop()


# ---------------------------------------------------------------------- name scopes

_name_scopes = []   # [(name, caller, parent path)], innermost last


def current_path():
    """The path of the innermost open name scope ('' when none is open): the scopes' names
    joined by '/', each scope starting from its caller's own parent path."""
    parts = []
    for name, _, parent in _name_scopes:
        parts = [p for p in parent.split("/") if p] + [name]
    return "/".join(parts)


class name_scope:
    """``with name_scope(layer):`` names what is created inside after the layer.

    A layer's weights are named ``<layer path>/<weight name>``; a layer first called or built
    inside another layer's scope has that layer's path as its parent (``lstm/lstm_cell``), for
    good: called again elsewhere, it keeps its path. Entering the scope of the layer whose
    scope is already the innermost one (a build inside a call) changes nothing.

    ``settle=False`` (add_weight's scope) names what is created without settling the layer's
    parent: a weight made in ``__init__`` does not decide where the layer will be called.
    """

    def __init__(self, layer, settle=True):
        if layer._parent_path is None and settle:
            layer._parent_path = current_path()
        parent = current_path() if layer._parent_path is None else layer._parent_path
        self.entry = (layer.name, layer, parent)
        self.pushed = False

    def __enter__(self):
        if not (_name_scopes and _name_scopes[-1][1] is self.entry[1]
                and _name_scopes[-1][0] == self.entry[0]):
            _name_scopes.append(self.entry)
            self.pushed = True
        return self

    def __exit__(self, *exc):
        if self.pushed:
            _name_scopes.pop()
