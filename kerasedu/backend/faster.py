"""Where a faster implementation may take the place of a teaching-floor op.

The teaching floor computes everything itself, in numpy and in the kernels of
:mod:`kerasedu.backend.kernels`. A floor above it, :mod:`kerasedu.accelerated`, registers faster
implementations under an op's name when it is imported (``import kerasedu`` does that); nothing
in the teaching floor or in the layers imports it, so without it the library is complete.

An op offers its place with the decorator :func:`replaceable`: it runs as written unless a
faster implementation is registered under its name. Ops that exist only as a faster
implementation, such as a whole LSTM sequence in one op, raise ``NotImplementedError`` as
written: the layer then runs its generic path, the way Keras 3's LSTM falls back on its cell
when the backend has no fused LSTM.

    register("lstm_sequence", fused_lstm)     # by the faster floor
    implementation("lstm_sequence")           # the registered function, or None
"""

import functools

_registered = {}


def replaceable(op):
    """Decorator: ``op`` runs as written unless a faster implementation of it is registered
    (under ``op.__name__``); ``op.__wrapped__`` is always the version written here."""
    name = op.__name__

    @functools.wraps(op)
    def run(*args, **kwargs):
        faster_op = _registered.get(name)
        return op(*args, **kwargs) if faster_op is None else faster_op(*args, **kwargs)
    return run


def register(name, function):
    """Let ``function`` run in the place of the op called ``name``."""
    _registered[name] = function


def unregister(name):
    """Forget the faster implementation of ``name`` (the op computes it itself again)."""
    _registered.pop(name, None)


def implementation(name):
    """The faster implementation registered for ``name``, or None."""
    return _registered.get(name)


def registered():
    """{name: function} of every faster implementation registered."""
    return dict(_registered)
