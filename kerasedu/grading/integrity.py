"""Checks a student cannot switch off.

An answer cell runs in the process that grades it: before the test cells, and inside them, when
a check calls the student's functions. It could replace what a check relies on (numpy.allclose,
importlib.reload, a reference layer's call, builtins.isinstance, the entry of kerasedu.grading
in sys.modules, IPython's handling of a failing cell) and turn failures into passes. So when
kerasedu.grading is first imported (in the grading kernel that happens before any student cell
runs), :func:`capture` records the objects that grading relies on:

* every function, class and module in the namespaces of numpy, kerasedu (kerasedu.grading
  included), builtins, importlib and the other modules named in :data:`TRUSTED`, and every
  method and descriptor of the classes defined there;
* the entries of ``sys.modules`` for all of those modules;
* in a Jupyter kernel, what runs a cell and shows its error (:mod:`.kernel_watch`).

:func:`verify` compares all of them with that record, by identity. Reading every function's code
at each check would be slow, so an audit hook (``sys.addaudithook``; nothing can remove one)
records every assignment to a function's ``__code__``, ``__defaults__`` or ``__kwdefaults__``
instead, and refuses it for kerasedu.grading's own functions. In a kernel the hook also verifies
before every cell runs, so a test cell never runs after tampering, whatever it would call.

A check calls :func:`verify` when it starts, after every piece of student code it runs (before it
computes an expected value or compares), and when it ends. When something differs, it prints one
line on stdout that starts with :data:`TAMPERING_MARKER` (``make grade`` lists such students),
puts back what was replaced (so that IPython shows the error), and raises
:class:`TamperingError`; from then on every check, and in a kernel every cell, fails the same
way. The checks reach :func:`verify` through default arguments, which only the audited
``__defaults__`` could change, and the record is held in closures, never in module globals.

Not covered: code that reaches grading's private state through the garbage collector, frames or
closure cells; threads that change things while a check runs; and code that stops the kernel
from running later cells at all (no check runs then; the grading process sees that the test
cells produced no output).
"""

import importlib
import operator
import sys
import types

from .common import Failure
from .language import deferred, tr

# Printed at the start of one stdout line whenever tampering is detected (see the docstring).
TAMPERING_MARKER = "kerasedu.grading: tampering detected"

# Modules (and their submodules) whose namespaces are recorded.
TRUSTED = ("numpy", "kerasedu", "builtins", "importlib", "types", "functools", "numbers",
           "math", "operator", "inspect", "contextlib", "copy", "abc", "collections",
           "textwrap", "io", "threading", "codeop", "traceback", "linecache",
           "IPython.core", "ipykernel", "jupyter_client.session")

# Registries where a new entry changes what existing code does (a faster implementation of an
# op, registered under the op's name): an entry added after the record is tampering too.
_CLOSED_REGISTRIES = {"kerasedu.backend.faster": ("_registered",)}

# Recorded even though kerasedu does not import them: what a check could be written with.
_IMPORT_FIRST = ("numpy.testing",)

_GRADING = __name__.rpartition(".")[0]

# Types whose attributes cannot be set (built-in and extension types): nothing to record.
_IMMUTABLE_TYPE = 1 << 8

# Hooks meant to be replaced, left out of the record: what IPython and ipykernel set in
# builtins at every cell, and threading's hook for uncaught exceptions (test runners set it).
_HOOKS = {"builtins": ("exit", "quit", "get_ipython", "display", "input"),
          "threading": ("excepthook",)}


class TamperingError(Failure):
    """Code run in this notebook replaced something the checks rely on."""


def _is_trusted(module_name):
    return isinstance(module_name, str) and any(
        module_name == t or module_name.startswith(t + ".") for t in TRUSTED)


def _is_descriptor(value):
    return callable(value) or hasattr(type(value), "__get__")


def _from_notebook(value):
    """Whether ``value`` was defined by code run in a notebook (or the interpreter's main)."""
    module = getattr(value, "__module__", None)
    if not isinstance(module, str):
        module = getattr(type(value), "__module__", None)
    return module == "__main__"


def _is_registry(value):
    """A dict of functions, such as kerasedu's table of faster implementations of its ops."""
    return type(value) is dict and bool(value) and all(callable(v) for v in value.values())


def _keep_module_entry(module_name):
    hooks = _HOOKS.get(module_name, ())

    def keep(key, value):
        if key in hooks or module_name == "builtins" and key.startswith("_") and key not in (
                "__import__", "__build_class__"):
            return False
        return (callable(value) or isinstance(value, types.ModuleType)
                or module_name.startswith("kerasedu.") and _is_registry(value))
    return keep


def _record(label, mapping, keep):
    """(label, mapping, keys, values, getter) for the entries that ``keep(key, value)``
    selects; ``getter(mapping)`` gives the current values of those keys as a tuple (it raises
    KeyError when one is missing), in one call."""
    items = [(k, v) for k, v in list(mapping.items()) if keep(k, v)]
    return _with_getter(label, mapping, tuple(k for k, _ in items), tuple(v for _, v in items))


