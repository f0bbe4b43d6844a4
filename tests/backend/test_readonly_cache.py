"""kerasedu runs where numba cannot write a cache at all: a read-only install, with
NUMBA_CACHE_DIR and the home directory unwritable too. Kernels then compile in memory (or their
twins run), nothing reaches stderr (captured at the file-descriptor level, in a subprocess), the
results equal the twins', and report() says what runs and why.

Every cache location is made unwritable in a way that holds for root too: each place numba
would create a directory is under a regular file (mkdir fails there whoever asks)."""

import json
import os
import shutil
import subprocess
import sys

import pytest

import kerasedu

SCRIPT = r"""
import json, os
import numpy as np
import kerasedu
from kerasedu import layers, Sequential
from kerasedu.backend.kernels import report, wait_until_compiled
from kerasedu.utils import set_random_seed

def train():
    set_random_seed(0)
    x = np.random.default_rng(0).random((16, 6, 6, 1)).astype("float32")
    y = np.arange(16) % 3
    conv = Sequential([layers.Input((6, 6, 1)), layers.Conv2D(4, 3, padding="same"),
                       layers.Conv2D(4, 3, activation="relu"), layers.MaxPooling2D(2),
                       layers.Flatten(), layers.Dense(3)])
    conv.compile("adam", "sparse_categorical_crossentropy")
    seq = Sequential([layers.Input((5, 3)), layers.LSTM(4), layers.Dense(1)])
    seq.compile("adam", "mse")
    s = np.random.default_rng(1).random((8, 5, 3)).astype("float32")
    losses = []
    for _ in range(2):
        losses.append(conv.fit(x, y, epochs=1, batch_size=8, verbose=0).history["loss"][0])
        losses.append(seq.fit(s, s[:, -1, :1], epochs=1, verbose=0).history["loss"][0])
        wait_until_compiled(300)
    return losses

losses = train()
assert kerasedu.__file__.startswith(os.environ["PYTHONPATH"]), kerasedu.__file__
print(json.dumps({"losses": losses, "report": report()}))
"""


def _locked_down(tmp_path):
    """A copy of kerasedu and an environment in which numba can create no cache directory."""
    blocker = tmp_path / "not_a_directory"
    blocker.write_text("a file: nothing can be created under it\n")
    site = tmp_path / "site"
    shutil.copytree(os.path.dirname(kerasedu.__file__), site / "kerasedu",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for directory, _, _ in os.walk(site / "kerasedu"):
        (open(os.path.join(directory, "__pycache__"), "w")).close()    # in-tree cache: a file
    return {**os.environ, "PYTHONPATH": str(site), "PYTHONDONTWRITEBYTECODE": "1",
            "NUMBA_CACHE_DIR": str(blocker / "numba"), "HOME": str(blocker / "home"),
            "XDG_CACHE_HOME": str(blocker / "cache")}


def _run(env, cwd):
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            env=env, cwd=cwd, timeout=900)    # cwd: not the repository
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stderr == "", result.stderr[-3000:]
    return json.loads(result.stdout)


@pytest.mark.slow
def test_kernels_compile_in_memory_silently_where_no_cache_can_be_written(tmp_path):
    env = _locked_down(tmp_path)
    compiled = _run(env, tmp_path)
    twins = _run({**env, "KERASEDU_KERNELS": "numpy"}, tmp_path)
    assert compiled["losses"] == pytest.approx(twins["losses"], rel=1e-4)
    report = compiled["report"]
    for name in ("scatter_add_windows", "max_pool_forward", "lstm_forward_sequence"):
        version, why = report[name]
        assert version == "numba", (name, report[name])
        assert "numba cannot cache it here" in why and "compiled in memory" in why, why
    assert all(version == "numpy twin" for version, _ in twins["report"].values())
