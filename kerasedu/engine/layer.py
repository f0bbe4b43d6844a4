"""Layer: the unit every model is made of.

A layer is a function with state. Its life cycle, which every chapter of the book leans on:

1. ``__init__`` stores the configuration (units, activation, ...). No weights exist yet.
2. ``build(input_shape)`` creates the weights with ``add_weight``, once, on the first call
   (or at once when the input shape is known in advance, e.g. ``input_shape=(4,)``).
3. ``call(inputs)`` computes the outputs with backend ops, so gradients come for free.
4. ``compute_output_shape(input_shape)`` says the output shape without computing it; symbolic
   calls on KerasTensors use it (or trace ``call`` when a layer does not define it).

``layer(x)`` on data (numpy arrays, Tensors) computes now and returns Tensors; ``layer(x)`` on a
KerasTensor records a Node of the layer graph and returns KerasTensors.
"""

import functools
import inspect
import json

import numpy as np

from .. import initializers, regularizers, constraints
from ..backend import config
from ..backend.ops import cast
from ..backend.tensor import Tensor, Variable, convert_to_tensor
from . import nest
from .call_context import current_training, training_scope
from .input_spec import check_input_compatibility
from .keras_tensor import KerasTensor
from .naming import default_name
from .node import Node
from .shape_inference import (check_call_shape, overrides_compute_output_shape,
                              shape_structure, trace_output_shapes)

_BASE_CONFIG_KEYS = ("name", "trainable", "dtype")
# Options Keras 3 writes in layer configs for features kerasedu does not have; read when off.
_KERAS_ONLY_OPTIONS = ("quantization_config", "lora_rank", "lora_alpha")
_KERAS2_SHAPE_ARGUMENTS = ("input_shape", "batch_input_shape", "input_dim", "batch_size")


