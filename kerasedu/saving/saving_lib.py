"""Whole models to files and back: ``model.save('m.keras')`` and ``load_model('m.keras')``.

A ``.keras`` file is a zip archive (like Keras 3's format) holding three entries:

* ``metadata.json``: ``{"kerasedu_version", "format", "format_version", "date_saved"}``;
* ``config.json``: the model serialized as in ``get_config`` (module, class_name, config,
  registered_name, build_config) plus ``compile_config``, the arguments of ``compile()``;
* ``model.weights.npz``: the weights and the optimizer's state (step count, learning rate,
  slots), as described in :mod:`kerasedu.saving.weights_store`.

So ``load_model`` gives back a model with the same architecture, the same weights, compiled
the same way and with the same optimizer state: its predictions are identical, and training it
further gives exactly the weights that training the original further would.

Files are written atomically (a temporary file in the same folder, then ``os.replace``): an
interrupted save leaves any earlier file untouched. A damaged, truncated or foreign file gives
an error that names the file and says what was expected.

Students' own layers, losses and metrics are found by name through ``custom_objects``, an
active ``custom_object_scope``, or the ``@register_serializable()`` decorator. Lambda layers
store Python bytecode, which loads only with ``safe_mode=False`` (for files you trust).
"""

import datetime
import io
import json
import os
import zipfile

import numpy as np

from ..serialization import custom_object_scope, safe_mode_scope, serialize_keras_object
from .file_io import check_can_write, write_atomically
from .weights_store import WeightsFileError, apply_state, npz_bytes, read_npz, write_npz

CONFIG_NAME = "config.json"
METADATA_NAME = "metadata.json"
WEIGHTS_NAME = "model.weights.npz"
FORMAT_NAME = "kerasedu.keras"
FORMAT_VERSION = 1
WEIGHTS_SUFFIX = ".weights.npz"
MODEL_SUFFIX = ".keras"


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
    """The model as a JSON-ready dict, with its compile() arguments under 'compile_config'."""
    config = serialize_keras_object(model)
    if not isinstance(config, dict):
        raise TypeError(f"Cannot serialize {model!r}: it is not a model.")
    compile_config = model.get_compile_config() if hasattr(model, "get_compile_config") \
        else None
    if compile_config is not None:
        config["compile_config"] = compile_config
    return config


def deserialize_model(config, custom_objects=None, compile=True, safe_mode=True):
    """A new model from ``serialize_model``'s dict (compiled again when it holds a
    compile_config and ``compile`` is True)."""
    from ..layers.serialization import deserialize
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            f"Expected a model config: a dict with 'class_name' and 'config' keys, as "
            f"model.to_json() or serialize_model() write. Received: {str(config)[:200]}")
    config = dict(config)
    compile_config = config.pop("compile_config", None)
    with custom_object_scope(custom_objects or {}), safe_mode_scope(safe_mode):
        model = deserialize(config, custom_objects=custom_objects)
        _build_sublayers(model, config.get("build_config"))
        if compile and compile_config:
            model.compile_from_config(compile_config)
    return model


def _build_sublayers(model, build_config):
    """Create the weights of a subclassed model's layers, which exist only once ``call`` has
    run: call it once on zeros of the saved input shape (batch size 1)."""
    if not build_config or model.weights or "input_shape" not in build_config:
        return
    from ..backend.autodiff import no_grad
    from ..engine.layer import _is_shape, _shape_from_json

    def zeros(shape):
        if _is_shape(shape):
            return np.zeros([1 if d is None else d for d in shape], "float32")
        if isinstance(shape, dict):
            return {k: zeros(v) for k, v in shape.items()}
        return [zeros(s) for s in shape]

    with no_grad():
        model(zeros(_shape_from_json(build_config["input_shape"])))


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


def _check_model_path(filepath):
    path = os.fspath(filepath)
    if path.endswith(WEIGHTS_SUFFIX):
        raise ValueError(
            f"'{path}' is a weights file name: model.save() writes a whole model to a file "
            f"ending in `.keras`. To save only the weights use model.save_weights('{path}').")
    if not path.endswith(MODEL_SUFFIX):
        raise ValueError(
            f"Invalid filepath extension for saving. Please add the `.keras` extension (the "
            f"kerasedu model format) to the filepath. Received: filepath={path}")
    return path


def save_model(model, filepath, overwrite=True, zipped=None, **kwargs):
    """Write ``model`` to ``filepath`` (ending in ``.keras``): architecture, weights, compile
    arguments and optimizer state, in one zip file written atomically."""
    from .. import __version__
    if kwargs:
        raise ValueError(f"save_model() got unexpected arguments {sorted(kwargs)}.")
    if zipped is False:
        raise ValueError("kerasedu always writes .keras files as zip archives (zipped=True).")
    path = _check_model_path(filepath)
    check_can_write(path, overwrite)
    if not model.built:
        raise ValueError(
            f"You are saving model '{model.name}', which has not been built yet. Build it "
            f"first: call it on a batch of data, call model.build(input_shape), or start it "
            f"with an Input.")
    config_text = to_json_text(serialize_model(model), indent=1)
    metadata = {"kerasedu_version": __version__, "format": FORMAT_NAME,
                "format_version": FORMAT_VERSION,
                "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S")}
    weights = npz_bytes(model)

    def write(f):
        with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(METADATA_NAME, to_json_text(metadata, indent=1))
            archive.writestr(CONFIG_NAME, config_text)
            archive.writestr(WEIGHTS_NAME, weights, compress_type=zipfile.ZIP_STORED)

    write_atomically(path, write)


def _not_kerasedu_file(path, detail):
    return ValueError(
        f"Cannot load '{path}': expected a kerasedu .keras file (a zip archive holding "
        f"{METADATA_NAME}, {CONFIG_NAME} and {WEIGHTS_NAME}, as model.save() writes), but "
        f"{detail}")


