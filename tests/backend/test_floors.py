"""The floors of kerasedu's numerical core: the teaching floor (kerasedu.backend) imports
nothing above it, not even inside a function; the speed floor (kerasedu.accelerated) imports
only the teaching floor, and nothing but the package root imports it; neither floor has an
import cycle or a module over 400 lines; importing the teaching floor changes nothing about
the process."""

import ast
import json
import os
import subprocess
import sys

import pytest

import kerasedu

ROOT = os.path.dirname(kerasedu.__file__)


def _modules():
    """{module name: path} for every module of the kerasedu package."""
    found = {}
    for directory, _, files in os.walk(ROOT):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(directory, name)
                dotted = "kerasedu." + os.path.relpath(path, ROOT)[:-3].replace(os.sep, ".")
                found[dotted.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _imports(module):
    """The kerasedu modules ``module`` imports, anywhere in its file (functions included)."""
    path = MODULES[module]
    package = module if path.endswith("__init__.py") else module.rsplit(".", 1)[0]
    targets = set()
    for node in ast.walk(ast.parse(open(path, encoding="utf-8").read())):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            for alias in node.names:
                name = f"{base}.{alias.name}"
                targets.add(name if name in MODULES else base)
        elif isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
    return {t for t in targets if t.split(".")[0] == "kerasedu"}


def _in(module, floor):
    return module == floor or module.startswith(floor + ".")


BACKEND, ACCELERATED = "kerasedu.backend", "kerasedu.accelerated"


def test_the_teaching_floor_imports_only_itself():
    for module in MODULES:
        if _in(module, BACKEND):
            above = {t for t in _imports(module) if not _in(t, BACKEND)}
            assert not above, f"{module} imports {sorted(above)}"


def test_the_speed_floor_imports_only_the_floors_below_and_only_the_root_imports_it():
    for module in MODULES:
        imported = _imports(module)
        if _in(module, ACCELERATED):
            other = {t for t in imported if not (_in(t, BACKEND) or _in(t, ACCELERATED))}
            assert not other, f"{module} imports {sorted(other)}"
        elif module != "kerasedu":
            assert not {t for t in imported if _in(t, ACCELERATED)}, \
                f"{module} imports the speed floor"


def _cycles(graph):
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))
    for v in graph:
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles_in_either_floor():
    floors = [m for m in MODULES if _in(m, BACKEND) or _in(m, ACCELERATED)]
    graph = {m: {t for t in _imports(m) if t in floors and t != m} for m in floors}
    assert _cycles(graph) == []


@pytest.mark.parametrize("floor", [BACKEND, ACCELERATED])
def test_no_module_over_400_lines(floor):
    long = {m: n for m in MODULES if _in(m, floor)
            for n in [len(open(MODULES[m], encoding="utf-8").read().splitlines())] if n > 400}
    assert long == {}


CHECK_PROCESS = """
import json, sys
import numpy
from threadpoolctl import threadpool_info
def blas():
    return sorted(p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas")
before = blas()
import kerasedu
print(json.dumps({"before": before, "after": blas(), "numba": "numba" in sys.modules}))
"""


def _process_settings(**env):
    clean = {k: v for k, v in os.environ.items()
             if k not in ("KERASEDU_BLAS_THREADS", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                          "MKL_NUM_THREADS", "KERASEDU_ACCELERATED")}
    result = subprocess.run([sys.executable, "-c", CHECK_PROCESS], capture_output=True,
                            text=True, env={**clean, **env})
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return json.loads(result.stdout)


def test_only_the_speed_floor_changes_the_blas_thread_count():
    off = _process_settings(KERASEDU_ACCELERATED="0")
    assert off["after"] == off["before"] and not off["numba"]
    on = _process_settings()
    assert set(on["after"]) == {1} and not on["numba"]
    if max(off["before"]) == 1:
        pytest.skip("BLAS runs one thread here anyway: the change cannot be seen")
