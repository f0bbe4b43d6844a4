"""MaxPooling2D (and AveragePooling2D) speed: numba kernels against the numpy twins and PyTorch.

    python benchmarks/bench_pooling.py

Pool 2×2, stride 2, "valid", on a (32, 28, 28, 32) float32 channels_last input: forward and
forward+backward (best of several runs, each library in its own fresh process), printed as ratios
to kerasedu's numba time; then the first-call compile and cached load time of each pooling kernel.
torch runs max_pool2d / avg_pool2d with autograd on NCHW (its default) and channels_last tensors.
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_conv import (best_time, print_compile_times, print_header, run_part,  # noqa: E402
                        with_kernels)
from kerasedu.backend.ops import pooling  # noqa: E402

SHAPE = (32, 28, 28, 32)
POOL = (2, 2)


def _input():
    return np.random.default_rng(0).normal(size=SHAPE).astype(np.float32)


def kerasedu_steps(kind):
    x = _input()
    if kind == "max":
        def forward():
            return pooling.max_pool_values(x, POOL)

        def forward_backward():
            y, argmax = pooling.max_pool_values(x, POOL)
            pooling.max_pool_gradient(np.ones_like(y), argmax, x.shape)
    else:
        def forward():
            return pooling.average_pool_values(x, POOL)

        def forward_backward():
            y = pooling.average_pool_values(x, POOL)
            pooling.average_pool_gradient(np.ones_like(y), x.shape, POOL)
    return forward, forward_backward


def part_kerasedu(kind):
    forward, forward_backward = kerasedu_steps(kind)
    return {"kerasedu numba": (best_time(forward), best_time(forward_backward)),
            "kerasedu numpy twins": (best_time(with_kernels("numpy", forward), 10),
                                     best_time(with_kernels("numpy", forward_backward), 10))}


def part_torch(kind, channels_last):
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(2)
    xt = torch.from_numpy(_input().transpose(0, 3, 1, 2).copy())
    if channels_last:
        xt = xt.contiguous(memory_format=torch.channels_last)
    xt.requires_grad_(True)
    pool = torch.nn.functional.max_pool2d if kind == "max" else torch.nn.functional.avg_pool2d

    def forward():
        with torch.no_grad():
            return pool(xt, POOL)

    def forward_backward():
        xt.grad = None
        y = pool(xt, POOL)
        y.backward(torch.ones_like(y))
    return best_time(forward), best_time(forward_backward)


KINDS = ["max", "avg"]
PARTS = {"kerasedu": part_kerasedu,
         "torch": lambda kind: part_torch(kind, False),
         "torch_channels_last": lambda kind: part_torch(kind, True)}


def report(case):
    kind = KINDS[case]
    name = {"max": "MaxPooling2D", "avg": "AveragePooling2D"}[kind]
    print(f"\n{name} {POOL[0]}x{POOL[1]} on {SHAPE}, stride {POOL[0]}, 'valid', float32")
    times = run_part("kerasedu", case, __file__)
    for label, part in (("torch NCHW", "torch"), ("torch channels_last", "torch_channels_last")):
        theirs = run_part(part, case, __file__)
        if theirs is not None:
            times[label] = theirs
    ours_f, ours_b = times["kerasedu numba"]
    print(f"  {'':24}{'forward ms':>11}{'fwd+bwd ms':>12}{'fwd ratio':>11}{'fwd+bwd ratio':>15}"
          "   (ratio = its time / kerasedu numba's)")
    for label, (f, b) in times.items():
        print(f"  {label:<24}{f * 1e3:11.3f}{b * 1e3:12.3f}{f / ours_f:11.2f}{b / ours_b:15.2f}")
    if "torch NCHW" not in times:
        print("  (torch is not installed: no PyTorch comparison)")


def main():
    print_header()
    for case in range(len(KINDS)):
        report(case)
    print_compile_times(["max_pool_forward", "max_pool_backward", "avg_pool_forward",
                         "avg_pool_backward"])


if __name__ == "__main__":
    if len(sys.argv) == 3:
        import json
        print(json.dumps(PARTS[sys.argv[1]](KINDS[int(sys.argv[2])])))
    else:
        main()
