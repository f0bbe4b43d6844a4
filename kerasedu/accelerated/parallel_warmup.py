"""Warm-up: compile every kernel into numba's cache ahead of time, on every core at once.

``python -m kerasedu warmup`` compiles each kernel for the float32 example arguments it
registered (:meth:`kerasedu.backend.kernels.Kernel.compiled_examples`), so that no session ever
compiles. One compile is one task: a kernel. Tasks run in a pool of processes, one per core,
and the order matters twice:

* a kernel that calls other kernels (a loop through time calls the step and the product
  kernels) is compiled after them, so it loads them from the cache instead of compiling them a
  second time in another process; the calls are read from the kernel's code, so that the order
  follows the code;
* among the tasks whose callees are ready, the ones with the most kernels above or below them
  start first: a kernel many others call unblocks them, and one that calls many is long (numba
  optimizes its callees' code again inside it); started last, either would leave the other
  cores idle.

A process starts a task as soon as it is free and some task is ready.
"""

import os
import warnings
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from multiprocessing import get_context

from ..backend.kernels import compiling
from ..backend.kernels.registry import Kernel, registered_kernels


def callees(kernel):
    """The kernels ``kernel``'s loops call, read from its code's global names."""
    names = kernel.python_loops.__code__.co_names
    found = (kernel.python_loops.__globals__.get(name) for name in names)
    return {k.name: k for k in found if isinstance(k, Kernel) and k is not kernel}


def kernels_below(kernel, seen=None):
    """The names of every kernel ``kernel`` reaches through its calls."""
    seen = set() if seen is None else seen
    for name, k in callees(kernel).items():
        if name not in seen:
            seen.add(name)
            kernels_below(k, seen)
    return seen


def warmup(kernels):
    """Compile ``kernels`` for their float32 example arguments, one process per core, in the
    order described above. Kernels numba could not compile get a note for
    :func:`kerasedu.backend.kernels.report`."""
    names = {k.name for k in kernels}
    tasks = {k.name: {c for c in callees(k) if c in names} for k in kernels}
    below = {k.name: kernels_below(k) for k in kernels}
    weight = {name: len(under) + sum(name in other for other in below.values())
              for name, under in below.items()}
    done, running = set(), {}
    workers = max(1, min(len(tasks), os.cpu_count() or 1))
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        while tasks or running:
            ready = sorted((name for name, needs in tasks.items() if needs <= done),
                           key=lambda name: (-weight[name], name))
            for name in ready[:workers - len(running)]:
                del tasks[name]
                running[pool.submit(compile_examples, name)] = name
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                name = running.pop(future)
                done.add(name)
                if future.result():
                    compiling.note(name, future.result())


def compile_examples(name):
    """In a warm-up process: compile the kernel ``name`` for each of its float32 examples;
    None, or what went wrong."""
    kernel = registered_kernels()[name]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dispatcher = compiling.dispatcher(kernel)
            for args in kernel.compiled_examples():
                dispatcher.compile(tuple(dispatcher.typeof_pyval(a) for a in args))
    except Exception as error:
        return f"numba could not compile it ({type(error).__name__}: {error})"
    return None
