"""Output-size and padding arithmetic for convolution and pooling (plain Python, no arrays).

Per spatial axis, with input length n, kernel (or pool) size k, stride s and dilation d:

* effective kernel size          dk = d·(k − 1) + 1
* explicit padding (b, a)        out = floor((n + b + a − dk) / s) + 1
* "valid"                        (b, a) = (0, 0), so out = floor((n − dk) / s) + 1
* "same"                         out = ceil(n / s); total pad t = max((out − 1)·s + dk − n, 0),
                                 b = floor(t / 2) before and a = t − b after
* "causal" (Conv1D)              (b, a) = (dk − 1, 0), so out = ceil(n / s)

Pooling uses the same arithmetic with d = 1. Transposed convolution runs a convolution backwards:
:func:`conv_transpose_geometry` gives its output length and the (b, a) of that convolution.

The kernels work on three spatial axes (D, H, W); :func:`to_3d` views 1-D and 2-D inputs that way.
Layers ask these questions through this module too (``kerasedu.backend.ops.geometry``).
"""

import functools

PADDINGS = ("valid", "same", "causal")


def memoized(function):
    """``function`` with its results remembered, for arguments that can be dict keys.

    A layer asks the same shape questions on every training step (same input shape, same
    kernel); remembering the answers takes that arithmetic out of the loop. Arguments that are
    not hashable (lists) are worked out each time, and errors are never remembered.
    """
    remembered = functools.lru_cache(maxsize=1024, typed=True)(function)

    @functools.wraps(function)
    def lookup(*args):
        try:
            hash(args)
        except TypeError:
            return function(*args)
        return remembered(*args)
    return lookup


def normalize_tuple(value, rank, name):
    """``value`` as a tuple of ``rank`` ints (an int is repeated)."""
    if isinstance(value, int):
        return (value,) * rank
    values = tuple(int(v) for v in value)
    if len(values) != rank:
        raise ValueError(f"{name} must be an int or a sequence of {rank} ints, received {value!r}.")
    return values


def effective_size(k, d=1):
    """dk = d·(k − 1) + 1: the span of a kernel of size k with dilation d."""
    return d * (k - 1) + 1


def output_length(n, k, s=1, d=1, pads=(0, 0)):
    """floor((n + b + a − dk) / s) + 1 for ``pads = (b, a)``; 0 if the kernel does not fit."""
    span = n + pads[0] + pads[1] - effective_size(k, d)
    return span // s + 1 if span >= 0 else 0


def named_output_length(n, k, s=1, d=1, padding="valid"):
    """Output length for "valid", "same" or "causal" padding; None for an unknown length n (None)."""
    if n is None:
        return None
    return output_length(n, k, s, d, padding_amounts(n, k, s, d, padding))


