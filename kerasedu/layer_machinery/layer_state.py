"""What a layer owns: its weights, the layers inside it, and the losses it adds.

* ``add_weight`` creates a Variable named after the layer's path (``dense/kernel``) and tracks
  it, trainable or not; assigning a Variable to an attribute tracks it too.
* Assigning a layer (or a list of layers) to an attribute makes it a *sublayer*: its weights
  count among this layer's ``weights``, and freezing this layer (``trainable = False``) freezes
  it as well. A sublayer's path is its owner's path, then its name (``lstm/lstm_cell``).
* ``layer.weights`` lists the layer's own weights, trainable first, then its sublayers';
  ``get_weights`` / ``set_weights`` read and write them as numpy arrays in that order.
* ``add_loss`` (called in ``call``) and the weights' regularizers make ``layer.losses``, which
  training adds to the loss it minimizes.

:class:`LayerState` is one of the classes :class:`~kerasedu.layer_machinery.layer.Layer` is
made of; it is never used on its own.
"""

import numpy as np

from .. import constraints, initializers, regularizers
from ..backend import config
from ..backend.tensor import Tensor, Variable, convert_to_tensor


def dtype_name(dtype):
    """A dtype's name ('float32'); None means floatx(), and Keras 3's dtype-policy dicts give
    their name."""
    if dtype is None:
        return config.floatx()
    if isinstance(dtype, dict):
        dtype = dtype.get("config", {}).get("name", config.floatx())
    return np.dtype(dtype).name


