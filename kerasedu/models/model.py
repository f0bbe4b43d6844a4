"""Model: a layer made of layers, which can also be trained, evaluated, summarized and saved.

Three ways to make one:

* functional: ``Model(inputs=x, outputs=y)`` runs the graph of layer calls between them
  (it makes a :class:`~kerasedu.models.functional.Functional`); a subclass of Model made the
  same way, ``CustomModel(inputs, outputs)``, becomes a subclass of Functional, as in Keras,
  so that it can run the graph and override ``train_step`` at once;
* ``Sequential([...])``: a stack of layers, each feeding the next;
* subclassing: define layers in ``__init__`` and the computation in ``call``.

What a model adds to a layer comes from the floors below it: training (compile, fit, evaluate,
predict) from :class:`~kerasedu.trainers.trainer.Trainer`, files from :mod:`kerasedu.saving`,
the table of ``summary()`` from :mod:`kerasedu.models.summary`.
"""

from ..layer_machinery.layer import Layer
from ..saving import load_weights, model_to_json, save_model, save_weights
from ..trainers.trainer import Trainer
from .summary import print_summary


class Model(Trainer, Layer):
    """Base class of models. ``Model(inputs, outputs)`` builds a functional model."""

    _check_output_shapes = False
    _is_model = True
    # The class that Model(inputs, outputs) and a functional config make: Functional, which
    # names itself by subclassing with ``class Functional(Model, functional=True)``.
    _functional_class = None

    def __init_subclass__(cls, functional=False, **kwargs):
        super().__init_subclass__(**kwargs)
        if functional:
            Model._functional_class = cls

    def __new__(cls, *args, **kwargs):
        if cls is Model and _functional_arguments(args, kwargs):
            functional = Model._functional_class
            return functional.__new__(functional, *args, **kwargs)
        return super().__new__(cls, *args, **kwargs)

    def __init__(self, *args, **kwargs):
        functional = Model._functional_class
        if _functional_arguments(args, kwargs) and not isinstance(self, functional):
            _make_functional(type(self))
            functional.__init__(self, *args, **kwargs)
            return
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
            return Model._functional_class.from_config(config, custom_objects)
        return super().from_config(config)

    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False,
                show_trainable=False):
        """Print a table of the layers, their output shapes and parameter counts."""
        print_summary(self, line_length=line_length, positions=positions, print_fn=print_fn,
                      expand_nested=expand_nested, show_trainable=show_trainable)

    # ------------------------------------------------------------------ saving

    def save(self, filepath, overwrite=True, zipped=None, **kwargs):
        """Save the whole model to ``filepath`` (ending in ``.keras``); reload it with
        ``kerasedu.models.load_model``."""
        save_model(self, filepath, overwrite=overwrite, zipped=zipped, **kwargs)

    def save_weights(self, filepath, overwrite=True, max_shard_size=None):
        """Save the weights and optimizer state to ``filepath`` (ending in ``.weights.h5``, or
        ``.weights.npz`` for the same in a numpy archive)."""
        save_weights(self, filepath, overwrite=overwrite, max_shard_size=max_shard_size)

    def load_weights(self, filepath, skip_mismatch=False, **kwargs):
        """Load weights saved by ``save_weights`` (``.weights.h5``, ``.weights.npz``) or
        ``save`` (``.keras``), here or in Keras 3, into this model, which must be built the same
        way."""
        if kwargs.pop("by_name", False):
            raise ValueError(
                "load_weights(by_name=True) is a Keras 2 option that kerasedu does not "
                "support: weights are matched by their place in the model, as in Keras 3.")
        if kwargs:
            raise ValueError(f"load_weights() got unexpected arguments {sorted(kwargs)}.")
        load_weights(self, filepath, skip_mismatch=skip_mismatch)

    def to_json(self, **kwargs):
        """The architecture (and compile arguments) as JSON text; ``json.dumps`` options such
        as ``indent=2`` are passed on. Rebuild with ``kerasedu.models.model_from_json``."""
        return model_to_json(self, **kwargs)


def _functional_arguments(args, kwargs):
    """True for the arguments of a functional model: (inputs, outputs), by position or name."""
    return len(args) == 2 or (len(args) == 1 and "outputs" in kwargs) or \
        ("inputs" in kwargs and "outputs" in kwargs)


def _make_functional(cls):
    """Put Functional in the place of Model among the bases of ``cls`` and its ancestors."""
    functional = Model._functional_class
    if cls is Model:
        return functional
    if cls is object or issubclass(cls, functional):
        return cls
    cls.__bases__ = tuple(_make_functional(base) for base in cls.__bases__)
    return cls
