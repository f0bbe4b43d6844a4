"""numba kernels with numpy twins: the loops numpy cannot write as a few whole-array calls.

* :mod:`.registry`: how a kernel and its twin are declared, and which one runs;
* :mod:`.compiling`: when and how numba compiles them; :func:`report` says what runs and why;
* the kernels: :mod:`.gather` (embedding lookups), :mod:`.im2col` (convolution's patches),
  :mod:`.pool_loops` (max and average pooling), :mod:`.special` (erf).
"""

from .registry import (Kernel, active_implementation, compile_ahead, kernel, numba_available,
                       registered_kernels, report, wait_until_compiled, warmup)

__all__ = ["Kernel", "kernel", "active_implementation", "compile_ahead", "numba_available",
           "registered_kernels", "report", "wait_until_compiled", "warmup"]
