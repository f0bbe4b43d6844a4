"""Where a faster implementation may take the place of a teaching-floor op.

The teaching floor computes everything itself, in numpy and in the kernels of
:mod:`kerasedu.backend.kernels`. A floor above it, :mod:`kerasedu.accelerated`, registers faster
implementations under an op's name when it is imported (``import kerasedu`` does that); nothing
in the teaching floor or in the layers imports it, so without it the library is complete.

Ops that exist only as a faster implementation, such as a whole LSTM sequence in one op, raise
``NotImplementedError`` when none is registered: the layer then runs its generic path, the way
Keras 3's LSTM falls back on its cell when the backend has no fused LSTM.

    register("lstm_sequence", fused_lstm)     # by the faster floor
    implementation("lstm_sequence")           # the registered function, or None
"""

_registered = {}


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
