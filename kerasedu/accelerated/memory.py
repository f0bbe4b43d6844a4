"""Keeping freed memory for the next training step (Linux with glibc only).

Every step of training allocates the same large arrays again: the patch matrix of each
convolution, its output and gradients, a few megabytes each. glibc's malloc hands memory back
to the operating system when more than a threshold of it is free at the top of the heap (by
default twice the largest block seen, at most 64 MB), and then the next step touches fresh
pages again, each one a page fault. On a virtual machine a page fault costs microseconds, and
a convolution's forward and backward pass, with thousands of faults per step, took about three
times as long as with the memory kept (benchmarks/bench_conv.py times the convolutions).

So kerasedu asks glibc, when it is imported, to keep up to 128 MB free at the top of the heap
(``M_TRIM_THRESHOLD``) and to serve blocks up to 32 MB from the heap rather than from fresh
mappings (``M_MMAP_THRESHOLD``, glibc's own upper limit for it). The cost is memory that stays
with the process after a peak, up to those 128 MB. This is skipped

* when ``KERASEDU_KEEP_FREED_MEMORY=0``;
* when the environment already tunes malloc (``MALLOC_TRIM_THRESHOLD_``,
  ``MALLOC_MMAP_THRESHOLD_``, ``MALLOC_TOP_PAD_`` or ``GLIBC_TUNABLES``);
* on other C libraries and operating systems.
"""

import ctypes
import os
import sys

_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3          # mallopt parameter numbers (malloc.h)
TRIM_THRESHOLD = 128 * 2**20
MMAP_THRESHOLD = 32 * 2**20
_USER_SETTINGS = ("MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TOP_PAD_",
                  "GLIBC_TUNABLES")


def _glibc():
    """The C library as a ctypes handle when it is glibc, else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION").startswith("glibc"):
            return None
        return ctypes.CDLL(None)
    except (ValueError, OSError, AttributeError):
        return None


def keep_freed_memory():
    """Set the two malloc thresholds described above; True when glibc accepted them."""
    libc = _glibc()
    if libc is None or not hasattr(libc, "mallopt"):
        return False
    return bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and \
        bool(libc.mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))


def apply_default():
    """Keep freed memory, unless the environment says otherwise (see the module docstring)."""
    if os.environ.get("KERASEDU_KEEP_FREED_MEMORY", "1").strip() == "0":
        return False
    if any(name in os.environ for name in _USER_SETTINGS):
        return False
    return keep_freed_memory()
