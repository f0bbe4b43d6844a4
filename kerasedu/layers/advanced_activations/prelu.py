"""PReLU: a leaky relu whose negative slope is learned, one slope per input value.

    f(x) = x           if x > 0
    f(x) = alpha · x   otherwise

computed as relu(x) − alpha · relu(−x). The weight ``alpha`` has the shape of one sample,
(d1, d2, ...), starting at zeros (so the layer starts as a plain relu). ``shared_axes`` lists
axes (counting the batch as axis 0) along which one slope is shared: for (N, H, W, C) images,
shared_axes=[1, 2] learns one slope per channel, alpha of shape (1, 1, C).

Weights: alpha (trainable). Shapes: output = input.
"""

import numbers

from ... import constraints, initializers, regularizers
from ...backend import ops
from ...layer_machinery.input_spec import InputSpec
from ...layer_machinery.layer import Layer
from ...serialization import serialize_keras_object


class PReLU(Layer):
    """Parametric relu: relu(x) − alpha · relu(−x) with a learned ``alpha``."""

    def __init__(self, alpha_initializer="Zeros", alpha_regularizer=None, alpha_constraint=None,
                 shared_axes=None, **kwargs):
        super().__init__(**kwargs)
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None:
            self.shared_axes = None
        else:
            axes = list(shared_axes) if isinstance(shared_axes, (list, tuple)) else [shared_axes]
            if not all(isinstance(a, numbers.Integral) and not isinstance(a, bool)
                       for a in axes):
                raise TypeError(
                    f"PReLU expects `shared_axes` to be an int or a list of ints (axes of the "
                    f"input, the batch being axis 0). Received: shared_axes={shared_axes!r}")
            self.shared_axes = [int(a) for a in axes]
        self.supports_masking = True
        self.alpha = None

    def _shared(self, rank):
        shared = set()
        for axis in self.shared_axes or []:
            if not -rank < axis < rank or axis % rank == 0:
                raise ValueError(
                    f"Layer '{self.name}': shared_axes={self.shared_axes} contains axis {axis}, "
                    f"but inputs of rank {rank} have axes 1 to {rank - 1} after the batch axis "
                    f"0, which cannot be shared.")
            shared.add(axis % rank)
        return shared

    def build(self, input_shape):
        rank = len(input_shape)
        shared = self._shared(rank)
        param_shape = tuple(1 if i in shared else input_shape[i] for i in range(1, rank))
        if None in param_shape:
            raise ValueError(
                f"Layer '{self.name}' learns one slope per input value, so every non-batch "
                f"axis must have a known size, but received input_shape={tuple(input_shape)}. "
                f"Share the slope along the unknown axes with shared_axes=[...].")
        self.alpha = self.add_weight(
            shape=param_shape, name="alpha", initializer=self.alpha_initializer,
            regularizer=self.alpha_regularizer, constraint=self.alpha_constraint)
        self.input_spec = InputSpec(
            ndim=rank, axes={i: input_shape[i] for i in range(1, rank) if i not in shared})

    def call(self, inputs):
        positive = ops.relu(inputs)
        negative = ops.multiply(self.alpha, ops.relu(ops.negative(inputs)))
        return ops.subtract(positive, negative)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "alpha_initializer": serialize_keras_object(self.alpha_initializer),
            "alpha_regularizer": serialize_keras_object(self.alpha_regularizer),
            "alpha_constraint": serialize_keras_object(self.alpha_constraint),
            "shared_axes": self.shared_axes,
        }
