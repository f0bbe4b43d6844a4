"""Reading the files kerasedu 0.1 wrote, so that nothing saved before is lost.

kerasedu 0.1 wrote ``.keras`` archives whose ``metadata.json`` says ``"format":
"kerasedu.keras"`` and whose weights are ``model.weights.npz``, and ``name.weights.npz`` files
of the same kind: one array per weight, named by its path, in the order of ``model.weights``,
then the optimizer's variables (``optimizer/...``), and a ``__kerasedu_layout__`` entry
listing them. Weights are matched by position, as kerasedu 0.1 did. Its configs named modules
``kerasedu.*`` (read through kerasedu's built-ins) and wrote a functional model's inputs and
outputs always as lists, and a nested model's first call there as node 0; :func:`upgrade_config`
turns them into today's format.
"""

import json

import numpy as np

from ..layer_machinery.layer_state import stored_value_problem
from .h5_store import WeightsFileError

LAYOUT_KEY = "__kerasedu_layout__"
ARCHIVE_FORMAT = "kerasedu.keras"
ARCHIVE_WEIGHTS = "model.weights.npz"


def is_legacy_archive(metadata):
    return metadata.get("format") == ARCHIVE_FORMAT


def is_legacy_weights(arrays):
    return LAYOUT_KEY in arrays


def upgrade_config(config):
    """A kerasedu 0.1 model config in today's format (the dict is changed in place)."""
    inner = config.get("config", {})
    if config.get("class_name") == "Functional" and "input_layers" in inner:
        for key in ("input_layers", "output_layers"):
            if len(inner[key]) == 1:
                inner[key] = inner[key][0]
        nested = {layer["name"] for layer in inner["layers"]
                  if layer.get("class_name") == "Functional"}
        for key in ("input_layers", "output_layers"):
            _renumber(inner[key], nested)
    for layer in inner.get("layers", []) if isinstance(inner, dict) else []:
        if isinstance(layer, dict):
            upgrade_config(layer)
    return config


def _renumber(value, nested):
    """Count a nested functional model's calls from 1 in a model's inputs and outputs, as
    Keras does."""
    if isinstance(value, list) and len(value) == 3 and isinstance(value[0], str):
        if value[0] in nested:
            value[1] += 1
    elif isinstance(value, dict):
        for item in value.values():
            _renumber(item, nested)
    elif isinstance(value, list):
        for item in value:
            _renumber(item, nested)


def apply_legacy_weights(model, arrays, description, skip_mismatch=False):
    """Load a kerasedu 0.1 weights archive (``{name: array}``) into ``model``: by weight path
    when the archive's keys are the model's paths (kerasedu 0.1 listed a functional model's
    weights branch by branch, today's models list them level by level), by position otherwise.

    Every weight is checked (shape, dtype) before any is assigned. The optimizer's state is
    restored when the model's optimizer is of the same class and its variables fit.
    """
    try:
        layout = json.loads(str(arrays[LAYOUT_KEY]))
        entries = [entry["key"] for entry in layout["weights"]]
        values = [arrays[key] for key in entries]
    except (KeyError, TypeError, ValueError):
        raise WeightsFileError(f"Cannot read {description}: its layout entry is damaged.") \
            from None
    params = _in_stored_order(model.weights, entries)
    if len(values) != len(params):
        raise WeightsFileError(
            f"{description} holds {len(values)} weights, but model '{model.name}' has "
            f"{len(params)}. Stored: {entries}; the model's: {[p.path for p in params]}. Load "
            f"it into a model built the same way; no weight was changed.")
    pairs, problems = [], []
    for key, value, param in zip(entries, values, params):
        problem = stored_value_problem(param, value)
        if problem:
            problems.append(f"{key!r}: {problem}")
        else:
            pairs.append((param, value))
    if problems and not skip_mismatch:
        raise WeightsFileError(f"{description} does not fit model '{model.name}': "
                               + "; ".join(problems) + ". No weight was changed.")
    for param, value in pairs:
        param.assign(value)
    _apply_optimizer_state(model, arrays, layout.get("optimizer"))


def _in_stored_order(params, entries):
    """``params`` reordered to follow ``entries`` when those name every param's path once."""
    by_path = {param.path: param for param in params}
    if len(by_path) == len(params) == len(entries) and set(entries) == set(by_path):
        return [by_path[key] for key in entries]
    return params


def _apply_optimizer_state(model, arrays, stored):
    optimizer = getattr(model, "optimizer", None)
    if not stored or optimizer is None or type(optimizer).__name__ != stored["class_name"]:
        return
    if not optimizer.built:
        optimizer.build(model.trainable_weights)
    values = [arrays.get(key) for key in stored["keys"]]
    variables = _in_stored_order(optimizer.variables,
                                 [key.removeprefix("optimizer/") for key in stored["keys"]])
    if len(values) != len(variables) or any(
            value is None or stored_value_problem(variable, value)
            for value, variable in zip(values, variables)):
        return
    for variable, value in zip(variables, values):
        variable.assign(np.asarray(value))
