"""kerasedu's speed floor: faster implementations of teaching-floor ops, and what they need.

The teaching floor, :mod:`kerasedu.backend`, computes everything itself and is complete without
this package; nothing below it, and no layer, imports it. ``import kerasedu`` imports it last,
and unless it is switched off it

* registers faster implementations with :mod:`kerasedu.backend.faster`:

  - ``simple_rnn_sequence``, ``lstm_sequence``, ``gru_sequence`` (:mod:`.recurrent_ops`): a
    recurrent layer's whole sequence as one op, with the loop through time compiled
    (:mod:`.through_time`), the gate arithmetic of each step (:mod:`.lstm_steps`,
    :mod:`.gru_steps`, :mod:`.simple_rnn_steps`), a kernel for the step's small matrix
    product (:mod:`.small_matmul`) and kerasedu's own threads (:mod:`.threads`);
  - ``bias_add`` (:mod:`.bias_add`): a layer's bias added in one pass;
  - ``adam_update`` (:mod:`.adam`): Adam's update of a weight in one pass;

* compiles numba kernels in another process while their numpy twins serve the first calls
  (:mod:`.background_compile`), so that a fresh install never waits for the compiler
  (``KERASEDU_BACKGROUND_COMPILE=0`` compiles at the first call instead, as the tests do);
* sets two things for the whole process, each with an opt-out of its own: numpy's BLAS runs on
  one thread (:mod:`.threads`: ``KERASEDU_BLAS_THREADS``, or an existing
  ``OPENBLAS_NUM_THREADS``), and glibc's malloc keeps freed memory for the next training step
  (:mod:`.memory`: ``KERASEDU_KEEP_FREED_MEMORY=0``).

``KERASEDU_ACCELERATED=0`` switches it off (read once, at import): nothing is registered or set,
and kerasedu runs on the teaching floor alone. ``KERASEDU_KERNELS=numpy`` keeps it on but runs
the numpy twin of every kernel, its own included.
"""

import os

from ..backend import faster
from ..backend.kernels import compiling


def switched_on():
    """False when ``KERASEDU_ACCELERATED`` is 0 (or off, no, false)."""
    value = os.environ.get("KERASEDU_ACCELERATED", "1").strip().lower()
    return value not in ("0", "off", "no", "false")


def install():
    """Register the faster implementations and apply the process-wide settings."""
    from . import adam, bias_add, memory, recurrent_ops, threads
    from .background_compile import BackgroundCompiler
    threads.apply_default()
    memory.apply_default()
    if os.environ.get("KERASEDU_BACKGROUND_COMPILE", "1").strip() != "0":
        compiling.use_compiler(BackgroundCompiler())
    faster.register("simple_rnn_sequence", recurrent_ops.simple_rnn_sequence)
    faster.register("lstm_sequence", recurrent_ops.lstm_sequence)
    faster.register("gru_sequence", recurrent_ops.gru_sequence)
    faster.register("bias_add", bias_add.bias_add)
    faster.register("adam_update", adam.adam_update)


if switched_on():
    install()
