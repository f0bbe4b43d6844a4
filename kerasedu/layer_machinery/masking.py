"""Masks: which timesteps of a sequence are real, carried from layer to layer.

A mask is a boolean tensor, shape (batch, timesteps), riding on a tensor as ``_keras_mask``.
``Embedding(mask_zero=True)`` and ``Masking`` make one; a layer whose ``call`` takes a ``mask``
argument receives the mask of its input (an LSTM skips masked steps); a layer that
``supports_masking`` passes one on, as ``compute_mask(inputs, mask)`` says: unchanged by
default, changed by layers that change the time axis (Concatenate on axis 1, TemporalSplit),
made anew by layers that make masks. A layer that does not support masking drops the mask.

``supports_masking`` is True for a layer that overrides ``compute_mask``, and for a layer that
says so (``self.supports_masking = True``), as in Keras 3.

Symbolic calls (on KerasTensors) carry masks too, made as Keras 3 makes them: by calling
``compute_mask`` on the KerasTensors themselves. Its ops are recorded in the graph
(Embedding's ``ops.not_equal(inputs, 0)`` is a NotEqual operation), so the mask is a graph
tensor like any other: ops work on it (``ops.cast(mask, "float32")``), a model can output it,
and a model that does is saved and loaded. Where Keras 3 does, a layer that takes the mask of
its input records it in its node (an LSTM called on an Embedding's output alone is connected
to the Embedding's ``not_equal``), so that the model runs the mask's ops and passes the result
on, and ``summary()`` lists them; eager calls compute the same masks as they go
(:func:`attach_masks`).

A ``compute_mask`` that cannot run on symbolic tensors (it calls numpy, or reads ``.value``)
is run when the graph runs instead: the mask is the output of a :class:`ComputedMask`
operation (defined in :mod:`.computed_mask`) that calls it on the values, with the shape found
by tracing it on placeholder values. Ops on such a mask work too, but a model whose graph holds
one cannot be saved (the error names the layer and the fix: write compute_mask with
``kerasedu.ops``); a layer that merely takes such a mask does not record it, so the model it
is in saves as before.
"""

from . import nest
from .keras_tensor import KerasTensor

# What stands in for a compute_mask that cannot run on symbolic tensors: set by
# .computed_mask, whose operation is a layer and so sits above this module.
_STAND_IN = {"masks": None}


def use_stand_in(masks):
    """Make ``masks(layer, inputs, previous_mask, reason)`` give the symbolic masks of a
    compute_mask that cannot run on symbolic tensors (see the module docstring)."""
    _STAND_IN["masks"] = masks


def collect_masks(inputs):
    """The masks riding on ``inputs`` (None, one mask, or a list of masks or None)."""
    masks = [getattr(t, "_keras_mask", None) for t in nest.flatten(inputs)]
    if all(m is None for m in masks):
        return None
    return masks[0] if not nest.is_nested(inputs) else masks


def _output_masks(output_mask, count):
    if isinstance(output_mask, (list, tuple)):
        return list(output_mask)
    return [output_mask] * count


def attach_masks(layer, inputs, outputs, previous_mask):
    """Put the mask of each output on it (eager calls): ``layer.compute_mask(inputs,
    previous_mask)``, for layers that support masking; outputs that have a mask keep it."""
    if not layer.supports_masking:
        return
    flat_outputs = nest.flatten(outputs)
    if all(getattr(t, "_keras_mask", None) is not None for t in flat_outputs):
        return
    masks = _output_masks(layer.compute_mask(inputs, previous_mask), len(flat_outputs))
    for output, mask in zip(flat_outputs, masks):
        if getattr(output, "_keras_mask", None) is None and mask is not None:
            output._keras_mask = mask


def attach_symbolic_masks(layer, inputs, outputs, previous_mask):
    """Put a symbolic mask on each KerasTensor output of a layer that supports masking:
    ``layer.compute_mask`` run on the KerasTensors (its ops recorded), or, where it cannot
    run so, the output of a stand-in operation that runs it when the graph runs."""
    if not layer.supports_masking:
        return
    try:
        masks = layer.compute_mask(inputs, previous_mask)
        reason = None if _graph_tensors(masks) else "it returned values, not symbolic tensors"
    except Exception as error:      # noqa: BLE001 -- any failure: run it on values instead
        reason = f"{type(error).__name__}: {error}"
    if reason is not None:
        masks = _STAND_IN["masks"](layer, inputs, previous_mask, reason)
    flat_outputs = nest.flatten(outputs)
    for output, mask in zip(flat_outputs, _output_masks(masks, len(flat_outputs))):
        output._keras_mask = mask


def _graph_tensors(masks):
    """True when every mask in ``masks`` is None or a KerasTensor that a layer call made."""
    return all(m is None or (isinstance(m, KerasTensor) and m._keras_history is not None)
               for m in nest.flatten(masks))


def node_kwargs(layer, inputs, extra, given, passed):
    """The keyword arguments the Node of a symbolic call records: those ``given`` (a given
    mask when a layer made it: one made by hand is found again on the inputs when the graph
    runs), and the masks the call was ``passed`` from its inputs (``mask``, ``query_mask``,
    ...) where Keras 3 records them, that is when the layer was called on one tensor of its
    dtype and nothing else, and where the graph computes them (:func:`recorded_mask`)."""
    kwargs = {k: v for k, v in given.items() if k != "mask" or _made_by_a_layer(v)}
    alone = not given and not extra and isinstance(inputs, KerasTensor) and \
        inputs.dtype == layer.compute_dtype
    if alone or not getattr(layer, "_convert_input_args", True):
        kwargs.update({k: v for k, v in passed.items()
                       if (k == "mask" or k.endswith("_mask")) and k not in given
                       and recorded_mask(v)})
    return kwargs


def _made_by_a_layer(value):
    tensors = [t for t in nest.flatten(value) if t is not None]
    return bool(tensors) and _graph_tensors(tensors)


def recorded_mask(mask):
    """True for a mask a layer taking it records in its node: graph tensors, at least one,
    none of them made with a stand-in's help (see the module docstring)."""
    leaves = [m for m in nest.flatten(mask) if m is not None]
    return bool(leaves) and _graph_tensors(leaves) and \
        not any(_made_with_stand_in(m) for m in leaves)


def _made_with_stand_in(tensor):
    """Whether a stand-in operation is among the calls that make ``tensor``: a walk back
    through the graph, each node's answer kept on it (``_stand_in_above``)."""
    layer, node_index, _ = tensor._keras_history
    pending = [layer._inbound_nodes[node_index]]
    while pending:
        node = pending[-1]
        if "_stand_in_above" in node.__dict__:
            pending.pop()
            continue
        parents = node.parent_nodes
        unanswered = [p for p in parents if "_stand_in_above" not in p.__dict__]
        if unanswered:
            pending.extend(unanswered)
            continue
        node._stand_in_above = getattr(node.layer, "_is_stand_in", False) or \
            any(p._stand_in_above for p in parents)
        pending.pop()
    return layer._inbound_nodes[node_index]._stand_in_above