def padding_amounts(n, k, s=1, d=1, padding="valid"):
    """(before, after) for "valid", "same" or "causal" padding (see the module docstring)."""
    padding = padding.lower()
    dk = effective_size(k, d)
    if padding == "valid":
        return (0, 0)
    if padding == "same":
        out = -(-n // s)
        total = max((out - 1) * s + dk - n, 0)
        return (total // 2, total - total // 2)
    if padding == "causal":
        return (dk - 1, 0)
    raise ValueError(f"padding must be one of {PADDINGS}, received {padding!r}.")


def conv_padding(spatial_shape, kernel_size, strides=1, dilation_rate=1, padding="valid"):
    """((before, after), ...) per spatial axis for a named padding."""
    rank = len(spatial_shape)
    k = normalize_tuple(kernel_size, rank, "kernel_size")
    s = normalize_tuple(strides, rank, "strides")
    d = normalize_tuple(dilation_rate, rank, "dilation_rate")
    return tuple(padding_amounts(spatial_shape[i], k[i], s[i], d[i], padding) for i in range(rank))


def conv_output_spatial_shape(spatial_shape, kernel_size, strides=1, dilation_rate=1, pads=None):
    """Output spatial shape for ``pads``, (before, after) per axis (None: no padding)."""
    rank = len(spatial_shape)
    k = normalize_tuple(kernel_size, rank, "kernel_size")
    s = normalize_tuple(strides, rank, "strides")
    d = normalize_tuple(dilation_rate, rank, "dilation_rate")
    pads = ((0, 0),) * rank if pads is None else tuple(tuple(p) for p in pads)
    return tuple(output_length(spatial_shape[i], k[i], s[i], d[i], pads[i]) for i in range(rank))


def conv_transpose_geometry(n, k, s=1, d=1, padding="valid", output_padding=None):
    """(output length L, (before, after)) of a transposed convolution, as in Keras; (None, None)
    for an unknown input length n (None).

    The transposed convolution maps length n to L and is the adjoint of the convolution that maps
    L back to n with padding (before, after). Keras' lengths:

    * no output_padding: "valid" L = n·s + max(dk − s, 0), "same" L = n·s;
    * output_padding op (< s): L = (n − 1)·s + dk − 2·p + op, with p = 0 ("valid") or dk // 2
      ("same").
    """
    padding = padding.lower()
    dk = effective_size(k, d)
    if output_padding is not None and not 0 <= output_padding < s:
        raise ValueError(f"output_padding must be in [0, strides) = [0, {s}), "
                         f"received {output_padding}.")
    if n is None:
        return None, None
    if padding == "valid":
        before = 0
        length = (n - 1) * s + (max(dk, s) if output_padding is None else dk + output_padding)
    elif padding == "same":
        extra = s + dk - 2 if output_padding is None else dk + dk % 2 - 2 + output_padding
        before = dk - 1 - min((extra + 1) // 2, dk - 1)
        length = (n - 1) * s + 2 + extra - dk
    else:
        raise ValueError(f"padding must be 'valid' or 'same' for a transposed convolution, "
                         f"received {padding!r}.")
    after = max((n - 1) * s + dk - length - before, 0)
    return length, (before, after)


def to_3d(spatial):
    """A spatial tuple of length 1, 2 or 3 padded in front to length 3 with leading entries 1.

    (W,) → (1, 1, W); (H, W) → (1, H, W). For strides and dilations that is the right filler; for
    padding pairs use :func:`pads_to_3d`.
    """
    spatial = tuple(spatial)
    if not 1 <= len(spatial) <= 3:
        raise ValueError(f"1, 2 or 3 spatial axes are supported, received {len(spatial)}.")
    return (1,) * (3 - len(spatial)) + spatial


def pads_to_3d(pads):
    """Padding pairs padded in front to three axes with (0, 0)."""
    pads = tuple((int(b), int(a)) for b, a in pads)
    return ((0, 0),) * (3 - len(pads)) + pads


def array_to_3d(x):
    """View a channels_last array (N, *spatial, C) with 1–3 spatial axes as (N, D, H, W, C)."""
    return x.reshape((x.shape[0],) + to_3d(x.shape[1:-1]) + (x.shape[-1],))


@memoized
def pool_geometry(spatial, pool_size, strides=None, padding="valid"):
    """(pool_size, strides, pads, out_spatial) per spatial axis, pads as (before, after).

    ``strides=None`` means ``pool_size``, as in Keras; ``padding`` is "valid", "same" or
    explicit pairs, each smaller than the pool size (a window must hold an input cell).
    """
    rank = len(spatial)
    k = normalize_tuple(pool_size, rank, "pool_size")
    s = k if strides is None else normalize_tuple(strides, rank, "strides")
    if isinstance(padding, str):
        pads = conv_padding(spatial, k, s, 1, padding)
    else:
        pads = tuple((int(b), int(a)) for b, a in padding)
        if len(pads) != rank or any(not 0 <= b < kk or not 0 <= a < kk
                                    for (b, a), kk in zip(pads, k)):
            raise ValueError(f"padding must be a name or {rank} pairs (before, after), each "
                             f"smaller than the pool size {k}, received {padding!r}.")
    return k, s, pads, conv_output_spatial_shape(spatial, k, s, 1, pads)


@memoized
def conv_transpose_shapes(spatial, kernel_size, strides=1, dilation_rate=1, padding="valid",
                          output_padding=None):
    """(strides, dilation, pads, out_spatial) of a transposed convolution of input ``spatial``.

    ``padding`` is "valid" or "same" (Keras' output lengths, :func:`conv_transpose_geometry`
    per axis), or explicit ((before, after), ...): the padding of the convolution being
    transposed, giving out = (n − 1)·s + dk − before − after + op (op defaults to 0 there).
    """
    rank = len(spatial)
    k = normalize_tuple(kernel_size, rank, "kernel_size")
    s = normalize_tuple(strides, rank, "strides")
    d = normalize_tuple(dilation_rate, rank, "dilation_rate")
    ops = (None,) * rank if output_padding is None else \
        normalize_tuple(output_padding, rank, "output_padding")
    if isinstance(padding, str):
        axes = [conv_transpose_geometry(spatial[i], k[i], s[i], d[i], padding, ops[i])
                for i in range(rank)]
        return s, d, tuple(p for _, p in axes), tuple(length for length, _ in axes)
    pads = tuple((int(b), int(a)) for b, a in padding)
    out = tuple((spatial[i] - 1) * s[i] + effective_size(k[i], d[i]) - sum(pads[i])
                + (ops[i] or 0) for i in range(rank))
    return s, d, pads, out
