"""Keras's layer tests, family by family, as pytest collects them.

Each ``test_<family>.py`` of this folder calls :func:`load_family`, which loads every
``keras/src/layers/<family>/**/*_test.py`` of the installed wheel (see :mod:`.keras_imports`)
and returns its TestCase classes, so that pytest collects them there
(``tests/keras_layer_tests/test_core.py::DenseTest::test_dense_basics``). A module that fails
to load gives one failing test that shows why, instead of stopping the collection.
"""

import traceback

from .keras_imports import KERAS_SRC, LOADED_PREFIX, load_keras_test_module
from .testing import TestCase


def family_modules(family):
    """The Keras names of a family's test modules ('keras.src.layers.core.dense_test', ...);
    the family "layer" is the Layer base class's own test, layers/layer_test.py."""
    root = KERAS_SRC / "layers"
    paths = [root / "layer_test.py"] if family == "layer" else \
        sorted((root / family).rglob("*_test.py"))
    return [".".join(("keras", "src", *path.relative_to(KERAS_SRC).with_suffix("").parts))
            for path in paths]


def load_family(family):
    """{name: test class} for every TestCase class of the family's test modules."""
    found = {}
    for keras_name in family_modules(family):
        short = keras_name.rsplit(".", 1)[1]
        try:
            module = load_keras_test_module(keras_name)
        except Exception:
            found[f"{short}_loads"] = _failing(keras_name, traceback.format_exc())
            continue
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, TestCase) and \
                    value.__module__ == module.__name__:
                found[name if name not in found else f"{short}_{name}"] = value
    return found


def _failing(keras_name, text):
    """A test class standing for a module that did not load, in that module (so that the
    skip list can name it): its one test fails with the reason."""
    def test_module_loads(self):
        raise ImportError(f"{keras_name} did not load on kerasedu:\n{text}")
    return type("ModuleLoads", (TestCase,), {
        "test_module_loads": test_module_loads,
        "__module__": f"{LOADED_PREFIX}.{keras_name[len('keras.src.'):]}"})
