"""The Loss class: a per-sample loss function plus a reduction to one number.

    loss = SomeLoss(reduction="sum_over_batch_size")
    value = loss(y_true, y_pred, sample_weight=None)    # a scalar Tensor (unless "none")

``call(y_true, y_pred)`` returns one loss per sample (per timestep for sequences);
``__call__`` converts the inputs to the loss's dtype, applies sample weights and any mask on
``y_pred``, and reduces (see :mod:`kerasedu.losses.reduction`). Everything is written in
differentiable backend ops, so a training loop can differentiate the result.

A new loss subclasses Loss and overrides ``call``; a plain function becomes a Loss through
``LossFunctionWrapper(fn, **fn_kwargs)``.
"""

import numpy as np

from ..backend.config import floatx
from ..backend.recording import is_differentiating
from ..backend.tensor import GradientDroppedError, Tensor, convert_to_tensor, numeric_array
from ..backend.quiet import quietly
from ..naming import default_name
from ..serialization import deserialize_keras_object, serialize_keras_object
from .reduction import reduce_weighted_values, standardize_reduction
from .shapes import as_float_tensor, squeeze_or_expand_to_same_rank


# Loss functions by name, for rebuilding a LossFunctionWrapper from its config. The table of
# kerasedu.losses (losses/lookup.py) registers its functions here; a function of your own is
# found through custom_objects or @register_serializable().
_KNOWN_FUNCTIONS = {}


def register_loss_functions(functions):
    """Make the functions in ``functions`` ({name: function}) loadable as a wrapper's ``fn``."""
    _KNOWN_FUNCTIONS.update(functions)


def _combine_masks(first, second):
    if first is None:
        return second
    if second is None:
        return first
    return np.logical_and(np.asarray(first, bool), np.asarray(second, bool))


def _as_tensor_of_losses(loss, values, y_pred):
    """What ``call`` returned, as a Tensor. A Python number or numpy array made while a gradient
    is being taken has lost the gradient of ``y_pred``: training would change nothing."""
    if isinstance(values, Tensor):
        return values
    if is_differentiating() and y_pred._tracks_gradient:
        raise GradientDroppedError(
            f"Loss '{loss.name}' returned {_kind(values)} instead of a Tensor computed from "
            f"y_pred, so no gradient can flow back to the model's weights and training would "
            f"change nothing. Compute the loss with kerasedu.ops (or Tensor arithmetic) on "
            f"y_true and y_pred, e.g. ops.mean(ops.square(y_true - y_pred), axis=-1), and "
            f"return that Tensor.")
    return convert_to_tensor(values)


def _kind(values):
    if isinstance(values, np.ndarray):
        return f"a numpy array (shape {values.shape})"
    return f"a {type(values).__name__} ({values!r})"


class Loss:
    """Base class of losses.

    Args:
        name: shown in logs; defaults to the snake_case class name, numbered when reused.
        reduction: "sum_over_batch_size" (default), "sum", "mean", "mean_with_sample_weight",
            "none" or None.
        dtype: the float type of the computation (floatx() when None).
    """

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        self.name = name or default_name(self)
        self.reduction = standardize_reduction(reduction)
        self.dtype = str(dtype or floatx())

    @quietly
    def __call__(self, y_true, y_pred, sample_weight=None):
        """The reduced, weighted loss of ``y_pred`` against ``y_true`` as a Tensor."""
        input_mask = getattr(y_pred, "_keras_mask", None)
        for name, values in (("y_true, the targets", y_true), ("y_pred", y_pred)):
            if not isinstance(values, Tensor) and getattr(values, "dtype", np.dtype("O")).kind \
                    not in "biuf":                 # strings, None, ragged lists: by name
                numeric_array(values, f"loss '{self.name}' ({name})")
        y_pred = as_float_tensor(y_pred, self.dtype)
        y_true = as_float_tensor(y_true, self.dtype)
        losses = _as_tensor_of_losses(self, self.call(y_true, y_pred), y_pred)
        mask = _combine_masks(input_mask, getattr(losses, "_keras_mask", None))
        return reduce_weighted_values(losses, sample_weight=sample_weight, mask=mask,
                                      reduction=self.reduction, loss_name=self.name)

    def call(self, y_true, y_pred):
        """Per-sample losses (a Tensor); subclasses override this."""
        raise NotImplementedError(
            f"Loss '{type(self).__name__}' must override call(self, y_true, y_pred) to return "
            f"one loss value per sample.")

    def get_config(self):
        """The constructor arguments: name and reduction (subclasses add their own)."""
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config):
        """A new loss from ``get_config()``'s output."""
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name!r} reduction={self.reduction!r}>"


class LossFunctionWrapper(Loss):
    """A Loss around a function ``fn(y_true, y_pred, **kwargs)`` that returns per-sample losses.

        LossFunctionWrapper(my_loss, name="my_loss", scale=2.0)

    Before calling ``fn``, a trailing size-1 axis that only one of y_true and y_pred has is
    reconciled (see :func:`~kerasedu.losses.shapes.squeeze_or_expand_to_same_rank`).
    """

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None, **kwargs):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        config = super().get_config()
        if type(self) is LossFunctionWrapper:
            config["fn"] = serialize_keras_object(self.fn)
        config.update(serialize_keras_object(self._fn_kwargs))
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if "fn" in config:
            config["fn"] = deserialize_keras_object(config["fn"], module_objects=_KNOWN_FUNCTIONS,
                                                    printable_module_name="loss function")
        return cls(**config)

    def __repr__(self):
        function = getattr(self.fn, "__name__", repr(self.fn))
        return f"<{type(self).__name__}({function}, kwargs={self._fn_kwargs}) name={self.name!r}>"
