"""Reading and checking the arguments that spatial layers share (convolution, pooling, cropping,
padding, upsampling, locally connected), and their output-length arithmetic.

Every error names the layer, says what was expected and what was received, and how to fix it.

Output length along one spatial axis (input n, kernel or pool size k, stride s, dilation d,
effective size dk = d·(k − 1) + 1):

    "valid"            floor((n − dk) / s) + 1    (dk ≤ n is required)
    "same", "causal"   ceil(n / s)

An unknown length (None) stays unknown.
"""

import numbers

from ...backend import config
from ...backend.ops.conv import spatial_tuple
from ..validation import ArgumentTypeError


def _who(layer):
    return f"Layer '{layer.name}' ({type(layer).__name__})"


def layer_error(layer, message, kind=ValueError):
    """A ValueError (or ``kind``) whose message starts with the layer's name and class."""
    return kind(f"{_who(layer)}: {message}")


def _not_ints(value):
    values = value if isinstance(value, (list, tuple)) else (value,)
    return any(isinstance(v, bool) or not isinstance(v, numbers.Integral) for v in values)


def int_tuple(layer, value, rank, name, minimum=1):
    """``value`` (an int, or ``rank`` ints) as a tuple of ``rank`` ints, each >= ``minimum``."""
    try:
        return spatial_tuple(value, rank, name, minimum)
    except ValueError:
        example = ", ".join(["2"] * rank)
        raise layer_error(
            layer, f"`{name}` must be an int or a tuple of {rank} int{'s' * (rank > 1)}, each "
                   f">= {minimum}. Received: {name}={value!r}. For example {name}="
                   f"{'(' + example + ')' if rank > 1 else 2}.",
            ArgumentTypeError if _not_ints(value) else ValueError) from None


def positive_int(layer, value, name):
    """``value`` as an int > 0."""
    if _not_ints(value) or value <= 0:
        raise layer_error(layer, f"`{name}` must be a positive integer. Received: "
                                 f"{name}={value!r}.",
                          ArgumentTypeError if _not_ints(value) else ValueError)
    return int(value)


def padding_name(layer, padding, allowed=("valid", "same")):
    """``padding`` in lower case, one of ``allowed``."""
    if not isinstance(padding, str) or padding.lower() not in allowed:
        raise layer_error(layer, f"`padding` must be one of {allowed}. Received: "
                                 f"padding={padding!r}.")
    return padding.lower()


def data_format(layer, value):
    """'channels_last' or 'channels_first' (None: the global ``image_data_format()``)."""
    try:
        return config.standardize_data_format(value)
    except ValueError:
        raise layer_error(layer, "`data_format` must be 'channels_last' or 'channels_first'. "
                                 f"Received: data_format={value!r}.") from None


def set_window_options(layer, rank, kernel_size, strides, dilation_rate, padding,
                       allowed_paddings=("valid", "same")):
    """Store ``kernel_size``, ``strides`` and ``dilation_rate`` (``rank`` ints each; strides > 1
    together with dilation > 1 is refused) and ``padding`` (one of ``allowed_paddings``) on
    ``layer``: the arguments every sliding-window layer takes."""
    layer.kernel_size = int_tuple(layer, kernel_size, rank, "kernel_size")
    layer.strides = int_tuple(layer, strides, rank, "strides")
    layer.dilation_rate = int_tuple(layer, dilation_rate, rank, "dilation_rate")
    no_strides_with_dilation(layer, layer.strides, layer.dilation_rate)
    layer.padding = padding_name(layer, padding, allowed_paddings)


def no_strides_with_dilation(layer, strides, dilation_rate):
    """Strides > 1 together with dilation > 1 is refused, as in Keras."""
    if max(strides) > 1 and max(dilation_rate) > 1:
        raise layer_error(
            layer, f"`strides > 1` together with `dilation_rate > 1` is not supported. "
                   f"Received: strides={strides} and dilation_rate={dilation_rate}. Use "
                   f"strides=1 with a dilation, or dilation_rate=1 with strides.")


