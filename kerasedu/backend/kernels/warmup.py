"""Compile every kernel once so that its machine code is in numba's on-disk cache."""

import time


def warmup(verbose=True):
    """Compile (or load from the cache) every kernel for each of its example signatures.

    Returns ``{kernel name: seconds}``. Run it as ``python -m kerasedu warmup``.
    """
    from .registry import active_implementation, registered_kernels
    if active_implementation() != "numba":
        if verbose:
            print("numba is not in use (KERASEDU_KERNELS=numpy or numba missing): nothing to compile.")
        return {}
    timings = {}
    for name, k in sorted(registered_kernels().items()):
        start = time.perf_counter()
        for args in k.example_arguments():
            k.numba(*args)
        timings[name] = time.perf_counter() - start
        if verbose:
            print(f"{name:<28} {timings[name]:6.2f} s")
    return timings
