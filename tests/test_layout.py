"""kerasedu's layout: floors that import only downwards, no import cycles, short modules.

FLOORS lists the floors from the ground up and places every top-level module and package of
kerasedu on one. A module may import modules of its own floor and of the floors below it, never
of a floor above, not even inside a function. Within a floor, no modules may import each other
in a circle. A new top-level module or package fails these tests until it is placed on a floor.

Imports are read from the source (the ``import`` statements anywhere in a module, and
``importlib.import_module`` with a literal name), so a test fails before any code runs.
Importing ``a.b.c`` also runs the ``__init__`` of ``a.b``: that counts as an import of ``a.b``
too, unless the importer lives inside ``a.b`` (a package's own modules are imported while the
package is being set up).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "kerasedu"

FLOORS = [
    ("the teaching floor: Tensor, the tape, the differentiable ops",
     ["kerasedu.backend", "kerasedu.ops"]),
    ("the speed floor: faster implementations that plug into the teaching floor",
     ["kerasedu.accelerated"]),
    ("what layers are made of: names, serialization, activations, initializers, penalties",
     ["kerasedu.version", "kerasedu.naming", "kerasedu.serialization", "kerasedu.activations",
      "kerasedu.random",
      "kerasedu.initializers", "kerasedu.regularizers", "kerasedu.constraints",
      "kerasedu.dtype_policies"]),
    ("the layer machinery: Layer, KerasTensor, Input, Node, InputSpec, shape inference",
     ["kerasedu.layer_machinery"]),
    ("the layers",
     ["kerasedu.layers"]),
    ("what training is made of, and the tools around it",
     ["kerasedu.losses", "kerasedu.metrics", "kerasedu.optimizers", "kerasedu.callbacks",
      "kerasedu.saving", "kerasedu.utils", "kerasedu.datasets", "kerasedu.preprocessing"]),
    ("the training loop: compile, fit, evaluate, predict",
     ["kerasedu.trainers"]),
    ("models: Model, Functional, Sequential, cloning, summary",
     ["kerasedu.models"]),
    ("built on models: Keras 2's import paths, the grading checks, the command line, the face",
     ["kerasedu.engine", "kerasedu.grading", "kerasedu.__main__", "kerasedu"]),
]

# Packages whose modules still import each other in a circle, with the circle being removed.
# A cycle lying wholly inside one of them is allowed; once a package has none left, the test
# asks for its entry to go.
CYCLES_BEING_REMOVED = {}

LONGEST_MODULE = 400   # lines
# Modules over LONGEST_MODULE lines that are being split; the test asks for an entry to go
# once its module is short enough (or gone).
LONG_MODULES_BEING_SPLIT = set()


# ---------------------------------------------------------------------------- reading imports

def module_files():
    """{module name: path} for every Python file of kerasedu."""
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


MODULES = module_files()


def _is_package(name):
    return MODULES[name].name == "__init__.py"


def _existing(name):
    """The module ``name`` names, or its nearest existing parent (``pkg.mod.function``)."""
    while name not in MODULES and "." in name:
        name = name.rsplit(".", 1)[0]
    return name if name in MODULES else None


def _imported_names(module, node):
    """The kerasedu modules one import statement names, as written."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        if node.level:
            base = module.split(".")
            if not _is_package(module):
                base = base[:-1]
            base = base[:len(base) - (node.level - 1)]
            target = ".".join(base + ([node.module] if node.module else []))
        else:
            target = node.module
        return [f"{target}.{alias.name}" if f"{target}.{alias.name}" in MODULES else target
                for alias in node.names]
    function = node.func
    name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
    if name == "import_module" and node.args and isinstance(node.args[0], ast.Constant):
        return [node.args[0].value]
    return []


def imports_of(module, source=None):
    """{imported module: first line} for ``module`` (its file, or ``source``), with the
    packages whose ``__init__`` the import runs (see the module docstring)."""
    tree = ast.parse(source or MODULES[module].read_text(encoding="utf-8"))
    found = {}
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Import, ast.ImportFrom, ast.Call)):
            continue
        for name in _imported_names(module, node):
            target = _existing(name) if name.startswith("kerasedu") else None
            if target is None or target == module:
                continue
            parts = target.split(".")
            for depth in range(2, len(parts) + 1):
                imported = ".".join(parts[:depth])
                if imported != module and not module.startswith(imported + "."):
                    found.setdefault(imported, node.lineno)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def floor_of(module):
    """(floor index, prefix) of the longest FLOORS prefix that holds ``module``, else None."""
    best = None
    for index, (_, prefixes) in enumerate(FLOORS):
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + "."):
                if best is None or len(prefix) > len(best[1]):
                    best = (index, prefix)
    return best


