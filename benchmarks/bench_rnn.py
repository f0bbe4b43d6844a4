"""LSTM and GRU speed: kerasedu's fused ops (numba step kernels + BLAS) against their numpy
twins and PyTorch (CPU), as ratios.

    python benchmarks/bench_rnn.py

LSTM(128) and GRU(128) (reset_after=True, PyTorch's GRU formula) on inputs of shape
(32, 50, 64), float32, returning the last output (the layers' default). For each it prints the
forward time (inference, nothing recorded for gradients) and the forward+backward time
(gradients of the summed output with respect to the input and every weight), best of several
runs (kerasedu and torch in turns, in BENCH_ROUNDS=3 fresh processes each), for

* kerasedu with the numba kernels (the default),
* kerasedu with the numpy twins (KERASEDU_KERNELS=numpy),
* torch.nn.LSTM / torch.nn.GRU with autograd, torch.set_num_threads(2), and kerasedu with two
  threads of its own (KERASEDU_THREADS=2: the batch split in two for the loop through time,
  the large products split by rows or run side by side; kerasedu's default is one), and, for
  comparison, kerasedu with two BLAS threads instead (KERASEDU_BLAS_THREADS=2),

then all three again with one thread each, timed in CPU time (``time.thread_time``), a
comparison that stays fair on a busy machine,

and where kerasedu's time goes: the per-step recurrent matrix products alone, and the step
kernels alone. Each part runs in a fresh process, so thread pools of torch and OpenBLAS never
share one. The machine's load average is printed first: other work on the same cores slows
multi-threaded BLAS far more than it slows a single thread, so compare figures from a quiet
machine. numpy's OpenBLAS reads OPENBLAS_CORETYPE at start-up (the header prints it): a
core type older than the processor (Haswell on an AVX-512 machine) halves the speed of the
per-step matrix products; compare with ``env -u OPENBLAS_CORETYPE python benchmarks/bench_rnn.py``.
"""

import json
import os
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

BATCH, STEPS, FEATURES, UNITS = 32, 50, 64, 128
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CELLS = ("LSTM", "GRU")


def clock():
    """Wall-clock time, or this thread's CPU time when BENCH_CPU_TIME=1 (single-thread runs,
    where CPU time does not count the moments another program holds the core)."""
    return time.thread_time() if os.environ.get("BENCH_CPU_TIME") == "1" else time.perf_counter()


def wait_until_compiled():
    """Let kerasedu finish compiling what the warm-up calls asked for (a no-op elsewhere)."""
    try:
        from kerasedu.backend.kernels import wait_until_compiled as wait
    except ImportError:
        return
    wait()


def best_time(function, repeats=30, warmup=3):
    """The fastest of ``repeats`` timed calls, in seconds."""
    for _ in range(warmup):
        function()
    wait_until_compiled()                   # time the compiled kernels, not their twins
    times = []
    for _ in range(repeats):
        start = clock()
        function()
        times.append(clock() - start)
    return min(times)


def inputs():
    return np.random.default_rng(0).normal(size=(BATCH, STEPS, FEATURES)).astype(np.float32)


def part_kerasedu(cell):
    """kerasedu's (forward, forward+backward) times for the layer."""
    from kerasedu import layers
    from kerasedu.backend import gradients, no_grad
    from kerasedu.backend.tensor import Variable
    layer = getattr(layers, cell)(UNITS)
    x_value = inputs()
    layer.build(x_value.shape)
    x = Variable(x_value)

    def forward():
        with no_grad():
            return layer(x_value)

    def forward_backward():
        out = layer(x)
        return gradients(out, [x] + layer.trainable_weights)
    repeats = 30 if os.environ.get("KERASEDU_KERNELS") != "numpy" else 10
    return best_time(forward, repeats), best_time(forward_backward, repeats)


def part_pieces(cell):
    """The per-step products alone (numpy's BLAS, then kerasedu's small-product kernel) and the
    step kernels alone (forward), in seconds."""
    from kerasedu.accelerated import gru_steps, lstm_steps
    from kerasedu.accelerated import step_activations as steps
    from kerasedu.accelerated.small_matmul import matmul_transposed
    gates = 4 if cell == "LSTM" else 3
    rng = np.random.default_rng(0)
    kernel = (rng.normal(size=(UNITS, gates * UNITS)) * 0.1).astype(np.float32)
    kernel_t = np.ascontiguousarray(kernel.T)
    h = rng.normal(size=(STEPS + 1, BATCH, UNITS)).astype(np.float32)
    z = np.empty((BATCH, gates * UNITS), np.float32)
    product = matmul_transposed.numba

    def matmuls():
        for t in range(STEPS):
            np.matmul(h[t], kernel, out=z)

    def small_products():
        for t in range(STEPS):
            product(h[t], kernel_t, z)
    xw = rng.normal(size=(STEPS, BATCH, gates * UNITS)).astype(np.float32)
    mask = np.ones((STEPS, BATCH), bool)
    out = np.empty((STEPS + 1, BATCH, UNITS), np.float32)
    if cell == "LSTM":
        step = lstm_steps.lstm_forward_step.numba
        c = np.zeros((STEPS + 1, BATCH, UNITS), np.float32)
        g = np.empty((STEPS, BATCH, 4 * UNITS), np.float32)
        tc = np.empty((STEPS, BATCH, UNITS), np.float32)

        def kernels():
            for t in range(STEPS):
                step(out[t + 1], c[t + 1], g[t], tc[t], z, xw[t], out[t], c[t], mask[t],
                     steps.TANH, steps.SIGMOID, False)
    else:
        step = gru_steps.gru_forward_step.numba
        g = np.empty((STEPS, BATCH, 4 * UNITS), np.float32)
        bias = np.zeros(3 * UNITS, np.float32)

        def kernels():
            for t in range(STEPS):
                step(out[t + 1], g[t], z, xw[t], bias, out[t], mask[t], steps.TANH,
                     steps.SIGMOID, False)
    return best_time(matmuls), best_time(small_products), best_time(kernels)


