"""Training speed: one epoch of the book's small CNN on the bundled digits, batch 32.

    python benchmarks/bench_training.py [--epochs 3] [--processes 3] [--profile]

The model, in each framework (Adam, sparse categorical cross-entropy, accuracy metric):

    Conv2D(16, 3, relu, same) → MaxPooling2D → Conv2D(32, 3, relu, same) → MaxPooling2D
    → Flatten → Dense(10, softmax)            on x = digits.reshape(N, 8, 8, 1) / 16

Each framework runs in fresh processes: kerasedu (numba kernels), kerasedu with the numpy twins
(KERASEDU_KERNELS=numpy), Keras 3 on JAX, and PyTorch on the CPU when it is installed. The first
epoch (numba compile or cache load, JAX tracing) is reported apart; then ``--epochs`` timed
epochs. A shared virtual machine's speed changes from minute to minute, so every framework runs
in ``--processes`` processes, taken in turns; the table shows the best epoch, the median of
the processes' best epochs, and the CPU time per epoch summed over all threads (JAX and PyTorch
use both cores; kerasedu one, by default). Ratios are against kerasedu (numba).

OpenBLAS: on some machines OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are set in the environment (older
OpenBLAS builds needed them). They make the current numpy's small matrix products (what im2col
convolution is made of) up to twice as slow, while JAX and PyTorch bring their own BLAS. The child
processes therefore run with both unset, and the BLAS kernel actually used is printed;
``--keep-openblas-env`` keeps them, to see the difference.

``--profile`` also prints where kerasedu's time goes in one epoch (cProfile, grouped into the
tape's forward ops, the backward pass, kernels, optimizer, metrics and callbacks).
"""

import argparse
import json
import os
import subprocess
import sys
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

DATA = textwrap.dedent("""
    import time, json
    import numpy as np
    from kerasedu.datasets import digits
    (x, y), _ = digits.load_data()
    x = (x.reshape(-1, 8, 8, 1) / 16.0).astype("float32")
    y = y.astype("int64")
""")

# The same model and training call in kerasedu and in Keras 3.
KERAS_STYLE_MODEL = textwrap.dedent("""
    import {package} as keras
    from {package} import layers
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((8, 8, 1)),
        layers.Conv2D(16, 3, activation="relu", padding="same"), layers.MaxPooling2D(),
        layers.Conv2D(32, 3, activation="relu", padding="same"), layers.MaxPooling2D(),
        layers.Flatten(), layers.Dense(10, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    def epoch():
        return model.fit(x, y, batch_size=32, epochs=1, verbose=0).history
""")

# kerasedu compiles its kernels in the background while their twins serve the first calls: each
# epoch ends with a wait for the compiler (nothing to wait for after the first), so that the
# timed epochs run compiled.
KERASEDU = DATA + KERAS_STYLE_MODEL.format(package="kerasedu") + textwrap.dedent("""
    from kerasedu.backend.kernels import wait_until_compiled
    fit_one_epoch = epoch
    def epoch():
        history = fit_one_epoch()
        wait_until_compiled()
        return history
""")

KERAS = DATA + 'import os\nos.environ["KERAS_BACKEND"] = "jax"\n' + KERAS_STYLE_MODEL.format(
    package="keras")

TORCH = DATA + textwrap.dedent("""
    import torch
    from torch import nn
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(128, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()
    xt = torch.from_numpy(x.transpose(0, 3, 1, 2).copy())
    yt = torch.from_numpy(y)
    def epoch():
        order = torch.randperm(len(xt))
        total, correct = 0.0, 0
        for start in range(0, len(xt), 32):
            index = order[start:start + 32]
            optimizer.zero_grad()
            logits = model(xt[index])
            loss = loss_fn(logits, yt[index])
            loss.backward()
            optimizer.step()
            total += float(loss) * len(index)
            correct += int((logits.argmax(1) == yt[index]).sum())
        return {"loss": [total / len(xt)], "accuracy": [correct / len(xt)]}
""")

TIMING = textwrap.dedent("""
    t = time.perf_counter(); first = epoch(); first_time = time.perf_counter() - t
    times, cpu = [], time.process_time()
    for _ in range(EPOCHS):
        t = time.perf_counter(); last = epoch(); times.append(time.perf_counter() - t)
    cpu = (time.process_time() - cpu) / EPOCHS
    print(json.dumps({"first": first_time, "best": min(times), "cpu": cpu,
                      "mean": sum(times) / len(times),
                      "loss": float(last["loss"][-1]),
                      "accuracy": float(last["accuracy"][-1])}))
""")

PROFILE = KERASEDU + textwrap.dedent("""
    import cProfile, pstats, io
    epoch()
    profiler = cProfile.Profile()
    profiler.enable(); epoch(); profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt
    groups = {}
    def group(filename, function):
        path = filename.replace("\\\\", "/")
        if "/kerasedu/backend/kernels/" in path: return "numba kernels and their numpy twins"
        if "/kerasedu/backend/autodiff" in path: return "tape: backward pass (autodiff)"
        if "/kerasedu/backend/ops/" in path: return "backend ops (forward, incl. recording)"
        if "/kerasedu/backend/" in path: return "backend Tensor / Variable"
        if "/kerasedu/engine/" in path: return "engine: Layer.__call__, fit loop"
        if "/kerasedu/layers/" in path: return "layers' call methods"
        if "/kerasedu/optimizers/" in path: return "optimizer update"
        if "/kerasedu/losses/" in path: return "loss"
        if "/kerasedu/metrics/" in path: return "metrics"
        if "/kerasedu/callbacks/" in path: return "callbacks"
        if "numpy" in path or filename == "~": return "numpy / builtins (called from above)"
        return "other Python"
    for (filename, line, function), (cc, nc, tt, ct, callers) in stats.stats.items():
        key = group(filename, function)
        groups[key] = groups.get(key, 0.0) + tt
    print(f"cProfile of one kerasedu epoch: {total:.3f} s in total (own time per group)")
    for key, value in sorted(groups.items(), key=lambda kv: -kv[1]):
        print(f"  {value:7.3f} s  {100 * value / total:5.1f}%  {key}")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
    print("\\n".join(out.getvalue().splitlines()[:40]))
""")


