"""Turn integer category indices into the output a categorical layer was asked for.

Shared by CategoryEncoding, Hashing, HashedCrossing, IntegerLookup, StringLookup and
TextVectorization, whose ``output_mode`` chooses among:

* ``"int"``: the indices themselves, shape unchanged;
* ``"one_hot"``: ``out[..., i, k] = (indices[..., i] == k)``; a last axis of size 1 is replaced
  by the ``depth`` axis, any other gets a ``depth`` axis appended;
* ``"multi_hot"``: ``out[b, ..., k] = any_i(indices[b, i, ...] == k)``: the values of axis 1
  (the values of a sample, for the usual (batch, values) inputs) are gathered into one vector;
* ``"count"``: ``out[b, ..., k] = sum_i(indices[b, i, ...] == k) * weight[b, i, ...]`` (weights 1
  unless given);
* ``"tf_idf"``: ``count * idf[k]``.

A scalar is one sample of one value; a rank-1 input is one sample for ``multi_hot``, ``count``
and ``tf_idf`` (shape (depth,)). Indices outside [0, depth) count in no bin.
"""

import numpy as np

OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")


def encode_categorical(indices, output_mode, depth, dtype, count_weights=None,
                       idf_weights=None):
    """``indices`` (an integer array) encoded by ``output_mode`` as a ``dtype`` array."""
    indices = np.asarray(indices)
    if output_mode == "int":
        return indices.astype(dtype)
    if indices.ndim == 0:
        indices = indices[None]
    if output_mode == "one_hot":
        if indices.ndim > 1 and indices.shape[-1] == 1:
            indices = indices[..., 0]
        return (indices[..., None] == np.arange(depth)).astype(dtype)
    hits = indices[..., None] == np.arange(depth)           # (..., depth)
    axis = 1 if indices.ndim > 1 else 0
    if output_mode == "multi_hot":
        return hits.any(axis=axis).astype(dtype)
    if count_weights is not None:
        weights = np.asarray(count_weights)
        return (hits * weights[..., None]).sum(axis=axis).astype(weights.dtype)
    counts = hits.sum(axis=axis).astype(dtype)
    if output_mode == "tf_idf":
        counts = (counts * np.asarray(idf_weights)).astype(dtype)
    return counts


def encoded_shape(input_shape, output_mode, depth):
    """The shape ``encode_categorical`` gives for inputs of ``input_shape``."""
    input_shape = tuple(input_shape)
    if output_mode == "int":
        return input_shape
    if not input_shape:
        return (depth,)
    if output_mode == "one_hot":
        if input_shape[-1] == 1 and len(input_shape) > 1:
            return input_shape[:-1] + (depth,)
        return input_shape + (depth,)
    if len(input_shape) == 1:
        return (depth,)
    return input_shape[:1] + input_shape[2:] + (depth,)


def as_array(x):
    """A layer's input (a Tensor, array, list or scalar) as a numpy array."""
    return np.asarray(getattr(x, "value", x))


def checked_output_mode(layer, output_mode, allowed):
    """``output_mode`` when it is one of ``allowed``, else a ValueError naming the layer."""
    if output_mode not in allowed:
        raise ValueError(
            f"Layer '{layer.name}' ({type(layer).__name__}): `output_mode` must be one of "
            f"{', '.join(repr(m) for m in allowed)}. Received: output_mode={output_mode!r}.")
    return output_mode


def refuse_sparse(layer, sparse, output_mode):
    """kerasedu's tensors are dense numpy arrays: ``sparse=True`` is refused, saying so."""
    if sparse and output_mode == "int":
        raise ValueError(
            f"Layer '{layer.name}' ({type(layer).__name__}): `sparse=True` applies only to "
            f"the 'one_hot', 'multi_hot', 'count' and 'tf_idf' output modes. Received: "
            f"sparse={sparse} and output_mode={output_mode!r}. Use sparse=False.")
    if sparse:
        raise ValueError(
            f"Layer '{layer.name}' ({type(layer).__name__}): kerasedu has no sparse tensors "
            f"(its tensors are dense numpy arrays). Received: sparse={sparse}. Use "
            f"sparse=False: the output is the same values, stored densely.")


def one_input(x):
    """A call's input given as Python lists or scalars (``[["a"], ["b"]]``, ``[1, 2]``, ``"a"``)
    as one numpy array, so that the layer sees one input, not a list of inputs. A list of
    arrays stays a list of inputs."""
    if isinstance(x, (list, tuple)) and any(hasattr(item, "shape") for item in x):
        return x
    if isinstance(x, (list, tuple, str, bytes, int, float)):
        return np.asarray(x)
    return x
