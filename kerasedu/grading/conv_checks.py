"""Checks of a Conv2D written as a custom layer (problem set 7).

Each check compares the student's layer with kerasedu's own ``Conv2D`` created with the same
arguments, and checks one part of the layer, so that one mistake costs one test:

* :func:`check_conv_build`: the weights build creates, ``kernel (kh, kw, in_channels, filters)``
  then ``bias (filters,)`` (none with ``use_bias=False``), and so the number of parameters;
* :func:`check_conv_call`: call's values for each case, both layers holding the same random
  weights (a kernel stored in another axis order receives the same values in that order: the
  layout is the build test's business), computed without kerasedu's own convolution (the ops
  on the tape that led to the output are read);
* :func:`check_conv_output_shape`: compute_output_shape, unknown (None) sizes included;
* :func:`check_conv_gradients`: gradients of call in float64 against finite differences.

The shape arithmetic, per spatial axis (n input, k kernel, s stride, d dilation):

    effective kernel    dk = d·(k − 1) + 1
    "valid"             out = floor((n − dk) / s) + 1
    "same"              out = ceil(n / s), with p = max((out − 1)·s + dk − n, 0) zeros added,
                        floor(p / 2) before and the rest after

A case is ``(input_shape, kwargs)``: the input shape (batch first, channels last) and the
keyword arguments of ``Conv2D(filters=..., kernel_size=..., strides=..., padding=...,
dilation_rate=..., activation=..., use_bias=...)``. :func:`random_conv_cases` draws them.
"""

import itertools

import numpy as np

from ..backend.tensor import Tensor
from .common import (GradingError, arguments_text, as_list, concrete, first_difference,
                     first_rows, plain_shape, random_input, shape_difference, shape_text, values)
from .language import deferred, tr
from .layer_checks import _describe, check_gradients, reference_for, student_layer
from .student import make, run
from .weights import random_values

REFERENCE = "Conv2D"


# ---------------------------------------------------------------------- cases

def _pair(value):
    return (value, value) if isinstance(value, (int, np.integer)) else tuple(value)


def _distinct(rng, count, low, high):
    """``count`` different ints in [low, high)."""
    return [int(v) for v in rng.choice(np.arange(low, high), size=count, replace=False)]


def random_conv_cases(seed=0, count=10, padding="valid", strides=False, dilation=False):
    """``count`` random ``(input_shape, kwargs)`` cases with ``padding``, and strides or
    dilation rates above 1 when asked (never both: Keras refuses strides > 1 with dilation > 1).
    Kernel height and width, input channels and filters are four different numbers, so that a
    kernel stored in another axis order is recognised by its shape."""
    rng = np.random.default_rng(seed)
    cases = []
    for _ in range(count):
        kh, kw, channels, filters = _distinct(rng, 4, 1, 6)
        kwargs = {"filters": filters, "kernel_size": (kh, kw), "padding": padding}
        if strides:
            kwargs["strides"] = (int(rng.integers(1, 4)), int(rng.integers(1, 4)))
        if dilation:
            kwargs["dilation_rate"] = (int(rng.integers(1, 4)), int(rng.integers(1, 4)))
        d = _pair(kwargs.get("dilation_rate", 1))
        smallest = [dd * (k - 1) + 1 for k, dd in zip((kh, kw), d)]
        height, width = (int(rng.integers(m, m + 6)) for m in smallest)
        cases.append(((None, height, width, channels), kwargs))
    return cases


def _layer_text(name, kwargs):
    return f"{name}({arguments_text((), kwargs)})"


