"""Attention layers: Attention (dot-product), AdditiveAttention, MultiHeadAttention."""

from .additive_attention import AdditiveAttention
from .attention import Attention

__all__ = ["AdditiveAttention", "Attention"]
