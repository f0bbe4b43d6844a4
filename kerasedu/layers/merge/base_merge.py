"""_Merge: the base class of the layers that combine a list of tensors into one.

A merge layer is called on a list: ``Add()([x1, x2, x3])``. Subclasses write one method,

    _merge_function(inputs) -> output

and inherit the rest: checking that the inputs are a list of compatible shapes (at ``build``),
making ranks agree, the output shape, and the output mask.

Shapes. Elementwise merges (Add, Subtract, Multiply, Average, Maximum, Minimum) follow numpy's
broadcasting on the axes after the batch axis: shapes are aligned on the right, and on each axis
the sizes must be equal, or one of them 1 (stretched to the other), or unknown (None):

    (N, 3, 4) and (N, 1, 4) -> (N, 3, 4)        (N, 3, 4) and (N, 4) -> (N, 3, 4)
    (N, 3)    and (N, 4)    -> error: "Inputs have incompatible shapes. Received shapes (3,) and (4,)"

An input of lower rank gets size-1 axes inserted after the batch axis until the ranks agree
(so (N, 4) is treated as (N, 1, 4)). The batch sizes must be equal: samples are never mixed.

Masks (Keras 3). When every input carries a mask, the output mask is their logical OR: a
timestep is kept if any input has it. If some input has no mask, the output has none.
(Keras 2 took the logical AND of the masks that were present instead.)
"""

from ...backend import ops
from ...layer_machinery.layer import Layer
from ...layer_machinery.shapes import is_shape


def _as_shape_list(layer, input_shape):
    """The list of input shapes, or a ValueError saying that a merge layer needs a list."""
    single = input_shape == () or (bool(input_shape) and is_shape(input_shape))
    if single or not isinstance(input_shape, (tuple, list)) \
            or not all(is_shape(s) for s in input_shape):
        raise ValueError(
            f"A merge layer should be called on a list of inputs. Received: "
            f"input_shape={_shape_text(input_shape)} (not a list of shapes). Layer "
            f"'{layer.name}' ({type(layer).__name__}) combines several tensors: call it on a "
            f"list, e.g. {type(layer).__name__}()([x1, x2]).")
    return [tuple(s) for s in input_shape]


def _shape_text(shape):
    return tuple(shape) if isinstance(shape, list) and is_shape(shape) else shape


def _describe(inputs):
    """A short description of what a merge layer was called on (for error messages)."""
    shape = getattr(inputs, "shape", None)
    if shape is not None:
        return f"a single tensor of shape {tuple(shape)}"
    return repr(inputs)