def import_cycles():
    """Every set of two or more modules that import each other in a circle (Tarjan)."""
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in GRAPH[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(MODULES):
        if module not in index:
            visit(module)
    return cycles


def shortest_loop(cycle):
    """The shortest circle of imports among the modules of ``cycle``, as readable steps."""
    members, best = set(cycle), None
    for start in cycle:
        previous, frontier = {start: None}, [start]
        while frontier:
            following = []
            for module in frontier:
                for target in GRAPH[module]:
                    if target == start:
                        path = [module]
                        while previous[path[-1]] is not None:
                            path.append(previous[path[-1]])
                        path = path[::-1] + [start]
                        if best is None or len(path) < len(best):
                            best = path
                    elif target in members and target not in previous:
                        previous[target] = module
                        following.append(target)
            frontier = following
    steps = [f"{a} (line {GRAPH[a][b]})" for a, b in zip(best, best[1:])]
    return " -> ".join(steps + [best[-1]])


def _inside(module, package):
    return module == package or module.startswith(package + ".")


# ---------------------------------------------------------------------------- the tests

def test_every_top_level_module_and_package_is_on_a_floor():
    top_level = sorted({".".join(name.split(".")[:2]) for name in MODULES})
    unplaced = [name for name in top_level if floor_of(name) is None]
    assert unplaced == [], (
        f"Place {unplaced} on a floor in FLOORS ({__file__}): the floor of the lowest "
        f"module it imports, or higher.")


def test_floor_prefixes_are_listed_once():
    prefixes = [prefix for _, listed in FLOORS for prefix in listed]
    assert len(prefixes) == len(set(prefixes))


def test_no_import_points_up_a_floor():
    upward = []
    for module, targets in GRAPH.items():
        own_floor, _ = floor_of(module)
        for target, line in targets.items():
            target_floor, _ = floor_of(target)
            if target_floor > own_floor:
                upward.append(f"{MODULES[module].relative_to(ROOT)}:{line} imports {target} "
                              f"({FLOORS[target_floor][0].split(':')[0]}), above "
                              f"{FLOORS[own_floor][0].split(':')[0]}")
    assert upward == [], (
        "Lower floors never import higher ones, not even inside a function. Move the code "
        "to the floor it belongs to, or let the higher floor register what the lower one "
        "needs (as kerasedu.models registers its classes with kerasedu.layers.serialization):"
        "\n" + "\n".join(upward))


def test_no_import_cycles():
    unexpected = [cycle for cycle in import_cycles()
                  if not any(all(_inside(m, package) for m in cycle)
                             for package in CYCLES_BEING_REMOVED)]
    assert unexpected == [], (
        "These modules import each other in a circle; give the shared code a home that "
        "both import, or move the import to where the dependency points down:\n"
        + "\n".join(f"{len(cycle)} modules, for example {shortest_loop(cycle)}"
                    for cycle in unexpected))


@pytest.mark.parametrize("package", sorted(CYCLES_BEING_REMOVED))
def test_cycles_being_removed_are_still_there(package):
    remaining = [cycle for cycle in import_cycles()
                 if all(_inside(m, package) for m in cycle)]
    assert remaining, (
        f"{package} has no import cycle left: remove it from CYCLES_BEING_REMOVED in "
        f"{__file__}.")


def test_modules_are_short():
    long_modules = sorted(
        str(path.relative_to(ROOT)) for path in MODULES.values()
        if len(path.read_text(encoding="utf-8").splitlines()) > LONGEST_MODULE)
    unexpected = [path for path in long_modules if path not in LONG_MODULES_BEING_SPLIT]
    assert unexpected == [], (
        f"Modules hold one idea each, in at most {LONGEST_MODULE} lines; split {unexpected}.")
    done = sorted(LONG_MODULES_BEING_SPLIT - set(long_modules))
    assert done == [], f"Remove {done} from LONG_MODULES_BEING_SPLIT in {__file__}."


# ---------------------------------------------------------------------------- the reader itself

def test_the_reader_finds_imports_inside_functions_and_package_inits():
    trainer = GRAPH["kerasedu.models.model"]
    assert "kerasedu.trainers.trainer" in trainer and "kerasedu.trainers" in trainer
    assert "kerasedu.saving" in trainer
    # A package's own modules do not count its __init__ as imported.
    assert "kerasedu.layers" not in GRAPH["kerasedu.layers.wrappers.wrapper"]
    assert "kerasedu.layers.serialization" in GRAPH["kerasedu.layers.wrappers.wrapper"]


def test_the_reader_sees_what_the_tests_forbid(monkeypatch):
    probe = "kerasedu.layers.probe"
    monkeypatch.setitem(MODULES, probe, PACKAGE / "layers" / "probe.py")
    found = imports_of(probe, source=(
        "def load():\n"
        "    from ..models import Model\n"
        "    import importlib\n"
        "    return importlib.import_module('kerasedu.trainers.trainer')\n"))
    assert found == {"kerasedu.models": 2, "kerasedu.trainers": 4,
                     "kerasedu.trainers.trainer": 4}
    assert floor_of(probe)[0] < floor_of("kerasedu.models")[0]
