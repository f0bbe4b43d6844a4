"""EinsumDense: a dense layer whose product is written as an einsum equation.

    output = activation(einsum(equation, inputs, kernel) + bias)

The equation names the axes of the input, the kernel and the output, as in ``ops.einsum``:

    "ab,bc->ac"        Dense: (batch, 32) -> (batch, 64), kernel (32, 64)
    "abc,cde->abde"    one projection per attention head: (B, T, 32) -> (B, T, heads, 8),
                       kernel (32, heads, 8)
    "...b,bc->...c"    "..." stands for any leading axes, which pass through unchanged
    "ab...,bc->ac..."  or for trailing ones

Shapes. ``output_shape`` gives the output's sizes without the batch axis (the first letter of
an equation without a leading "...") and without the axes "..." stands for; ``None`` takes the
size from the input. Each kernel letter takes its size from the output when the output has the
letter, else from the input (a letter the kernel shares with neither is an error).

``bias_axes`` names the output letters that get a bias; the bias spans the output's axes from
the first of them to the end, with size 1 on the others, so that it broadcasts:
"abde" with bias_axes="d" gives a bias of shape (heads, 1).

The kernel's default initializer (Glorot uniform) computes its fans over the kernel axes that
meet the input (fan in) and those that make the output (fan out), as Keras does.
"""

import copy
import re

from ... import activations, initializers
from ...backend import ops
from ...layer_machinery.input_spec import InputSpec
from ...layer_machinery.layer import Layer
from ...serialization import serialize_keras_object
from ..weight_options import add_configured_weight, set_weight_options

_LETTERS = "([a-zA-Z]+)"
_FORMS = (  # (where "..." is, the equation's pattern)
    (None, re.compile(f"{_LETTERS},{_LETTERS}->{_LETTERS}")),
    ("left", re.compile(rf"\.\.\.{_LETTERS},{_LETTERS}->\.\.\.{_LETTERS}")),
    ("right", re.compile(rf"([a-zA-Z]{{2,}})\.\.\.,{_LETTERS}->{_LETTERS}\.\.\.")),
)


def _split_equation(equation):
    """(input letters, kernel letters, output letters, where "..." is: None/'left'/'right')."""
    cleaned = equation.replace(" ", "") if isinstance(equation, str) else None
    for ellipsis, pattern in _FORMS:
        found = cleaned is not None and pattern.fullmatch(cleaned)
        if found:
            return (*found.groups(), ellipsis)
    raise ValueError(
        f"Invalid einsum equation {equation!r}. Equations must be in the form "
        "[X],[Y]->[Z], ...[X],[Y]->...[Z] or [X]...,[Y]->[Z]..., for example 'ab,bc->ac'.")


def _analyze_einsum_string(equation, bias_axes, input_shape, output_shape):
    """(kernel shape, bias shape or None, full output shape, kernel input axes, kernel
    output axes) for ``equation`` applied to ``input_shape``, where ``output_shape`` is the
    layer's partial output shape (see the module docstring)."""
    input_spec, kernel_spec, output_spec, ellipsis = _split_equation(equation)
    input_shape = list(input_shape)
    elided = len(input_shape) - len(input_spec)
    partial = [output_shape] if isinstance(output_shape, int) else list(output_shape)
    if ellipsis == "left":
        full = input_shape[:elided] + partial
        offset = elided
    else:
        full = input_shape[:1] + partial + input_shape[len(input_shape) - max(elided, 0):]
        offset = 0
    if elided < 0 or len(full) < len(output_spec) + offset:
        raise ValueError(
            f"The equation {equation!r} names {len(input_spec)} input axes and "
            f"{len(output_spec)} output axes, but received input_shape={tuple(input_shape)} "
            f"and output_shape={tuple(partial)} (which leaves out the batch axis and the "
            f"axes '...' stands for).")
    input_sizes = {c: input_shape[i + offset] for i, c in enumerate(input_spec)}
    output_at = {c: i + offset for i, c in enumerate(output_spec)}
    for letter, size in input_sizes.items():
        if letter in output_at:
            given = full[output_at[letter]]
            if given is not None and size is not None and given != size:
                raise ValueError(
                    f"Input shape and output shape do not match at shared dimension "
                    f"{letter!r}: the input has {size}, output_shape gives {given}.")
            full[output_at[letter]] = size if given is None else given
    for letter in output_spec:
        if letter not in input_spec and letter not in kernel_spec:
            raise ValueError(
                f"Dimension {letter!r} of the output {output_spec!r} is in neither the input "
                f"spec {input_spec!r} nor the kernel spec {kernel_spec!r}.")
    kernel_shape, input_axes, output_axes = [], [], []
    for i, letter in enumerate(kernel_spec):
        if letter in output_at:
            kernel_shape.append(full[output_at[letter]])
            output_axes.append(i)
        elif letter in input_sizes:
            kernel_shape.append(input_sizes[letter])
            input_axes.append(i)
        else:
            raise ValueError(
                f"Weight dimension {letter!r} did not have a match in either the input spec "
                f"{input_spec!r} or the output spec {output_spec!r}. For this layer, the "
                f"weight must be fully specified.")
    return (kernel_shape, _bias_shape(bias_axes, output_spec, full, offset, elided, ellipsis),
            full, input_axes, output_axes)