class Layer:
    """Base class of all layers. Subclass it and implement build, call and, ideally,
    compute_output_shape and get_config."""

    supports_masking = False
    _check_output_shapes = True
    _is_model = False
    _parent_path = None

    def __new__(cls, *args, **kwargs):
        layer = super().__new__(cls)
        object.__setattr__(layer, "_tracking_ready", False)
        layer._init_tracking()
        layer._auto_config = _capture_constructor_arguments(cls, args, kwargs)
        return layer

    def _init_tracking(self):
        object.__setattr__(self, "_trainable_variables", [])
        object.__setattr__(self, "_non_trainable_variables", [])
        object.__setattr__(self, "_layers", [])
        object.__setattr__(self, "_tracking_ready", True)
        self._inbound_nodes = []
        self._outbound_nodes = []
        self._call_losses = []
        self._checked_call_shapes = set()   # (input shape, output shape) pairs call has passed
        self._build_shapes = None
        self._building = False
        self.built = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "build" in cls.__dict__:
            cls.build = _tracked_build(cls.__dict__["build"])
        cls._call_arguments = None

    def __init__(self, *, activity_regularizer=None, trainable=True, dtype=None, autocast=True,
                 name=None, **kwargs):
        shape_arguments = {k: kwargs.pop(k) for k in _KERAS2_SHAPE_ARGUMENTS if k in kwargs}
        initial_weights = kwargs.pop("weights", None)
        _drop_unused_keras_options(type(self).__name__, kwargs)
        if kwargs:
            raise ValueError(
                f"Unrecognized keyword arguments passed to {type(self).__name__}: {kwargs}. "
                f"Check the spelling, and the layer's documentation for the arguments it takes.")
        if name is not None and (not isinstance(name, str) or "/" in name):
            raise ValueError(
                f"Layer names must be strings without '/', received name={name!r}.")
        self.name = name or default_name(self)
        self._trainable = bool(trainable)
        self.dtype = _dtype_name(dtype)
        self.autocast = autocast
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.input_spec = None
        self._batch_input_shape = _batch_shape_from(shape_arguments)
        self._initial_weights = initial_weights

    # ------------------------------------------------------------------ the four methods

    def build(self, input_shape):
        """Create the layer's weights for inputs of ``input_shape`` (the batch axis is None).

        Layers without weights need not override it. Called once, before the first call.
        """
        self.built = True

    def call(self, inputs, *args, **kwargs):
        """The computation: ``inputs`` (Tensors) -> outputs, written with backend ops."""
        raise NotImplementedError(
            f"Layer {type(self).__name__} does not have a `call()` method implemented. Define "
            f"call(self, inputs) to compute the outputs from the inputs.")

    def compute_output_shape(self, input_shape):
        """The output shape for ``input_shape`` (batch axis included, possibly None)."""
        raise NotImplementedError(
            f"Layer {type(self).__name__} does not define compute_output_shape(); symbolic "
            f"calls trace call() instead. Define it to document the layer's shape contract.")

    def compute_mask(self, inputs, mask=None):
        """The mask of the outputs: passed through when the layer supports masking."""
        return mask if self.supports_masking else None

    # ------------------------------------------------------------------ calling

    def __call__(self, *args, **kwargs):
        if not args:
            if "inputs" not in kwargs:
                raise ValueError(f"Layer '{self.name}' was called without inputs.")
            args = (kwargs.pop("inputs"),)
        inputs, extra = args[0], args[1:]
        if any(isinstance(x, KerasTensor) for x in nest.flatten(inputs)):
            return self._symbolic_call(inputs, extra, kwargs)
        return self._eager_call(inputs, extra, kwargs)

    def _eager_call(self, inputs, extra, kwargs):
        inputs = nest.map_structure(self._as_input_tensor, inputs)
        input_shapes = shape_structure(inputs)
        self._maybe_build(input_shapes)
        check_input_compatibility(self, self.input_spec,
                                  [t.shape for t in nest.flatten(inputs)])
        previous_mask = _collect_masks(inputs)
        training, kwargs = self._resolve_call_kwargs(kwargs, previous_mask)
        if self._call_losses:
            self._call_losses = []
        with training_scope(training):
            outputs = self.call(inputs, *extra, **kwargs)
        outputs = nest.map_structure(_as_output_tensor, outputs)
        if self._check_output_shapes and not extra:
            self._check_call_shape(input_shapes, outputs)
        if self.activity_regularizer is not None:
            for output in nest.flatten(outputs):
                batch = output.shape[0] if output.ndim else 1
                self.add_loss(self.activity_regularizer(output) / batch)
        self._attach_masks(inputs, outputs, previous_mask)
        return outputs

    def _check_call_shape(self, input_shapes, outputs):
        """Check call's output shape against compute_output_shape (see :func:`check_call_shape`).

        A pair of (input shape, output shape) that passed once is remembered, so a training
        loop feeding batches of one shape asks compute_output_shape only on its first step.
        """
        if not overrides_compute_output_shape(type(self)):
            return
        key = (input_shapes, outputs.shape) if isinstance(outputs, Tensor) \
            and isinstance(input_shapes, tuple) else None
        if key in self._checked_call_shapes:
            return
        check_call_shape(self, input_shapes, outputs)
        if key is not None:
            if len(self._checked_call_shapes) >= 64:
                self._checked_call_shapes.clear()
            self._checked_call_shapes.add(key)

    def _symbolic_call(self, inputs, extra, kwargs):
        input_shapes = shape_structure(inputs)
        self._maybe_build(input_shapes)
        check_input_compatibility(self, self.input_spec,
                                  [t.shape for t in nest.flatten(inputs)])
        training, call_kwargs = self._resolve_call_kwargs(dict(kwargs), None)
        with training_scope(training):
            output_shapes = self.symbolic_output_shapes(inputs, call_kwargs, extra)
        outputs = _keras_tensors_for(output_shapes, self.dtype)
        node_kwargs = {k: v for k, v in kwargs.items() if k != "mask"}
        if extra:
            node_kwargs["_extra_args"] = extra
        Node(self, inputs, outputs, node_kwargs)
        return outputs

    def symbolic_output_shapes(self, inputs, kwargs, extra=()):
        """Output shapes for KerasTensor ``inputs``: compute_output_shape, else a trace of call."""
        if overrides_compute_output_shape(self) and not extra:
            try:
                return self.compute_output_shape(shape_structure(inputs))
            except NotImplementedError:
                pass
        return trace_output_shapes(self, inputs, kwargs, extra)

    def _as_input_tensor(self, x):
        tensor = convert_to_tensor(x) if not isinstance(x, Tensor) else x
        if self.autocast and tensor.dtype.kind == "f" and tensor.dtype != self.dtype:
            mask = tensor._keras_mask
            tensor = cast(tensor, self.dtype)
            tensor._keras_mask = mask
        return tensor

    def _accepted_call_arguments(self):
        cls = type(self)
        if cls.__dict__.get("_call_arguments") is None:
            parameters = inspect.signature(cls.call).parameters
            accepts_any = any(p.kind == p.VAR_KEYWORD for p in parameters.values())
            cls._call_arguments = (accepts_any or "training" in parameters,
                                   accepts_any or "mask" in parameters)
        return cls._call_arguments

    def _resolve_call_kwargs(self, kwargs, previous_mask):
        """Decide the training flag, and pass training/mask only to calls that declare them."""
        accepts_training, accepts_mask = self._accepted_call_arguments()
        explicit = kwargs.pop("training", None)
        training = explicit if explicit is not None else current_training()
        if accepts_training and training is not None:
            kwargs["training"] = training
        if accepts_mask and "mask" not in kwargs and previous_mask is not None:
            kwargs["mask"] = previous_mask
        if not accepts_mask:
            kwargs.pop("mask", None)
        return training, kwargs

    def _attach_masks(self, inputs, outputs, previous_mask):
        if previous_mask is None and type(self).compute_mask is Layer.compute_mask:
            return
        output_mask = self.compute_mask(inputs, previous_mask)
        flat_outputs = nest.flatten(outputs)
        masks = (output_mask if isinstance(output_mask, (list, tuple))
                 else [output_mask] * len(flat_outputs))
        for output, mask in zip(flat_outputs, masks):
            output._keras_mask = mask

    # ------------------------------------------------------------------ building

    def _maybe_build(self, input_shapes):
        if self.built:
            return
        self.build(input_shapes)
        self.built = True
        if self._build_shapes is None:
            self._build_shapes = input_shapes
        if self._initial_weights is not None:
            weights, self._initial_weights = self._initial_weights, None
            self.set_weights(weights)

    def get_build_config(self):
        """{'input_shape': ...}: what build was called with, so a loaded layer can rebuild."""
        if self._build_shapes is None:
            return None
        return {"input_shape": _shape_to_json(self._build_shapes)}

    def build_from_config(self, build_config):
        """Build from the output of get_build_config (used when loading)."""
        if build_config and not self.built:
            shapes = build_config.get("input_shape")
            if shapes is None and build_config.get("shapes_dict"):
                shapes = list(build_config["shapes_dict"].values())
                shapes = shapes[0] if len(shapes) == 1 else shapes
            if shapes is not None:
                self._maybe_build(_shape_from_json(shapes))

    # ------------------------------------------------------------------ weights

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
        dtype = _dtype_name(dtype or self.dtype)
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
            if isinstance(value, Layer) and value is not self:
                self._track_layer(value)
            elif isinstance(value, (list, tuple)) and value and \
                    all(isinstance(v, Layer) for v in value):
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
        arrays = [np.asarray(getattr(w, "value", w)) for w in weights]
        for param, array in zip(params, arrays):
            if tuple(param.shape) != array.shape:
                raise ValueError(
                    f"Layer {self.name} weight shape {tuple(param.shape)} is not compatible "
                    f"with provided weight shape {array.shape} (weight '{param.path}'). No "
                    f"weight was changed.")
        for param, array in zip(params, arrays):
            param.assign(array)

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

    # ------------------------------------------------------------------ losses

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

    # ------------------------------------------------------------------ configuration

    def get_config(self):
        """The constructor arguments as a JSON-ready dict; ``from_config`` reverses it."""
        base = {"name": self.name, "trainable": self.trainable,
                "dtype": dtype_policy_config(self.dtype)}
        if type(self).get_config is not Layer.get_config:
            return base
        if self._auto_config is None:
            raise NotImplementedError(
                f"Layer {type(self).__name__} has constructor arguments that cannot be saved "
                f"automatically. Define get_config(self) returning "
                f"{{**super().get_config(), 'arg': self.arg, ...}} for each __init__ argument.")
        return {**base, **{k: v for k, v in self._auto_config.items()
                           if k not in _BASE_CONFIG_KEYS}}

    @classmethod
    def from_config(cls, config):
        """A new layer from ``get_config()``'s dict."""
        config = dict(config)
        if isinstance(config.get("dtype"), dict):
            config["dtype"] = config["dtype"].get("config", {}).get("name")
        return cls(**config)

    # ------------------------------------------------------------------ graph properties

    def _node_attribute(self, attribute, node_index, what):
        if not self._inbound_nodes:
            raise AttributeError(
                f"Layer {self.name} has never been called on a symbolic input (Input(...)), so "
                f"it has no defined {what}. Build a model with it first.")
        if not -len(self._inbound_nodes) <= node_index < len(self._inbound_nodes):
            raise ValueError(
                f"Asked to get {what} at node {node_index}, but the layer has only "
                f"{len(self._inbound_nodes)} inbound nodes.")
        values = getattr(self._inbound_nodes[node_index], attribute)
        return values[0] if isinstance(values, list) and len(values) == 1 else values

    def _single_node_attribute(self, attribute, what, method):
        if len(self._inbound_nodes) > 1:
            values = [getattr(node, attribute) for node in self._inbound_nodes]
            if not (attribute.endswith("shapes") and all(v == values[0] for v in values)):
                raise AttributeError(
                    f"Layer {self.name} has multiple inbound nodes, hence the notion of "
                    f"\"layer {what}\" is ill-defined. Use `{method}(node_index)` instead.")
        return self._node_attribute(attribute, 0, what)

    @property
    def input(self):
        return self._single_node_attribute("input_tensors", "input", "get_input_at")

    @property
    def output(self):
        return self._single_node_attribute("output_tensors", "output", "get_output_at")

    @property
    def input_shape(self):
        return self._single_node_attribute("input_shapes", "input shape", "get_input_shape_at")

    @property
    def output_shape(self):
        return self._single_node_attribute("output_shapes", "output shape",
                                           "get_output_shape_at")

    def get_input_at(self, node_index):
        return self._node_attribute("input_tensors", node_index, "input")

    def get_output_at(self, node_index):
        return self._node_attribute("output_tensors", node_index, "output")

    def get_input_shape_at(self, node_index):
        return self._node_attribute("input_shapes", node_index, "input shape")

    def get_output_shape_at(self, node_index):
        return self._node_attribute("output_shapes", node_index, "output shape")

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