def _read_archive(path):
    """(config, metadata, weights bytes) of a .keras file, with clear errors."""
    if not os.path.exists(path):
        raise FileNotFoundError(f"No file or directory found at '{path}'.")
    if os.path.isdir(path):
        raise IsADirectoryError(
            f"'{path}' is a directory; load_model() expects a .keras file (Keras's SavedModel "
            f"directories are not supported).")
    if path.endswith(WEIGHTS_SUFFIX):
        raise ValueError(
            f"'{path}' is a weights file, not a whole model: build the model the same way, "
            f"then call model.load_weights('{path}').")
    if not zipfile.is_zipfile(path):
        size = os.path.getsize(path)
        raise _not_kerasedu_file(
            path, f"it is not a zip archive ({size} bytes): it may be truncated, damaged, or "
                  f"another kind of file (HDF5 .h5 files from Keras 2 are not supported).")
    try:
        with zipfile.ZipFile(path, "r") as archive:
            names = set(archive.namelist())
            if "model.weights.h5" in names and WEIGHTS_NAME not in names:
                raise _not_kerasedu_file(
                    path, "it was written by Keras (it holds model.weights.h5, an HDF5 file). "
                          "kerasedu reads the .keras files that kerasedu writes; rebuild the "
                          "model in kerasedu and copy the weights with set_weights.")
            missing = [n for n in (METADATA_NAME, CONFIG_NAME, WEIGHTS_NAME) if n not in names]
            if missing:
                raise _not_kerasedu_file(path, f"it has no {', '.join(missing)}.")
            metadata = json.loads(archive.read(METADATA_NAME).decode("utf-8"))
            config = json.loads(archive.read(CONFIG_NAME).decode("utf-8"))
            weights = archive.read(WEIGHTS_NAME)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, UnicodeDecodeError,
            json.JSONDecodeError, KeyError) as error:
        raise _not_kerasedu_file(
            path, f"it could not be read: it is damaged or truncated ({type(error).__name__}: "
                  f"{error}).") from None
    if metadata.get("format") != FORMAT_NAME:
        raise _not_kerasedu_file(path, f"its metadata names the format "
                                       f"{metadata.get('format')!r}.")
    if metadata.get("format_version", 0) > FORMAT_VERSION:
        raise _not_kerasedu_file(
            path, f"it uses format version {metadata['format_version']}, newer than this "
                  f"kerasedu ({FORMAT_VERSION}); upgrade kerasedu.")
    return config, metadata, weights


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """The model saved in ``filepath`` by ``model.save()``: same architecture, weights,
    compile arguments and optimizer state.

    Args:
        filepath: a ``.keras`` file written by kerasedu.
        custom_objects: ``{'name': class_or_function}`` for your own layers, losses, metrics.
        compile: compile the model as it was (False: leave it uncompiled, weights only).
        safe_mode: refuse to load Lambda layers' stored bytecode (set False only for files
            you trust).
    """
    path = os.fspath(filepath)
    config, _, weights = _read_archive(path)
    model = deserialize_model(config, custom_objects=custom_objects, compile=compile,
                              safe_mode=safe_mode)
    arrays, layout = read_npz(io.BytesIO(weights), f"the weights inside '{path}'")
    apply_state(model, arrays, layout, f"'{path}'")
    return model


# ---------------------------------------------------------------------- weights only


def save_weights(model, filepath, overwrite=True, max_shard_size=None):
    """Write the model's weights and its optimizer's state to ``filepath`` (ending in
    ``.weights.npz``), atomically."""
    path = os.fspath(filepath)
    if max_shard_size is not None:
        raise ValueError("kerasedu does not shard weights files: leave max_shard_size=None.")
    if not path.endswith(WEIGHTS_SUFFIX):
        hint = (" kerasedu does not write HDF5: use the same name ending in `.weights.npz`."
                if path.endswith(".h5") else "")
        raise ValueError(
            f"The filename must end in `.weights.npz` (kerasedu's weights format, a numpy "
            f"archive). Received: filepath={path}.{hint} To save the whole model, use "
            f"model.save('name.keras').")
    check_can_write(path, overwrite)
    if not model.built:
        raise ValueError(
            f"You are saving the weights of model '{model.name}', which has not been built "
            f"yet, so it has none. Call it on a batch of data or call model.build(input_shape) "
            f"first.")
    write_atomically(path, lambda f: write_npz(model, f))


def load_weights(model, filepath, skip_mismatch=False):
    """Load weights (and optimizer state) saved by ``save_weights`` or ``save`` into ``model``.

    Weights are matched by position in ``model.weights``; shapes must agree (with
    ``skip_mismatch=True`` the ones that do not are left alone).
    """
    path = os.fspath(filepath)
    if path.endswith(MODEL_SUFFIX):
        _, _, weights = _read_archive(path)
        arrays, layout = read_npz(io.BytesIO(weights), f"the weights inside '{path}'")
    elif path.endswith(WEIGHTS_SUFFIX):
        if not os.path.exists(path):
            raise FileNotFoundError(f"No weights file found at '{path}'.")
        arrays, layout = read_npz(path, f"'{path}'")
    else:
        raise ValueError(
            f"load_weights() reads files ending in `.weights.npz` (written by "
            f"model.save_weights) or `.keras` (written by model.save). Received: "
            f"filepath={path}")
    apply_state(model, arrays, layout, f"'{path}'", skip_mismatch=skip_mismatch)


__all__ = ["WeightsFileError", "deserialize_model", "load_model", "load_weights",
           "model_from_json", "model_to_json", "save_model", "save_weights", "serialize_model"]
