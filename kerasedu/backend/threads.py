"""How many threads numpy's BLAS may use for kerasedu's matrix products.

kerasedu's products are small (a batch of 32 rows through a layer), and splitting a small
product across threads costs more than it saves; on a shared classroom server, where every core
is busy, BLAS threads that wait for each other make training 10-30 times slower. kerasedu
therefore asks BLAS for one thread when it is imported, unless you chose otherwise:

* ``KERASEDU_BLAS_THREADS=n`` (environment variable) sets the number;
* an existing ``OPENBLAS_NUM_THREADS``, ``OMP_NUM_THREADS`` or ``MKL_NUM_THREADS`` is respected;
* :func:`set_blas_threads` changes it while running.
"""

import os

_USER_SETTINGS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


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