# ---------------------------------------------------------------------- helpers

def _tracked_build(build):
    """Wrap a subclass's build: mark the layer built, and undo half-made weights on failure."""
    @functools.wraps(build)
    def wrapper(self, *args, **kwargs):
        if self._building:
            return build(self, *args, **kwargs)
        counts = (len(self._trainable_variables), len(self._non_trainable_variables))
        self._building = True
        try:
            result = build(self, *args, **kwargs)
        except Exception:
            del self._trainable_variables[counts[0]:]
            del self._non_trainable_variables[counts[1]:]
            self.built = False
            raise
        finally:
            self._building = False
        self.built = True
        if self._build_shapes is None and args:
            self._build_shapes = args[0]
        return result
    return wrapper


def _capture_constructor_arguments(cls, args, kwargs):
    """The arguments a layer was created with, if they are plain JSON data (for get_config)."""
    try:
        bound = inspect.signature(cls.__init__).bind(None, *args, **kwargs)
    except TypeError:
        return None
    captured = {}
    for name, value in list(bound.arguments.items())[1:]:
        parameter = inspect.signature(cls.__init__).parameters[name]
        if parameter.kind == parameter.VAR_KEYWORD:
            captured.update(value)
        elif parameter.kind != parameter.VAR_POSITIONAL:
            captured[name] = value
    try:
        json.dumps(captured)
    except (TypeError, ValueError):
        return None
    return captured


