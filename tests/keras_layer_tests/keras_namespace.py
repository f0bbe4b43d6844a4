"""What a Keras test reaches through ``keras.src`` or ``import keras``: kerasedu's names.

``keras.src.backend`` and ``keras.src.testing`` are the stand-ins (see :mod:`.keras_imports`),
other submodules are kerasedu's (``keras.layers`` is ``kerasedu.layers``), and other names are
kerasedu's top-level names (``keras.Input`` is ``kerasedu.Input``).
"""

import kerasedu

from . import keras_imports


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    keras_name = f"keras.src.{name}"
    if keras_name in keras_imports.REDIRECTS or keras_imports.is_keras_module(keras_name):
        return keras_imports.resolve(keras_name)
    if hasattr(kerasedu, name):
        return getattr(kerasedu, name)
    return keras_imports.Missing(keras_name)
