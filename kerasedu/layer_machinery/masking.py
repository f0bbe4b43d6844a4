"""Masks: which timesteps of a sequence are real, carried from layer to layer.

A mask is a boolean tensor, shape (batch, timesteps), riding on a tensor as ``_keras_mask``.
``Embedding(mask_zero=True)`` and ``Masking`` make one; a layer whose ``call`` takes a ``mask``
argument receives the mask of its input (an LSTM skips masked steps); a layer that
``supports_masking`` passes one on, as ``compute_mask(inputs, mask)`` says: unchanged by
default, changed by layers that change the time axis (Concatenate on axis 1, TemporalSplit),
made anew by layers that make masks. A layer that does not support masking drops the mask.

``supports_masking`` is True for a layer that overrides ``compute_mask``, and for a layer that
says so (``self.supports_masking = True``), as in Keras 3.

Symbolic calls (on KerasTensors) carry masks too: the output's ``_keras_mask`` is a boolean
KerasTensor, whose shape comes from running ``compute_mask`` on placeholder values, so that a
functional model's layers see, when they are traced, the mask they will receive when it runs.
It remembers the output it was made for (``_mask_of``), so that a model can output a mask:
when the model runs, the mask is read off that output's value.
"""

from . import nest
from .keras_tensor import KerasTensor
from .shape_inference import trace_function_shapes
from .shapes import is_shape


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


def _symbolic_masks(shapes):
    """Boolean KerasTensors of ``shapes`` (one shape, None, or a list of them)."""
    if shapes is None:
        return None
    if is_shape(shapes):
        return KerasTensor(shapes, dtype="bool")
    return [_symbolic_masks(shape) for shape in shapes]


def attach_symbolic_masks(layer, inputs, outputs, previous_mask, default_compute_mask):
    """Put a symbolic mask on each KerasTensor output of a layer that supports masking: the
    input's own mask when compute_mask is the default (it passes the mask on), else a boolean
    KerasTensor shaped like what compute_mask returns."""
    if not layer.supports_masking:
        return
    flat_outputs = nest.flatten(outputs)
    if previous_mask is None and default_compute_mask:
        return
    if default_compute_mask:
        masks = _output_masks(previous_mask, len(flat_outputs))
    else:
        shapes = trace_function_shapes(layer.compute_mask, (inputs, previous_mask))
        masks = _output_masks(_symbolic_masks(shapes), len(flat_outputs))
    for output, mask in zip(flat_outputs, masks):
        if isinstance(mask, KerasTensor) or mask is None:
            output._keras_mask = mask
            if mask is not None and mask._keras_history is None and mask._mask_of is None:
                mask._mask_of = output      # a model can output it: made_by(mask) is output
