"""How many threads kerasedu's arithmetic may use: numpy's BLAS, and kerasedu's own.

kerasedu's products are small (a batch of 32 rows through a layer), and splitting a small
product across threads costs more than it saves; on a shared classroom server, where every core
is busy, threads that wait for each other make training 10-30 times slower. So both counts
start at one.

BLAS threads, for every matrix product numpy hands to BLAS:

* ``KERASEDU_BLAS_THREADS=n`` (environment variable) sets the number when kerasedu is imported;
* an existing ``OPENBLAS_NUM_THREADS``, ``OMP_NUM_THREADS`` or ``MKL_NUM_THREADS`` is respected;
* :func:`set_blas_threads` changes it while running.

kerasedu's own threads, for work that splits into independent pieces: a recurrent layer's
samples are independent sequences, so with n threads each thread runs the loop through time for
a block of the batch; the layer's large products are split into blocks of rows or run side by
side, each a single-threaded BLAS call:

* ``KERASEDU_THREADS=n`` (environment variable, read at the first parallel op);
* :func:`set_threads` changes it while running.

Use one or the other. OpenBLAS's threads keep their cores busy for a while after each product,
waiting for the next one, and kerasedu's threads would run beside them on the same cores.
"""

import contextvars
import os
from concurrent.futures import ThreadPoolExecutor, wait

_USER_SETTINGS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
_own = {"count": None, "pool": None, "running": False}


def set_blas_threads(count):
    """Let numpy's BLAS use ``count`` threads (in this process)."""
    from threadpoolctl import threadpool_limits
    threadpool_limits(limits=int(count), user_api="blas")


def apply_default():
    """One BLAS thread, unless the environment asks for something else."""
    requested = os.environ.get("KERASEDU_BLAS_THREADS")
    if requested is None and any(name in os.environ for name in _USER_SETTINGS):
        return
    set_blas_threads(requested or 1)


def set_threads(count):
    """Let kerasedu's own parallel ops use ``count`` threads (1 runs everything in the caller)."""
    count = int(count)
    if count < 1:
        raise ValueError(f"kerasedu needs at least one thread; received {count}.")
    if _own["pool"] is not None and count != _own["count"]:
        _own["pool"].shutdown(wait=True)
        _own["pool"] = None
    _own["count"] = count


def thread_count():
    """The number of threads kerasedu's own parallel ops use."""
    if _own["count"] is None:
        requested = os.environ.get("KERASEDU_THREADS", "1")
        try:
            set_threads(requested)
        except ValueError:
            raise ValueError(f"KERASEDU_THREADS must be a whole number of threads, 1 or more; "
                             f"received {requested!r}.") from None
    return _own["count"]


def blocks(length, multiple=4):
    """``length`` rows cut into at most :func:`thread_count` contiguous (start, stop) blocks of
    near-equal size, each starting at a multiple of ``multiple`` (where the row kernels work in
    groups of four) and none shorter than ``multiple`` rows. Inside a task of
    :func:`run_in_threads`, where the threads are taken, one block."""
    free = 1 if _own["running"] else thread_count()
    parts = max(1, min(free, length // multiple))
    cuts = [round(length * k / parts / multiple) * multiple for k in range(parts)] + [length]
    return list(zip(cuts[:-1], cuts[1:]))


def _forget_the_pool():
    """In a child process made by fork, the parent's pool threads do not exist: start afresh."""
    _own["pool"], _own["running"] = None, False


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_the_pool)


def run_in_threads(tasks):
    """Call each function in ``tasks`` (no arguments) and return their results in order: the
    first in the calling thread, the others at the same time on kerasedu's thread pool (waking
    a thread costs tens of microseconds, so give it work worth that). They must write to
    separate memory; the first exception raised is raised here. Called again from inside a
    task, it runs the new tasks one after the other, in the thread that asks."""
    if len(tasks) == 1 or thread_count() == 1 or _own["running"]:
        return [task() for task in tasks]
    if _own["pool"] is None:
        _own["pool"] = ThreadPoolExecutor(max_workers=thread_count() - 1,
                                          thread_name_prefix="kerasedu")
    _own["running"] = True
    try:
        # Each task runs in a copy of the caller's context, so with the caller's numpy error
        # state (kerasedu computes with floating-point warnings off: NaN and inf are values).
        others = [_own["pool"].submit(contextvars.copy_context().run, task)
                  for task in tasks[1:]]
        try:
            first = tasks[0]()
        finally:
            wait(others)              # never leave a task writing after an error here
    finally:
        _own["running"] = False
    return [first] + [future.result() for future in others]