def _sizes_hint(input_shape, kwargs):
    """The output sizes worked out for this case, in words."""
    kernel, strides = _pair(kwargs["kernel_size"]), _pair(kwargs.get("strides", 1))
    dilation, padding = _pair(kwargs.get("dilation_rate", 1)), kwargs.get("padding", "valid")
    parts = []
    for axis, n, k, s, d in zip((tr("height"), tr("width")), input_shape[1:3], kernel, strides,
                                dilation):
        if n is None:
            parts.append(tr("{axis}: unknown (None) stays None", axis=axis))
            continue
        dk = d * (k - 1) + 1
        if padding == "same":
            out = -(-n // s)
            pad = max((out - 1) * s + dk - n, 0)
            parts.append(tr("{axis}: ceil({n} / {s}) = {out}, after padding {before} before and "
                            "{after} after (effective kernel {d}·({k} − 1) + 1 = {dk})",
                            axis=axis, n=n, s=s, out=out, before=pad // 2, after=pad - pad // 2,
                            d=d, k=k, dk=dk))
        else:
            parts.append(tr("{axis}: floor(({n} − {dk}) / {s}) + 1 = {out}, where {dk} = "
                            "{d}·({k} − 1) + 1 is the effective kernel size", axis=axis, n=n,
                            dk=dk, s=s, out=(n - dk) // s + 1, d=d, k=k))
    return tr("padding={padding!r} gives {sizes}", padding=padding, sizes=tr("; ").join(parts))


# ---------------------------------------------------------------------- build

def check_conv_build(student_cls, cases):
    """For each case, build(input_shape) must create what the reference creates: ``kernel``
    (kh, kw, in_channels, filters), then ``bias`` (filters,) unless use_bias=False, both
    trainable, and so the same number of parameters."""
    name = student_cls.__name__
    for input_shape, kwargs in cases:
        input_shape, kwargs = tuple(input_shape), dict(kwargs)
        ref = reference_for(student_cls, REFERENCE, (), kwargs)
        _, weights = student_layer(student_cls, (), kwargs, input_shape)
        got = _describe(weights)
        ref.build(input_shape)
        want = _describe(ref.weights)
        if got == want:
            continue
        counts = (sum(int(np.prod(s)) for _, s, _ in got), ref.count_params())
        hints = [tr("count_params() would give {got}, expected {want}", got=counts[0],
                    want=counts[1])]
        kernel = [s for n, s, _ in got if n == "kernel"]
        if kernel and kernel[0] != want[0][1] and sorted(kernel[0]) == sorted(want[0][1]):
            hints.append(tr("your kernel {kernel} holds the right numbers in another axis order: "
                            "Keras stores (kernel_height, kernel_width, in_channels, filters) = "
                            "{want}", kernel=kernel[0], want=want[0][1]))
        if len(got) < len(want) and "bias" not in [n for n, _, _ in got]:
            hints.append(tr("with use_bias=True (the default) create a bias of shape "
                            "({filters},), one per filter", filters=kwargs['filters']))
        if len(got) > len(want) and not kwargs.get("use_bias", True):
            hints.append(tr("with use_bias=False create no bias"))
        raise GradingError(
            tr("{name}.build({input_shape}) for {layer} created the wrong weights.\n  "
               "expected: {want}\n  received: {got}\n  {hints}. Create the kernel, then the "
               "bias, with self.add_weight(name=..., shape=..., initializer=...).", name=name,
               input_shape=shape_text(input_shape), layer=_layer_text(name, kwargs),
               want=want, got=got, hints=tr("; ").join(hints)))


# ---------------------------------------------------------------------- call

def _axis_orders(student_shape, reference_shape):
    """Every axis order ``p`` with student_shape == reference_shape[p], the identity first."""
    student_shape, reference_shape = tuple(student_shape), tuple(reference_shape)
    if len(student_shape) != len(reference_shape):
        return []
    return [order for order in itertools.permutations(range(len(reference_shape)))
            if tuple(reference_shape[i] for i in order) == student_shape]


def share_conv_weights(student_weights, reference, seed):
    """Give the reference random values (never zero) and pair each of its weights with the
    student's weight of the same name, or else with the first unused one of a fitting shape
    (the same, or the same in another axis order). Returns ``[(student weight, value,
    [axis orders])]``: the student's weight receives the reference's value transposed to one
    of those orders (:func:`readings`). A reference weight the student lacks keeps its initial
    value (a missing bias stays zero: only the build test charges it)."""
    rng = np.random.default_rng(seed)
    free, pairs = list(student_weights), []
    for weight in reference.weights:
        fitting = [w for w in free if _axis_orders(w.shape, weight.shape)]
        if not fitting:
            continue
        chosen = next((w for w in fitting if w.name == weight.name), fitting[0])
        free.remove(chosen)
        value = random_values(weight, rng)
        weight.assign(value)
        pairs.append((chosen, value, _axis_orders(chosen.shape, weight.shape)))
    return pairs


def readings(pairs):
    """Each way of giving the student's weights the shared values, the plain one first: a
    kernel whose sizes repeat (a 3 × 3 kernel in another axis order) can be read several
    ways, and the student's layer is right if one of them gives the reference's output."""
    for orders in itertools.product(*[axis_orders for _, _, axis_orders in pairs]):
        def assign(orders=orders):
            for (weight, value, _), order in zip(pairs, orders):
                weight.assign(np.transpose(value, order))
        yield assign


def _call_mismatch(name, context, got, want, shape, kwargs, rtol, atol):
    """The message for a call whose output ``got`` is not ``want``, or None when it is."""
    if len(got) != 1:
        return tr("{name}.call ({context}) returned {n_got} tensors; it should return one.",
                  name=name, context=context, n_got=len(got))
    got = got[0]
    if got.shape != want.shape:
        return tr("{name}.call ({context}) returned shape {got_shape}, expected {want_shape}: "
                  "{sizes}.", name=name, context=context, got_shape=got.shape,
                  want_shape=want.shape, sizes=_sizes_hint(shape, kwargs))
    if not np.allclose(got, want, rtol=rtol, atol=atol):
        return (tr("{name}.call computes the wrong values ({context}).\n  "
                   "{difference}\n{first_rows}\n  Output (i, j) of filter f is bias[f] + "
                   "the sum over a, b, c of x[i·s + a·d, j·s + b·d, c] · kernel[a, b, c, f], on "
                   "the input after padding (cross-correlation: the kernel is not flipped).",
                   name=name, context=context, difference=first_difference(got, want),
                   first_rows=first_rows(got, want)))
    return None


def recorded_ops(tensors):
    """The names of the ops on the tape that led to ``tensors`` (what the gradients would run
    back through)."""
    names, seen, stack = set(), set(), list(tensors)
    while stack:
        tensor = stack.pop()
        if not isinstance(tensor, Tensor) or id(tensor) in seen:
            continue
        seen.add(id(tensor))
        if tensor._op is not None:
            names.add(tensor._op)
        stack.extend(tensor._parents or ())
    return names


def outputs_and_ops(layer, x, what):
    """([float64 array per output], {names of the ops that computed them}) of a call of the
    student's layer on ``x``."""
    def call():
        out = as_list(layer(x))
        return [values(o) for o in out], recorded_ops(out)
    return run(call, what=what)


def refuse_built_in(ops_used, built_in, name, instead):
    """GradingError when ``name``.call ran one of kerasedu's ops in ``built_in`` ({op name:
    what the student wrote})."""
    used = sorted(str(built_in[op]) for op in ops_used if op in built_in)
    if used:
        raise GradingError(tr("{name}.call computes its output with {used}, kerasedu's own: the "
                              "problem is to write that computation yourself, {instead}.",
                              name=name, used=tr(", ").join(used), instead=instead))


_BUILT_IN_CONV = {"conv": deferred("ops.conv (or a convolution layer)"),
                  "conv_transpose": "ops.conv_transpose"}


def check_conv_call(student_cls, cases, seed=0, rtol=1e-5, atol=1e-5):
    """For each case, call must compute what the reference computes on a random batch of 2,
    both layers holding the same random kernel and bias."""
    name = student_cls.__name__
    for number, (input_shape, kwargs) in enumerate(cases):
        kwargs = dict(kwargs)
        shape = concrete(tuple(input_shape), 2)
        ref = reference_for(student_cls, REFERENCE, (), kwargs)
        layer, weights = student_layer(student_cls, (), kwargs, shape)
        ref.build(shape)
        ref.built = True
        pairs = share_conv_weights(weights, ref, seed + number)
        x = random_input(shape, seed + number)
        want = values(ref(x))
        context = tr("{layer} on an input of shape {shape}, seed {seed}",
                     layer=_layer_text(name, kwargs), shape=shape, seed=seed)
        first = None
        for assign in readings(pairs):
            assign()
            got, ops_used = outputs_and_ops(layer, x, f"{name}.call ({context})")
            refuse_built_in(ops_used, _BUILT_IN_CONV, name,
                            tr("with slices of the input and ops.matmul"))
            mismatch = _call_mismatch(name, context, got, want, shape, kwargs, rtol, atol)
            if mismatch is None:
                break
            first = first or mismatch
        else:
            raise GradingError(first)


# ---------------------------------------------------------------------- compute_output_shape

def _student_shape(student_cls, kwargs, input_shape, what):
    layer = student_cls(**kwargs)
    return plain_shape(layer.compute_output_shape(input_shape), what)


def check_conv_output_shape(student_cls, cases):
    """For each case, compute_output_shape(input_shape) must return the reference's shape:
    the batch axis as it is, each spatial size by the rules of the module docstring (None for
    an unknown size), then filters."""
    name = student_cls.__name__
    make(student_cls, (), dict(cases[0][1]))
    for input_shape, kwargs in cases:
        input_shape, kwargs = tuple(input_shape), dict(kwargs)
        ref = reference_for(student_cls, REFERENCE, (), kwargs)
        what = f"{name}.compute_output_shape({shape_text(input_shape)})"
        got = run(_student_shape, student_cls, kwargs, input_shape, what,
                  what=tr("{what} for {layer}", what=what, layer=_layer_text(name, kwargs)),
                  not_written=(
                      tr("{name}.compute_output_shape is not written yet (it raised "
                         "NotImplementedError).", name=name)))
        want = tuple(ref.compute_output_shape(input_shape))
        if got != want:
            raise GradingError(
                tr("{what} for {layer} returned {got}, expected {want}: {difference}. {sizes}.",
                   what=what, layer=_layer_text(name, kwargs), got=got, want=want,
                   difference=shape_difference(got, want),
                   sizes=_sizes_hint(input_shape, kwargs)))


# ---------------------------------------------------------------------- gradients

def check_conv_gradients(student_cls, cases, seed=0):
    """For each case, the gradients of call (in float64) with respect to the input, the kernel
    and the bias must equal finite differences."""
    for number, (input_shape, kwargs) in enumerate(cases):
        check_gradients(student_cls, tuple(input_shape), (), dict(kwargs), seed=seed + number)
