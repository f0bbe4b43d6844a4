"""Conv2D speed: kerasedu's numba path against its numpy twins and PyTorch (CPU), as ratios.

    python benchmarks/bench_conv.py

Two shapes, 3×3 kernels, "same" padding, stride 1, float32, channels_last for kerasedu:
(32, 28, 28, 8) → 32 filters and (32, 14, 14, 32) → 64 filters. For each it prints

* forward and forward+backward times (best of several runs) for the numba kernels, the numpy
  twins (KERASEDU_KERNELS=numpy) and torch.nn.functional.conv2d with autograd
  (torch.set_num_threads(2); NCHW, its default layout, and channels_last);
* the forward's GFLOP/s against numpy's float32 matmul of the same size (rows, 9·Cin) @ (9·Cin,
  Cout), the product the forward is built on, and where the time goes: filling the patch
  matrix (im2col, by the gather of kerasedu/backend/kernels/im2col.py), the matmul, and sending gradients back
  (col2im, by its scatter-add);
* first-call compile time of each kernel in a fresh process with an empty NUMBA_CACHE_DIR, and
  the load time from that cache in a second fresh process.

kerasedu's BLAS gets KERASEDU_BLAS_THREADS=2 threads (kerasedu's default is 1) unless that is
already set. numpy's BLAS reads OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE at start-up; the header
prints them.
Compare with ``env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/bench_conv.py``.
"""

import functools
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
# kerasedu asks BLAS for one thread unless told otherwise; here it gets two, as torch does.
os.environ.setdefault("KERASEDU_BLAS_THREADS", "2")

from kerasedu.backend.kernels import im2col as patch_ops  # noqa: E402
from kerasedu.backend.kernels import wait_until_compiled  # noqa: E402
from kerasedu.backend.ops import conv_products as conv_ops  # noqa: E402
from kerasedu.backend.ops import geometry as conv_shapes  # noqa: E402

SHAPES = [((32, 28, 28, 8), 32), ((32, 14, 14, 32), 64)]
KERNEL_SIZE = (3, 3)
PADDING = "same"


def best_time(function, repeats=30, warmup=3):
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


def with_kernels(implementation, function):
    """``function`` run with KERASEDU_KERNELS set to ``implementation``."""
    def run():
        saved = os.environ.get("KERASEDU_KERNELS")
        os.environ["KERASEDU_KERNELS"] = implementation
        try:
            return function()
        finally:
            if saved is None:
                del os.environ["KERASEDU_KERNELS"]
            else:
                os.environ["KERASEDU_KERNELS"] = saved
    return run


def kerasedu_steps(x, kernel):
    """(forward, forward+backward) closures for kerasedu's conv on channels_last arrays."""
    def forward():
        return conv_ops.conv(x, kernel, 1, 1, PADDING)

    def forward_backward():
        y, patches = conv_ops.conv(x, kernel, 1, 1, PADDING, return_patches=True)
        grad_y = np.ones_like(y)
        conv_ops.conv_grad_input(grad_y, kernel, x.shape, 1, 1, PADDING)
        conv_ops.conv_grad_kernel(grad_y, None, kernel.shape, 1, 1, PADDING, patches=patches)
    return forward, forward_backward


