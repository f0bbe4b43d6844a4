"""RawDataLayer: the base of the preprocessing layers whose inputs are data to look up, hash
or bucket (strings, category ids, raw numbers), not numbers to compute with.

Such a layer takes its inputs as they come, as Keras 3's do: Python lists and strings become
one numpy array (``layer(["a", "b"])`` is one input of two strings, not two inputs), string
arrays are allowed, and float inputs are not cast to the layer's dtype. It has no weights, so
it is built from the start.
"""

from ....layer_machinery.layer import Layer
from .categorical_outputs import one_input


class RawDataLayer(Layer):
    """A layer whose call receives its inputs as given (see the module docstring)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._convert_input_args = False
        self._allow_non_tensor_positional_args = True
        self.autocast = False
        self.built = True

    def __call__(self, inputs, *args, **kwargs):
        return super().__call__(one_input(inputs), *args, **kwargs)
