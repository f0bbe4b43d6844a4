"""Model: a layer made of layers, which can also be trained, evaluated, summarized and saved.

Three ways to make one:

* functional: ``Model(inputs=x, outputs=y)`` runs the graph of layer calls between them;
* ``Sequential([...])``: a stack of layers, each feeding the next;
* subclassing: define layers in ``__init__`` and the computation in ``call``.
"""

from ..layer_machinery.layer import Layer
from .saving_api import SavingAPI
from .summary import print_summary
from ..trainers.trainer import Trainer


class Model(Trainer, SavingAPI, Layer):
    """Base class of models. ``Model(inputs, outputs)`` builds a functional model."""

    _check_output_shapes = False
    _is_model = True

    def __new__(cls, *args, **kwargs):
        if cls is Model and (args or "inputs" in kwargs or "outputs" in kwargs):
            from .functional import Functional
            return Functional.__new__(Functional, *args, **kwargs)
        return super().__new__(cls, *args, **kwargs)

    def __init__(self, *args, **kwargs):
        trainable = kwargs.pop("trainable", True)
        name = kwargs.pop("name", None)
        Layer.__init__(self, trainable=trainable, name=name, **kwargs)
        Trainer.__init__(self)

    @property
    def layers(self):
        """The layers this model is made of, in order."""
        return list(self._layers)

    def get_layer(self, name=None, index=None):
        """A layer by ``name`` or by position ``index`` in ``model.layers``."""
        if (name is None) == (index is None):
            raise ValueError(
                "Provide exactly one of `name` or `index` to get_layer(). Received: "
                f"name={name!r}, index={index!r}.")
        layers = self.layers
        if index is not None:
            if not -len(layers) <= index < len(layers):
                raise ValueError(
                    f"Was asked to retrieve layer at index {index} but model only has "
                    f"{len(layers)} layers.")
            return layers[index]
        for layer in layers:
            if layer.name == name:
                return layer
        raise ValueError(
            f"No such layer: {name}. Existing layers are: {[layer.name for layer in layers]}.")

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """A model from get_config(): a functional graph config, or a subclass's arguments."""
        if "input_layers" in config and "layers" in config:
            from .functional_config import functional_from_config
            return functional_from_config(config, custom_objects)
        return super().from_config(config)

    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False,
                show_trainable=False):
        """Print a table of the layers, their output shapes and parameter counts."""
        print_summary(self, line_length=line_length, positions=positions, print_fn=print_fn,
                      expand_nested=expand_nested, show_trainable=show_trainable)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"
