"""Whole models to files and back, in Keras 3's formats: ``model.save('m.keras')``,
``load_model('m.keras')``, ``save_weights('m.weights.h5')`` and ``load_weights``.

A ``.keras`` file is a zip archive, exactly as Keras 3 writes it, holding:

* ``metadata.json``: ``{"keras_version", "kerasedu_version", "date_saved"}``;
* ``config.json``: the model serialized as Keras serializes it (module, class_name, config,
  registered_name, build_config) with ``compile_config``, the arguments of ``compile()``;
* ``model.weights.h5``: the weights and the optimizer's state in Keras's HDF5 layout (see
  :mod:`kerasedu.saving.h5_store`);
* ``assets/``: files layers keep beside their weights, such as an adapted vocabulary (see
  :mod:`kerasedu.saving.assets`).

So a model saved by kerasedu opens in Keras 3 (``keras.saving.load_model``), and one saved by
Keras opens here, with the same architecture, weights, compile arguments and optimizer state.
Files written by kerasedu 0.1 (weights in ``.npz``) load too.

Files are written atomically: an interrupted save leaves any earlier file untouched, and an
error names the file and the cause. A damaged, truncated or foreign file gives an error that
names the file and says what was expected. Students' own layers, losses and metrics are found
through ``custom_objects``, an active ``custom_object_scope``, or
``@register_keras_serializable()``. Lambda layers store Python bytecode, which loads only with
``safe_mode=False`` (for files you trust).
"""

import datetime
import io
import json
import os
import zipfile

import numpy as np

from ..backend.autodiff import no_grad
from ..layer_machinery.shapes import is_shape, shape_from_json
from ..serialization import (custom_object_scope, deserialize_keras_object,
                             object_sharing_scope, serialize_keras_object)
from ..version import __version__
from . import legacy_files
from .assets import read_assets, write_assets
from .file_io import check_can_write, write_atomically
from .h5_store import WeightsFileError, read_h5, write_h5
from .model_state import collect_state, restore_state
from .object_walk import is_graph_model
from .npz_store import load_arrays, stored_from_arrays, write_npz

CONFIG_NAME = "config.json"
METADATA_NAME = "metadata.json"
WEIGHTS_NAME = "model.weights.h5"
KERAS_FORMAT_VERSION = "3.15.1"   # the Keras release whose file layout kerasedu writes
MODEL_SUFFIX = ".keras"
WEIGHTS_SUFFIXES = (".weights.h5", ".weights.npz")


def _json_default(value):
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(
        f"Cannot write {value!r} (of type {type(value).__name__}) into a model's JSON config. "
        f"get_config() must return plain values: numbers, strings, lists, dicts, None.")


def to_json_text(data, **kwargs):
    return json.dumps(data, default=_json_default, **kwargs)


# ---------------------------------------------------------------------- configs


def serialize_model(model):
    """The model as Keras 3 serializes it, with its compile() arguments under
    'compile_config' when it is compiled."""
    config = serialize_keras_object(model)
    if not isinstance(config, dict):
        raise TypeError(f"Cannot serialize {model!r}: it is not a model.")
    compile_config = config.get("compile_config")
    if compile_config is not None and compile_config.get("sample_weight_mode") is None:
        compile_config.pop("sample_weight_mode", None)
    return config


def deserialize_model(config, custom_objects=None, compile=True, safe_mode=True):
    """A new model from ``serialize_model``'s dict (compiled again when it holds a
    compile_config and ``compile`` is True)."""
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            f"Expected a model config: a dict with 'class_name' and 'config' keys, as "
            f"model.to_json() or serialize_model() write. Received: {str(config)[:200]}")
    config = dict(config)
    if not compile:
        config.pop("compile_config", None)
    with custom_object_scope(custom_objects or {}), object_sharing_scope():
        model = deserialize_keras_object(config, custom_objects=custom_objects,
                                         safe_mode=safe_mode, printable_module_name="model")
        _build_sublayers(model, config.get("build_config"))
    return model


def _build_sublayers(model, build_config):
    """Create the weights of a subclassed model's layers, which exist only once ``call`` has
    run: call it once on zeros of the saved input shape (batch size 1)."""
    if not build_config or model.weights or build_config.get("input_shape") is None or \
            is_graph_model(model):
        return

    def zeros(shape):
        if is_shape(shape):
            return np.zeros([1 if d is None else d for d in shape], "float32")
        if isinstance(shape, dict):
            return {k: zeros(v) for k, v in shape.items()}
        return [zeros(s) for s in shape]

    with no_grad():
        model(zeros(shape_from_json(build_config["input_shape"])))


