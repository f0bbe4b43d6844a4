"""Activation functions: elementwise (or per-axis) nonlinearities that layers apply to outputs.

Each takes a Tensor, numpy array or list ``x`` and returns a Tensor of the same shape and float
dtype, built from backend ops, so gradients flow through it (``linear`` returns x itself, and
``glu`` halves ``axis``). ``softmax``, ``log_softmax``, ``glu`` and ``sparsemax`` work along
``axis``; everything else acts on each value alone.

    relu(x)        = max(x, 0)            (options: negative_slope, max_value, threshold)
    leaky_relu(x)  = x if x > 0 else negative_slope · x
    elu(x)         = x if x > 0 else alpha · (eˣ − 1)
    selu(x)        = scale · elu(x, alpha)     (alpha ≈ 1.6733, scale ≈ 1.0507)
    sigmoid(x)     = 1 / (1 + e⁻ˣ)            hard_sigmoid(x) = clip(x/6 + 1/2, 0, 1)
    softplus(x)    = log(1 + eˣ)              softsign(x)     = x / (1 + |x|)
    silu(x)        = x · sigmoid(x)           hard_silu(x)    = x · hard_sigmoid(x)
    gelu(x)        = x · Φ(x) = ½x(1 + erf(x/√2))
                     (approximate=True: ½x(1 + tanh(√(2/π)(x + 0.044715x³))))
    mish(x)        = x · tanh(softplus(x))
    softmax(x)     = eˣ / Σ eˣ along axis     log_softmax(x) = x − log Σ eˣ

``get(identifier)`` turns what a layer receives (None, a name, a function, a config dict) into a
function: ``get(None)`` is ``linear`` and names are case-sensitive, as in Keras.
"""

import difflib

import numpy as np

from .backend import ops
from .backend.tensor import convert_to_tensor
from .serialization import (deserialize_keras_object, get_registered_name,
                            serialize_keras_object)


# Rectifiers.

def relu(x, negative_slope=0.0, max_value=None, threshold=0.0, *, alpha=None):
    """Rectified linear unit: x above ``threshold`` (capped at ``max_value``), else
    negative_slope · (x − threshold). With the defaults, max(x, 0).

    ``alpha`` is Keras 2's name for ``negative_slope``.
    """
    if alpha is not None:
        negative_slope = alpha
    x = convert_to_tensor(x)
    if negative_slope != 0 and max_value is None and threshold == 0:
        return ops.leaky_relu(x, negative_slope=negative_slope)
    if threshold != 0:
        result = ops.where(x.value > threshold, x, 0.0)
    else:
        result = ops.relu(x)
    if max_value is not None:
        result = ops.clip(result, 0.0, max_value)
    if negative_slope != 0:
        below = ops.relu(ops.subtract(threshold, x))
        result = ops.subtract(result, ops.multiply(below, negative_slope))
    return result


def leaky_relu(x, negative_slope=0.2):
    """x for x > 0, negative_slope · x otherwise."""
    return ops.leaky_relu(x, negative_slope=negative_slope)


def relu6(x):
    """min(max(x, 0), 6)."""
    return ops.relu6(x)


def elu(x, alpha=1.0):
    """x for x > 0, alpha · (eˣ − 1) otherwise."""
    return ops.elu(x, alpha=alpha)


def selu(x):
    """scale · elu(x, alpha), with alpha ≈ 1.67326 and scale ≈ 1.05070 (self-normalizing)."""
    return ops.selu(x)


def celu(x, alpha=1.0):
    """max(x, 0) + alpha · (e^(min(x, 0)/alpha) − 1): an elu that is smooth at 0."""
    negative = ops.divide(ops.minimum(x, 0.0), alpha)
    return ops.add(ops.maximum(x, 0.0), ops.multiply(ops.expm1(negative), alpha))


# Smooth squashing and gating functions.

def sigmoid(x):
    """1 / (1 + e⁻ˣ), in (0, 1)."""
    return ops.sigmoid(x)