def _with_getter(label, mapping, keys, values):
    return (label, mapping, keys, values, _getter(keys))


def _getter(keys):
    if len(keys) == 1:
        single = operator.itemgetter(keys[0])
        return lambda mapping: (single(mapping),)
    return operator.itemgetter(*keys) if keys else (lambda mapping: ())


def _module_records(modules):
    """Records of the modules' namespaces and of kerasedu's registries (dicts of functions), and
    of the classes defined in those modules and the registries that must not grow as
    [label, mapping, keys, values, getter, [known keys, size], class or None]."""
    namespaces, classes, seen = [], [], set()
    for name, module in modules:
        record = _record(name, vars(module), _keep_module_entry(name))
        namespaces.append(record)
        for key, value in zip(record[2], record[3]):
            if _is_registry(value):
                entry = _record(f"{name}.{key}", value, lambda k, v: True)
                if key in _CLOSED_REGISTRIES.get(name, ()):
                    classes.append(list(entry) + [[frozenset(value), len(value)], None])
                else:
                    namespaces.append(entry)
        for value in record[3]:
            if (isinstance(value, type) and value.__module__ == name and id(value) not in seen
                    and not value.__flags__ & _IMMUTABLE_TYPE):
                seen.add(id(value))
                entry = _record(f"{name}.{value.__qualname__}", value.__dict__,
                                lambda k, v: _is_descriptor(v))
                classes.append(list(entry) + [[frozenset(value.__dict__),
                                               len(value.__dict__)], value])
    return namespaces, classes


def _guard():
    """capture, verify, trusted and the audit hook, sharing one record held in closures."""
    record = {"captured": False, "namespaces": (), "classes": (), "containers": (),
              "instances": (), "findings": [], "functions": [], "restoring": [False],
              "stdout": None, "is_cell": None, "trusted": {}}

    def capture():
        """Record what grading relies on (once per process; later calls do nothing)."""
        if record["captured"]:
            return
        from . import kernel_watch
        for name in _IMPORT_FIRST:
            importlib.import_module(name)
        modules = [(name, module) for name, module in list(sys.modules.items())
                   if isinstance(module, types.ModuleType) and _is_trusted(name)]
        namespaces, classes = _module_records(modules)
        namespaces.append(_with_getter("sys.modules", sys.modules,
                                       tuple(n for n, _ in modules),
                                       tuple(m for _, m in modules)))
        record["findings"].extend(
            deferred("{label}.{key} was defined in this notebook", label=label, key=key)
            for label, _, keys, values, _ in namespaces for key, value in zip(keys, values)
            if _from_notebook(value))
        shell = kernel_watch.current_shell()
        if shell is not None:
            watched = kernel_watch.record(shell)
            namespaces.extend(_with_getter(*entry) for entry in watched["namespaces"])
            record.update(containers=tuple(watched["containers"]),
                          instances=tuple(watched["instances"]), is_cell=watched["is_cell"],
                          stdout=sys.stdout)
            record["findings"].extend(watched["findings"])
        record.update(namespaces=tuple(namespaces), classes=tuple(classes), trusted={
            label: dict(zip(keys, values)) for label, _, keys, values, _ in namespaces
            if _is_trusted(label)})
        record["captured"] = True
        sys.addaudithook(audit)

    def dirty(is_=operator.is_, all_=all, map_=map, len_=len):
        """Whether anything differs from the record. Uses nothing an answer cell can
        replace: only the closure and these defaults."""
        if record["findings"] or record["functions"]:
            return True
        try:
            for _, mapping, _, values, getter in record["namespaces"]:
                if not all_(map_(is_, getter(mapping), values)):
                    return True
            for _, mapping, keys, values, getter, known, _ in record["classes"]:
                if not (len_(mapping) == known[1] and all_(map_(is_, getter(mapping),
                                                                values))):
                    if _class_changes(mapping, keys, values, known):
                        return True
        except KeyError:
            return True
        for _, owner, key, container, contents, allowed in record["containers"]:
            now = owner.get(key)
            if now is not container or len_(now) != len_(contents) or not all_(
                    map_(is_, now, contents)):
                if _container_changed(now, container, contents, allowed):
                    return True
        for _, mapping, known, methods in record["instances"]:
            if not mapping.keys() <= known[0] and _instance_changes(mapping, known, methods):
                return True
        return False

    def verify():
        """Raise TamperingError (after printing the marker line and putting back what was
        replaced) when anything grading relies on differs from the record."""
        __tracebackhide__ = True
        if record["captured"] and dirty():
            report()

    def report(zip_=zip):
        __tracebackhide__ = True
        found = []
        record["restoring"][0] = True
        try:
            # Namespaces first, with nothing but the closure: the helpers below are then ours.
            for label, mapping, keys, values, _ in record["namespaces"]:
                for key, value in zip_(keys, values):
                    if mapping.get(key) is not value:
                        found.append(_namespace_change(label, key, mapping.get(key)))
                        mapping[key] = value
            found += _other_changes(record)
            _restore(record)
        finally:
            record["restoring"][0] = False
        found = sorted({str(f) for f in record["findings"]} | set(found)) or [
            tr("something the checks rely on was changed")]
        record["findings"][:] = found
        record["functions"].clear()
        shown = tr("; ").join(found[:6]) + (
            tr("; and {more} more", more=len(found) - 6) if len(found) > 6 else "")
        stream = record["stdout"] or sys.stdout
        stream.write(f"{TAMPERING_MARKER}: {shown}\n")
        stream.flush()
        raise TamperingError(
            tr("Tampering detected: {shown}. Code run in this notebook changed what the checks "
               "rely on, so no check can be trusted in this kernel: this test and every later "
               "one fail. Remove that code, restart the kernel and run the notebook again.",
               shown=shown))

    def trusted(module_name, name):
        """The object ``module_name.name`` as recorded (KeyError when there is none)."""
        return record["trusted"][module_name][name]

    def audit(event, args, function_type=types.FunctionType, type_=type):
        if event == "exec":
            is_cell = record["is_cell"]
            if is_cell is not None and is_cell(args[0]) and dirty():
                __tracebackhide__ = True
                report()
        elif event == "object.__setattr__" or event == "object.__delattr__":
            target, what = args[0], args[1]
            if type_(target) is function_type and what in ("__code__", "__defaults__",
                                                            "__kwdefaults__"):
                function_changed(target, what)

    def function_changed(function, what):
        module = function.__module__
        if record["restoring"][0] or not _is_trusted(module):
            return
        name = f"{module}.{function.__qualname__}"
        if module == _GRADING or module.startswith(_GRADING + "."):
            record["findings"].append(tr("code run in this notebook tried to change the {what} "
                                         "of {name}", what=what, name=name))
            raise TamperingError(tr("{name}.{what} cannot be changed: it is part of the checks.",
                                    name=name, what=what))
        record["functions"].append((name, what, function, getattr(function, what)))

    return capture, verify, trusted


