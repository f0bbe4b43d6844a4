"""Compiling in the background: with an empty numba cache, a kernel's first calls return at once
with its numpy twin's results while it is compiled in another process (a pooling loop and a loop
through time alike: the calling process compiles nothing, it loads the results from numba's
cache); after that the compiled kernel runs, with the same results; report() says which runs and why; a second process
loads from the cache; nothing reaches stderr; warm-up fills the cache for the float32 signatures
(float64 calls run the twins).
"""

import json
import os
import subprocess
import sys

import pytest

SCRIPT = r"""
import json, threading
import numpy as np
from numba.core import event
from kerasedu import ops
from kerasedu.backend.kernels import registered_kernels, report, wait_until_compiled

class Compiles(event.Listener):            # numba compiling here, not loading from its cache
    names, threads = [], []

    def on_start(self, e):
        pass

    def on_end(self, e):
        if e._exc_details is None:
            Compiles.names.append(e.data["dispatcher"].py_func.__name__)
            Compiles.threads.append(threading.current_thread().name)

event.register("numba:compile", Compiles())

x = np.random.default_rng(0).random((4, 6, 6, 3)).astype("float32")
first = ops.max_pool(x, 2).numpy()
during = report()["max_pool_forward"]
done = wait_until_compiled(300)
after = report()["max_pool_forward"]
again = ops.max_pool(x, 2).numpy()
loop = registered_kernels()["lstm_forward_sequence"]
arguments = loop.example_arguments()[0]
outputs = [a.copy() for a in arguments[:4]]
loop(*outputs, *arguments[4:])
loop_done = wait_until_compiled(600)
loop_outputs = [a.copy() for a in arguments[:4]]
loop(*loop_outputs, *arguments[4:])
print(json.dumps({"during": during, "after": after,
                  "done": done, "same": bool(np.array_equal(first, again)),
                  "loop_done": loop_done,
                  "loop_close": all(np.allclose(a, b, rtol=1e-5, atol=1e-6)
                                    for a, b in zip(outputs, loop_outputs)),
                  "compiled_here": Compiles.names, "compiling_threads": Compiles.threads}))
"""


def _run(cache, code=SCRIPT, args=()):
    env = {k: v for k, v in os.environ.items()
           if k not in ("KERASEDU_BACKGROUND_COMPILE", "KERASEDU_KERNELS")}
    result = subprocess.run([sys.executable, *args] if args else [sys.executable, "-c", code],
                            capture_output=True, text=True, timeout=600, cwd=str(cache),
                            env={**env, "NUMBA_CACHE_DIR": str(cache / "numba")})
    assert result.returncode == 0 and result.stderr == "", result.stderr[-3000:]
    return result.stdout


def test_twins_serve_while_a_thread_compiles_then_the_cache_serves(tmp_path):
    cold = json.loads(_run(tmp_path))
    assert cold["during"] == ["numpy twin", "being compiled in the background; its numpy twin "
                                            "runs until then"]
    assert "MainThread" not in cold["compiling_threads"]     # the caller never compiles
    assert cold["done"] and cold["same"]
    assert cold["after"] == ["numba", "compiled, or loaded from numba's cache"]
    assert cold["compiled_here"] == []       # in another process; this one loads the results
    assert cold["loop_done"] and cold["loop_close"]
    warm = json.loads(_run(tmp_path))
    assert warm["done"] and warm["same"] and warm["after"][0] == "numba"
    assert warm["compiled_here"] == []


@pytest.mark.slow
def test_warmup_compiles_every_kernel_into_the_cache(tmp_path):
    out = _run(tmp_path, args=("-m", "kerasedu", "warmup"))
    assert out.startswith("compiled ") and "kernels in" in out
    files = os.listdir(next(os.path.join(d, "") for d, _, f in os.walk(tmp_path / "numba")
                            if any(name.endswith(".nbc") for name in f)))
    assert any(name.endswith(".nbc") for name in files)
    code = ("import json, numpy as np, kerasedu\n"
            "from kerasedu.backend.kernels import registered_kernels\n"
            "counts = {}\n"
            "for name, k in registered_kernels().items():\n"
            "    for args in k.compiled_examples():\n"
            "        k.numba(*args)\n"
            "    counts[name] = (sum(k.dispatcher.stats.cache_hits.values()),\n"
            "                    sum(k.dispatcher.stats.cache_misses.values()))\n"
            "print(json.dumps(counts))")
    loaded = json.loads(_run(tmp_path, code))     # every float32 signature: from the cache
    assert all(hits > 0 and misses == 0 for hits, misses in loaded.values()), loaded


TRAINING = r"""
import json
import numpy as np
from kerasedu import Input, Sequential, layers, optimizers
from kerasedu.utils import set_random_seed

rng = np.random.default_rng(0)
x = rng.integers(1, 10, size=(96, 12))
y = x[:, 0]
set_random_seed(0)
model = Sequential([Input(shape=(12,)), layers.Embedding(10, 8, mask_zero=True),
                    layers.SimpleRNN(16), layers.Dense(10, activation="softmax")])
model.compile(optimizer=optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
history = model.fit(x, y, epochs=2, batch_size=32, verbose=0)
print(json.dumps({"loss": history.history["loss"],
                  "weights": [w.tolist() for w in model.get_weights()]}))
"""


@pytest.mark.slow
def test_with_a_warm_cache_seeded_training_is_the_same_as_compiling_at_the_first_call(tmp_path):
    """The numpy twins agree with the compiled kernels up to rounding only, so a run that
    switched from one to the other at a moment set by the compiling thread could not be
    repeated. With the kernels in numba's cache, the background compiler loads them at their
    first call: a seeded training gives, to the last bit, what compiling at the first call
    gives, every time."""
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / "numba"),
           "KERASEDU_BACKGROUND_COMPILE": "0"}
    env.pop("KERASEDU_KERNELS", None)
    at_first_call = subprocess.run([sys.executable, "-c", TRAINING], capture_output=True,
                                   text=True, timeout=600, cwd=str(tmp_path), env=env)
    assert at_first_call.returncode == 0, at_first_call.stderr[-3000:]   # and fills the cache
    background = [json.loads(_run(tmp_path, TRAINING)) for _ in range(2)]
    assert background[0] == background[1] == json.loads(at_first_call.stdout)