def hard_sigmoid(x):
    """clip(x/6 + 1/2, 0, 1): 0 below −3, 1 above 3, linear in between (Keras 3's slope)."""
    return ops.hard_sigmoid(x)


def log_sigmoid(x):
    """log(sigmoid(x)) = −softplus(−x)."""
    return ops.negative(ops.softplus(ops.negative(x)))


def tanh(x):
    """(eˣ − e⁻ˣ) / (eˣ + e⁻ˣ), in (−1, 1)."""
    return ops.tanh(x)


def hard_tanh(x):
    """clip(x, −1, 1)."""
    return ops.clip(x, -1.0, 1.0)


def softplus(x):
    """log(1 + eˣ), a smooth relu."""
    return ops.softplus(x)


def softsign(x):
    """x / (1 + |x|)."""
    return ops.softsign(x)


def silu(x):
    """x · sigmoid(x), also called swish."""
    return ops.silu(x)


swish = silu


def hard_silu(x):
    """x · hard_sigmoid(x), also called hard swish."""
    return ops.hard_silu(x)


hard_swish = hard_silu


def gelu(x, approximate=False):
    """Gaussian error linear unit x · Φ(x) = ½x(1 + erf(x/√2)); with ``approximate=True``
    ½x(1 + tanh(√(2/π)(x + 0.044715x³)))."""
    return ops.gelu(x, approximate=approximate)


def mish(x):
    """x · tanh(softplus(x))."""
    return ops.multiply(x, ops.tanh(ops.softplus(x)))


def squareplus(x, b=4):
    """(x + √(x² + b)) / 2, a smooth relu without exponentials."""
    return ops.multiply(ops.add(x, ops.sqrt(ops.add(ops.square(x), b))), 0.5)


def glu(x, axis=-1):
    """Gated linear unit: split x in two halves a, b along ``axis``; a · sigmoid(b)."""
    x = convert_to_tensor(x)
    if x.shape[axis] % 2:
        raise ValueError(
            f"glu splits axis {axis} in two equal halves, so its size must be even. "
            f"Received an input of shape {x.shape}.")
    values, gates = ops.split(x, 2, axis=axis)
    return ops.multiply(values, ops.sigmoid(gates))


# Shrinkage and thresholds.

def tanh_shrink(x):
    """x − tanh(x)."""
    return ops.subtract(x, ops.tanh(x))


def hard_shrink(x, threshold=0.5):
    """x where |x| > threshold, else 0."""
    x = convert_to_tensor(x)
    return ops.where(np.abs(x.value) > threshold, x, 0.0)


def soft_shrink(x, threshold=0.5):
    """x − threshold above threshold, x + threshold below −threshold, 0 in between."""
    x = convert_to_tensor(x)
    shrunk = ops.where(x.value > 0, ops.subtract(x, threshold), ops.add(x, threshold))
    return ops.where(np.abs(x.value) > threshold, shrunk, 0.0)


def threshold(x, threshold, default_value):
    """x where x > threshold, else ``default_value``."""
    x = convert_to_tensor(x)
    return ops.where(x.value > threshold, x, default_value)


def sparse_plus(x):
    """0 for x ≤ −1, (x + 1)²/4 for −1 < x < 1, x for x ≥ 1."""
    x = convert_to_tensor(x)
    middle = ops.multiply(ops.square(ops.add(x, 1.0)), 0.25)
    return ops.where(x.value <= -1, 0.0, ops.where(x.value >= 1, x, middle))


def sparse_sigmoid(x):
    """clip((x + 1)/2, 0, 1)."""
    return ops.clip(ops.multiply(ops.add(x, 1.0), 0.5), 0.0, 1.0)


# Identity and exponential.

def linear(x):
    """x unchanged (the activation of a layer with ``activation=None``)."""
    return x


def exponential(x):
    """eˣ."""
    return ops.exp(x)


# Normalizing along an axis.

def softmax(x, axis=-1):
    """eˣ / Σ eˣ along ``axis``: non-negative values summing to 1 (a probability vector)."""
    return ops.softmax(x, axis=axis)