def model_from_json(json_string, custom_objects=None):
    """A new model (fresh weights) from ``model.to_json()``'s text; compiled again if the text
    holds a compile configuration."""
    try:
        config = json.loads(json_string)
    except (TypeError, ValueError) as error:
        raise ValueError(f"model_from_json() expects the JSON text of model.to_json(); it "
                         f"could not be parsed: {error}") from None
    return deserialize_model(config, custom_objects=custom_objects)


def model_to_json(model, **kwargs):
    """The model's architecture (and compile arguments) as JSON text."""
    return to_json_text(serialize_model(model), **kwargs)


# ---------------------------------------------------------------------- whole models


def _unbuilt_error(model, what):
    return ValueError(
        f"You are {what} model '{model.name}', which has not been built yet, so it has no "
        f"weights. Build it first: call it on a batch of data, call model.build(input_shape), "
        f"or start it with an Input.")


def save_model(model, filepath, overwrite=True, zipped=None, **kwargs):
    """Write ``model`` to ``filepath`` (ending in ``.keras``): architecture, weights, compile
    arguments and optimizer state, in one zip file written atomically."""
    if kwargs:
        raise ValueError(f"save_model() got unexpected arguments {sorted(kwargs)}.")
    if zipped is False:
        raise ValueError("kerasedu writes .keras files as zip archives only (zipped=True).")
    path = os.fspath(filepath)
    if path.endswith(WEIGHTS_SUFFIXES):
        raise ValueError(
            f"'{path}' is a weights file name: model.save() writes a whole model to a file "
            f"ending in `.keras`. To save only the weights use model.save_weights('{path}').")
    if not path.endswith(MODEL_SUFFIX):
        raise ValueError(
            f"Invalid filepath extension for saving. Please add the `.keras` extension (Keras "
            f"3's model format) to the filepath. Received: filepath={path}")
    check_can_write(path, overwrite)
    # A model not built yet is saved as it is, with the weights and assets it has (its layers'
    # vocabularies, say), and loads unbuilt; Keras 3 also warns, which kerasedu does not.
    config_text = to_json_text(serialize_model(model))
    metadata = {"keras_version": KERAS_FORMAT_VERSION, "kerasedu_version": __version__,
                "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S")}
    weights = io.BytesIO()
    write_h5(collect_state(model), weights)

    def write(f):
        with zipfile.ZipFile(f, "w") as archive:
            archive.writestr(METADATA_NAME, to_json_text(metadata))
            archive.writestr(CONFIG_NAME, config_text)
            archive.writestr(WEIGHTS_NAME, weights.getvalue())
            write_assets(model, archive)

    write_atomically(path, write)


def _not_a_model_file(path, detail):
    return ValueError(
        f"Cannot load '{path}': expected a .keras file (a zip archive holding "
        f"{METADATA_NAME}, {CONFIG_NAME} and {WEIGHTS_NAME}, as model.save() writes in kerasedu "
        f"and Keras 3), but {detail}")


def _read_archive(path):
    """(config, metadata, {path: {key: array}} or a kerasedu 0.1 weights dict) of a .keras
    file, with clear errors."""
    if not os.path.exists(path):
        raise FileNotFoundError(f"No file or directory found at '{path}'.")
    if os.path.isdir(path):
        raise IsADirectoryError(
            f"'{path}' is a directory; load_model() expects a .keras file (Keras's SavedModel "
            f"directories are not supported).")
    if not zipfile.is_zipfile(path):
        raise _not_a_model_file(
            path, f"it is not a zip archive ({os.path.getsize(path)} bytes): it may be "
                  f"truncated, damaged, or another kind of file (HDF5 .h5 files from Keras 2 "
                  f"are not supported).")
    try:
        with zipfile.ZipFile(path, "r") as archive:
            names = set(archive.namelist())
            missing = [n for n in (METADATA_NAME, CONFIG_NAME) if n not in names]
            if missing:
                raise _not_a_model_file(path, f"it has no {', '.join(missing)}.")
            metadata = json.loads(archive.read(METADATA_NAME).decode("utf-8"))
            config = json.loads(archive.read(CONFIG_NAME).decode("utf-8"))
            description = f"the weights inside '{path}'"
            if legacy_files.is_legacy_archive(metadata):
                weights = load_arrays(io.BytesIO(archive.read(legacy_files.ARCHIVE_WEIGHTS)),
                                      description)
                return legacy_files.upgrade_config(config), metadata, weights
            if WEIGHTS_NAME not in names:
                raise _not_a_model_file(path, f"it has no {WEIGHTS_NAME}.")
            weights = read_h5(io.BytesIO(archive.read(WEIGHTS_NAME)), description)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, UnicodeDecodeError,
            json.JSONDecodeError, KeyError) as error:
        raise _not_a_model_file(
            path, f"it could not be read: it is damaged or truncated ({type(error).__name__}: "
                  f"{error}).") from None
    return config, metadata, weights


