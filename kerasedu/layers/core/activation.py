"""Activation: apply an activation function elementwise; the shape is unchanged."""

from ... import activations
from ...layer_machinery.layer import Layer


class Activation(Layer):
    """``Activation('relu')(x)`` is ``relu(x)``; any name ``activations.get`` knows works."""

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)
        self.supports_masking = True
        self._build_at_init()

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "activation": activations.serialize(self.activation)}
