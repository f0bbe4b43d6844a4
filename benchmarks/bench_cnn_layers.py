"""CNN layers through the tape: kerasedu's Conv2D and MaxPooling2D layers, forward and
forward+backward, against the bare kernels they call, their numpy twins and PyTorch (CPU).

    python benchmarks/bench_cnn_layers.py

benchmarks/bench_conv.py measures the convolution kernels themselves; this one measures what a
reader's model pays on top of them: the layer call (input checks, bias, shape check), the ops'
argument handling and data-format plumbing, and the tape (recording, then walking it back with
``gradients``). Cases, float32, channels_last, "same" padding:

* Conv2D(32, 3) on (32, 28, 28, 8) and Conv2D(64, 3) on (32, 14, 14, 32)
* MaxPooling2D(2) on (32, 28, 28, 32)

For each case it prints the best of several runs of

* "layer": the layer's forward pass, and forward + ``gradients`` to the input and every weight;
* "kernels": the kernel calls that layer makes (conv and its two gradients, plus the bias sum;
  max_pool and max_pool_grad), without layer, ops or tape;
* the same layer with the numpy twins (a fresh process with KERASEDU_KERNELS=numpy);
* torch.nn.Conv2d / MaxPool2d with autograd (NCHW, torch.set_num_threads(2)), if importable,

and the ratios layer/kernels (the overhead), twins/numba and kerasedu/torch. A last line times
one training epoch of the digits CNN (8×8×1 images, Conv2D 16 → MaxPool → Conv2D 32 → MaxPool →
Flatten → Dense 10, batch 32, 1,797 images) with ``fit``, with numba and with the twins.

The matrix products run on numpy's BLAS, whose threads compete with everything else on the
machine: on a busy machine a product that takes 1.5 ms can take 15 ms. The header prints the
load average; compare with ``OPENBLAS_NUM_THREADS=1 python benchmarks/bench_cnn_layers.py``.
"""

import json
import os
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from kerasedu import Input, Sequential, layers  # noqa: E402
from kerasedu.backend import gradients, no_grad  # noqa: E402
from kerasedu.backend.kernels import active_implementation, wait_until_compiled  # noqa: E402
from kerasedu.backend.ops import conv_products as conv_kernels  # noqa: E402
from kerasedu.backend.ops import pooling as pooling_kernels  # noqa: E402
from kerasedu.backend.tensor import Variable  # noqa: E402

CONV_CASES = [((32, 28, 28, 8), 32), ((32, 14, 14, 32), 64)]
POOL_CASE = (32, 28, 28, 32)


def best_time(function, repeats=20, warmup=3):
    """The fastest of ``repeats`` timed calls, in seconds (the machine may be shared)."""
    for _ in range(warmup):
        function()
    wait_until_compiled()                   # time the compiled kernels, not their twins
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def conv_case(shape, filters):
    """Closures (layer forward, layer fwd+bwd, kernels forward, kernels fwd+bwd) for Conv2D."""
    rng = np.random.default_rng(0)
    x = Variable(rng.normal(size=shape).astype(np.float32), dtype="float32")
    layer = layers.Conv2D(filters, 3, padding="same")
    layer.build(shape)
    weights = [x, layer.kernel, layer.bias]
    kernel = layer.kernel.value

    def layer_forward():
        with no_grad():
            return layer(x)

    def layer_backward():
        y = layer(x)
        return gradients(y, weights, output_gradient=np.ones(y.shape, np.float32))

    def kernels_forward():
        return conv_kernels.conv(x.value, kernel, 1, 1, "same") + layer.bias.value

    def kernels_backward():
        y, patches = conv_kernels.conv(x.value, kernel, 1, 1, "same", return_patches=True)
        y = y + layer.bias.value
        grad_y = np.ones_like(y)
        conv_kernels.conv_grad_input(grad_y, kernel, shape, 1, 1, "same")
        conv_kernels.conv_grad_kernel(grad_y, None, kernel.shape, 1, 1, "same", patches=patches)
        grad_y.sum(axis=(0, 1, 2))
    return layer_forward, layer_backward, kernels_forward, kernels_backward


def pool_case(shape):
    """The same four closures for MaxPooling2D(2)."""
    x = Variable(np.random.default_rng(1).normal(size=shape).astype(np.float32),
                 dtype="float32")
    layer = layers.MaxPooling2D(2)

    def layer_forward():
        with no_grad():
            return layer(x)

    def layer_backward():
        y = layer(x)
        return gradients(y, x, output_gradient=np.ones(y.shape, np.float32))

    def kernels_forward():
        return pooling_kernels.max_pool_values(x.value, 2)[0]

    def kernels_backward():
        y, argmax = pooling_kernels.max_pool_values(x.value, 2)
        return pooling_kernels.max_pool_gradient(np.ones_like(y), argmax, shape)
    return layer_forward, layer_backward, kernels_forward, kernels_backward


