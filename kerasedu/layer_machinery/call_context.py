"""Which ``training`` mode a call runs in, passed from an outer layer or model to inner ones.

``model(x, training=True)`` pushes True; every layer called inside it (that declares a
``training`` argument and is not given one explicitly) receives True. With nothing pushed, each
layer's own default applies (None, which layers such as Dropout treat as inference).
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