def part_torch(cell):
    """torch's (forward, forward+backward) times, or None without torch."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(int(os.environ.get("BENCH_TORCH_THREADS", "2")))
    module = getattr(torch.nn, cell)(FEATURES, UNITS, batch_first=True)
    x = torch.from_numpy(inputs()).requires_grad_(True)

    def forward():
        with torch.no_grad():
            return module(x)[0][:, -1]

    def forward_backward():
        module.zero_grad()
        x.grad = None
        module(x)[0][:, -1].sum().backward()
    return best_time(forward), best_time(forward_backward)


PARTS = {"kerasedu": part_kerasedu, "pieces": part_pieces, "torch": part_torch}


def run_part(name, cell, **env):
    """One part in a fresh process."""
    output = subprocess.run([sys.executable, os.path.abspath(__file__), name, cell],
                            capture_output=True, text=True, check=True,
                            env={**os.environ, **env}).stdout
    return json.loads(output)


def report(cell, single_thread=False):
    env = dict(OPENBLAS_NUM_THREADS="1", BENCH_TORCH_THREADS="1", BENCH_CPU_TIME="1") \
        if single_thread else dict(KERASEDU_THREADS="2")
    how = "one thread each, CPU time" if single_thread else "2 threads, wall time"
    print(f"\n{cell}({UNITS}) on ({BATCH}, {STEPS}, {FEATURES}) float32, last output ({how})")
    ours, theirs = [], []
    for _ in range(ROUNDS):     # kerasedu and torch in turns, so both meet the same moments
        ours.append(run_part("kerasedu", cell, **env))
        theirs.append(run_part("torch", cell, **env))
    times = {"kerasedu numba": tuple(np.min(ours, axis=0)),
             "kerasedu numpy twins": run_part("kerasedu", cell, KERASEDU_KERNELS="numpy",
                                              **env)}
    if not single_thread:
        times["kerasedu, 2 BLAS threads"] = run_part("kerasedu", cell,
                                                     KERASEDU_BLAS_THREADS="2")
    if theirs[0] is not None:
        times["torch"] = tuple(np.min(theirs, axis=0))
    ours_f, ours_b = times["kerasedu numba"]
    print(f"  {'':24}{'forward ms':>11}{'fwd+bwd ms':>12}{'fwd ratio':>11}{'fwd+bwd ratio':>15}"
          "   (ratio = its time / kerasedu numba's)")
    for label, (f, b) in times.items():
        print(f"  {label:<24}{f * 1e3:11.3f}{b * 1e3:12.3f}{f / ours_f:11.2f}{b / ours_b:15.2f}")
    if theirs[0] is None:
        print("  (torch is not installed: no PyTorch comparison)")
    else:
        best_f, best_b = times["torch"]
        rounds = [o[1] / t[1] for o, t in zip(ours, theirs)]
        print(f"  kerasedu / torch, best of {ROUNDS} rounds: forward {ours_f / best_f:.2f}x, "
              f"forward+backward {ours_b / best_b:.2f}x; forward+backward round by round "
              f"{', '.join(f'{r:.2f}' for r in rounds)} (median {np.median(rounds):.2f}x)")
    matmuls, small, kernels = run_part("pieces", cell, **env)
    print(f"  forward pieces, one thread: {STEPS} recurrent products {matmuls * 1e3:.3f} ms "
          f"(BLAS) / {small * 1e3:.3f} ms (small-product kernel), {STEPS} step kernels "
          f"{kernels * 1e3:.3f} ms")


def main():
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    blas = ", ".join(f"{k}={os.environ.get(k, 'unset')}" for k in
                     ("OPENBLAS_NUM_THREADS", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"))
    print(f"numpy {np.__version__}; cores {os.cpu_count()}; load average "
          f"{'n/a' if load is None else ', '.join(f'{v:.2f}' for v in load)}; {blas}")
    run_part("pieces", "LSTM")  # compile (or load) the kernels once before timing anything
    for cell in CELLS:
        report(cell)
    print("\nThe same with one thread each (OPENBLAS_NUM_THREADS=1, torch.set_num_threads(1)), "
          "timed in CPU time, which other programs on the machine do not inflate:")
    for cell in CELLS:
        report(cell, single_thread=True)


if __name__ == "__main__":
    if len(sys.argv) == 3:
        print(json.dumps(PARTS[sys.argv[1]](sys.argv[2])))
    else:
        main()