def torch_steps(x, kernel, channels_last):
    """(forward, forward+backward) closures for torch's conv2d, or None without torch."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(2)
    xt = torch.from_numpy(x.transpose(0, 3, 1, 2).copy())
    if channels_last:
        xt = xt.contiguous(memory_format=torch.channels_last)
    xt.requires_grad_(True)
    wt = torch.from_numpy(kernel.transpose(3, 2, 0, 1).copy()).requires_grad_(True)
    pad = KERNEL_SIZE[0] // 2

    def forward():
        with torch.no_grad():
            return torch.nn.functional.conv2d(xt, wt, padding=pad)

    def forward_backward():
        xt.grad = wt.grad = None
        y = torch.nn.functional.conv2d(xt, wt, padding=pad)
        y.backward(torch.ones_like(y))
    return forward, forward_backward


def setup(shape, filters):
    """Random float32 input and kernel, the padding, output size and forward FLOPs of one case."""
    n, h, w, cin = shape
    rng = np.random.default_rng(0)
    x = rng.normal(size=shape).astype(np.float32)
    kernel = rng.normal(size=KERNEL_SIZE + (cin, filters)).astype(np.float32)
    pads = conv_shapes.conv_padding((h, w), KERNEL_SIZE, 1, 1, PADDING)
    oh, ow = conv_shapes.conv_output_spatial_shape((h, w), KERNEL_SIZE, 1, 1, pads)
    flops = 2.0 * n * oh * ow * filters * KERNEL_SIZE[0] * KERNEL_SIZE[1] * cin
    return x, kernel, pads, (oh, ow), flops


def part_kerasedu(shape, filters):
    """Times of kerasedu (numba and twins), numpy's matmul, im2col and col2im."""
    x, kernel, pads, (oh, ow), flops = setup(shape, filters)
    n, h, w, cin = shape
    depth = KERNEL_SIZE[0] * KERNEL_SIZE[1] * cin
    forward, forward_backward = kerasedu_steps(x, kernel)
    result = {"kerasedu numba": (best_time(forward), best_time(forward_backward)),
              "kerasedu numpy twins": (best_time(with_kernels("numpy", forward), 10),
                                       best_time(with_kernels("numpy", forward_backward), 10))}
    patches = np.random.default_rng(1).normal(size=(n * oh * ow, depth)).astype(np.float32)
    weights = kernel.reshape(depth, filters)
    result["matmul"] = best_time(lambda: patches @ weights)
    cols = np.empty((1, n, 1, oh, ow, 1) + KERNEL_SIZE + (cin,), np.float32)
    x3, grad_x = x.reshape(n, 1, h, w, cin), np.zeros((n, 1, h, w, cin), np.float32)
    geometry = ((1, 1, 1), (1, 1, 1), (0, pads[0][0], pads[1][0]))
    result["im2col"] = best_time(lambda: patch_ops.im2col(cols, x3, *geometry))
    result["col2im"] = best_time(lambda: patch_ops.col2im(grad_x, cols, *geometry))
    return result


def part_torch(shape, filters, channels_last):
    """torch's (forward, forward+backward) times, or None without torch."""
    x, kernel, _, _, _ = setup(shape, filters)
    steps = torch_steps(x, kernel, channels_last)
    return None if steps is None else (best_time(steps[0]), best_time(steps[1]))


PARTS = {"kerasedu": part_kerasedu,
         "torch": lambda shape, filters: part_torch(shape, filters, False),
         "torch_channels_last": lambda shape, filters: part_torch(shape, filters, True)}


def run_part(name, case, script=__file__, **env):
    """``script``'s part ``name`` in a fresh process (so that the thread pools of torch, OpenBLAS
    and numba never share one), run three times; the best time of each entry."""
    command = [sys.executable, os.path.abspath(script), name, str(case)]
    runs = [json.loads(subprocess.run(command, capture_output=True, text=True, check=True,
                                      env={**os.environ, **env}).stdout)
            for _ in range(3)]
    return functools.reduce(_best_of, runs)


def _best_of(a, b):
    if isinstance(a, dict):
        return {k: _best_of(a[k], b[k]) for k in a}
    if isinstance(a, list):
        return [_best_of(u, v) for u, v in zip(a, b)]
    return None if a is None else min(a, b)