# ---------------------------------------------------------------------- describing, restoring

def _class_changes(mapping, keys, values, known):
    """Methods of a recorded class that were replaced, removed or added (a new data attribute,
    such as a cache, is accepted and remembered)."""
    changed = [k for k, v in zip(keys, values) if mapping.get(k) is not v]
    added = [k for k in list(mapping) if k not in known[0] and _is_descriptor(mapping[k])]
    if not changed and not added:
        known[:] = [frozenset(mapping), len(mapping)]
    return changed + added


def _container_changed(now, container, contents, allowed):
    if now is not container:
        return True
    added = [item for item in now if not any(item is c for c in contents)]
    removed = [item for item in contents if not any(item is n for n in now)]
    return bool(removed) or not all(allowed(item) for item in added)


def _instance_changes(mapping, known, methods):
    """Attributes set on a watched object that hide a method of its class."""
    hiding = [k for k in list(mapping) if k not in known[0] and k in methods]
    if not hiding:
        known[0] = frozenset(mapping)
    return hiding


def _namespace_change(label, key, now):
    english = getattr(label, "template", label)
    where = f"{label}[{key!r}]" if english.startswith(("sys.modules", "the notebook")) \
        else f"{label}.{key}"
    if now is None:
        return tr("{where} was removed", where=where)
    return tr("{where} was replaced", where=where)


def _other_changes(record):
    """Descriptions of what changed in the classes, containers, watched objects and functions
    of the record (the namespaces are described as they are restored)."""
    found = []
    for label, mapping, keys, values, _, known, _ in record["classes"]:
        found += [tr("{label}.{key} was changed", label=label, key=key)
                  for key in _class_changes(mapping, keys, values, known)]
    for label, owner, key, container, contents, allowed in record["containers"]:
        now = owner.get(key)
        if (now is not container or len(now) != len(contents)
                or any(a is not b for a, b in zip(now, contents))) and _container_changed(
                    now, container, contents, allowed):
            found.append(tr("{label} were changed", label=label))
    for label, mapping, known, methods in record["instances"]:
        found += [tr("{label}.{key} was replaced", label=label, key=key)
                  for key in _instance_changes(mapping, known, methods)]
    found += [tr("the {what} of {name} was replaced", what=what, name=name)
              for name, what, _, _ in record["functions"]]
    return found


def _restore(record):
    for _, mapping, keys, values, _, known, klass in record["classes"]:
        put = (lambda k, v: mapping.__setitem__(k, v)) if klass is None else (
            lambda k, v: setattr(klass, k, v))
        remove = mapping.__delitem__ if klass is None else (lambda k: delattr(klass, k))
        for key, value in zip(keys, values):
            if mapping.get(key) is not value:
                put(key, value)
        for key in [k for k in list(mapping) if k not in known[0] and _is_descriptor(mapping[k])]:
            remove(key)
    for _, owner, key, container, contents, _ in record["containers"]:
        owner[key] = container
        if isinstance(container, list):
            container[:] = contents
    for _, mapping, known, methods in record["instances"]:
        for key in [k for k in list(mapping) if k not in known[0] and k in methods]:
            del mapping[key]
    for _, what, function, old in record["functions"]:
        setattr(function, what, old)


capture, verify, trusted = _guard()