def _dtype_name(dtype):
    if dtype is None:
        return config.floatx()
    if isinstance(dtype, dict):
        dtype = dtype.get("config", {}).get("name", config.floatx())
    return np.dtype(dtype).name


def _drop_unused_keras_options(class_name, kwargs):
    """Remove Keras 3's quantization and LoRA options from ``kwargs`` when they are off (as a
    file saved by Keras writes them); refuse them when on, since kerasedu has neither."""
    for key in _KERAS_ONLY_OPTIONS:
        if key in kwargs and kwargs[key] in (None, 0, False):
            del kwargs[key]
        elif key in kwargs:
            raise ValueError(
                f"{class_name}: kerasedu has no quantization or LoRA, so it cannot use "
                f"{key}={kwargs[key]!r}. Save the model from Keras without them.")


def dtype_policy_config(dtype):
    """A dtype as Keras 3 writes a layer's dtype policy in its config."""
    return {"module": "keras", "class_name": "DTypePolicy", "config": {"name": dtype},
            "registered_name": None}


def _batch_shape_from(arguments):
    if "batch_input_shape" in arguments:
        return tuple(arguments["batch_input_shape"])
    if "input_shape" in arguments:
        return (arguments.get("batch_size"),) + tuple(arguments["input_shape"])
    if "input_dim" in arguments:
        return (arguments.get("batch_size"), arguments["input_dim"])
    return None


def _as_output_tensor(x):
    return x if isinstance(x, Tensor) else convert_to_tensor(x)


def _collect_masks(inputs):
    masks = [getattr(t, "_keras_mask", None) for t in nest.flatten(inputs)]
    if all(m is None for m in masks):
        return None
    return masks[0] if not nest.is_nested(inputs) else masks


def _is_shape(value):
    return isinstance(value, (tuple, list)) and all(
        d is None or isinstance(d, (int, np.integer)) for d in value)


def _keras_tensors_for(shapes, dtype):
    if _is_shape(shapes):
        return KerasTensor(shapes, dtype=dtype)
    if isinstance(shapes, dict):
        return {k: _keras_tensors_for(v, dtype) for k, v in shapes.items()}
    return [_keras_tensors_for(s, dtype) for s in shapes]


def _shape_to_json(shapes):
    if _is_shape(shapes):
        return list(shapes)
    if isinstance(shapes, dict):
        return {k: _shape_to_json(v) for k, v in shapes.items()}
    return [_shape_to_json(s) for s in shapes]


def _shape_from_json(shapes):
    if _is_shape(shapes):
        return tuple(shapes)
    if isinstance(shapes, dict):
        return {k: _shape_from_json(v) for k, v in shapes.items()}
    return [_shape_from_json(s) for s in shapes]


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


def _unique(variables):
    seen, result = set(), []
    for v in variables:
        if id(v) not in seen:
            seen.add(id(v))
            result.append(v)
    return result
