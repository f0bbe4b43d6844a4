"""Scaled dot-product attention, the core of a transformer.

For queries Q (B, T, N, H), keys K and values V (B, S, K, H) (N heads of queries sharing
K ≤ N heads of keys and values, N a multiple of K, "grouped-query attention"):

    logits[b, n, t, s] = scale · Σ_h Q[b, t, n, h] K[b, s, n // (N/K), h] + bias[b, n, t, s]
    weights = softmax over s of logits, with masked-out positions (mask False, or s > t when
              ``is_causal``) given a very negative logit, so a weight of 0
    out[b, t, n, h] = Σ_s weights[b, n, t, s] V[b, s, n // (N/K), h]

scale defaults to 1/√H. Written with einsum, where and softmax, so gradients reach Q, K, V and
the bias. The softmax runs in at least float32.
"""

import numpy as np

from ._inputs import tensor_of, value_of
from .dtypes import result_type
from .einsum import einsum
from .math import add, cast, multiply, tanh, where
from .nn import softmax
from .shape import repeat


def _check(query, key, value):
    for name, t in (("query", query), ("key", key), ("value", value)):
        if t.ndim != 4:
            raise ValueError(f"dot_product_attention expects 4-D {name} (batch, length, heads, "
                             f"head_dim), received shape {t.shape}.")
    if key.shape != value.shape:
        raise ValueError(f"dot_product_attention: key and value must have the same shape, "
                         f"received {key.shape} and {value.shape}.")
    if query.shape[2] % key.shape[2] or query.shape[-1] != key.shape[-1]:
        raise ValueError(f"dot_product_attention: query heads ({query.shape[2]}) must be a "
                         f"multiple of key heads ({key.shape[2]}) and the head sizes must "
                         f"match; received query {query.shape} and key {key.shape}.")


def dot_product_attention(query, key, value, bias=None, mask=None, scale=None,
                          is_causal=False, flash_attention=None, attn_logits_soft_cap=None):
    """softmax(scale · Q Kᵀ + bias, masked) V for Q (B, T, N, H), K and V (B, S, K, H):
    returns (B, T, N, H). ``mask`` (broadcastable to (B, N, T, S)) is True where attending is
    allowed; ``attn_logits_soft_cap`` c caps the logits smoothly at c · tanh(logits / c)."""
    if flash_attention:
        raise ValueError("dot_product_attention: flash_attention=True needs a GPU or TPU "
                         "kernel; kerasedu computes attention directly. Leave it None.")
    query, key, value = (tensor_of(t) for t in (query, key, value))
    _check(query, key, value)
    dtype = result_type(query.value, key.value, value.value)
    query, key, value = (cast(t, dtype) for t in (query, key, value))
    groups = query.shape[2] // key.shape[2]
    if groups > 1:
        key, value = repeat(key, groups, axis=2), repeat(value, groups, axis=2)
    scale = 1 / np.sqrt(query.shape[-1]) if scale is None else scale
    work = np.result_type(dtype, np.float32)
    logits = multiply(einsum("btnh,bsnh->bnts", cast(query, work), cast(key, work)),
                      np.asarray(scale, work))
    if bias is not None:
        logits = add(logits, cast(bias, work))
    if attn_logits_soft_cap is not None:
        cap = float(attn_logits_soft_cap)
        logits = multiply(tanh(multiply(logits, 1 / cap)), cap)
    allowed = np.ones(logits.shape, bool)
    if mask is not None:
        allowed = allowed & np.asarray(value_of(mask), bool)
    if is_causal:
        t, s = logits.shape[-2:]
        allowed = allowed & np.tri(t, s, dtype=bool)
    if mask is not None or is_causal:
        logits = where(allowed, logits, np.asarray(-0.7 * np.finfo(work).max, work))
    weights = cast(softmax(logits, axis=-1), dtype)
    return einsum("bnts,bsnh->btnh", weights, value)