def padding_pairs(layer, value, rank, name):
    """Amounts (before, after) per spatial axis from an int, ``rank`` ints, or ``rank`` pairs.

    ``2`` → ((2, 2), ...); ``(1, 2)`` (rank 2) → ((1, 1), (2, 2)); ``((1, 2), (3, 4))`` as is.
    For rank 1, a pair (before, after) is read as such: ``(1, 2)`` → ((1, 2),).
    """
    def bad():
        return layer_error(
            layer, f"`{name}` must be an int, a tuple of {rank} ints, or a tuple of {rank} pairs "
                   f"(before, after) of non-negative ints. Received: {name}={value!r}.")

    def count(v):
        if isinstance(v, bool) or not isinstance(v, numbers.Integral) or v < 0:
            raise bad()
        return int(v)

    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return ((count(value),) * 2,) * rank
    try:
        items = tuple(value)
    except TypeError:
        raise bad() from None
    if rank == 1:
        if len(items) != 2:
            raise bad()
        return ((count(items[0]), count(items[1])),)
    if len(items) != rank:
        raise bad()
    pairs = []
    for item in items:
        if isinstance(item, numbers.Integral) and not isinstance(item, bool):
            pairs.append((count(item),) * 2)
        else:
            try:
                pair = tuple(item)
            except TypeError:
                raise bad() from None
            if len(pair) != 2:
                raise bad()
            pairs.append((count(pair[0]), count(pair[1])))
    return tuple(pairs)


def spatial_dims(input_shape, data_format):
    """The spatial sizes of a (batch, ...) shape."""
    shape = tuple(input_shape)
    return shape[1:-1] if data_format == "channels_last" else shape[2:]


def channel_axis(data_format):
    """-1 for channels_last, 1 for channels_first."""
    return -1 if data_format == "channels_last" else 1


def with_spatial(input_shape, spatial, channels, data_format):
    """(batch, *spatial, channels) or (batch, channels, *spatial)."""
    batch = tuple(input_shape)[0]
    if data_format == "channels_last":
        return (batch,) + tuple(spatial) + (channels,)
    return (batch, channels) + tuple(spatial)


def check_rank(layer, input_shape, rank):
    """The input must have ``rank`` spatial axes plus batch and channels."""
    if len(tuple(input_shape)) != rank + 2:
        raise ValueError(
            f"Input 0 of layer '{layer.name}' is incompatible with the layer: expected "
            f"ndim={rank + 2}, found ndim={len(tuple(input_shape))}. Full shape received: "
            f"{tuple(input_shape)}. {type(layer).__name__} takes inputs shaped (batch, "
            f"{'spatial, ' * rank}channels) (or channels first); reshape the input or pick the "
            f"layer with the right number of spatial axes.")


def known_channels(layer, input_shape, data_format):
    """The number of input channels, which must be known to create weights."""
    channels = tuple(input_shape)[channel_axis(data_format)]
    if channels is None:
        raise layer_error(
            layer, f"the channel dimension of the inputs should be defined, to create the "
                   f"weights. Received input_shape={tuple(input_shape)} ({data_format}). Give "
                   f"Input a shape whose channel axis is known.")
    return int(channels)


def output_length(n, k, s, d, padding):
    """The output length along one axis (None stays None; 0 when a valid kernel does not fit)."""
    if n is None:
        return None
    if padding == "valid":
        span = n - (d * (k - 1) + 1)
        return span // s + 1 if span >= 0 else 0
    return -(-n // s)


def conv_output_spatial(layer, input_shape, kernel_size, strides, padding, dilation_rate,
                        data_format, what="kernel"):
    """Output spatial sizes; a kernel (or pool) that does not fit under "valid" is an error."""
    spatial = spatial_dims(input_shape, data_format)
    out = tuple(output_length(n, k, s, d, padding)
                for n, k, s, d in zip(spatial, kernel_size, strides, dilation_rate))
    if any(o is not None and o <= 0 for o in out):
        sizes = tuple(d * (k - 1) + 1 for k, d in zip(kernel_size, dilation_rate))
        raise layer_error(
            layer, f"the {what} does not fit the input. With padding='valid' every spatial size "
                   f"must be at least the {what}'s effective size d·(k − 1) + 1 = {sizes}, but "
                   f"the input shape {tuple(input_shape)} has spatial sizes {tuple(spatial)}. "
                   f"Use padding='same', a smaller {what} size{' or dilation' * (what == 'kernel')}"
                   f", or a larger input.")
    return out
