"""What a layer owns: its weights, the layers inside it, and the losses it adds.

* ``add_weight`` creates a Variable and tracks it, trainable or not: ``v.name`` is its own
  name (``kernel``; unnamed weights are ``variable``, ``variable_1``, ... as in Keras 3) and
  ``v.path`` adds the layer's path (``dense/kernel``, ``sequential/dense/kernel``; see the name
  scopes of :mod:`~kerasedu.layer_machinery.call_context`). Assigning a Variable to an
  attribute tracks it too.
* Assigning a layer (or a list of layers) to an attribute makes it a *sublayer*: its weights
  count among this layer's ``weights``, and freezing this layer (``trainable = False``) freezes
  it as well. Freezing sets the ``trainable`` flag of every weight made trainable to False, and
  unfreezing sets it back (weights made non-trainable stay so), as in Keras 3. A sublayer built inside its owner's call or build has its owner's path, then its
  name (``lstm/lstm_cell``).
* ``layer.weights`` lists the layer's own weights, trainable first, then its sublayers';
  ``get_weights`` / ``set_weights`` read and write them as numpy arrays in that order.
* A metric assigned to an attribute is listed in ``layer.metrics`` (its own and its
  sublayers'), and its state in ``layer.metrics_variables``.
* ``add_loss`` (called in ``call``) and the weights' regularizers make ``layer.losses``, which
  training adds to the loss it minimizes.

:class:`LayerState` is one of the classes :class:`~kerasedu.layer_machinery.layer.Layer` is
made of; it is never used on its own.
"""

import numpy as np

