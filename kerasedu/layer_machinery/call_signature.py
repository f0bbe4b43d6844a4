"""What a layer's ``call`` declares, and the arguments ``layer(...)`` fills in for it.

Keras reads the signature of ``call`` to decide three things, and so does kerasedu:

* **Which argument holds the inputs**: the first, given by position or by its own name, so
  ``attention(query=q, value=v)`` is ``attention(q, value=v)``.
* **Whether to pass** ``training`` **and** ``mask``: only to a call that declares them (or
  takes ``**kwargs``). ``mask`` is the mask riding on the inputs.
* **How to call** ``build``: a build with one argument gets the inputs' shape, whatever its
  name; a build with more gets each tensor argument ``x``'s shape as ``x_shape``
  (``build(self, query_shape, value_shape)``), and every one of its arguments must be named so.
* **The masks of several tensor arguments**: a call that receives two or more tensors gets the
  mask riding on each argument ``x`` as ``x_mask``, when it declares that parameter and the
  caller did not give it::

      def call(self, query, value, query_mask=None, value_mask=None): ...
      layer(embedded_query, embedded_value)   # query_mask, value_mask: their Embedding masks

The signature is read once per class.
"""

import inspect

import numpy as np

from ..backend.tensor import Tensor
from . import nest
from .keras_tensor import KerasTensor


class CallSignature:
    """The parameters of a layer class's ``call`` (and ``build``) that ``layer(...)`` cares
    about."""

    def __init__(self, cls):
        call = cls.call
        parameters = list(inspect.signature(call).parameters.values())[1:]    # after self
        accepts_any = any(p.kind == p.VAR_KEYWORD for p in parameters)
        self.names = _parameter_names(call)
        self.build_names = _parameter_names(cls.build)
        positional = [p.name for p in parameters
                      if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        self.inputs_name = positional[0] if positional else "inputs"
        self.accepts_training = accepts_any or "training" in self.names
        self.accepts_mask = accepts_any or "mask" in self.names
        self.positional = positional
        self.masked = {name: f"{name}_mask" for name in self.names
                       if f"{name}_mask" in self.names}


def call_signature(layer):
    """The :class:`CallSignature` of ``type(layer)``, read on first use."""
    cls = type(layer)
    signature = cls.__dict__.get("_call_signature")
    if signature is None:
        signature = CallSignature(cls)
        cls._call_signature = signature
    return signature


def split_call_arguments(layer, args, kwargs):
    """(inputs, further positional arguments, keyword arguments) of ``layer(*args,
    **kwargs)``: the inputs are the first positional argument, or the keyword argument named
    like call's first parameter (``inputs`` for a call that takes ``*args``)."""
    if args:
        return args[0], tuple(args[1:]), kwargs
    name = call_signature(layer).inputs_name
    for key in (name, "inputs"):
        if key in kwargs:
            kwargs = dict(kwargs)
            return kwargs.pop(key), (), kwargs
    raise ValueError(
        f"Layer '{layer.name}' ({type(layer).__name__}) was called without inputs: give them "
        f"as the first argument, layer(x), or by the name of call's first parameter, "
        f"layer({name}=x).")


def fill_argument_masks(layer, inputs, extra, kwargs):
    """``kwargs`` with ``x_mask`` set to the mask riding on each tensor argument ``x`` whose
    mask call declares, when call receives two or more tensors (see the module docstring)."""
    signature = call_signature(layer)
    if not signature.masked:
        return kwargs
    tensors = _tensor_arguments(layer, inputs, extra, kwargs)
    if len(tensors) < 2:
        return kwargs
    for name, mask_name in signature.masked.items():
        if name in tensors and kwargs.get(mask_name) is None:
            masks = nest.map_structure(lambda t: getattr(t, "_keras_mask", None),
                                       tensors[name])
            if any(m is not None for m in nest.flatten(masks)):
                kwargs[mask_name] = masks          # in the argument's own structure
    return kwargs


def build_keywords(layer, inputs, extra, kwargs):
    """The keyword arguments for ``layer.build(**...)`` when build takes several shapes, each
    ``<argument>_shape`` of call's tensor argument of that name; None when build takes one
    (it is given the inputs' shape). Raises Keras's errors for a build argument without the
    ``_shape`` suffix, or naming no argument of call."""
    signature = call_signature(layer)
    build_names = signature.build_names
    if len(build_names) <= 1:
        return None
    names = signature.names
    shapes = {f"{k}_shape": nest.map_structure(_shape_of, v)
              for k, v in _tensor_arguments(layer, inputs, extra, kwargs).items()
              if k != "mask"}
    keywords = {}
    for name in build_names:
        preamble = (f"For a `build()` method with more than one argument, all arguments "
                    f"should have a `_shape` suffix and match an argument from `call()`. E.g. "
                    f"`build(self, foo_shape, bar_shape)`. For layer '{type(layer).__name__}', "
                    f"received `build()` argument `{name}`")
        if not name.endswith("_shape"):
            raise ValueError(f"{preamble}, which does not end in `_shape`.")
        if name.removesuffix("_shape") not in names:
            raise ValueError(f"{preamble}, but `call()` does not have argument "
                             f"`{name.removesuffix('_shape')}`.")
        if name in shapes:
            keywords[name] = shapes[name]
    return keywords


def _parameter_names(function):
    parameters = list(inspect.signature(function).parameters.values())[1:]
    return [p.name for p in parameters
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]


def _tensor_arguments(layer, inputs, extra, kwargs):
    """{name: value} of call's arguments that hold tensors (or arrays), by parameter name."""
    signature = call_signature(layer)
    bound = dict(zip(signature.positional, (inputs, *extra)))
    bound.update((k, v) for k, v in kwargs.items() if k in signature.names)
    return {k: v for k, v in bound.items() if _holds_tensors(v)}


def _shape_of(x):
    return tuple(x.shape) if isinstance(x, (Tensor, KerasTensor, np.ndarray)) else x


def _holds_tensors(value):
    return any(isinstance(x, (Tensor, KerasTensor, np.ndarray)) for x in nest.flatten(value))
