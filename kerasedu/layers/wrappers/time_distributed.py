"""TimeDistributed: apply one layer to every timestep of a sequence, with shared weights.

    TimeDistributed(Dense(8)):        (N, T, 16)          -> (N, T, 8)
    TimeDistributed(Conv2D(4, 3)):    (N, T, 28, 28, 1)   -> (N, T, 26, 26, 4)

The T timesteps are independent, so instead of a loop the wrapper folds time into the batch:
reshape (N, T, ...) to (N·T, ...), apply the layer once, and reshape the result back to
(N, T, ...). The inner layer sees inputs of shape (batch, ...) as if there were no time axis,
and is built for one timestep: (N, *input_shape[2:]).
"""

from ...backend import ops
from ...layer_machinery.keras_tensor import KerasTensor
from .wrapper import Wrapper


def _child_shape(input_shape):
    return (input_shape[0], *input_shape[2:])


class TimeDistributed(Wrapper):
    """Apply ``layer`` to each slice x[:, t] of the inputs."""

    def __init__(self, layer, **kwargs):
        super().__init__(layer, **kwargs)
        self.supports_masking = True

    def _check(self, input_shape):
        if len(input_shape) < 3:
            raise ValueError(
                f"`TimeDistributed` Layer should be passed an `input_shape` with at least 3 "
                f"dimensions (batch, timesteps, ...), received: {tuple(input_shape)}. "
                f"Layer '{self.name}' applies '{self.layer.name}' to each timestep; for "
                f"inputs without a time axis use '{self.layer.name}' directly.")

    def build(self, input_shape):
        self._check(input_shape)
        super().build(_child_shape(input_shape))

    def compute_output_shape(self, input_shape):
        self._check(input_shape)
        child = self.layer.symbolic_output_shapes(KerasTensor(_child_shape(input_shape)), {})
        child = child[0] if isinstance(child, list) else child
        return (child[0], input_shape[1], *child[1:])

    def call(self, inputs, training=None, mask=None):
        self._check(inputs.shape)
        batch, steps = inputs.shape[0], inputs.shape[1]
        folded = ops.reshape(inputs, (batch * steps,) + tuple(inputs.shape[2:]))
        kwargs = {}
        accepts_training, accepts_mask = self.layer._accepted_call_arguments()
        if accepts_training and training is not None:
            kwargs["training"] = training
        if mask is not None:
            mask_value = ops.convert_to_tensor(mask)
            if tuple(mask_value.shape[:2]) != (batch, steps):
                raise ValueError(
                    f"The `mask` passed to the `TimeDistributed` layer has a shape "
                    f"{tuple(mask_value.shape)} that is incompatible with the input shape "
                    f"{tuple(inputs.shape)}: its first two dimensions must be (batch, "
                    f"timesteps) = {(batch, steps)}.")
            if accepts_mask:
                kwargs["mask"] = ops.reshape(mask_value, (batch * steps,) +
                                             tuple(mask_value.shape[2:]))
        outputs = self.layer(folded, **kwargs)
        return ops.reshape(outputs, (batch, steps) + tuple(outputs.shape[1:]))
