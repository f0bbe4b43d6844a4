"""Reference implementations for grading, as private copies read fresh from disk.

An answer cell runs before the test cells, so it could replace ``kerasedu.layers.Dense.call``,
``kerasedu.losses.mean_squared_error`` or a grading function. The checks therefore compare
against private copies: the source of the public package (``kerasedu.layers``, ...) and of the
module that defines the reference is executed again into new module objects, which hold the
library's own definitions whatever was assigned to the loaded modules since. The loaded modules
themselves are left exactly as they are, so nothing else in the notebook (or the test run)
changes under the student's feet.
"""

import importlib.util


def private_copy(module_name):
    """The module ``module_name`` executed again from its file, leaving sys.modules and the
    registry of serializable objects as they were."""
    from .. import serialization
    registry = serialization.get_custom_objects()
    saved = dict(registry)
    spec = importlib.util.find_spec(module_name)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    finally:
        registry.clear()
        registry.update(saved)
    return module


def _fresh(name, package):
    public = private_copy(f"kerasedu.{package}")
    if not hasattr(public, name):
        raise ValueError(f"kerasedu.{package} has no {name!r}.")
    obj = getattr(public, name)
    module_name = getattr(obj, "__module__", "") or ""
    if not module_name.startswith("kerasedu."):
        from .layer_checks import GradingError
        raise GradingError(
            f"kerasedu.{package}.{name} has been replaced by code run in this notebook, so it "
            f"cannot serve as the reference. Remove the code that assigns to kerasedu's "
            f"modules, restart the kernel and run the notebook again.")
    return getattr(private_copy(module_name), obj.__name__)


def reference_layer(reference):
    """A fresh copy of the reference layer class (given as a class or a name in kerasedu.layers)."""
    if isinstance(reference, str):
        return _fresh(reference, "layers")
    return getattr(private_copy(reference.__module__), reference.__name__)


def reference_object(name, package):
    """A fresh copy of the function or class ``kerasedu.<package>.<name>`` (losses, optimizers,
    callbacks, ...)."""
    return _fresh(name, package)