class LayerState:
    """A layer's weights, sublayers and added losses (see the module docstring)."""

    _parent_path = None

    def _init_state(self):
        object.__setattr__(self, "_trainable_variables", [])
        object.__setattr__(self, "_non_trainable_variables", [])
        object.__setattr__(self, "_layers", [])
        object.__setattr__(self, "_tracking_ready", True)
        self._call_losses = []

    def add_weight(self, *args, **kwargs):
        """Create a weight Variable owned by this layer and return it.

        Keras 3 style: ``add_weight(shape, initializer, dtype, trainable=True, regularizer=None,
        constraint=None, name=None)``. Keras 2 style (name first) is accepted too:
        ``add_weight(name='kernel', shape=(4, 3), initializer='uniform', trainable=True)``.
        The initializer defaults to glorot_uniform for floats and zeros for other dtypes.
        """
        order = (("name", "shape", "dtype", "initializer", "regularizer", "trainable",
                  "constraint") if args and isinstance(args[0], str)
                 else ("shape", "initializer", "dtype"))
        if len(args) > len(order):
            raise TypeError(
                f"add_weight() takes at most {len(order)} positional arguments here "
                f"({', '.join(order)}); pass the others by keyword.")
        for key, value in zip(order, args):
            if key in kwargs:
                raise TypeError(f"add_weight() got two values for '{key}'.")
            kwargs[key] = value
        return self._create_weight(**kwargs)

    def _create_weight(self, shape=None, initializer=None, dtype=None, trainable=True,
                       regularizer=None, constraint=None, name=None, autocast=True,
                       aggregation=None, overwrite_with_gradient=False):
        shape = () if shape is None else tuple(int(d) for d in np.atleast_1d(shape)) \
            if not isinstance(shape, tuple) else tuple(shape)
        if any(d is None or d < 0 for d in shape):
            raise ValueError(
                f"Layer '{self.name}': add_weight() needs a fully known, non-negative shape; "
                f"received shape={shape} for weight '{name}'. Use input_shape[-1] (not the "
                f"batch size) when sizing weights from the input.")
        dtype = dtype_name(dtype or self.dtype)
        if initializer is None:
            initializer = "glorot_uniform" if np.dtype(dtype).kind == "f" else "zeros"
        name = name or "variable"
        variable = Variable(initializers.get(initializer), shape=shape, dtype=dtype,
                            trainable=trainable, name=name, path=f"{self.path}/{name}",
                            constraint=constraints.get(constraint))
        variable.regularizer = regularizers.get(regularizer)
        variable._layer = self
        self._track_variable(variable)
        return variable

    def _track_variable(self, variable):
        own = self._trainable_variables + self._non_trainable_variables
        if any(v is variable for v in own):
            return
        (self._trainable_variables if variable.trainable
         else self._non_trainable_variables).append(variable)

    def __setattr__(self, name, value):
        if getattr(self, "_tracking_ready", False) and not name.startswith("__"):
            if isinstance(value, LayerState) and value is not self:
                self._track_layer(value)
            elif isinstance(value, (list, tuple)) and value and \
                    all(isinstance(v, LayerState) for v in value):
                for layer in value:
                    self._track_layer(layer)
            elif isinstance(value, Variable) and value._layer is None:
                if value.path == value.name == "variable":
                    value.name, value.path = name, f"{self.name}/{name}"
                value._layer = self
                self._track_variable(value)
        object.__setattr__(self, name, value)

    def _track_layer(self, layer):
        if not any(existing is layer for existing in self._layers):
            self._layers.append(layer)
            # A model's layers keep their own names as paths (dense/kernel, not
            # model/dense/kernel); a layer's sublayers are named under it.
            if not self._is_model and layer._parent_path is None:
                layer._parent_path = self.path

    @property
    def path(self):
        """Where this layer sits: its name, after the names of the layers that own it
        ('lstm/lstm_cell'); weights are named after it ('lstm/lstm_cell/kernel')."""
        parent = self.__dict__.get("_parent_path")
        return f"{parent}/{self.name}" if parent else self.name

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)
        for layer in self._layers:
            layer.trainable = value

    @property
    def weights(self):
        """All weights: this layer's (trainable first), then its sublayers'."""
        return _unique(self._trainable_variables + self._non_trainable_variables +
                       [w for layer in self._layers for w in layer.weights])

    variables = weights

    @property
    def trainable_weights(self):
        """The weights that training updates (none when the layer is frozen)."""
        if not self.trainable:
            return []
        own = [v for v in self._trainable_variables + self._non_trainable_variables
               if v.trainable]
        return _unique(own + [w for layer in self._layers for w in layer.trainable_weights])

    @trainable_weights.setter
    def trainable_weights(self, variables):
        for variable in variables:
            variable.trainable = True
            self._track_variable(variable)

    @property
    def non_trainable_weights(self):
        """The weights that training leaves alone (all of them when the layer is frozen)."""
        if not self.trainable:
            return self.weights
        own = [v for v in self._trainable_variables + self._non_trainable_variables
               if not v.trainable]
        trainable_ids = {id(w) for w in self.trainable_weights}
        nested = [w for layer in self._layers for w in layer.non_trainable_weights]
        return _unique([w for w in own + nested if id(w) not in trainable_ids])

    @non_trainable_weights.setter
    def non_trainable_weights(self, variables):
        for variable in variables:
            variable.trainable = False
            self._track_variable(variable)

    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights

    def get_weights(self):
        """The weight values as a list of numpy arrays (empty before build)."""
        return [w.numpy() for w in self.weights]

    def set_weights(self, weights):
        """Load numpy arrays into the weights, in the order of ``layer.weights``.

        Every array is checked before any is assigned, so a bad list changes nothing.
        """
        params = self.weights
        weights = list(weights)
        if len(weights) != len(params):
            raise ValueError(
                f"You called `set_weights(weights)` on layer '{self.name}' with a weight list "
                f"of length {len(weights)}, but the layer was expecting {len(params)} weights. "
                f"Expected shapes: {[tuple(p.shape) for p in params]}. Use "
                f"layer.get_weights() to see the layout.")
        values = []
        for param, weight in zip(params, weights):
            try:
                shape = np.shape(getattr(weight, "value", weight))
            except ValueError:                  # rows of uneven lengths: assignable says so
                shape = None
            if shape is not None and tuple(param.shape) != shape:
                raise ValueError(
                    f"Layer {self.name} weight shape {tuple(param.shape)} is not compatible "
                    f"with provided weight shape {shape} (weight '{param.path}'). No "
                    f"weight was changed.")
            try:
                values.append(param.assignable(weight))
            except (TypeError, ValueError) as error:
                raise type(error)(
                    f"set_weights on layer '{self.name}': {error} No weight was "
                    f"changed.") from None
        for param, value in zip(params, values):
            param._replace(value)

    def count_params(self):
        """The number of weight values."""
        if not self.built:
            raise ValueError(
                f"You tried to call `count_params` on layer '{self.name}', but the layer isn't "
                f"built. You can build it manually via: `layer.build(input_shape)`.")
        return int(sum(np.prod(w.shape, dtype=int) for w in self.weights))

    # Losses.

    def add_loss(self, loss):
        """Add a scalar Tensor to the losses that training minimizes (call it inside call)."""
        self._call_losses.append(loss if isinstance(loss, Tensor) else convert_to_tensor(loss))

    @property
    def losses(self):
        """Losses added during the last call, plus the weight-regularization penalties."""
        penalties = [v.regularizer(v) for v in
                     self._trainable_variables + self._non_trainable_variables
                     if v.regularizer is not None]
        nested = [loss for layer in self._layers for loss in layer.losses]
        return list(self._call_losses) + penalties + nested


def _unique(variables):
    seen, result = set(), []
    for v in variables:
        if id(v) not in seen:
            seen.add(id(v))
            result.append(v)
    return result
