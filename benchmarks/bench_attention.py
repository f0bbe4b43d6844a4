"""MultiHeadAttention in kerasedu against Keras 3 (JAX, when installed), side by side.

    python benchmarks/bench_attention.py [--rounds 5]

A self-attention block of a small text model: (32, 64, 64) inputs, 4 heads of 16, forward
alone and forward with backward (the gradients of every weight), float32. Each round times
kerasedu, then Keras, the best of 10 calls each after 2 untimed ones; the figure is the median
over the rounds of kerasedu / Keras (above 1: kerasedu is slower). The two einsum contractions
of the attention itself are timed in the same rounds three ways: np.einsum with and without
``optimize`` (numpy's contraction order and BLAS), and the batched matrix product that
``ops.einsum`` makes of a two-operand einsum.
"""

import argparse
import os
import statistics
import time

import numpy as np

BATCH, LENGTH, WIDTH, HEADS, HEAD_DIM = 32, 64, 64, 4, 16


def best(function, repeats=10):
    for _ in range(2):
        function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def kerasedu_workloads(x):
    import kerasedu
    from kerasedu.backend import GradientTape

    layer = kerasedu.layers.MultiHeadAttention(HEADS, HEAD_DIM)
    layer(x, x)

    def forward_backward():
        with GradientTape() as tape:
            loss = kerasedu.ops.sum(layer(x, x))
        tape.gradient(loss, layer.trainable_weights)
    return {"forward": lambda: layer(x, x).numpy(), "forward+backward": forward_backward}


def keras_workloads(x):
    os.environ.setdefault("KERAS_BACKEND", "jax")
    try:
        import jax
        import keras
    except ImportError:
        return None
    layer = keras.layers.MultiHeadAttention(HEADS, HEAD_DIM)
    layer(x, x)
    weights = [v.value for v in layer.trainable_variables]

    def loss(trainable):
        output, _ = layer.stateless_call(trainable, [], x, x)
        return output.sum()
    forward = jax.jit(lambda trainable: layer.stateless_call(trainable, [], x, x)[0])
    gradient = jax.jit(jax.grad(loss))
    return {"forward": lambda: forward(weights).block_until_ready(),
            "forward+backward": lambda: jax.block_until_ready(gradient(weights))}


def einsum_workloads(rng):
    from kerasedu.backend.ops.einsum import contract

    q = rng.normal(size=(BATCH, LENGTH, HEADS, HEAD_DIM)).astype("float32")
    w = rng.normal(size=(BATCH, HEADS, LENGTH, LENGTH)).astype("float32")
    cases = (("scores", "bsnh,btnh->bnts", q), ("combine", "bnts,bsnh->btnh", w))
    workloads = {}
    for name, eq, a in cases:
        terms, output = eq.split("->")
        for flag in (False, True):
            workloads[f"{name}: np.einsum optimize={flag}"] = (
                lambda eq=eq, a=a, flag=flag: np.einsum(eq, a, q, optimize=flag))
        workloads[f"{name}: ops.einsum's contract"] = (
            lambda terms=terms.split(","), output=output, a=a: contract(terms, output, [a, q]))
    return workloads


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    rng = np.random.default_rng(0)
    x = rng.normal(size=(BATCH, LENGTH, WIDTH)).astype("float32")
    ours, theirs, einsums = kerasedu_workloads(x), keras_workloads(x), einsum_workloads(rng)
    ratios = {name: [] for name in ours}
    einsum_times = {name: [] for name in einsums}
    for _ in range(rounds):
        for name in ours:
            mine = best(ours[name])
            if theirs is not None:
                ratios[name].append(mine / best(theirs[name]))
            else:
                ratios[name].append(mine)
        for name, function in einsums.items():
            einsum_times[name].append(best(function))
    unit = "kerasedu / Keras (JAX)" if theirs is not None else "kerasedu seconds"
    print(f"MultiHeadAttention {BATCH}x{LENGTH}x{WIDTH}, {HEADS} heads of {HEAD_DIM}; "
          f"median of {rounds} rounds, {unit}:")
    for name, values in ratios.items():
        print(f"  {name:18s} {statistics.median(values):8.2f}")
    print("the attention's einsums, median seconds:")
    for name, values in einsum_times.items():
        print(f"  {name:40s} {statistics.median(values):.5f}")


if __name__ == "__main__":
    main()
