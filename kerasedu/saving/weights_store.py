"""The weights of a model, and its optimizer's state, as one ``.npz`` archive.

``np.savez`` writes a zip of ``.npy`` arrays, one per name. kerasedu names them:

* each model weight by its path, in the order of ``model.weights``: ``dense/kernel``,
  ``dense/bias``, ... (a path used twice gets ``#2``, ``#3`` appended);
* each optimizer variable by ``optimizer/`` + its path: ``optimizer/adam/iteration``,
  ``optimizer/adam/learning_rate``, ``optimizer/adam/dense_kernel_momentum``, ...;
* ``__kerasedu_layout__``: a JSON text listing those names in order, the optimizer's class and
  the format version, so loading knows what it reads.

Loading matches weights by POSITION in ``model.weights`` (as Keras does), so a model rebuilt in
the same way loads the file even if its layers got other automatic names; every shape is
checked before any value is assigned. Inspect a file with ``np.load('m.weights.npz')``.
"""

import io
import json
import zipfile

import numpy as np

LAYOUT_KEY = "__kerasedu_layout__"
FORMAT_NAME = "kerasedu.weights"
FORMAT_VERSION = 1


class WeightsFileError(ValueError):
    """A weights file that cannot be read, or that does not fit the model."""


def _unique_keys(paths, prefix=""):
    keys, seen = [], {}
    for path in paths:
        key = prefix + path
        seen[key] = seen.get(key, 0) + 1
        keys.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return keys


def collect_state(model):
    """({name: array}, layout) for the model's weights and its optimizer's variables."""
    weights = model.weights
    keys = _unique_keys([w.path or w.name for w in weights])
    arrays = {key: np.asarray(w.numpy()) for key, w in zip(keys, weights)}
    layout = {"format": FORMAT_NAME, "format_version": FORMAT_VERSION,
              "weights": [{"key": key, "shape": list(np.shape(arrays[key]))} for key in keys],
              "optimizer": None}
    optimizer = getattr(model, "optimizer", None)
    if optimizer is not None and getattr(optimizer, "built", False):
        variables = optimizer.variables
        opt_keys = _unique_keys([v.path or v.name for v in variables], prefix="optimizer/")
        for key, variable in zip(opt_keys, variables):
            arrays[key] = np.asarray(variable.numpy())
        layout["optimizer"] = {"class_name": type(optimizer).__name__, "keys": opt_keys}
    return arrays, layout


def write_npz(model, fileobj):
    """Write the model's state as an ``.npz`` archive into a binary file object."""
    arrays, layout = collect_state(model)
    arrays[LAYOUT_KEY] = np.array(json.dumps(layout))
    np.savez(fileobj, **arrays)


def npz_bytes(model):
    buffer = io.BytesIO()
    write_npz(model, buffer)
    return buffer.getvalue()


def read_npz(source, description):
    """{name: array} and the layout from an ``.npz`` (a path or a binary file object).

    ``description`` names the file in error messages.
    """
    expected = ("a kerasedu weights archive (.npz) as written by model.save_weights() or "
                "inside a .keras file written by model.save()")
    try:
        with np.load(source, allow_pickle=False) as store:
            arrays = {name: store[name] for name in store.files}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError) as error:
        raise WeightsFileError(
            f"Cannot read {description}: expected {expected}, but the file is damaged, "
            f"truncated or of another kind ({type(error).__name__}: {error}).") from None
    if LAYOUT_KEY not in arrays:
        raise WeightsFileError(
            f"Cannot read {description}: it is an .npz archive, but not one written by "
            f"kerasedu (it has no '{LAYOUT_KEY}' entry). Expected {expected}.")
    try:
        layout = json.loads(str(arrays.pop(LAYOUT_KEY)))
    except ValueError:
        raise WeightsFileError(f"Cannot read {description}: its layout entry is damaged.") \
            from None
    if layout.get("format") != FORMAT_NAME or layout.get("format_version", 0) > FORMAT_VERSION:
        raise WeightsFileError(
            f"Cannot read {description}: format {layout.get('format')!r} version "
            f"{layout.get('format_version')!r}; this kerasedu reads {FORMAT_NAME!r} up to "
            f"version {FORMAT_VERSION}.")
    missing = [e["key"] for e in layout["weights"] if e["key"] not in arrays]
    if layout.get("optimizer"):
        missing += [k for k in layout["optimizer"]["keys"] if k not in arrays]
    if missing:
        raise WeightsFileError(
            f"Cannot read {description}: the arrays {missing[:5]} listed in its layout are "
            f"missing; the file is damaged.")
    return arrays, layout


def apply_state(model, arrays, layout, description, skip_mismatch=False):
    """Assign the stored weights (and optimizer state, when it fits) to ``model``.

    Every weight shape is checked first; on a mismatch nothing is assigned and the error
    names the weight, both shapes and the file. The optimizer state is restored when the model
    is compiled with an optimizer of the same class and the same number and shapes of
    variables (it is built first if needed); otherwise it is left as it is.
    """
    if not model.built:
        raise ValueError(
            f"You are loading weights into model '{model.name}', which has not been built yet, "
            f"so it has no weights to receive them. Build it first: call it on a batch of "
            f"data, call model.build(input_shape), or start it with an Input.")
    params = model.weights
    entries = layout["weights"]
    if len(entries) != len(params):
        raise ValueError(
            f"{description} holds {len(entries)} weights, but model '{model.name}' has "
            f"{len(params)}. Stored: {[e['key'] for e in entries]}; the model's: "
            f"{[p.path for p in params]}. Load it into a model built the same way.")
    pairs = []
    for entry, param in zip(entries, params):
        value = arrays[entry["key"]]
        if tuple(value.shape) != tuple(param.shape):
            if skip_mismatch:
                continue
            raise ValueError(
                f"Weight {entry['key']!r} in {description} has shape {tuple(value.shape)}, "
                f"but the model's weight {param.path!r} at the same position has shape "
                f"{tuple(param.shape)}. No weight was changed.")
        pairs.append((param, value))
    for param, value in pairs:
        param.assign(value)
    _apply_optimizer_state(model, arrays, layout)


def _apply_optimizer_state(model, arrays, layout):
    stored = layout.get("optimizer")
    optimizer = getattr(model, "optimizer", None)
    if not stored or optimizer is None or type(optimizer).__name__ != stored["class_name"]:
        return False
    if not optimizer.built:
        optimizer.build(model.trainable_weights)
    values = [arrays[key] for key in stored["keys"]]
    variables = optimizer.variables
    if len(values) != len(variables) or any(
            tuple(np.shape(v)) != tuple(var.shape) for v, var in zip(values, variables)):
        return False
    optimizer.set_weights(values)
    return True
