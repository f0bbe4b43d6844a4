"""Wrapper: the base class of layers that take another layer and change how it is applied."""

from ...layer_machinery.layer import Layer
from ...serialization import serialize_keras_object
from ..serialization import deserialize


class Wrapper(Layer):
    """Holds ``layer`` (its weights become the wrapper's) and saves it in its configuration."""

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                f"Layer {layer!r} supplied to {type(self).__name__} isn't a supported layer "
                f"type. Pass a kerasedu layer instance, e.g. {type(self).__name__}(Dense(8)).")
        super().__init__(**kwargs)
        self.layer = layer

    def build(self, input_shape=None):
        if not self.layer.built:
            self.layer._maybe_build(input_shape)

    def get_config(self):
        return {**super().get_config(),
                "layer": serialize_keras_object(self.layer)}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        if isinstance(config.get("dtype"), dict):
            config["dtype"] = config["dtype"].get("config", {}).get("name")
        layer = config.pop("layer")
        if isinstance(layer, dict):
            layer = deserialize(layer, custom_objects=custom_objects)
        return cls(layer, **config)
