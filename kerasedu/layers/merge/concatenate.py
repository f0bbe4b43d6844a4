"""Concatenate: join a list of tensors along one axis.

    Concatenate(axis=-1)([x1, x2]) = ops.concatenate([x1, x2], axis=-1)

Shapes: all inputs have the same rank and the same sizes on every axis except ``axis``, where
the sizes add up: (N, 3, 4) and (N, 3, 5) with axis=-1 -> (N, 3, 9); (N, 3, 4) and (N, 5, 4)
with axis=1 -> (N, 8, 4). Unlike Add, nothing is broadcast.

Masks (Keras 3): an input without a mask counts as fully unmasked (all True). Each mask is
stretched to its input's shape, the masks are joined along ``axis`` like the inputs, and the
output mask is True where any feature along the last axis is True.
"""

import numbers

from ...backend import ops
from .base_merge import _Merge, _as_shape_list, _describe


class Concatenate(_Merge):
    """Join the inputs along ``axis`` (default: the last axis, the features)."""

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
            raise TypeError(
                f"Concatenate expects an integer `axis` (the axis to join along, e.g. -1 for "
                f"the features). Received: axis={axis!r}")
        self.axis = int(axis)

    def _validate(self, input_shape):
        shapes = _as_shape_list(self, input_shape)
        if not shapes:
            raise ValueError(
                f"A `Concatenate` layer should be called on a list of at least 1 input. "
                f"Received: input_shape={shapes}. Call layer '{self.name}' on a list of "
                f"tensors: Concatenate()([x1, x2]).")
        ranks = sorted({len(s) for s in shapes})
        base_message = (
            f"A `Concatenate` layer requires inputs with matching shapes except for the "
            f"concatenation axis. Received: input_shape={shapes}. Layer '{self.name}' joins "
            f"its inputs along axis {self.axis}")
        if len(ranks) > 1:
            raise ValueError(
                f"{base_message}, but the inputs have different ranks ({ranks[0]} and "
                f"{ranks[-1]}). Reshape the inputs (Reshape, Flatten or RepeatVector) so that "
                f"they have the same number of axes.")
        rank = ranks[0]
        if not -rank <= self.axis < rank:
            raise ValueError(
                f"Layer '{self.name}' was created with axis={self.axis}, which is out of range "
                f"for inputs of rank {rank} (input shapes {shapes}). Use an axis between "
                f"{-rank} and {rank - 1}; -1 joins the last axis.")
        axis = self.axis % rank
        for position in range(rank):
            if position == axis:
                continue
            sizes = [s[position] for s in shapes if s[position] is not None]
            if len(set(sizes)) > 1:
                differing = sorted(set(sizes))
                raise ValueError(
                    f"{base_message}, so every other axis must agree, but axis {position} has "
                    f"sizes {' and '.join(map(str, differing))}. Check the layers that produce "
                    f"these inputs, or concatenate along another axis.")
        return shapes

    def call(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"A merge layer should be called on a list of inputs. Received: inputs="
                f"{_describe(inputs)} (not a list of tensors). Call layer '{self.name}' on a "
                f"list, e.g. Concatenate()([x1, x2]).")
        inputs = list(inputs)
        self._validate([tuple(x.shape) for x in inputs])
        return self._merge_function(inputs)

    def _merge_function(self, inputs):
        return ops.concatenate(inputs, axis=self.axis)

    def compute_output_shape(self, input_shape):
        shapes = self._validate(input_shape)
        rank = len(shapes[0])
        axis = self.axis % rank
        output = []
        for position in range(rank):
            sizes = [s[position] for s in shapes]
            if position == axis:
                output.append(None if None in sizes else sum(sizes))
            else:
                known = [size for size in sizes if size is not None]
                output.append(known[0] if known else None)
        return tuple(output)

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        self._check_masks(inputs, mask)
        if all(m is None for m in mask):
            return None
        full_masks = []
        for x, m in zip(inputs, mask):
            if m is None:
                full_masks.append(ops.ones_like(x, dtype="bool"))
                continue
            m = m if hasattr(m, "shape") else ops.convert_to_tensor(m)
            if len(m.shape) < len(x.shape):     # stretched over x's last axis, with ops that
                m = ops.logical_or(ops.expand_dims(m, -1),      # work on symbolic x too
                                   ops.zeros_like(x, dtype="bool"))
            full_masks.append(m)
        joined = ops.concatenate(full_masks, axis=self.axis)
        return ops.any(joined, axis=-1)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}