def digits_epoch():
    """Seconds for one fit epoch of the digits CNN (after a first epoch that loads kernels)."""
    from kerasedu.datasets import digits
    (x, y), (x_test, y_test) = digits.load_data()
    x = np.concatenate([x, x_test]).reshape(-1, 8, 8, 1).astype(np.float32) / 16
    y = np.concatenate([y, y_test]).astype(np.int64)
    model = Sequential([Input(shape=(8, 8, 1)),
                        layers.Conv2D(16, 3, padding="same", activation="relu"),
                        layers.MaxPooling2D(),
                        layers.Conv2D(32, 3, padding="same", activation="relu"),
                        layers.MaxPooling2D(), layers.Flatten(),
                        layers.Dense(10, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, batch_size=32, epochs=1, verbose=0)
    start = time.perf_counter()
    model.fit(x, y, batch_size=32, epochs=1, verbose=0)
    return time.perf_counter() - start


def measure():
    """{case: {timing: seconds}} for the kernels selected by KERASEDU_KERNELS."""
    results = {}
    closures = [(f"Conv2D({f}, 3) on {s}", conv_case(s, f)) for s, f in CONV_CASES]
    closures.append((f"MaxPooling2D(2) on {POOL_CASE}", pool_case(POOL_CASE)))
    for name, (lf, lb, kf, kb) in closures:
        results[name] = {"layer forward": best_time(lf), "layer fwd+bwd": best_time(lb),
                         "kernels forward": best_time(kf), "kernels fwd+bwd": best_time(kb)}
    results["digits epoch"] = {"fit": digits_epoch()}
    return results


def measure_twins():
    """measure() in a fresh process that uses the numpy twins."""
    output = subprocess.run([sys.executable, os.path.abspath(__file__), "--measure"],
                            capture_output=True, text=True, check=True,
                            env={**os.environ, "KERASEDU_KERNELS": "numpy"}).stdout
    return json.loads(output.strip().splitlines()[-1])


def torch_times():
    """{case: (forward, fwd+bwd)} for PyTorch CPU, or None when torch is not installed."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(2)
    results = {}
    for (n, h, w, cin), filters in CONV_CASES:
        x = torch.randn(n, cin, h, w, requires_grad=True)
        conv = torch.nn.Conv2d(cin, filters, 3, padding=1)
        results[f"Conv2D({filters}, 3) on {(n, h, w, cin)}"] = _torch_pair(torch, conv, x)
    n, h, w, c = POOL_CASE
    x = torch.randn(n, c, h, w, requires_grad=True)
    results[f"MaxPooling2D(2) on {POOL_CASE}"] = _torch_pair(torch, torch.nn.MaxPool2d(2), x)
    return results


def _torch_pair(torch, module, x):
    def forward():
        with torch.no_grad():
            return module(x)

    def forward_backward():
        x.grad = None
        module.zero_grad()
        y = module(x)
        y.backward(torch.ones_like(y))
    return best_time(forward), best_time(forward_backward)


def _ms(seconds):
    return f"{seconds * 1e3:8.2f} ms"


def report():
    if active_implementation() != "numba":
        print("numba is not in use (KERASEDU_KERNELS=numpy or numba missing); the first column "
              "below then measures the twins too.")
    numba_times, twins, torch_results = measure(), measure_twins(), torch_times()
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"numpy {np.__version__}, {os.cpu_count()} cores, load average {load}, "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}; best of 20 "
          f"runs, float32, channels_last, padding='same'\n")
    for name, times in numba_times.items():
        if name == "digits epoch":
            continue
        print(name)
        for step in ("forward", "fwd+bwd"):
            layer, kernels = times[f"layer {step}"], times[f"kernels {step}"]
            twin = twins[name][f"layer {step}"]
            line = (f"  {step:<8} layer {_ms(layer)}   kernels {_ms(kernels)}   "
                    f"layer/kernels {layer / kernels:5.2f}   numpy twins {_ms(twin)} "
                    f"(twins/numba {twin / layer:5.2f})")
            if torch_results is not None:
                theirs = torch_results[name][0 if step == "forward" else 1]
                line += f"   torch {_ms(theirs)} (kerasedu/torch {layer / theirs:5.2f})"
            print(line)
    if torch_results is None:
        print("\nPyTorch is not installed: no torch column (pip install torch to add it).")
    fit, fit_twins = numba_times["digits epoch"]["fit"], twins["digits epoch"]["fit"]
    print(f"\ndigits CNN, one fit epoch (1,797 images, batch 32): numba {fit:.3f} s, "
          f"numpy twins {fit_twins:.3f} s (twins/numba {fit_twins / fit:.2f})")


if __name__ == "__main__":
    if "--measure" in sys.argv:
        print(json.dumps(measure()))
    else:
        report()
