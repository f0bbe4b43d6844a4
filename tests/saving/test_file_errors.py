"""What goes wrong with files, and what the reader is told: wrong names, damaged or foreign
files, weights that do not fit (nothing changes), a full disk (the message names the user's
file and the cause), and saves that fail or are killed (no half-written file, no temporary file
left for long)."""

import errno
import os
import subprocess
import sys
import textwrap
import zipfile

import h5py
import numpy as np
import pytest

import kerasedu
from kerasedu import layers
from kerasedu.layer_machinery.layer import Layer
from kerasedu.models import load_model
from kerasedu.saving import SaveError, WeightsFileError


def small_model(units=5, count_dtype="int32"):
    model = kerasedu.Sequential([kerasedu.Input((4,)), layers.Dense(units),
                                 Counter(count_dtype), layers.Dense(3)])
    model.compile("adam", "mse")
    return model


class Counter(Layer):
    """A layer with an integer weight (a count) and a float one."""

    def __init__(self, count_dtype="int32", **kwargs):
        super().__init__(**kwargs)
        self.count_dtype = count_dtype

    def build(self, input_shape):
        self.gain = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="gain")
        self.count = self.add_weight(shape=(), dtype=self.count_dtype, initializer="zeros",
                                     trainable=False, name="count")

    def call(self, inputs):
        return inputs * self.gain

    def get_config(self):
        return {**super().get_config(), "count_dtype": self.count_dtype}


def weights_of(model):
    return [w.numpy().copy() for w in model.weights]


def assert_unchanged(model, before):
    for old, new in zip(before, weights_of(model), strict=True):
        np.testing.assert_array_equal(old, new)


# ---------------------------------------------------------------------- names


def test_file_names_are_checked(tmp_path):
    model = small_model()
    with pytest.raises(ValueError, match=r"`\.weights\.h5`.*Received: filepath=.*model\.h5"):
        model.save_weights(tmp_path / "model.h5")
    with pytest.raises(ValueError, match=r"\.keras"):
        model.save(tmp_path / "model.h5")
    with pytest.raises(ValueError, match="save_weights"):
        model.save(tmp_path / "model.weights.h5")
    with pytest.raises(ValueError, match="load_weights"):
        load_model(tmp_path / "model.weights.h5")
    with pytest.raises(ValueError, match="max_shard_size"):
        model.save_weights(tmp_path / "m.weights.h5", max_shard_size=1)
    model.save_weights(tmp_path / "ok.weights.h5")
    with pytest.raises(FileExistsError, match="overwrite"):
        model.save_weights(tmp_path / "ok.weights.h5", overwrite=False)
    with pytest.raises(FileNotFoundError, match="missing.weights.h5"):
        model.load_weights(tmp_path / "missing.weights.h5")
    with pytest.raises(FileNotFoundError, match="nowhere.keras"):
        load_model(tmp_path / "nowhere.keras")
    unbuilt = kerasedu.Sequential([layers.Dense(3)])
    with pytest.raises(ValueError, match="not been built"):
        unbuilt.load_weights(tmp_path / "ok.weights.h5")
    with pytest.raises(ValueError, match="not been built"):
        unbuilt.save_weights(tmp_path / "unbuilt.weights.h5")


def test_a_model_not_built_yet_saves_and_loads_unbuilt(tmp_path):
    unbuilt = kerasedu.Sequential([layers.Dense(3, name="d")], name="later")
    unbuilt.save(tmp_path / "unbuilt.keras")
    loaded = load_model(tmp_path / "unbuilt.keras")
    assert not loaded.built and loaded.name == "later" and loaded.get_layer("d").units == 3
    assert loaded(np.ones((2, 4), "float32")).shape == (2, 3)


# ---------------------------------------------------------------------- weights that do not fit


@pytest.mark.parametrize("suffix", [".weights.h5", ".weights.npz", ".keras"])
def test_weights_of_other_shapes_change_nothing(tmp_path, suffix):
    path = tmp_path / f"m{suffix}"
    saver = small_model(units=5)
    saver.save(path) if suffix == ".keras" else saver.save_weights(path)
    wrong = small_model(units=6)
    before = weights_of(wrong)
    with pytest.raises(WeightsFileError, match=r"(?s)no weight was changed.*'layers/dense': "
                                               r"Layer 'dense_\d+'.*shape \(4, 6\).*\(4, 5\)"):
        wrong.load_weights(path)
    assert_unchanged(wrong, before)


def test_weights_of_another_dtype_kind_change_nothing(tmp_path):
    saver = small_model(count_dtype="float32")
    saver.layers[1].count.assign(1.5)
    saver.save_weights(tmp_path / "m.weights.h5")
    target = small_model(count_dtype="int32")
    before = weights_of(target)
    with pytest.raises(WeightsFileError, match="dtype int32, the stored value has dtype float32"):
        target.load_weights(tmp_path / "m.weights.h5")
    assert_unchanged(target, before)
    narrower = small_model(count_dtype="int32")
    narrower.save_weights(tmp_path / "ints.weights.h5")
    wider = small_model(count_dtype="float64")
    wider.load_weights(tmp_path / "ints.weights.h5")      # integers into floats: converted
    assert wider.layers[1].count.numpy().dtype == np.float64


def test_skip_mismatch_loads_the_layers_that_fit(tmp_path):
    saver = small_model(units=5)
    saver.save_weights(tmp_path / "m.weights.h5")
    target = kerasedu.Sequential([kerasedu.Input((4,)), layers.Dense(5), Counter(),
                                  layers.Dense(2)])
    before = weights_of(target)
    target.load_weights(tmp_path / "m.weights.h5", skip_mismatch=True)
    np.testing.assert_array_equal(target.layers[0].kernel.numpy(),
                                  saver.layers[0].kernel.numpy())
    np.testing.assert_array_equal(target.layers[2].kernel.numpy(), before[-2])


