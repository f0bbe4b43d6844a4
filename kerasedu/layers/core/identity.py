"""Identity: returns its inputs unchanged (a placeholder in a model, or a named no-op)."""

from ...layer_machinery.layer import Layer


class Identity(Layer):
    """``Identity()(x)`` is ``x``, with its mask; any shape."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self._build_at_init()

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape
