"""Dot: the dot product of two tensors along given axes, sample by sample.

    Dot(axes)([x1, x2])[n] = Σ_k x1[n, ..., k, ...] · x2[n, ..., k, ...]

``axes`` picks the axis summed over: an int for the same axis of both inputs, or a pair
(axis of x1, axis of x2). Axis 0, the batch, is never summed over: each sample is paired with
the same sample of the other input (``ops.batch_dot``).

Shapes: x1's remaining axes, then x2's remaining axes after the batch; an output with only the
batch axis left gets a trailing axis of size 1.

    axes=1:       (N, 3) · (N, 3)       -> (N, 1)      (one dot product per sample)
    axes=(2, 2):  (N, 3, 4) · (N, 5, 4) -> (N, 3, 5)   (every row of x1 with every row of x2)
    axes=(1, 1):  (N, 3, 4) · (N, 3, 5) -> (N, 4, 5)

normalize=True divides each input by its L2 norm along its axis first, so the result is the
cosine similarity of the two vectors (between −1 and 1). Norms below 1e-7 are treated as 1e-7,
which keeps zero vectors at zero instead of dividing by zero.
"""

import numbers

from ...backend import ops
from .base_merge import _Merge, _as_shape_list

_NORM_EPSILON = 1e-7


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def l2_normalize(x, axis):
    """x / max(‖x‖₂, 1e-7) along ``axis``."""
    squared_norm = ops.sum(ops.square(x), axis=axis, keepdims=True)
    return ops.divide(x, ops.sqrt(ops.maximum(squared_norm, _NORM_EPSILON ** 2)))


class Dot(_Merge):
    """Dot product of two inputs along ``axes``; ``normalize=True`` gives cosine similarity."""

    min_inputs = max_inputs = 2

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        if not _is_int(axes):
            if not isinstance(axes, (list, tuple)):
                raise TypeError(
                    f"Invalid type for argument `axes`: it should be a list or an int. "
                    f"Received: axes={axes!r}. Use an int for the same axis of both inputs, "
                    f"or a pair such as axes=(2, 2).")
            if len(axes) != 2:
                raise ValueError(
                    f"Invalid format for argument `axes`: it should contain two elements. "
                    f"Received: axes={axes!r}. Give the axis of the first input and the axis "
                    f"of the second, e.g. axes=(1, 2).")
            if not all(_is_int(a) for a in axes):
                raise ValueError(
                    f"Invalid format for argument `axes`: list elements should be integers. "
                    f"Received: axes={axes!r}")
        self.axes = axes
        self.normalize = bool(normalize)

    def _check_count(self, shapes):
        if len(shapes) != 2:
            raise ValueError(
                f"A `Dot` layer should be called on a list of 2 inputs. Received: "
                f"input_shape={shapes} ({len(shapes)} input{'s' if len(shapes) != 1 else ''})."
                f" Layer '{self.name}' multiplies two tensors: Dot(axes)([x1, x2]).")

    def _axes_for(self, rank1, rank2):
        """The two summed axes as non-negative ints, for inputs of these ranks."""
        pair = (self.axes, self.axes) if _is_int(self.axes) else tuple(self.axes)
        return pair[0] % rank1 if -rank1 <= pair[0] < rank1 else None, \
            pair[1] % rank2 if -rank2 <= pair[1] < rank2 else None

    def _validate(self, input_shape):
        shapes = _as_shape_list(self, input_shape)
        self._check_count(shapes)
        self._check_batch_sizes(shapes)
        shape1, shape2 = shapes
        if len(shape1) < 2 or len(shape2) < 2:
            raise ValueError(
                f"Layer '{self.name}' (Dot) needs inputs with at least one axis after the "
                f"batch axis; received shapes {shape1} and {shape2}. Add a feature axis, e.g. "
                f"with Reshape((1,)).")
        axis1, axis2 = self._axes_for(len(shape1), len(shape2))
        if axis1 is None or axis2 is None:
            raise ValueError(
                f"Layer '{self.name}': axes={self.axes!r} is out of range for inputs of shapes "
                f"{shape1} and {shape2}.")
        if 0 in (axis1, axis2):
            raise ValueError(
                f"Layer '{self.name}': cannot perform batch_dot over axis 0, the batch axis "
                f"(axes={self.axes!r}). Each sample is multiplied with the same sample of the "
                f"other input; choose axes of the features.")
        size1, size2 = shape1[axis1], shape2[axis2]
        if size1 is not None and size2 is not None and size1 != size2:
            raise ValueError(
                f"Incompatible input shapes: axis values {size1} (at axis {axis1}) != {size2} "
                f"(at axis {axis2}). Full input shapes: {shape1}, {shape2}. Layer "
                f"'{self.name}' sums products along axis {axis1} of the first input and axis "
                f"{axis2} of the second, so these axes must have the same size.")
        return shapes

    def call(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            return super().call(inputs)
        self._validate([tuple(x.shape) for x in inputs])
        return self._merge_function(list(inputs))

    def _merge_function(self, inputs):
        x1, x2 = inputs
        axis1, axis2 = self._axes_for(x1.ndim, x2.ndim)
        if self.normalize:
            x1 = l2_normalize(x1, axis1)
            x2 = l2_normalize(x2, axis2)
        return ops.batch_dot(x1, x2, axes=(axis1, axis2))

    def compute_output_shape(self, input_shape):
        shape1, shape2 = self._validate(input_shape)
        axis1, axis2 = self._axes_for(len(shape1), len(shape2))
        batch = shape1[0] if shape1[0] is not None else shape2[0]
        kept1 = [batch] + [d for i, d in enumerate(shape1) if i not in (0, axis1)]
        kept2 = [d for i, d in enumerate(shape2) if i not in (0, axis2)]
        output = kept1 + kept2
        if len(output) == 1:
            output.append(1)
        return tuple(output)

    def compute_mask(self, inputs, mask=None):
        return None

    def get_config(self):
        return {**super().get_config(), "axes": self.axes, "normalize": self.normalize}