def test_a_layer_that_fails_while_loading_leaves_every_weight_as_it_was(tmp_path):
    def load_then_fail(self, store):
        Counter.load_own_variables(self, store)
        raise RuntimeError("could not finish")

    # The same class name, so the same place in the file ("layers/counter").
    Fragile = type("Counter", (Counter,), {"load_own_variables": load_then_fail})

    saver = small_model()
    saver.save_weights(tmp_path / "m.weights.h5")
    target = kerasedu.Sequential([kerasedu.Input((4,)), layers.Dense(5), Fragile(),
                                  layers.Dense(3)])
    before = weights_of(target)
    with pytest.raises(RuntimeError, match="could not finish"):
        target.load_weights(tmp_path / "m.weights.h5")
    assert_unchanged(target, before)


def test_layer_load_own_variables_checks_everything_first():
    layer = layers.Dense(2)
    layer.build((None, 3))
    before = [w.numpy().copy() for w in layer.weights]
    with pytest.raises(ValueError, match="expected 2 variables, but received 1"):
        layer.load_own_variables({"0": np.zeros((3, 2))})
    with pytest.raises(ValueError, match=r"bias.*shape \(2,\).*shape \(3,\)"):
        layer.load_own_variables({"0": np.ones((3, 2)), "1": np.ones(3)})
    for old, new in zip(before, layer.weights):
        np.testing.assert_array_equal(old, new.numpy())
    store = {}
    layer.save_own_variables(store)
    assert list(store) == ["0", "1"]
    store["0"] = store["0"] + 1.0
    layer.load_own_variables(store)
    np.testing.assert_array_equal(layer.kernel.numpy(), before[0] + 1.0)


# ---------------------------------------------------------------------- damaged or foreign files


def test_damaged_and_foreign_files_give_clear_errors(tmp_path):
    model = small_model()
    good = tmp_path / "good.keras"
    model.save(good)
    truncated = tmp_path / "truncated.keras"
    truncated.write_bytes(good.read_bytes()[:300])
    with pytest.raises(ValueError, match=r"truncated\.keras.*expected a \.keras file"):
        load_model(truncated)
    text = tmp_path / "notes.keras"
    text.write_text("hello")
    with pytest.raises(ValueError, match=r"notes\.keras.*not a zip archive"):
        load_model(text)
    empty = tmp_path / "empty.keras"
    with zipfile.ZipFile(empty, "w"):
        pass
    with pytest.raises(ValueError, match="has no metadata.json, config.json"):
        load_model(empty)
    weights = tmp_path / "w.weights.h5"
    model.save_weights(weights)
    weights.write_bytes(weights.read_bytes()[:200])
    with pytest.raises(WeightsFileError, match=r"w\.weights\.h5.*damaged, truncated"):
        model.load_weights(weights)
    plain = tmp_path / "plain.weights.npz"
    np.savez(plain, a=np.zeros(3))
    with pytest.raises(WeightsFileError, match="not one of kerasedu's weights files"):
        model.load_weights(plain)


def test_links_in_weights_files_are_refused(tmp_path):
    model = small_model()
    path = tmp_path / "linked.weights.h5"
    model.save_weights(path)
    with h5py.File(path, "a") as f:
        f["layers/extra"] = h5py.SoftLink("/layers/dense")
    with pytest.raises(WeightsFileError, match="link"):
        model.load_weights(path)


# ---------------------------------------------------------------------- failed and killed saves


def test_a_full_disk_names_the_file_and_the_cause(tmp_path, monkeypatch):
    model = small_model()
    path = tmp_path / "model.keras"
    model.save(path)
    model.save_weights(tmp_path / "model.weights.h5")
    before = path.read_bytes(), (tmp_path / "model.weights.h5").read_bytes()

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    for save, target in ((model.save, path), (model.save_weights,
                                              tmp_path / "model.weights.h5")):
        with pytest.raises(SaveError) as caught:
            save(target)
        message = str(caught.value)
        assert message.startswith(f"Could not save '{target}': No space left on device")
        assert "disk is full" in message and ".tmp" not in message
        assert "[Errno" not in message and caught.value.errno == errno.ENOSPC
    assert (path.read_bytes(), (tmp_path / "model.weights.h5").read_bytes()) == before
    assert sorted(os.listdir(tmp_path)) == ["model.keras", "model.weights.h5"]


def test_a_killed_save_leaves_its_temporary_file_only_until_the_next_save(tmp_path):
    path = tmp_path / "model.keras"
    script = textwrap.dedent(f"""
        import os, signal
        import kerasedu
        model = kerasedu.Sequential([kerasedu.Input((4,)), kerasedu.layers.Dense(3)])
        os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)
        model.save({str(path)!r})
    """)
    finished = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert finished.returncode == -9
    left = os.listdir(tmp_path)
    assert len(left) == 1 and left[0].startswith(".model.keras.") and left[0].endswith(".tmp")
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        in_progress = tmp_path / f".model.keras.{running.pid}.abcdef.tmp"
        in_progress.write_bytes(b"another process is writing this")
        small_model().save(path)
        assert sorted(os.listdir(tmp_path)) == [in_progress.name, "model.keras"]
    finally:
        running.kill()
        running.wait()
    load_model(path, custom_objects={"Counter": Counter})
