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

from .. import dtype_policies, regularizers
from ..backend.ops import cast
from ..backend.quiet import quietly
from ..backend.tensor import Tensor, convert_to_tensor
from ..naming import default_name
from . import nest
from .call_inputs import convert_call_inputs
from .call_signature import (build_keywords, call_signature, fill_argument_masks,
                             split_call_arguments)
from .call_context import current_training, name_scope, training_scope
from .constructor_arguments import (batch_shape_from, capture_constructor_arguments,
                                    drop_unused_keras_options)
from .input_spec import check_input_compatibility
from .keras_tensor import KerasTensor
from .layer_dtypes import LayerDTypes
from .layer_state import LayerState
from .masking import attach_masks, attach_symbolic_masks, collect_masks, node_kwargs
from .node import Node, NodeAttributes
from .shape_inference import check_call_shape, trace_output_shapes
from .shapes import is_shape, map_shapes, shape_from_json, shape_structure, shape_to_json

_BASE_CONFIG_KEYS = ("name", "trainable", "dtype")
_KERAS2_SHAPE_ARGUMENTS = ("input_shape", "batch_input_shape", "input_dim", "batch_size")


class Layer(LayerState, LayerDTypes, NodeAttributes):
    """Base class of all layers. Subclass it and implement build, call and, ideally,
    compute_output_shape and get_config.

    Its weights, sublayers and losses are described in
    :mod:`~kerasedu.layer_machinery.layer_state`, its dtypes in
    :mod:`~kerasedu.layer_machinery.layer_dtypes`; ``input``, ``output`` and their shapes in
    :class:`~kerasedu.layer_machinery.node.NodeAttributes`.
    """

    _check_output_shapes = True
    _is_model = False

    def __new__(cls, *args, **kwargs):
        layer = super().__new__(cls)
        object.__setattr__(layer, "_tracking_ready", False)
        layer._init_state()
        layer._inbound_nodes = []
        layer._outbound_nodes = []
        layer._checked_call_shapes = set()   # (input shape, output shape) pairs call has passed
        layer._build_shapes = None
        layer._building = False
        layer.built = False
        layer._auto_config = capture_constructor_arguments(cls, args, kwargs)
        return layer

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "build" in cls.__dict__:
            cls.build = _tracked_build(cls.__dict__["build"])
        cls._call_signature = None     # read again for this class (call_signature)

    def __init__(self, *, activity_regularizer=None, trainable=True, dtype=None, autocast=True,
                 name=None, **kwargs):
        shape_arguments = {k: kwargs.pop(k) for k in _KERAS2_SHAPE_ARGUMENTS if k in kwargs}
        initial_weights = kwargs.pop("weights", None)
        drop_unused_keras_options(type(self).__name__, kwargs)
        if kwargs:
            raise ValueError(
                f"Unrecognized keyword arguments passed to {type(self).__name__}: {kwargs}. "
                f"Check the spelling, and the layer's documentation for the arguments it takes.")
        if name is not None and (not isinstance(name, str) or "/" in name):
            raise ValueError(
                f"Layer names must be strings without '/', received name={name!r}.")
        self.name = name or default_name(self)
        self.trainable = trainable
        self.dtype_policy = dtype
        self.autocast = autocast
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.input_spec = None
        self._batch_input_shape = batch_shape_from(shape_arguments)
        self._initial_weights = initial_weights

    # ------------------------------------------------------------------ the four methods

    def build(self, input_shape):
        """Create the layer's weights for inputs of ``input_shape`` (the batch axis is None).

        Layers without weights need not override it. Called once, before the first call.
        """
        self.built = True

    def _build_at_init(self):
        """Mark a layer that has no state built at once (a stateless layer's ``__init__`` ends
        with it, as in Keras 3), unless its class has a build of its own."""
        if type(self).build is Layer.build:
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
        """The mask of the outputs (see :mod:`~kerasedu.layer_machinery.masking`): the input's
        mask, passed on unchanged; override it to change or make masks."""
        return mask

    @property
    def supports_masking(self):
        """Whether the layer passes a mask on (through compute_mask): True when it overrides
        compute_mask, or when set to True."""
        explicit = self.__dict__.get("_supports_masking")
        return _overrides_compute_mask(type(self)) if explicit is None else explicit

    @supports_masking.setter
    def supports_masking(self, value):
        self.__dict__["_supports_masking"] = bool(value)

    # ------------------------------------------------------------------ calling

    @quietly
    def __call__(self, *args, **kwargs):
        inputs, extra, kwargs = split_call_arguments(self, args, kwargs)
        with name_scope(self):
            if any(isinstance(x, KerasTensor) for x in nest.flatten(inputs)):
                return self._symbolic_call(inputs, extra, kwargs)
            return self._eager_call(inputs, extra, kwargs)

    def _eager_call(self, inputs, extra, kwargs):
        inputs = nest.map_structure(self._as_input_tensor, convert_call_inputs(self, inputs))
        input_shapes = shape_structure(inputs)
        self._build_for_call(input_shapes, inputs, extra, kwargs)
        check_input_compatibility(self, self.input_spec,
                                  [t.shape for t in nest.flatten(inputs) if t is not None])
        explicit_mask = kwargs.get("mask")     # a mask given to the call wins over the inputs'
        previous_mask = explicit_mask if explicit_mask is not None else collect_masks(inputs)
        training, kwargs = self._resolve_call_kwargs(kwargs, previous_mask, inputs, extra)
        if self._call_losses:
            self._call_losses = []
        with training_scope(training):
            outputs = self.call(inputs, *extra, **kwargs)
        outputs = nest.map_structure(_as_output_tensor, outputs)
        if self._check_output_shapes and not extra:
            self._check_call_shape(input_shapes, outputs)
        if self.activity_regularizer is not None:
            for output in nest.flatten(outputs):
                batch = max(output.shape[0], 1) if output.ndim else 1
                self.add_loss(self.activity_regularizer(output) / batch)
        attach_masks(self, inputs, outputs, previous_mask)
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
        self._build_for_call(input_shapes, inputs, extra, kwargs)
        check_input_compatibility(self, self.input_spec,
                                  [t.shape for t in nest.flatten(inputs) if t is not None])
        explicit_mask = kwargs.get("mask")
        previous_mask = explicit_mask if explicit_mask is not None else collect_masks(inputs)
        training, call_kwargs = self._resolve_call_kwargs(dict(kwargs), previous_mask, inputs,
                                                          extra)
        with training_scope(training):
            output_shapes = self.symbolic_output_shapes(inputs, call_kwargs, extra)
        dtype = getattr(self, "output_dtype", self.compute_dtype)   # int outputs of a float layer
        outputs = map_shapes(lambda shape: KerasTensor(shape, dtype=dtype),
                             output_shapes)
        Node(self, inputs, outputs, node_kwargs(self, inputs, extra, kwargs, call_kwargs), extra)
        attach_symbolic_masks(self, inputs, outputs, previous_mask)
        return outputs

    def symbolic_output_shapes(self, inputs, kwargs, extra=()):
        """Output shapes for KerasTensor ``inputs``: compute_output_shape, else a trace of call."""
        if overrides_compute_output_shape(self) and not extra:
            try:
                return self.compute_output_shape(shape_structure(inputs))
            except NotImplementedError:
                pass
        return trace_output_shapes(self, inputs, kwargs, extra)

    def compute_output_spec(self, *args, **kwargs):
        """KerasTensors with the outputs' shapes and dtype for the inputs ``args`` (KerasTensors
        or arrays), found without computing values: from compute_output_shape, else a trace of
        call. Its structure is compute_output_shape's (a tuple of shapes gives a tuple)."""
        shapes = self.symbolic_output_shapes(args[0], kwargs, tuple(args[1:]))
        return _specs(shapes, getattr(self, "output_dtype", self.compute_dtype))

    def _as_input_tensor(self, x):
        tensor = convert_to_tensor(x) if not isinstance(x, Tensor) else x
        if self.autocast and tensor.dtype.kind == "f" and tensor.dtype != self.compute_dtype:
            mask = tensor._keras_mask
            tensor = cast(tensor, self.compute_dtype)
            tensor._keras_mask = mask
        return tensor

    def _accepted_call_arguments(self):
        """(whether call takes ``training``, whether it takes ``mask``)."""
        signature = call_signature(self)
        return signature.accepts_training, signature.accepts_mask

    def _resolve_call_kwargs(self, kwargs, previous_mask, inputs=None, extra=()):
        """Decide the training flag, pass training/mask only to calls that declare them, and
        the masks of several tensor arguments as ``<argument>_mask`` (call_signature)."""
        accepts_training, accepts_mask = self._accepted_call_arguments()
        kwargs = fill_argument_masks(self, inputs, extra, kwargs)
        explicit = kwargs.pop("training", None)
        training = explicit if explicit is not None else current_training()
        if accepts_training and training is not None:
            kwargs["training"] = training
        if accepts_mask and "mask" not in kwargs and previous_mask is not None:
            kwargs["mask"] = previous_mask
        if not accepts_mask:
            kwargs.pop("mask", None)
        return training, kwargs

    # ------------------------------------------------------------------ building

    def _build_for_call(self, input_shapes, inputs, extra, kwargs):
        """Build before the first call, with the shapes of the call's arguments."""
        if not self.built:
            self._maybe_build(input_shapes, build_keywords(self, inputs, extra, kwargs))

    def _maybe_build(self, input_shapes, shapes_by_name=None):
        """Build once: ``build(input_shapes)``, or ``build(**shapes_by_name)`` for a build
        that takes each tensor argument's shape by name (call_signature.build_keywords)."""
        if self.built:
            return
        if shapes_by_name is None:
            self.build(input_shapes)
        else:
            self.build(**shapes_by_name)
        self.built = True
        if self._build_shapes is None:
            self._build_shapes = input_shapes if shapes_by_name is None else shapes_by_name
        if self._initial_weights is not None:
            weights, self._initial_weights = self._initial_weights, None
            self.set_weights(weights)

    def get_build_config(self):
        """{'input_shape': ...}: what build was called with, so a loaded layer can rebuild."""
        if self._build_shapes is None:
            return None
        if isinstance(self._build_shapes, dict):
            return {"shapes_dict": {k: shape_to_json(v) for k, v in self._build_shapes.items()}}
        return {"input_shape": shape_to_json(self._build_shapes)}

    def build_from_config(self, build_config):
        """Build from the output of get_build_config (used when loading)."""
        if build_config and not self.built:
            shapes = build_config.get("input_shape")
            by_name = build_config.get("shapes_dict")
            if shapes is None and by_name and len(call_signature(self).build_names) > 1:
                return self._maybe_build(None, {k: shape_from_json(v) for k, v in by_name.items()})
            if shapes is None and by_name:
                shapes = list(build_config["shapes_dict"].values())
                shapes = shapes[0] if len(shapes) == 1 else shapes
            if shapes is not None:
                self._maybe_build(shape_from_json(shapes))

    # ------------------------------------------------------------------ configuration

    def get_config(self):
        """The constructor arguments as a JSON-ready dict; ``from_config`` reverses it."""
        base = {"name": self.name, "trainable": self.trainable,
                "dtype": dtype_policies.serialize(self.dtype_policy)}
        if self.activity_regularizer is not None:
            base["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
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
            config["dtype"] = dtype_policies.get(config["dtype"]).name
        return cls(**config)

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
            with name_scope(self):
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


def _specs(shapes, dtype):
    if is_shape(shapes):
        return KerasTensor(shapes, dtype=dtype)
    if isinstance(shapes, dict):
        return {key: _specs(value, dtype) for key, value in shapes.items()}
    return type(shapes)(_specs(value, dtype) for value in shapes)


def _as_output_tensor(x):
    return x if isinstance(x, Tensor) else convert_to_tensor(x)


def _overrides_compute_mask(cls):
    return cls.compute_mask is not Layer.compute_mask


def overrides_compute_output_shape(layer):
    """True when ``layer`` (or a layer class) defines its own compute_output_shape."""
    cls = layer if isinstance(layer, type) else type(layer)
    return cls.compute_output_shape is not Layer.compute_output_shape