def _restore(model, weights, description, skip_mismatch=False):
    if legacy_files.is_legacy_weights(weights):
        legacy_files.apply_legacy_weights(model, weights, description, skip_mismatch)
    else:
        restore_state(model, weights, description, skip_mismatch)


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """The model saved in ``filepath`` by ``model.save()`` in kerasedu or Keras 3: same
    architecture, weights, compile arguments and optimizer state.

    Args:
        filepath: a ``.keras`` file.
        custom_objects: ``{'name': class_or_function}`` for your own layers, losses, metrics.
        compile: compile the model as it was (False: leave it uncompiled, weights only).
        safe_mode: refuse to load Lambda layers' stored bytecode (set False only for files
            you trust).
    """
    path = os.fspath(filepath)
    if path.endswith(WEIGHTS_SUFFIXES):
        raise ValueError(
            f"'{path}' is a weights file, not a whole model: build the model the same way, "
            f"then call model.load_weights('{path}').")
    config, _, weights = _read_archive(path)
    model = deserialize_model(config, custom_objects=custom_objects, compile=compile,
                              safe_mode=safe_mode)
    _restore(model, weights, f"'{path}'")
    with zipfile.ZipFile(path, "r") as archive:
        read_assets(model, archive)
    return model


# ---------------------------------------------------------------------- weights only


def save_weights(model, filepath, overwrite=True, max_shard_size=None):
    """Write the model's weights and its optimizer's state to ``filepath``, atomically:
    ``.weights.h5`` in Keras 3's HDF5 layout, or ``.weights.npz``, the same in a numpy
    archive."""
    path = os.fspath(filepath)
    if max_shard_size is not None:
        raise ValueError("kerasedu does not shard weights files: leave max_shard_size=None.")
    if not path.endswith(WEIGHTS_SUFFIXES):
        raise ValueError(
            f"The filename must end in `.weights.h5` (Keras 3's weights format) or "
            f"`.weights.npz` (the same in a numpy archive). Received: filepath={path}. To save "
            f"the whole model, use model.save('name.keras').")
    check_can_write(path, overwrite)
    if not model.built:
        raise _unbuilt_error(model, "saving the weights of")
    entries = collect_state(model)
    writer = write_h5 if path.endswith(".h5") else write_npz
    buffer = io.BytesIO()
    writer(entries, buffer)
    write_atomically(path, buffer.getvalue())


def load_weights(model, filepath, skip_mismatch=False):
    """Load weights (and optimizer state) saved by ``save_weights`` or ``save``, in kerasedu
    or Keras 3, into ``model``, which must be built the same way.

    Weights are found by their place in the model (``layers/dense_1/vars/0``), as in Keras;
    every value is checked before any is assigned, so a file that does not fit changes
    nothing (with ``skip_mismatch=True`` the layers that do not fit are left alone).
    """
    path = os.fspath(filepath)
    if not model.built:
        raise _unbuilt_error(model, "loading weights into")
    if path.endswith(MODEL_SUFFIX):
        _, _, weights = _read_archive(path)
    elif path.endswith(WEIGHTS_SUFFIXES):
        if not os.path.exists(path):
            raise FileNotFoundError(f"No weights file found at '{path}'.")
        if path.endswith(".h5"):
            weights = read_h5(path, f"'{path}'")
        else:
            weights = load_arrays(path, f"'{path}'")
            if not legacy_files.is_legacy_weights(weights):
                weights = stored_from_arrays(weights, f"'{path}'")
    else:
        raise ValueError(
            f"load_weights() reads files ending in `.weights.h5` or `.weights.npz` (written "
            f"by model.save_weights) or `.keras` (written by model.save). Received: "
            f"filepath={path}")
    _restore(model, weights, f"'{path}'", skip_mismatch=skip_mismatch)


__all__ = ["WeightsFileError", "deserialize_model", "load_model", "load_weights",
           "model_from_json", "model_to_json", "save_model", "save_weights", "serialize_model"]
