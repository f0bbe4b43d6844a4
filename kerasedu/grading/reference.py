"""Reference implementations for grading, loaded fresh from disk.

An answer cell runs before the test cells, so it could replace ``kerasedu.layers.Dense.call``,
``kerasedu.losses.mean_squared_error`` or a grading function. The checks therefore compare
against objects obtained by re-executing their modules' source (``importlib.reload``), which
restores what any such patch replaced: first the public package (``kerasedu.layers``, ...), so
that a replaced name points back to the library's object, then the module that defines it.
"""

import importlib
import inspect


def _fresh(name, package):
    public = importlib.reload(importlib.import_module(f"kerasedu.{package}"))
    if not hasattr(public, name):
        raise ValueError(f"kerasedu.{package} has no {name!r}.")
    obj = getattr(public, name)
    module = inspect.getmodule(obj)
    if module is None or not module.__name__.startswith("kerasedu."):
        from .layer_checks import GradingError
        raise GradingError(
            f"kerasedu.{package}.{name} has been replaced by code run in this notebook, so it "
            f"cannot serve as the reference. Remove the code that assigns to kerasedu's "
            f"modules, restart the kernel and run the notebook again.")
    return getattr(importlib.reload(module), obj.__name__)


def reference_layer(reference):
    """A fresh copy of the reference layer class (given as a class or a name in kerasedu.layers)."""
    if isinstance(reference, str):
        return _fresh(reference, "layers")
    module = importlib.reload(inspect.getmodule(reference))
    return getattr(module, reference.__name__)


def reference_object(name, package):
    """A fresh copy of the function or class ``kerasedu.<package>.<name>`` (losses, optimizers,
    callbacks, ...)."""
    return _fresh(name, package)
