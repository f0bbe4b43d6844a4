"""Pipeline: a list of layers applied one after another, as one layer.

    Pipeline([l1, l2, l3])(x) = l3(l2(l1(x)))

Unlike a Sequential model, a Pipeline is a layer, not a model: it has no ``fit`` and no
input shape of its own, and it is made for data preprocessing and augmentation chains
(``Pipeline([RandomFlip(), RandomRotation(0.1), RandomErasing()])``), which can also take
``{"images": ..., "labels": ...}`` dicts. The ``training`` flag and the ``mask`` are passed on
to every layer that takes them (the mask each layer puts on its output goes to the next).
Its config lists the serialized layers, so ``from_config`` rebuilds the chain.
"""

from ...layer_machinery.layer import Layer
from ...serialization import serialize_keras_object
from ..serialization import deserialize


class Pipeline(Layer):
    """Apply ``layers`` in order."""

    def __init__(self, layers, name=None):
        super().__init__(name=name)
        if not isinstance(layers, (list, tuple)) or not all(isinstance(layer, Layer)
                                                            for layer in layers):
            raise ValueError(
                f"Layer '{self.name}' (Pipeline): `layers` must be a list of layers. "
                f"Received: layers={layers!r}. For example "
                f"Pipeline([layers.RandomFlip(), layers.RandomRotation(0.1)]).")
        self._pipeline_layers = list(layers)

    @property
    def layers(self):
        return self._pipeline_layers

    def build(self, input_shape):
        for layer in self._pipeline_layers:
            layer._maybe_build(input_shape)
            input_shape = layer.compute_output_shape(input_shape)

    def call(self, inputs, training=True, mask=None):
        outputs = inputs
        for layer in self._pipeline_layers:
            takes_training, takes_mask = layer._accepted_call_arguments()
            kwargs = {}
            if takes_mask:
                kwargs["mask"] = mask
            if takes_training and training is not None:
                kwargs["training"] = training
            outputs = layer(outputs, **kwargs)
            mask = getattr(outputs, "_keras_mask", None)
        return outputs

    def compute_output_shape(self, input_shape):
        for layer in self._pipeline_layers:
            input_shape = layer.compute_output_shape(input_shape)
        return input_shape

    def get_config(self):
        return {"layers": [serialize_keras_object(layer) for layer in self._pipeline_layers],
                "name": self.name}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        layers = config.get("layers")
        if not isinstance(layers, (list, tuple)):
            raise ValueError(
                f"A Pipeline config must hold a `layers` key with the list of serialized "
                f"layers (as Pipeline.get_config() gives). Received a config with "
                f"layers={layers!r}.")
        return cls([deserialize(layer, custom_objects=custom_objects) for layer in layers],
                   name=config.get("name"))
