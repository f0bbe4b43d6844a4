"""The elementwise merge layers: Add, Subtract, Multiply, Average, Maximum, Minimum.

Each takes a list of tensors of compatible shapes (equal, or broadcastable with size-1 axes; see
:mod:`.base_merge`) and combines them value by value:

    Add        x1 + x2 + ... + xn
    Subtract   x1 − x2                       (exactly two inputs)
    Multiply   x1 · x2 · ... · xn
    Average    (x1 + x2 + ... + xn) / n
    Maximum    max(x1, x2, ..., xn)
    Minimum    min(x1, x2, ..., xn)

Shapes: [(N, *s1), (N, *s2), ...] -> (N, *broadcast(s1, s2, ...)).

Masked inputs (Keras 3): Multiply treats a masked value as 1 (it does not change the product)
and zeroes the positions that every input masks; Maximum and Minimum ignore masked values, so
each position takes the extreme of the values that are not masked.
"""

from ...backend import ops
from .base_merge import _Merge, broadcast_mask, masks_of


class Add(_Merge):
    """Sum of the inputs: ``Add()([x1, x2])`` is ``x1 + x2``."""

    def _merge_function(self, inputs):
        output = inputs[0]
        for x in inputs[1:]:
            output = ops.add(output, x)
        return output


class Subtract(_Merge):
    """Difference of exactly two inputs: ``Subtract()([x1, x2])`` is ``x1 - x2``."""

    min_inputs = max_inputs = 2

    def _count_hint(self):
        return (f"Layer '{self.name}' computes inputs[0] - inputs[1]; to combine more "
                f"tensors, chain several Subtract layers or use Add.")

    def _merge_function(self, inputs):
        return ops.subtract(inputs[0], inputs[1])


class Multiply(_Merge):
    """Elementwise product of the inputs."""

    def _merge_function(self, inputs):
        masks = masks_of(inputs)
        every_input_masked = all(m is not None for m in masks)
        output = output_mask = None
        for x, mask in zip(inputs, masks):
            if mask is not None:
                mask = broadcast_mask(mask, x)
                x = ops.where(mask, x, ops.ones_like(x))       # masked values multiply by 1
                if every_input_masked:
                    output_mask = mask if output_mask is None else ops.logical_or(
                        output_mask, mask)
            output = x if output is None else ops.multiply(output, x)
        if output_mask is not None:
            output = ops.where(output_mask, output, ops.zeros_like(output))
        return output


class Average(_Merge):
    """Elementwise mean of the inputs: ``(x1 + ... + xn) / n``."""

    def _merge_function(self, inputs):
        output = inputs[0]
        for x in inputs[1:]:
            output = ops.add(output, x)
        return ops.divide(output, float(len(inputs)))


class _Extreme(_Merge):
    """Maximum or Minimum: fold ``_pick`` over the inputs, skipping masked values."""

    _pick = None

    def _merge_function(self, inputs):
        output = output_mask = None
        for x, mask in zip(inputs, masks_of(inputs)):
            if mask is not None:
                mask = broadcast_mask(mask, x)
            if output is None:
                output, output_mask = x, mask
                continue
            if mask is not None:
                x = ops.where(mask, x, output)           # where x is masked, keep output
            if output_mask is not None:
                output = ops.where(output_mask, output, x)   # where output is masked, take x
            output_mask = (ops.logical_or(output_mask, mask)
                           if mask is not None and output_mask is not None else None)
            output = self._pick(output, x)
        return output


class Maximum(_Extreme):
    """Elementwise maximum of the inputs."""

    _pick = staticmethod(ops.maximum)


class Minimum(_Extreme):
    """Elementwise minimum of the inputs."""

    _pick = staticmethod(ops.minimum)