def report(case):
    shape, filters = SHAPES[case]
    _, _, _, _, flops = setup(shape, filters)
    print(f"\nConv2D {shape} -> {filters} filters, {KERNEL_SIZE[0]}x{KERNEL_SIZE[1]}, stride 1, "
          f"padding={PADDING!r}, float32; forward {flops / 1e6:.0f} MFLOP")
    ours = run_part("kerasedu", case)
    times = {k: ours[k] for k in ("kerasedu numba", "kerasedu numpy twins")}
    for label, part in (("torch NCHW", "torch"), ("torch channels_last", "torch_channels_last")):
        theirs = run_part(part, case)
        if theirs is not None:
            times[label] = theirs
    ours_f, ours_b = times["kerasedu numba"]
    print(f"  {'':24}{'forward ms':>11}{'fwd+bwd ms':>12}{'fwd ratio':>11}{'fwd+bwd ratio':>15}"
          "   (ratio = its time / kerasedu numba's)")
    for label, (f, b) in times.items():
        print(f"  {label:<24}{f * 1e3:11.3f}{b * 1e3:12.3f}{f / ours_f:11.2f}{b / ours_b:15.2f}")
    if "torch NCHW" not in times:
        print("  (torch is not installed: no PyTorch comparison)")
    n, h, w, cin = shape
    depth, matmul = KERNEL_SIZE[0] * KERNEL_SIZE[1] * cin, ours["matmul"]
    rows = flops / (2 * depth * filters)
    print(f"  forward {flops / ours_f / 1e9:6.1f} GFLOP/s; numpy float32 matmul "
          f"({rows:.0f}, {depth}) @ ({depth}, {filters}) {flops / matmul / 1e9:6.1f} GFLOP/s; "
          f"forward / matmul = {matmul / ours_f:.0%}")
    print(f"  where the time goes: im2col {ours['im2col'] * 1e3:.3f} ms, one matmul "
          f"{matmul * 1e3:.3f} ms (forward+backward needs three: {3 * matmul * 1e3:.3f} ms), "
          f"col2im {ours['col2im'] * 1e3:.3f} ms")


_TIMING_CODE = """
import sys, time
sys.path.insert(0, {root!r})
import numpy as np
import numba
from kerasedu.backend.kernels import registered_kernels
start = time.perf_counter()
numba.njit(lambda a: a[0])(np.zeros(1))
startup = time.perf_counter() - start
kernel = registered_kernels()[{name!r}]
row = [startup]
for args in kernel.example_arguments():
    start = time.perf_counter()
    kernel.numba(*args)
    row.append(time.perf_counter() - start)
print(*row)
"""


def compile_and_load_times(names):
    """{name: (startup, per-signature seconds...)} for a first compile and a cached load."""
    results = {}
    for name in names:
        with tempfile.TemporaryDirectory() as cache:
            env = {**os.environ, "NUMBA_CACHE_DIR": cache, "KERASEDU_KERNELS": "numba"}
            code = _TIMING_CODE.format(root=ROOT, name=name)
            runs = [subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                                   text=True, check=True) for _ in range(2)]
            results[name] = [[float(v) for v in run.stdout.split()] for run in runs]
    return results


def print_compile_times(names):
    print("\nFirst call of each kernel in a fresh process (float32, float64 example signatures):")
    print("  compile = empty NUMBA_CACHE_DIR; load = second fresh process, same cache directory")
    for name, (compiled, loaded) in compile_and_load_times(names).items():
        print(f"  {name:<22} compile {compiled[1]:5.2f} s, {compiled[2]:5.2f} s   "
              f"load {loaded[1]:6.3f} s, {loaded[2]:6.3f} s")
    print(f"  (numba's own start-up, the first jitted call of a process, not included above: "
          f"{loaded[0]:.2f} s)")


def print_header():
    blas = {v: os.environ.get(v, "unset") for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    print(f"numpy {np.__version__}; OPENBLAS_CORETYPE={blas['OPENBLAS_CORETYPE']}, "
          f"OPENBLAS_L2_SIZE={blas['OPENBLAS_L2_SIZE']}, KERASEDU_BLAS_THREADS="
          f"{os.environ['KERASEDU_BLAS_THREADS']}; {os.cpu_count()} cores; load average "
          f"{os.getloadavg()[0]:.2f} at the start; times are the best of 3 processes x 30 runs")


def main():
    print_header()
    for case in range(len(SHAPES)):
        report(case)
    print_compile_times(["scatter_add_windows"])


if __name__ == "__main__":
    if len(sys.argv) == 3:       # one part, run by run_part: print its times as JSON
        print(json.dumps(PARTS[sys.argv[1]](*SHAPES[int(sys.argv[2])])))
    else:
        main()
