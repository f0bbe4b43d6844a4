"""Load Keras 3's own layer tests from the installed keras wheel, with their imports redirected.

Keras ships its unit tests inside the wheel (``keras/src/layers/**/*_test.py``). They are read
from there, never copied: :func:`load_keras_test_module` compiles one of those files and runs it
in a fresh module whose ``__builtins__`` carry a redirecting ``__import__``. Every import the
test makes of ``keras`` or ``keras.src.*`` (at module level or inside a test function) is
answered by :func:`resolve`:

* ``keras.src.testing`` is :mod:`.testing`, our stand-in for ``keras.testing.TestCase``;
* ``keras.src.backend`` (and ``keras.backend``) is :mod:`.backend_shim`, the few backend
  functions the tests call, written on kerasedu's public API;
* ``keras.src.layers``, ``ops``, ``models``, ``saving``, ... are kerasedu's modules of the same
  name (:data:`REDIRECTS` lists the ones whose names differ);
* another Keras test module (``keras.src.layers.rnn.rnn_test``) is loaded the same way;
* anything else (quantizers, export, TensorFlow) is a :class:`Missing` placeholder that fails
  the test that uses it, with a message naming what kerasedu does not have.

Nothing is placed under ``keras`` in ``sys.modules``, so real Keras (the parity tests) keeps
working in the same process.
"""

import builtins
import importlib
import importlib.util
import sys
import types
from pathlib import Path

KERAS_SRC = Path(importlib.util.find_spec("keras").submodule_search_locations[0]) / "src"
LOADED_PREFIX = "keras_wheel_tests"   # sys.modules names of the loaded test modules

# Keras names whose kerasedu equivalent has another name. Names not listed map to the
# kerasedu module of the same name (keras.src.layers -> kerasedu.layers).
REDIRECTS = {
    "keras": "keras_layer_tests.keras_namespace",
    "keras.src": "keras_layer_tests.keras_namespace",
    "keras.backend": "keras_layer_tests.backend_shim",
    "keras.src.backend": "keras_layer_tests.backend_shim",
    "keras.src.backend.common": "keras_layer_tests.backend_shim",
    "keras.src.backend.common.keras_tensor": "keras_layer_tests.backend_shim",
    "keras.src.backend.common.global_state": "keras_layer_tests.backend_shim",
    "keras.src.backend.config": "keras_layer_tests.backend_shim",
    "keras.src.testing": "keras_layer_tests.testing",
    "keras.src.testing.test_case": "keras_layer_tests.testing",
    "keras.src.layers.activations": "kerasedu.layers.advanced_activations",
    "keras.src.layers.preprocessing.image_preprocessing.bounding_boxes":
        "kerasedu.layers.preprocessing.bounding_boxes",
    "keras.src.layers.preprocessing.image_preprocessing.bounding_boxes.converters":
        "kerasedu.layers.preprocessing.bounding_boxes.converters",
    "keras.src.layers.rnn.conv_lstm": "kerasedu.layers.convolutional_recurrent.conv_lstm",
    "keras.src.layers.rnn.dropout_rnn_cell": "kerasedu.layers.recurrent.dropout_masks",
    "keras.src.saving.saving_api": "kerasedu.saving",
    "keras.src.trainers.data_adapters.py_dataset_adapter": "kerasedu.utils",
}
# Keras modules that are plain helpers with no Keras imports: loaded from the wheel as they are.
KERAS_HELPERS = {"keras.src.testing.test_utils", "keras.src.backend.common.backend_utils"}
# Modules that are not kerasedu's dependencies; tests using them are on the skip list.
ABSENT_PACKAGES = {"tensorflow", "grain", "torch", "jax", "scipy"}


class Missing(types.ModuleType):
    """A stand-in for something kerasedu does not have (``keras.src.quantizers``, TensorFlow).

    Importing it works, so that a test module loads; using it raises :class:`MissingFeature`,
    which fails only the tests that use it.
    """

    def __init__(self, name):
        super().__init__(name)
        self.__path__ = []

    def __getattr__(self, attribute):
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        return Missing(f"{self.__name__}.{attribute}")

    def __call__(self, *args, **kwargs):
        raise MissingFeature(self.__name__)

    def __iter__(self):
        raise MissingFeature(self.__name__)

    def __mro_entries__(self, bases):
        raise MissingFeature(self.__name__)