from .. import constraints, initializers, regularizers
from ..backend import config
from ..backend.tensor import Tensor, Variable, convert_to_tensor
from ..backend.ops.random import SeedGenerator
from .call_context import current_path, name_scope
from .tracking import TrackedDict, TrackedList, holds


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
        object.__setattr__(self, "_seed_generators", [])
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
        name = name or config.unique_object_name("variable")
        with name_scope(self, settle=False):
            path = f"{current_path()}/{name}"
        variable = Variable(initializers.get(initializer), shape=shape, dtype=dtype,
                            trainable=trainable, name=name, path=path,
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
        if not getattr(self, "_trainable", True):
            variable.trainable = False          # made trainable, in a frozen layer

    def __setattr__(self, name, value):
        if getattr(self, "_tracking_ready", False) and not name.startswith("__"):
            value = self._track_value(value, name)
        object.__setattr__(self, name, value)

    def _track_value(self, value, name=None):
        """Track what ``value`` holds: a sublayer, a variable, a seed generator, or a list,
        tuple or dict of them (lists and dicts become tracked, see :mod:`.tracking`)."""
        if isinstance(value, LayerState):
            if value is not self:
                self._track_layer(value)
        elif isinstance(value, SeedGenerator):
            if not any(existing is value for existing in self._seed_generators):
                self._seed_generators.append(value)
        elif isinstance(value, Variable):
            if value._layer is None:
                if name and value.path == value.name == "variable" and "name" in vars(self):
                    value.name, value.path = name, f"{self.name}/{name}"
                value._layer = self
                self._track_variable(value)
        elif type(value) in (list, tuple, TrackedList, dict, TrackedDict) and \
                (not value or holds(value, _TRACKED_KINDS)):
            items = value.values() if isinstance(value, dict) else value
            for item in items:
                self._track_value(item)
            if type(value) is list:
                value = TrackedList(value, self)
            elif type(value) is dict:
                value = TrackedDict(value, self)
        return value

    def _track_layer(self, layer):
        if not any(existing is layer for existing in self._layers):
            self._layers.append(layer)

    @property
    def path(self):
        """Where this layer sits: its name, after the path of the scope it was first called
        or built in ('lstm/lstm_cell'); weights are named after it ('lstm/lstm_cell/kernel')."""
        parent = self.__dict__.get("_parent_path")
        return f"{parent}/{self.name}" if parent else self.name

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        if not isinstance(value, (bool, np.bool_)):
            raise ValueError(
                f"Layer '{self.name}': expected `trainable` to be a boolean (True or False), "
                f"received trainable={value!r}.")
        self._trainable = bool(value)
        for variable in self._trainable_variables:    # made trainable: follows the layer
            variable.trainable = self._trainable
        for layer in self._layers:
            layer.trainable = value

    @property
    def weights(self):
        """All weights: this layer's (trainable first), then its sublayers'."""
        return _unique(self._trainable_variables + self._non_trainable_variables +
                       [w for layer in self._layers for w in layer.weights])

    @property
    def variables(self):
        """The weights, then the state of the seed generators the layer and its sublayers
        hold (what a draw of random numbers depends on), as in Keras 3."""
        return _unique(self.weights + self._seed_states())

    @property
    def metrics(self):
        """The metrics this layer and its sublayers hold as attributes, in the order they were
        set (a metric is an object that says ``_tracked_as_metric``, as every Metric does).
        Their state, ``metrics_variables``, is not among the weights."""
        return metric_attributes(self) + [m for layer in self._layers for m in layer.metrics]

    @property
    def metrics_variables(self):
        return [v for metric in self.metrics for v in metric.variables]

    def _seed_states(self):
        return [generator.state for generator in self._seed_generators] + \
            [state for layer in self._layers for state in layer._seed_states()]

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

    @property
    def non_trainable_variables(self):
        """The non-trainable weights, then the seed generators' states (see ``variables``)."""
        return _unique(self.non_trainable_weights + self._seed_states())

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

    def save_own_variables(self, store):
        """Put this layer's own variables (not its sublayers') into the dict-like ``store``
        under "0", "1", ..., trainable ones first: what Keras 3 writes in weights files."""
        for i, variable in enumerate(self._trainable_variables + self._non_trainable_variables):
            store[str(i)] = variable.numpy()

    def load_own_variables(self, store):
        """Assign the values that ``save_own_variables`` put in ``store``. Every value is
        checked first (count, shape, dtype), so a store that does not fit changes nothing."""
        own = self._trainable_variables + self._non_trainable_variables
        for variable, value in zip(own, self._check_load_own_variables(store)):
            variable.assign(value)

    def _check_load_own_variables(self, store):
        """The values in ``store`` for this layer's own variables, in order; a ValueError that
        names the layer and every value that does not fit."""
        own = self._trainable_variables + self._non_trainable_variables
        if len(store.keys()) != len(own):
            raise ValueError(
                f"Layer '{self.name}' expected {len(own)} variables, but received "
                f"{len(store.keys())} variables during loading. Expected: "
                f"{[v.path for v in own]}. Load the file into a model built the same way.")
        values = [np.asarray(store[str(i)]) for i in range(len(own))]
        problems = [stored_value_problem(variable, value)
                    for variable, value in zip(own, values)]
        problems = [problem for problem in problems if problem]
        if problems:
            raise ValueError(f"Layer '{self.name}': " + "; ".join(problems) + ".")
        return values

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


def stored_value_problem(variable, value):
    """Why a stored array cannot be assigned to ``variable`` (another shape, or a dtype that
    does not cast to the variable's within its kind, such as floats into an integer
    variable), or None when it can."""
    value = np.asarray(value)
    if tuple(value.shape) != tuple(variable.shape):
        return (f"variable '{variable.path}' has shape {tuple(variable.shape)}, the stored "
                f"value has shape {tuple(value.shape)}")
    target = np.dtype(variable.dtype)
    if value.dtype.kind not in "biuf" or not np.can_cast(value.dtype, target, "same_kind"):
        return (f"variable '{variable.path}' has dtype {target.name}, the stored value has "
                f"dtype {value.dtype.name}, which does not convert to it")
    return None


_TRACKED_KINDS = (LayerState, Variable, SeedGenerator)


def metric_attributes(obj, skip=()):
    """The metrics an object holds as attributes (alone, or in lists), in the order they were
    set; attributes named in ``skip`` are left out."""
    found = []
    for name, value in vars(obj).items():
        if name in skip:
            continue
        items = value if isinstance(value, (list, tuple)) else [value]
        found.extend(item for item in items if getattr(item, "_tracked_as_metric", False))
    return found


def _unique(variables):
    seen, result = set(), []
    for v in variables:
        if id(v) not in seen:
            seen.add(id(v))
            result.append(v)
    return result
