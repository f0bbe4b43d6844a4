"""Backend figures: import time, tape overhead per op, and kernel compile / cached-load times.

    python benchmarks/bench_backend.py

* import: ``python -c "import kerasedu"`` in fresh processes (best of 5), and whether any
  kernel was compiled (numba must not even be imported);
* tape overhead: time per op on small arrays with recording on (a Variable input) against the
  same op with recording off (``no_grad``) and against plain numpy;
* kernels: for each registered kernel, the first call in a fresh process with an empty numba
  cache (compile) and the first call in another fresh process with that cache (load), per
  dtype signature, after ``import numba`` (which costs about half a second once per process).
"""

import json
import os
import subprocess
import sys
import tempfile
import timeit

import numpy as np


def _run(code, env=None):
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, **(env or {})}, check=True)
    return result.stdout.strip()


def import_time():
    code = ("import time, sys; t = time.perf_counter(); import kerasedu; "
            "print(time.perf_counter() - t, 'numba' in sys.modules)")
    runs = [_run(code).split() for _ in range(5)]
    return min(float(r[0]) for r in runs), any(r[1] == "True" for r in runs)


def tape_overhead(number=20000):
    from kerasedu import ops
    from kerasedu.backend import Variable, no_grad
    a = np.ones((4, 4), np.float32)
    v = Variable(a)
    rows = []
    for name, op, plain in [("add", lambda x: ops.add(x, x), lambda x: x + x),
                            ("multiply", lambda x: ops.multiply(x, x), lambda x: x * x),
                            ("matmul", lambda x: ops.matmul(x, x), lambda x: x @ x),
                            ("sum", lambda x: ops.sum(x), lambda x: x.sum()),
                            ("relu", lambda x: ops.relu(x), lambda x: np.maximum(x, 0))]:
        recorded = timeit.timeit(lambda: op(v), number=number) / number
        with no_grad():
            unrecorded = timeit.timeit(lambda: op(v), number=number) / number
        numpy_only = timeit.timeit(lambda: plain(a), number=number) / number
        rows.append((name, recorded * 1e6, unrecorded * 1e6, numpy_only * 1e6))
    return rows


def kernel_times():
    from kerasedu.backend.kernels import registered_kernels
    names = sorted(registered_kernels())
    code = ("import json, time, numba\n"
            "from kerasedu.backend.kernels import registered_kernels\n"
            "times = {}\n"
            "for name, k in sorted(registered_kernels().items()):\n"
            "    signatures = k.example_arguments()\n"
            "    start = time.perf_counter()\n"
            "    for args in signatures:\n"
            "        k.numba(*args)\n"
            "    times[name] = (time.perf_counter() - start) / len(signatures)\n"
            "print(json.dumps(times))")
    with tempfile.TemporaryDirectory() as cache:
        env = {"NUMBA_CACHE_DIR": cache, "KERASEDU_KERNELS": "numba"}
        compiled = json.loads(_run(code, env))
        loaded = json.loads(_run(code, env))
    return [(n, compiled[n], loaded[n]) for n in names]


def main():
    seconds, numba_imported = import_time()
    print(f"import kerasedu: {seconds:.3f} s (best of 5); numba imported at import: "
          f"{numba_imported}")
    print("\nTape overhead per op on (4, 4) float32, microseconds:")
    print(f"{'op':<10}{'recorded':>10}{'no_grad':>10}{'numpy':>10}{'recorded/numpy':>16}")
    for name, recorded, unrecorded, numpy_only in tape_overhead():
        print(f"{name:<10}{recorded:10.2f}{unrecorded:10.2f}{numpy_only:10.2f}"
              f"{recorded / numpy_only:16.1f}x")
    print("\nKernels: first call with an empty cache (compile) and in a new process with the "
          "cache (load), seconds per dtype signature (numba itself imported beforehand):")
    print(f"{'kernel':<34}{'compile':>10}{'load':>10}")
    for name, compiled, loaded in kernel_times():
        print(f"{name:<34}{compiled:10.2f}{loaded:10.3f}")


if __name__ == "__main__":
    main()