def _bias_shape(bias_axes, output_spec, full, offset, elided, ellipsis):
    if bias_axes is None:
        return None
    for letter in bias_axes:
        if letter not in output_spec:
            raise ValueError(f"Bias dimension {letter!r} was requested, but is not part of "
                             f"the output spec {output_spec!r}.")
    first = min(output_spec.index(c) for c in bias_axes)
    shape = [full[i + offset] if c in bias_axes else 1
             for i, c in enumerate(output_spec) if i >= first]
    return shape + [1] * (elided if ellipsis == "right" else 0)


class EinsumDense(Layer):
    """A dense layer computed by ``einsum(equation, inputs, kernel)`` (plus a bias on
    ``bias_axes``, then ``activation``)."""

    def __init__(self, equation, output_shape, activation=None, bias_axes=None,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, lora_rank=None, lora_alpha=None, quantization_config=None,
                 **kwargs):
        super().__init__(**kwargs)
        if lora_rank or quantization_config is not None:
            raise ValueError(
                f"Layer '{self.name}' (EinsumDense): LoRA adapters and quantized kernels are "
                f"not in kerasedu (received lora_rank={lora_rank!r}, quantization_config="
                f"{quantization_config!r}). Leave them None, or use Keras 3 for them.")
        input_spec, kernel_spec, output_spec, _ = _split_equation(equation)
        if bias_axes is not None and (not isinstance(bias_axes, str) or
                                      any(c not in output_spec for c in bias_axes)):
            raise ValueError(
                f"Layer '{self.name}' (EinsumDense): `bias_axes` must be a string of letters "
                f"of the output {output_spec!r} of equation {equation!r}. Received: "
                f"bias_axes={bias_axes!r}")
        self.equation = equation
        self.partial_output_shape = _partial_shape(self, output_shape)
        self.bias_axes = bias_axes
        self.activation = activations.get(activation)
        set_weight_options(self, "kernel", kernel_initializer, kernel_regularizer,
                           kernel_constraint)
        set_weight_options(self, "bias", bias_initializer, bias_regularizer, bias_constraint)
        self.kernel = self.bias = None

    def build(self, input_shape):
        kernel_shape, bias_shape, _, input_axes, output_axes = self._analyze(input_shape)
        if None in kernel_shape or (bias_shape is not None and None in bias_shape):
            raise ValueError(
                f"Layer '{self.name}' (EinsumDense) needs every kernel and bias size to create "
                f"its weights; with input_shape={tuple(input_shape)} and output_shape="
                f"{self.partial_output_shape} the kernel would be {tuple(kernel_shape)}. Give "
                f"the sizes in output_shape or in the input's shape.")
        self.input_spec = InputSpec(ndim=len(input_shape))
        initializer = self.kernel_initializer
        if isinstance(initializer, initializers.VarianceScaling) and (
                initializer.input_axes is None or initializer.output_axes is None):
            initializer = copy.copy(initializer)   # the same seed, with the kernel's fan axes
            initializer.input_axes, initializer.output_axes = input_axes, output_axes
        self.kernel = self.add_weight(
            name="kernel", shape=tuple(kernel_shape), initializer=initializer,
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        if bias_shape is not None:
            self.bias = add_configured_weight(self, "bias", tuple(bias_shape))

    def call(self, inputs):
        outputs = ops.einsum(self.equation, inputs, self.kernel)
        if self.bias is not None:
            outputs = ops.add(outputs, self.bias)
        return outputs if self.activation is None else self.activation(outputs)

    def compute_output_shape(self, input_shape):
        return tuple(self._analyze(input_shape)[2])

    def _analyze(self, input_shape):
        """:func:`_analyze_einsum_string` for this layer, its errors naming the layer."""
        try:
            return _analyze_einsum_string(self.equation, self.bias_axes, input_shape,
                                          self.partial_output_shape)
        except ValueError as error:
            raise ValueError(f"Layer '{self.name}' (EinsumDense): {error}") from None

    def get_config(self):
        return {
            **super().get_config(),
            "output_shape": self.partial_output_shape,
            "equation": self.equation,
            "activation": activations.serialize(self.activation),
            "bias_axes": self.bias_axes,
            "activity_regularizer": serialize_keras_object(self.activity_regularizer),
            **{f"{weight}_{option}": serialize_keras_object(getattr(self, f"{weight}_{option}"))
               for weight in ("kernel", "bias")
               for option in ("initializer", "regularizer", "constraint")},
        }


def _partial_shape(layer, output_shape):
    """``output_shape`` (an int or a sequence of ints and Nones) as a tuple."""
    sizes = (output_shape,) if isinstance(output_shape, int) else output_shape
    try:
        sizes = tuple(sizes)
    except TypeError:
        sizes = None
    if sizes is None or not all(s is None or (isinstance(s, int) and not isinstance(s, bool)
                                              and s > 0) for s in sizes):
        raise ValueError(
            f"Layer '{layer.name}' (EinsumDense): `output_shape` must be a positive int or a "
            f"tuple of positive ints and Nones (the output's sizes without the batch axis). "
            f"Received: output_shape={output_shape!r}")
    return sizes
