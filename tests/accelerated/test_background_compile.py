"""Compiling in the background: with an empty numba cache, a kernel's first calls return at once
with its numpy twin's results while it is compiled in another process (a pooling loop and a loop
through time alike: the calling process compiles nothing, it loads the results from numba's
cache); after that the compiled kernel runs, with the same results; report() says which runs
and why; a second process loads from the cache; nothing reaches stderr; warm-up fills the cache
for the float32 signatures (float64 calls run the twins). The kernel whose twin costs most is
compiled first; compile_ahead asks for kernels before their first call; a session that ends
leaves its kernel compiled, and no process behind.
"""

import json
import os
import subprocess
import sys
import time

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


ORDER = r"""
import json, time
import numpy as np
from kerasedu.accelerated import compile_server
from kerasedu.backend.kernels import registered_kernels, wait_until_compiled

sent = []
send = compile_server.CompileServer.compile

def recorded(self, name, types):
    sent.append(name)
    return send(self, name, types)

compile_server.CompileServer.compile = recorded
kernels = registered_kernels()

def call(name):
    args = kernels[name].compiled_examples()[0]
    kernels[name](*[a.copy() if isinstance(a, np.ndarray) else a for a in args])

call("gather_rows")                  # asked for first: the compiling process starts
call("erf")                          # asked for second; both called once
deadline = time.monotonic() + 1.0    # while the process starts (its imports take a while)
while time.monotonic() < deadline:
    call("scatter_add_rows")         # asked for last, called all the time
print(json.dumps({"done": wait_until_compiled(600), "sent": sent}))
"""


def test_the_kernel_whose_twin_costs_most_is_compiled_first(tmp_path):
    """While the compiling process starts or is busy, kernels queue up; the one whose twin has
    taken the most time goes next, not the one asked for first."""
    result = json.loads(_run(tmp_path, ORDER))
    assert result["done"]
    assert result["sent"][0] == "scatter_add_rows"
    assert sorted(result["sent"]) == ["erf", "gather_rows", "scatter_add_rows"]


AHEAD = r"""
import json, time
from kerasedu.backend.kernels import compile_ahead, report, wait_until_compiled
start = time.perf_counter()
compile_ahead("max_pool_forward", "scatter_add_rows")
returned = time.perf_counter() - start
during = report()["max_pool_forward"][0]
try:
    compile_ahead("max_pool")
    refused = None
except ValueError as error:
    refused = str(error)
print(json.dumps({"returned": returned, "during": during, "refused": refused,
                  "done": wait_until_compiled(600), "after": report()["max_pool_forward"][0]}))
"""

LOADED = r"""
import json
from numba.core import event
from kerasedu.backend.kernels import compile_ahead, report

compiled = []

class Compiles(event.Listener):
    def on_start(self, e):
        pass

    def on_end(self, e):
        if e._exc_details is None:
            compiled.append(e.data["dispatcher"].py_func.__name__)

event.register("numba:compile", Compiles())
compile_ahead(KERNEL)                    # from a warm cache: loaded here and now
print(json.dumps({"compiled": compiled, "runs": report()[KERNEL][0]}))
"""


def _loaded_from_the_cache(tmp_path, name):
    """True when a new session finds kernel ``name`` in the cache, compiling nothing."""
    found = json.loads(_run(tmp_path, LOADED.replace("KERNEL", repr(name))))
    return found == {"compiled": [], "runs": "numba"}


def test_compile_ahead_returns_at_once_and_later_sessions_load_from_the_cache(tmp_path):
    ahead = json.loads(_run(tmp_path, AHEAD))
    assert ahead["returned"] < 5 and ahead["during"] == "numpy twin"
    assert "max_pool" in ahead["refused"] and "registered_kernels()" in ahead["refused"]
    assert ahead["done"] and ahead["after"] == "numba"
    assert _loaded_from_the_cache(tmp_path, "max_pool_forward")


def test_compile_ahead_without_the_background_compiles_now_and_with_twins_does_nothing(
        tmp_path):
    code = ("from kerasedu.backend.kernels import compile_ahead, report\n"
            "print(compile_ahead('max_pool_forward'), report()['max_pool_forward'][0])")
    outputs = []
    for setting in ({"KERASEDU_BACKGROUND_COMPILE": "0"}, {"KERASEDU_KERNELS": "numpy"}):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=600, cwd=str(tmp_path),
                              env={**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / "numba"),
                                   **setting})
        assert done.returncode == 0 and done.stderr == "", done.stderr[-3000:]
        outputs.append(done.stdout)
    assert outputs == ["True numba\n", "False numpy twin\n"]


EXIT_EARLY = r"""
import time
from kerasedu.backend.kernels import compile_ahead, wait_until_compiled
compile_ahead("max_pool_forward")
wait_until_compiled(600)                 # the compiling process is up, and idle
compile_ahead("lstm_backward_sequence")  # seconds to compile: the session ends first
time.sleep(0.5)
"""


def test_a_session_that_ends_first_leaves_the_kernel_compiled_and_no_process(tmp_path):
    """The session ends while a kernel is being compiled: the compiling process finishes that
    kernel, for the next session, and exits."""
    _run(tmp_path, EXIT_EARLY)
    cache = str(tmp_path / "numba")
    deadline = time.monotonic() + 300
    while _servers_using(cache) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _servers_using(cache)
    assert _loaded_from_the_cache(tmp_path, "lstm_backward_sequence")


def _servers_using(cache):
    """Compiling processes whose environment names ``cache`` as numba's cache."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                command = f.read()
            with open(f"/proc/{pid}/environ", "rb") as f:
                environment = f.read()
        except OSError:
            continue
        if b"compile_server import serve" in command and cache.encode() in environment:
            found.append(pid)
    return found
