"""What runs a notebook cell and shows its error, recorded for :mod:`.integrity`.

nbgrader scores a test cell from its outputs: an error output gives 0 points. So a failing
check is only a failing test if the kernel runs the test cell as written and shows the
exception. An answer cell could prevent both without touching the checks:
``get_ipython().set_custom_exc(...)`` with a handler that stays silent, a replaced
``showtraceback``, an input or AST transformer that rewrites test cells, a ``post_run_cell``
callback that clears the outputs, a replaced ``__builtins__`` in the cell namespace, or a
replaced method of the kernel's session that sends the error.

:func:`record` describes these objects in the forms :mod:`.integrity` compares:

* ``namespaces``: (label, mapping, keys, values), the callables found in the instance
  dictionaries and trait values of the shell, its compiler, transformers, events, display
  hook and publisher, traceback formatter, the kernel and its session (IPython replaces the
  output streams' write method at every cell, so those are left out);
* ``instances``: (label, mapping, [known keys], names of the class's methods), to notice an
  attribute set on one of those objects that hides a method of its class;
* ``containers``: (label, owner, key, container, contents, allowed), the custom exception
  tuple, the transformer lists and every event's callbacks (``allowed`` accepts callbacks
  that matplotlib registers when a notebook plots);
* ``is_cell``: whether a code object is a notebook cell (by the file name IPython gives it);
* ``findings``: what is already wrong when the record is made.
"""

import builtins
import sys

from .language import deferred


def current_shell():
    """The running IPython shell, or None (without importing IPython)."""
    getipython = sys.modules.get("IPython.core.getipython")
    return getipython.get_ipython() if getipython is not None else None


def _defined_in_notebook(value):
    module = getattr(value, "__module__", None) or getattr(type(value), "__module__", None)
    return module == "__main__"


def _plotting(callback):
    function = getattr(callback, "__func__", callback)
    module = getattr(function, "__module__", "") or ""
    return module.split(".")[0] in ("matplotlib", "matplotlib_inline")


def _never(_):
    return False


def _watched_objects(shell):
    kernel = getattr(shell, "kernel", None)
    objects = [(deferred("IPython's shell"), shell),
               (deferred("IPython's compiler"), shell.compile),
               (deferred("IPython's events"), shell.events),
               (deferred("IPython's input transformers"), shell.input_transformer_manager),
               (deferred("IPython's display hook"), shell.displayhook),
               (deferred("IPython's display publisher"), shell.display_pub),
               (deferred("IPython's traceback formatter"), shell.InteractiveTB)]
    if kernel is not None:
        objects += [(deferred("the kernel"), kernel),
                    (deferred("the kernel's session"), kernel.session)]
    return objects


def _method_names(obj):
    """Names of the methods of ``obj``'s class, which an attribute of ``obj`` would hide
    (properties and other data descriptors cannot be hidden that way)."""
    return frozenset(name for klass in type(obj).__mro__ for name, value in vars(klass).items()
                     if callable(value) and not hasattr(type(value), "__set__"))


def record(shell):
    """The record of ``shell`` and the kernel objects around it (see the module docstring)."""
    namespaces, instances, containers, findings = [], [], [], []
    for label, obj in _watched_objects(shell):
        for where, mapping in ((label, getattr(obj, "__dict__", None)),
                               (deferred("{label} (traits)", label=label),
                                getattr(obj, "_trait_values", None))):
            if not isinstance(mapping, dict):
                continue
            items = [(k, v) for k, v in list(mapping.items()) if callable(v)]
            namespaces.append((where, mapping, tuple(k for k, _ in items),
                               tuple(v for _, v in items)))
            findings += [deferred("{label}.{key} was defined in this notebook", label=label,
                                  key=k) for k, v in items if _defined_in_notebook(v)]
        if isinstance(getattr(obj, "__dict__", None), dict):
            instances.append((label, obj.__dict__, [frozenset(obj.__dict__)], _method_names(obj)))
    user_namespace = shell.user_global_ns
    if user_namespace.get("__builtins__") not in (builtins, vars(builtins)):
        findings.append(deferred("the notebook's __builtins__ was replaced"))
    namespaces.append((deferred("the notebook's namespace"), user_namespace, ("__builtins__",),
                       (user_namespace.get("__builtins__"),)))
    if vars(shell).get("custom_exceptions", ()):
        findings.append(
            deferred("IPython's custom exception handlers (set_custom_exc) were set"))
    no_handlers = ()   # none, whatever was set before the record: putting back leaves none
    containers.append((deferred("IPython's custom exception handlers (set_custom_exc)"),
                       vars(shell), "custom_exceptions", no_handlers, no_handlers, _never))
    manager = shell.input_transformer_manager
    for label, owner, key in (
            (deferred("IPython's cleanup transforms"), vars(manager), "cleanup_transforms"),
            (deferred("IPython's line transforms"), vars(manager), "line_transforms"),
            (deferred("IPython's token transformers"), vars(manager), "token_transformers"),
            (deferred("IPython's input_transformers_post"), shell._trait_values,
             "input_transformers_post"),
            (deferred("IPython's ast_transformers"), shell._trait_values, "ast_transformers")):
        container = owner.get(key)
        if isinstance(container, list):
            containers.append((label, owner, key, container, tuple(container), _never))
            findings += [deferred("{label} hold code from this notebook", label=label)
                         for item in container if _defined_in_notebook(item)][:1]
    for event, callbacks in shell.events.callbacks.items():
        label = deferred("IPython's {event} callbacks", event=event)
        containers.append((label, shell.events.callbacks, event, callbacks, tuple(callbacks),
                           _plotting))
        findings += [deferred("{label} hold code from this notebook", label=label)
                     for item in callbacks if _defined_in_notebook(item)][:1]
    return {"namespaces": namespaces, "instances": instances, "containers": containers,
            "is_cell": _cell_test(shell), "findings": findings}


def _cell_test(shell):
    """A function telling whether a code object is a cell of this kernel's notebook."""
    names = getattr(shell.compile, "_filename_map", {})
    compiler = sys.modules.get("ipykernel.compiler")
    prefix = compiler.get_tmp_directory() if compiler is not None else "<ipython-input-"

    def is_cell(code, names=names, prefix=prefix):
        if code.co_name != "<module>":
            return False
        filename = code.co_filename
        return filename in names or filename.startswith(prefix) or filename.startswith(
            "<ipython-input-")
    return is_cell
