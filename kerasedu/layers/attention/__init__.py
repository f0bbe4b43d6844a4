"""Attention layers: Attention (dot-product), AdditiveAttention, MultiHeadAttention,
GroupedQueryAttention (exported by Keras as GroupQueryAttention)."""

from .additive_attention import AdditiveAttention
from .attention import Attention
from .grouped_query_attention import GroupedQueryAttention
from .multi_head_attention import MultiHeadAttention

GroupQueryAttention = GroupedQueryAttention     # the name keras.layers exports

__all__ = ["AdditiveAttention", "Attention", "GroupQueryAttention", "GroupedQueryAttention",
           "MultiHeadAttention"]
