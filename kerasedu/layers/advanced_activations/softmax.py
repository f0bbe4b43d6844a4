"""Softmax: turn scores into probabilities along ``axis``.

    softmax(x)_i = exp(x_i) / Σ_j exp(x_j)        (over ``axis``, default -1)

Every output lies in (0, 1) and they sum to 1 along ``axis``. ``axis`` may be a list of axes,
normalizing over all of them together.

With a mask (True = keep; e.g. attention over padded sequences), masked positions are replaced
by a large negative number (−1e9; −3e4 in float16) before the softmax, so they get (almost) no
probability, and their outputs are then set to 0 exactly. The mask must broadcast to the inputs:
each of its trailing axes is 1 or matches the input. Non-boolean masks are read as mask > 0.5.
No weights. Shapes: output = input.
"""

import numbers

from ...backend import ops
from ...layer_machinery.layer import Layer
from ..validation import axis_in_range


def large_negative_number(dtype):
    """A number whose exponential is 0 in ``dtype`` but that does not overflow it."""
    return -3e4 if str(dtype) == "float16" else -1e9


class Softmax(Layer):
    """Softmax along ``axis``, with an optional boolean ``mask`` of positions to keep."""

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)):
            axis = [int(a) for a in axis]
        elif isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
            raise TypeError(
                f"Softmax expects `axis` to be an int or a list of ints. Received: axis={axis!r}")
        self.axis = axis
        self.supports_masking = True
        self._build_at_init()

    def _checked_mask(self, inputs, mask):
        mask = ops.convert_to_tensor(mask)
        if mask.ndim > inputs.ndim or any(
                m != 1 and m != i for m, i in zip(mask.shape[::-1], inputs.shape[::-1])):
            raise ValueError(
                f"The `mask` must be broadcastable to `inputs`: each mask dimension must be 1 "
                f"or match the corresponding input dimension, and the mask must not have more "
                f"dimensions. Received: inputs.shape={tuple(inputs.shape)}, "
                f"mask.shape={tuple(mask.shape)}")
        if mask.dtype != bool:
            mask = ops.greater(mask, 0.5)
        return mask

    def call(self, inputs, mask=None):
        axis = axis_in_range(self.axis, inputs.ndim, self)
        if mask is not None:
            mask = self._checked_mask(inputs, mask)
            inputs = ops.where(mask, inputs, large_negative_number(inputs.dtype))
        if isinstance(axis, list) and len(axis) > 1:
            outputs = ops.exp(ops.subtract(
                inputs, ops.logsumexp(inputs, axis=tuple(axis), keepdims=True)))
        else:
            outputs = ops.softmax(inputs, axis=axis[0] if isinstance(axis, list) else axis)
        if mask is not None:
            outputs = ops.where(mask, outputs, 0.0)
        return outputs

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}