OPENBLAS_VARIABLES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
KEEP_OPENBLAS_ENV = [False]


def child_env(extra=None):
    env = {**os.environ, "PYTHONPATH": ROOT, **(extra or {})}
    if not KEEP_OPENBLAS_ENV[0]:
        for name in OPENBLAS_VARIABLES:
            env.pop(name, None)
    return env


def blas_description():
    code = ("import numpy\n"
            "try:\n"
            "    from threadpoolctl import threadpool_info\n"
            "    info = [f\"{i['internal_api']} {i['version']} {i.get('architecture')} kernel, \"\n"
            "            f\"{i['num_threads']} threads\" for i in threadpool_info()\n"
            "            if i['user_api'] == 'blas']\n"
            "    print('; '.join(info) or 'unknown')\n"
            "except ImportError:\n"
            "    print('unknown (pip install threadpoolctl to see it)')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=child_env())
    return result.stdout.strip()


def run(code, env=None):
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, env=child_env(env))
    if result.returncode != 0:
        return None, result.stderr.strip().splitlines()[-1] if result.stderr else "failed"
    return json.loads(result.stdout.strip().splitlines()[-1]), None


def _summary(results):
    """One framework's results over several processes: best epoch, median of the processes'
    best epochs, median CPU time per epoch (all cores), slowest first epoch, and the last
    process's loss and accuracy."""
    bests = sorted(r["best"] for r in results)
    cpu = sorted(r["cpu"] for r in results)
    return {"best": bests[0], "median": bests[len(bests) // 2], "cpu": cpu[len(cpu) // 2],
            "first": max(r["first"] for r in results),
            "loss": results[-1]["loss"], "accuracy": results[-1]["accuracy"]}


def torch_available():
    return subprocess.run([sys.executable, "-c", "import torch"], capture_output=True).returncode == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=3, help="timed epochs (best is shown)")
    parser.add_argument("--processes", type=int, default=3,
                        help="fresh processes per framework (this machine's speed varies)")
    parser.add_argument("--profile", action="store_true", help="profile one kerasedu epoch")
    parser.add_argument("--keep-openblas-env", action="store_true",
                        help="keep OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE for the runs")
    args = parser.parse_args()
    KEEP_OPENBLAS_ENV[0] = args.keep_openblas_env
    kept = [f"{n}={os.environ[n]}" for n in OPENBLAS_VARIABLES if n in os.environ]
    print(f"numpy BLAS in the runs: {blas_description()}"
          + (f" ({'kept' if args.keep_openblas_env else 'unset'}: {', '.join(kept)})"
             if kept else ""))
    timing = TIMING.replace("EPOCHS", str(args.epochs))
    runs = [("kerasedu (numba)", KERASEDU, None),
            ("kerasedu (numpy twins)", KERASEDU, {"KERASEDU_KERNELS": "numpy"}),
            ("Keras 3 (JAX, CPU)", KERAS, None)]
    if torch_available():
        runs.append(("PyTorch (CPU)", TORCH, None))
    samples = {name: [] for name, _, _ in runs}
    for _ in range(args.processes):         # interleaved, so a busy spell hits every framework
        for name, code, env in runs:
            result, error = run(code + timing, env)
            if error:
                print(f"{name}: could not run ({error})")
            else:
                samples[name].append(result)
    results = {name: _summary(found) for name, found in samples.items() if found}
    base = results.get("kerasedu (numba)")
    print(f"\nOne epoch of the digits CNN (1437 samples, batch 32, 45 steps): {args.processes} "
          f"fresh processes each, {args.epochs} timed epochs after a first one in each; best "
          f"epoch, and the median of the processes' best epochs")
    print(f"{'':26s} {'first epoch':>12s} {'s / epoch':>10s} {'median':>8s} {'CPU s':>7s} "
          f"{'vs kerasedu':>12s} {'loss':>8s} {'accuracy':>9s}")
    for name, _, _ in runs:
        r = results.get(name)
        if r is None:
            continue
        ratio = f"{r['best'] / base['best']:.2f}x" if base else "-"
        print(f"{name:26s} {r['first']:11.2f}s {r['best']:9.3f}s {r['median']:7.3f}s "
              f"{r['cpu']:6.3f}s {ratio:>12s} {r['loss']:8.4f} {r['accuracy']:9.4f}")
    keras = results.get("Keras 3 (JAX, CPU)")
    if base and keras:
        print(f"\nkerasedu / Keras 3 time per epoch: best {base['best'] / keras['best']:.2f}, "
              f"median {base['median'] / keras['median']:.2f} (target <= 1); kerasedu epoch "
              f"under 2 s: {base['best'] < 2.0}")
    torch = results.get("PyTorch (CPU)")
    if base and torch:
        print(f"kerasedu / PyTorch time per epoch: {base['best'] / torch['best']:.2f}")
    if args.profile:
        print()
        for label, extra in (("", None), (" (OPENBLAS_NUM_THREADS=1)",
                                          {"OPENBLAS_NUM_THREADS": "1"})):
            output = subprocess.run([sys.executable, "-c", PROFILE], capture_output=True,
                                    text=True, cwd=ROOT, env=child_env(extra))
            print(f"--- profile{label}")
            print(output.stdout or output.stderr)


if __name__ == "__main__":
    main()
