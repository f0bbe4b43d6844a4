"""Saving and loading fail cleanly.

* A weights file that does not fit the model (a value of another dtype, strings, complex
  numbers) is refused before any weight changes: every weight is as it was.
* An error while saving (a full disk, a folder that does not exist) names the user's path,
  never the hidden temporary file, leaves no temporary file, and leaves an earlier file at that
  path as it was.
* A save killed with SIGKILL leaves its temporary file behind (nothing can run then); the next
  save to the same place removes it.
"""

import errno
import os
import signal
import subprocess
import sys

import h5py
import numpy as np
import pytest

from kerasedu import Input, Sequential, layers

WEIGHTS_SUFFIXES = [".weights.h5", ".weights.npz"]


def _model():
    model = Sequential([Input((5,)), layers.Dense(8), layers.BatchNormalization(),
                        layers.Dense(2)])
    model.compile("adam", "mse")
    model.fit(np.ones((4, 5)), np.ones((4, 2)), verbose=0)
    return model


def _is_the_first_bias(name):
    return "dense" in name and "optimizer" not in name


def _replace_the_first_bias(path, make_bad):
    """Rewrite the file at ``path`` with the first Dense's bias (8 values) replaced by
    ``make_bad(its array)``: the right shape, a wrong dtype."""
    if path.endswith(".h5"):
        with h5py.File(path, "r+") as f:
            names = []
            f.visit(lambda name: names.append(name) if isinstance(f[name], h5py.Dataset)
                    and f[name].shape == (8,) and _is_the_first_bias(name) else None)
            (bias,) = names
            bad = make_bad(f[bias][()])
            del f[bias]
            f.create_dataset(bias, data=bad.astype("S") if bad.dtype.kind == "U" else bad)
        return
    with np.load(path) as archive:
        arrays = {name: archive[name] for name in archive.files}
    (bias,) = [name for name, array in arrays.items()
               if array.shape == (8,) and _is_the_first_bias(name)]
    arrays[bias] = make_bad(arrays[bias])
    with open(path, "wb") as f:
        np.savez(f, **arrays)


BAD_DTYPES = {
    "strings": lambda array: np.full(array.shape, "a"),
    "complex": lambda array: array * (1 + 1j),
}


@pytest.mark.parametrize("bad", sorted(BAD_DTYPES))
@pytest.mark.parametrize("suffix", WEIGHTS_SUFFIXES)
def test_load_weights_of_a_file_that_does_not_fit_changes_no_weight(tmp_path, suffix, bad):
    path = str(tmp_path / f"m{suffix}")
    saved = _model()
    saved.save_weights(path)
    _replace_the_first_bias(path, BAD_DTYPES[bad])
    model = _model()
    model.layers[0].kernel.assign(np.full((5, 8), 7.0))
    before = model.get_weights()
    optimizer_before = [v.numpy() for v in model.optimizer.variables]
    with pytest.raises(Exception) as error:
        model.load_weights(path)
    assert "dense" in str(error.value) and "dtype" in str(error.value), str(error.value)
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))
    assert all(np.array_equal(a, v.numpy())
               for a, v in zip(optimizer_before, model.optimizer.variables))


@pytest.mark.parametrize("suffix", WEIGHTS_SUFFIXES)
def test_load_weights_converts_values_that_are_numbers(tmp_path, suffix):
    path = str(tmp_path / f"m{suffix}")
    saved = _model()
    saved.save_weights(path)
    _replace_the_first_bias(path, lambda array: array.astype("float64") + 1.0)
    model = _model()
    model.load_weights(path)
    assert np.allclose(model.layers[0].bias.numpy(), saved.layers[0].bias.numpy() + 1.0)
    assert np.array_equal(model.layers[0].kernel.numpy(), saved.layers[0].kernel.numpy())


def _no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


SAVES = {
    "model.save": lambda model, path: model.save(path + ".keras"),
    "save_weights": lambda model, path: model.save_weights(path + ".weights.h5"),
}


@pytest.mark.parametrize("save", sorted(SAVES))
def test_a_full_disk_is_reported_with_the_users_path(tmp_path, monkeypatch, save):
    model = _model()
    SAVES[save](model, str(tmp_path / "m"))
    (saved,) = os.listdir(tmp_path)
    content = (tmp_path / saved).read_bytes()
    monkeypatch.setattr(os, "fsync", _no_space)
    with pytest.raises(OSError) as error:
        SAVES[save](model, str(tmp_path / "m"))
    message = str(error.value)
    assert str(tmp_path / saved) in message and ".tmp" not in message, message
    assert "No space left on device" in message and "full" in message, message
    assert os.listdir(tmp_path) == [saved]                     # no temporary file left
    assert (tmp_path / saved).read_bytes() == content          # the earlier file as it was


@pytest.mark.parametrize("save", sorted(SAVES))
def test_a_missing_folder_is_reported_with_the_users_path(tmp_path, save):
    target = str(tmp_path / "no such folder" / "m")
    with pytest.raises(OSError) as error:
        SAVES[save](_model(), target)
    message = str(error.value)
    assert target in message and ".tmp" not in message, message


KILLED_SAVE = r"""
import os, signal, sys
import numpy as np
from kerasedu import Input, Sequential, layers

model = Sequential([Input((5,)), layers.Dense(64), layers.Dense(2)])
model.compile("adam", "mse")
os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)     # killed while writing
getattr(model, sys.argv[1])(sys.argv[2])
"""


@pytest.mark.parametrize("method, name", [("save", "m.keras"),
                                          ("save_weights", "m.weights.h5")])
def test_the_next_save_removes_what_a_killed_save_left(tmp_path, method, name):
    path = str(tmp_path / name)
    killed = subprocess.run([sys.executable, "-c", KILLED_SAVE, method, path],
                            capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    left = os.listdir(tmp_path)
    assert left and name not in left                     # a temporary file, and no m.keras
    assert all(n.startswith(f".{name}.") and n.endswith(".tmp") for n in left), left
    model = _model()
    getattr(model, method)(path)
    assert os.listdir(tmp_path) == [name]
    other = tmp_path / f"other{name[1:]}"
    subprocess.run([sys.executable, "-c", KILLED_SAVE, method, str(other)], timeout=300)
    leftovers = [n for n in os.listdir(tmp_path) if n.startswith(f".{other.name}.")]
    assert leftovers
    getattr(model, method)(path)                   # another file's leftovers are not its own
    assert sorted(os.listdir(tmp_path)) == sorted([name] + leftovers)