class MissingFeature(Exception):
    """A test used something kerasedu (or this environment) does not have."""

    def __init__(self, name):
        super().__init__(f"{name} is not available on kerasedu")


_loaded = {}


def load_keras_test_module(keras_name):
    """The Keras test module ``keras_name`` ('keras.src.layers.core.dense_test'), run from the
    wheel's file with its imports redirected (cached: each is run once)."""
    if keras_name in _loaded:
        return _loaded[keras_name]
    path = KERAS_SRC.joinpath(*keras_name.split(".")[2:]).with_suffix(".py")
    name = f"{LOADED_PREFIX}.{keras_name[len('keras.src.'):]}"
    module = types.ModuleType(name)
    module.__file__ = str(path)
    module.__builtins__ = REDIRECTING_BUILTINS
    _loaded[keras_name] = module
    sys.modules[name] = module      # so that classes defined there can be found by module path
    try:
        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), module.__dict__)
    except BaseException:
        del _loaded[keras_name], sys.modules[name]
        raise
    return module


def _is_keras_file(keras_name):
    return keras_name.startswith("keras.src.") and \
        KERAS_SRC.joinpath(*keras_name.split(".")[2:]).with_suffix(".py").is_file()


def resolve(keras_name):
    """The module (or placeholder) standing for the Keras module ``keras_name``."""
    if keras_name in REDIRECTS:
        return importlib.import_module(REDIRECTS[keras_name])
    if keras_name.startswith("keras.") and not keras_name.startswith("keras.src."):
        keras_name = "keras.src." + keras_name[len("keras."):]     # the public path
    if keras_name.endswith("_test") and _is_keras_file(keras_name) or \
            keras_name in KERAS_HELPERS:
        return load_keras_test_module(keras_name)
    try:
        return importlib.import_module(_kerasedu_name(keras_name))
    except ModuleNotFoundError:
        return Missing(keras_name)


def _kerasedu_name(keras_name):
    """kerasedu's name for the Keras module ``keras_name``: through the longest redirected
    prefix (keras.src.layers.activations.relu -> kerasedu.layers.advanced_activations.relu),
    else the same name under kerasedu."""
    parts = keras_name.split(".")
    for end in range(len(parts) - 1, 2, -1):
        prefix = ".".join(parts[:end])
        if prefix in REDIRECTS:
            return ".".join([REDIRECTS[prefix], *parts[end:]])
    return "kerasedu." + keras_name[len("keras.src."):]


def redirecting_import(name, globals=None, locals=None, fromlist=(), level=0):
    """``__import__`` for Keras's test modules (see the module docstring)."""
    top = name.split(".")[0]
    if level == 0 and top == "keras":
        target = resolve(name)
        if fromlist:
            return _with_submodules(name, target, fromlist)
        return resolve("keras")
    if level == 0 and name == "conftest":     # Keras's repository conftest, not in the wheel
        return importlib.import_module("keras_layer_tests.testing")
    if level == 0 and top in ABSENT_PACKAGES and importlib.util.find_spec(top) is None:
        return Missing(name if fromlist else top)
    return builtins.__import__(name, globals, locals, fromlist, level)


def _with_submodules(name, target, fromlist):
    """``target``, with each name of ``fromlist`` that is a Keras submodule resolved as one
    (``from keras.src import backend`` gives the backend stand-in, not kerasedu.backend)."""
    wanted = {attribute: resolve(f"{name}.{attribute}") for attribute in fromlist
              if f"{name}.{attribute}" in REDIRECTS or is_keras_module(f"{name}.{attribute}")}
    if not wanted:
        return target
    view = types.ModuleType(getattr(target, "__name__", name))
    view.__getattr__ = lambda attribute: getattr(target, attribute)
    for attribute, module in wanted.items():
        setattr(view, attribute, module)
    return view


def is_keras_module(keras_name):
    """Whether ``keras_name`` names a module or package of the keras wheel."""
    if keras_name.startswith("keras.") and not keras_name.startswith("keras.src."):
        keras_name = "keras.src." + keras_name[len("keras."):]
    return _is_keras_file(keras_name) or (
        keras_name.startswith("keras.src.")
        and KERAS_SRC.joinpath(*keras_name.split(".")[2:], "__init__.py").is_file())


REDIRECTING_BUILTINS = dict(vars(builtins), __import__=redirecting_import)
