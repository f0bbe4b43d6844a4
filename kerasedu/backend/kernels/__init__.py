"""numba kernels with numpy twins; see :mod:`.registry` for how a kernel is declared and chosen."""

from .registry import (Kernel, active_implementation, kernel, numba_available,
                       registered_kernels)
from .warmup import warmup

__all__ = ["Kernel", "kernel", "active_implementation", "numba_available",
           "registered_kernels", "warmup"]