def log_softmax(x, axis=-1):
    """x − log Σ eˣ along ``axis``: the logarithm of softmax, computed stably."""
    return ops.log_softmax(x, axis=axis)


def sparsemax(x, axis=-1):
    """max(x − τ, 0) along ``axis``, with τ chosen so that the values sum to 1.

    τ = (Σ_{i∈S} xᵢ − 1) / |S| over the support S of values that stay positive, so unlike
    softmax, sparsemax gives exact zeros.
    """
    x = convert_to_tensor(x)
    value = np.moveaxis(np.asarray(x.value, dtype=np.float64), axis, -1)
    ordered = -np.sort(-value, axis=-1)
    ranks = np.arange(1, value.shape[-1] + 1)
    in_support = 1 + ranks * ordered > np.cumsum(ordered, axis=-1)
    support_size = in_support.sum(axis=-1, keepdims=True)
    cutoff = np.take_along_axis(ordered, support_size - 1, axis=-1)
    support = np.moveaxis(value >= cutoff, -1, axis)
    count = np.moveaxis(support_size, -1, axis).astype(x.dtype)
    support_sum = ops.sum(ops.where(support, x, 0.0), axis=axis, keepdims=True)
    tau = ops.divide(ops.subtract(support_sum, 1.0), count)
    return ops.relu(ops.subtract(x, tau))


_BUILT_INS = [relu, leaky_relu, relu6, elu, selu, celu, sigmoid, hard_sigmoid, log_sigmoid,
              tanh, hard_tanh, softplus, softsign, silu, hard_silu, gelu, mish, squareplus,
              glu, tanh_shrink, hard_shrink, soft_shrink, threshold, sparse_plus,
              sparse_sigmoid, linear, exponential, softmax, log_softmax, sparsemax]
ALL_OBJECTS_DICT = {fn.__name__: fn for fn in _BUILT_INS}
ALL_OBJECTS_DICT.update(swish=silu, hard_swish=hard_silu)


def serialize(activation):
    """The name of an activation function: ``serialize(relu) == "relu"``.

    Built-ins give their own name (``swish`` gives ``"silu"``), functions registered with
    ``register_serializable`` give ``"package>name"``, other functions their ``__name__``
    (reload them with ``custom_objects``), and callable objects their config dict.
    """
    if getattr(activation, "__name__", None) == "<lambda>":
        raise ValueError(
            "Cannot serialize a lambda activation: it has no name to save. Define it with "
            "`def`, and decorate it with @kerasedu.saving.register_serializable() so that it "
            "can be loaded again.")
    if callable(activation) and hasattr(activation, "__name__"):
        return get_registered_name(activation)
    if hasattr(activation, "get_config"):
        return serialize_keras_object(activation)
    raise ValueError(
        f"Cannot serialize activation {activation!r}: expected a function such as "
        f"kerasedu.activations.relu, or a callable object with get_config().")


def deserialize(config, custom_objects=None):
    """The activation function called ``config`` (a name, or a config dict)."""
    if isinstance(config, dict) and config.get("class_name") == "function":
        config = config["config"]
    return deserialize_keras_object(config, module_objects=ALL_OBJECTS_DICT,
                                    custom_objects=custom_objects,
                                    printable_module_name="activation function")


def get(identifier):
    """The activation function for ``identifier``.

    None -> ``linear``; a name such as "relu" -> that function; a function or callable
    object -> itself; a config dict -> the deserialized object.
    """
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        try:
            found = deserialize(identifier)
        except ValueError:
            raise ValueError(_unknown_name_message(identifier)) from None
    elif isinstance(identifier, dict):
        found = deserialize(identifier)
    else:
        found = identifier
    if callable(found):
        return found
    raise ValueError(
        f"Could not interpret activation function identifier: {identifier!r}. Expected None, "
        f"a name such as 'relu', a function, or a config dict.")


def _unknown_name_message(name):
    close = difflib.get_close_matches(name.lower(), ALL_OBJECTS_DICT, n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    return (f"Unknown activation function: {name!r}.{hint} Valid names: "
            f"{', '.join(sorted(ALL_OBJECTS_DICT))}.")
