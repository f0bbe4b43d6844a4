"""This checkout's Conv2D and MaxPooling2D ops against another checkout of kerasedu, side by side.

    git worktree add /tmp/kerasedu-old <commit>
    python benchmarks/bench_against_checkout.py /tmp/kerasedu-old [--rounds 5]

A speed change between two commits is smaller than the drift of a shared machine, so the two are
timed in turn, old then new, each in a fresh process (its kernels compiled, or loaded from the
cache, before timing), for several rounds; each round's ratio new / old is taken, and the median
of those ratios is the figure (below 1: this checkout is faster). The numpy twins of this
checkout (``KERASEDU_KERNELS=numpy``) and PyTorch (CPU, when installed) are timed in the same
rounds, as yardsticks. Workloads, float32, channels_last, through ``kerasedu.ops`` (the same
names in every version) and the tape:

* conv: (32, 28, 28, 8) → 32 filters and (32, 14, 14, 32) → 64 filters, 3×3, "same";
* max_pool: (32, 28, 28, 32), 2×2, stride 2;

each forward alone and forward with backward. BLAS gets two threads in both, as torch does.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CASES = {"conv 28x28x8->32": ("conv", (32, 28, 28, 8), 32),
         "conv 14x14x32->64": ("conv", (32, 14, 14, 32), 64),
         "max_pool 28x28x32": ("max_pool", (32, 28, 28, 32), None)}

# The fastest of 30 timed calls, after three untimed ones (which compile the kernels, or load
# them from the cache, and, where kernels compile in the background, wait for them).
BEST = r"""
def best(function, repeats=30):
    for _ in range(3):
        function()
    wait_until_compiled()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)
"""

KERASEDU = r"""
import json, sys, time
import numpy as np
import kerasedu
from kerasedu import ops
from kerasedu.backend import GradientTape, Variable
try:
    from kerasedu.backend.kernels import wait_until_compiled
except ImportError:             # older versions compile at the first call, in the caller
    wait_until_compiled = lambda: None

{best}
results = {}
rng = np.random.default_rng(0)
for name, (op, shape, filters) in json.loads(sys.argv[1]).items():
    x = Variable(rng.normal(size=shape).astype("float32"))
    if op == "conv":
        w = Variable((rng.normal(size=(3, 3, shape[-1], filters)) * 0.1).astype("float32"))
        forward = lambda: ops.conv(x, w, padding="same")
        sources = [x, w]
    else:
        forward = lambda: ops.max_pool(x, 2)
        sources = [x]

    def forward_backward():
        with GradientTape() as tape:
            y = ops.sum(forward())
        tape.gradient(y, sources)
    results[name] = [best(forward), best(forward_backward)]
print(json.dumps(results))
"""

TORCH = r"""
import json, sys, time
import torch
torch.set_num_threads(2)
wait_until_compiled = lambda: None

{best}
results = {}
torch.manual_seed(0)
for name, (op, shape, filters) in json.loads(sys.argv[1]).items():
    n, h, w, c = shape
    x = torch.randn(n, c, h, w, requires_grad=True)
    if op == "conv":
        k = (torch.randn(filters, c, 3, 3) * 0.1).requires_grad_()
        forward = lambda: torch.nn.functional.conv2d(x, k, padding="same")
    else:
        forward = lambda: torch.nn.functional.max_pool2d(x, 2)

    def forward_backward():
        forward().sum().backward()
    with torch.no_grad():
        forward_only = best(forward)
    results[name] = [forward_only, best(forward_backward)]
print(json.dumps(results))
"""


def run(code, path=None, **env):
    env = {**os.environ, "KERASEDU_BLAS_THREADS": "2", **env}
    env.pop("KERASEDU_BACKGROUND_COMPILE", None)
    if path is not None:
        env["PYTHONPATH"] = str(path)
    code = code.replace("{best}", BEST)
    done = subprocess.run([sys.executable, "-c", code, json.dumps(CASES)], env=env,
                          capture_output=True, text=True, cwd=path or ROOT)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout)


def torch_installed():
    return subprocess.run([sys.executable, "-c", "import torch"], capture_output=True).returncode == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path, help="the other checkout (its root folder)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    runs = {"old": lambda: run(KERASEDU, args.old.resolve()),
            "new": lambda: run(KERASEDU, ROOT),
            "twins": lambda: run(KERASEDU, ROOT, KERASEDU_KERNELS="numpy")}
    if torch_installed():
        runs["torch"] = lambda: run(TORCH)
    rounds = []
    for number in range(args.rounds):
        rounds.append({who: go() for who, go in runs.items()})
        print(f"round {number + 1} of {args.rounds} done (load average "
              f"{os.getloadavg()[0]:.1f})", flush=True)
    print(f"\nmedian over {args.rounds} rounds of each round's ratio; below 1 the new checkout "
          f"is faster (old: {args.old})")
    header = "".join(f"{'new/' + who:>12}" for who in runs if who != "new")
    print(f"{'workload':<22}{'pass':<18}{'new ms':>9}{header}")
    for name in CASES:
        for index, part in enumerate(("forward", "forward+backward")):
            new = statistics.median(r["new"][name][index] for r in rounds)
            ratios = "".join(
                f"{statistics.median(r['new'][name][index] / r[who][name][index] for r in rounds):12.2f}"
                for who in runs if who != "new")
            print(f"{name:<22}{part:<18}{new * 1e3:9.2f}{ratios}")


if __name__ == "__main__":
    main()