class _Merge(Layer):
    """Base class of the merge layers: subclasses implement ``_merge_function(inputs)``.

    ``min_inputs`` and ``max_inputs`` say how many inputs the layer takes (Add: at least 1;
    Subtract: exactly 2).
    """

    min_inputs = 1
    max_inputs = None

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    # ------------------------------------------------------------------ what subclasses write

    def _merge_function(self, inputs):
        """Combine the list ``inputs`` (Tensors of equal rank) into one Tensor."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement _merge_function(self, inputs), which "
            f"combines the list of input tensors into one.")

    # ------------------------------------------------------------------ checks

    def _check_count(self, shapes):
        count = len(shapes)
        if self.max_inputs is not None and self.min_inputs == self.max_inputs \
                and count != self.min_inputs:
            raise ValueError(
                f"A `{type(self).__name__}` layer should be called on exactly "
                f"{self.min_inputs} inputs. Received: input_shape={shapes} ({count} "
                f"input{'s' if count != 1 else ''}). {self._count_hint()}")
        if count < self.min_inputs:
            raise ValueError(
                f"A merge layer should be called on a list of at least {self.min_inputs} "
                f"input{'s' if self.min_inputs != 1 else ''}. Received {count} inputs. Full "
                f"input_shape received: {shapes}. {self._count_hint()}")
        if self.max_inputs is not None and count > self.max_inputs:
            raise ValueError(
                f"A `{type(self).__name__}` layer should be called on at most "
                f"{self.max_inputs} inputs. Received: input_shape={shapes} ({count} inputs). "
                f"{self._count_hint()}")

    def _count_hint(self):
        return f"Layer '{self.name}' takes a list of tensors: {type(self).__name__}()([x1, x2])."

    def _check_batch_sizes(self, shapes):
        batch_sizes = {s[0] for s in shapes if s} - {None}
        if len(batch_sizes) > 1:
            raise ValueError(
                f"Cannot merge tensors with different batch sizes. Received tensors with "
                f"shapes {shapes}. Layer '{self.name}' combines sample i of every input with "
                f"sample i of the others, so all inputs need the same number of samples.")

    def _validate(self, input_shape):
        """Check the inputs' shapes; returns them as a list of tuples."""
        shapes = _as_shape_list(self, input_shape)
        self._check_count(shapes)
        self._check_batch_sizes(shapes)
        self._elementwise_shape(shapes)
        return shapes

    def _elementwise_shape(self, shapes):
        """The broadcast shape of the inputs without the batch axis (None entries unknown)."""
        output = tuple(shapes[0][1:])
        for shape in shapes[1:]:
            output = self._broadcast_pair(output, tuple(shape[1:]), shapes)
        return output

    def _compute_elemwise_op_output_shape(self, shape1, shape2):
        """The broadcast of two shapes without the batch axis (Keras's name for it)."""
        return self._broadcast_pair(shape1, shape2)

    def _broadcast_pair(self, shape1, shape2, all_shapes=None):
        if len(shape1) < len(shape2):
            shape1, shape2 = shape2, shape1
        if not shape2:
            return shape1
        lead = len(shape1) - len(shape2)
        result = list(shape1[:lead])
        for position, (i, j) in enumerate(zip(shape1[lead:], shape2)):
            if i is None or j is None:
                result.append(None)
            elif i == 1:
                result.append(j)
            elif j == 1 or i == j:
                result.append(i)
            else:
                axis = position - len(shape2)
                called_on = "" if all_shapes is None else \
                    f" was called on inputs of shapes {all_shapes}, which"
                raise ValueError(
                    f"Inputs have incompatible shapes. Received shapes {shape1} and {shape2} "
                    f"(the batch axis left out). Layer '{self.name}' ({type(self).__name__})"
                    f"{called_on or ': the shapes'} differ on axis {axis}: sizes {i} and {j}. "
                    f"An elementwise merge needs equal sizes on each axis (a size of 1 is "
                    f"broadcast); check the layers that produce these inputs.")
        return tuple(result)

    # ------------------------------------------------------------------ the Layer methods

    def build(self, input_shape):
        self._validate(input_shape)

    def call(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"A merge layer should be called on a list of inputs. Received: inputs="
                f"{_describe(inputs)} (not a list of tensors). Call layer '{self.name}' on a "
                f"list, e.g. {type(self).__name__}()([x1, x2]).")
        inputs = list(inputs)
        self._validate([tuple(x.shape) for x in inputs])
        return self._merge_function(self._match_ranks(inputs))

    def _match_ranks(self, inputs):
        """Insert size-1 axes after the batch axis until every input has the same rank."""
        rank = max(x.ndim for x in inputs)
        matched = []
        for x in inputs:
            while x.ndim < rank:
                x = ops.expand_dims(x, 1)
            matched.append(x)
        return matched

    def compute_output_shape(self, input_shape):
        shapes = self._validate(input_shape)
        batch_sizes = {s[0] for s in shapes if s} - {None}
        batch = batch_sizes.pop() if batch_sizes else None
        return (batch,) + self._elementwise_shape(shapes)

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        self._check_masks(inputs, mask)
        if any(m is None for m in mask):
            return None
        output = mask[0]
        for m in mask[1:]:
            output = ops.logical_or(output, m)
        return output

    def _check_masks(self, inputs, mask):
        """``mask`` must be a list with one mask (or None) per input."""
        if not isinstance(mask, (list, tuple)) or not isinstance(inputs, (list, tuple)) \
                or len(mask) != len(inputs):
            raise ValueError(
                f"Layer '{self.name}': compute_mask needs one mask (or None) per input, as a "
                f"list of the same length as the inputs. Received {len(inputs)} inputs and "
                f"mask={mask!r}.")


Merge = _Merge


def masks_of(inputs):
    """The Keras mask carried by each input tensor (None where there is none)."""
    return [getattr(x, "_keras_mask", None) for x in inputs]


def broadcast_mask(mask, x):
    """A timestep mask (N, T) stretched over the features of x (N, T, F) as booleans."""
    mask = ops.convert_to_tensor(mask)
    if mask.ndim < x.ndim:
        mask = ops.expand_dims(mask, -1)
    return ops.broadcast_to(ops.cast(mask, "bool"), x.shape)
