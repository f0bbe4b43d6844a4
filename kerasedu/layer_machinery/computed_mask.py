"""ComputedMask: the mask of a layer whose compute_mask cannot run on symbolic tensors.

Symbolic masks are made by calling ``compute_mask`` on KerasTensors, its ops recorded in the
graph (see :mod:`.masking`). A compute_mask written with numpy, or reading ``.value``, needs
values, so it cannot: its mask is then the output of a ComputedMask operation, called on the
layer's inputs and their mask, which runs that compute_mask on their values when the graph
runs. The output's shape and dtype come from running it on placeholder values.

    class Tagged(Layer):                     # a compute_mask that needs values
        def compute_mask(self, inputs, mask=None):
            return np.asarray(inputs)[..., 0] > 0

    y = Tagged()(x)            # y._keras_mask: output of ComputedMask 'tagged_mask'
    ops.cast(y._keras_mask, "float32")       # works, and so does a model that outputs it

Such a model runs, but saving it is refused with a message naming the layer and the fix
(write compute_mask with ``kerasedu.ops``): the operation calls a Python method of another
layer, which no config can hold.
"""

from ..backend.config import unique_object_name
from .masking import use_stand_in
from .operation_layer import OperationLayer


class ComputedMask(OperationLayer):
    """``layer.compute_mask(inputs, mask)`` on values, as an operation of the graph."""

    _is_stand_in = True

    def __init__(self, layer, reason):
        super().__init__(None, name=unique_object_name(f"{layer.name}_mask"))
        self._compute_mask = layer.compute_mask       # a method: the layer is not tracked
        self.source = f"'{layer.name}' ({type(layer).__name__})"
        self.reason = reason

    def call(self, inputs, mask=None):
        return self._compute_mask(inputs, mask)

    def get_config(self):
        raise ValueError(
            f"The model cannot be saved: its graph holds '{self.name}', the mask of layer "
            f"{self.source}, computed by that layer's compute_mask when the model runs because "
            f"compute_mask could not run on symbolic tensors ({self.reason}). Write "
            f"compute_mask with kerasedu.ops (for example ops.not_equal(inputs, 0)), which "
            f"work on symbolic tensors too, so that the mask is made of operations Keras "
            f"saves; or do not output or use that mask in the model.")


def computed_masks(layer, inputs, previous_mask, reason):
    """The symbolic masks of ``layer``'s outputs, made by a ComputedMask operation."""
    return ComputedMask(layer, reason)(inputs, previous_mask)


use_stand_in(computed_masks)
