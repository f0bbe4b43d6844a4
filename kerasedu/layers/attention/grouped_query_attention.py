"""GroupedQueryAttention (``GroupQueryAttention``): attention whose query heads share fewer
key and value heads.

With Nq query heads and Nkv key/value heads (Nq a multiple of Nkv; Ainslie et al., 2023),
each group of Nq / Nkv query heads attends with the same key and value head:

    Q = query · Wq + bq     (B, T, Nq, head_dim)
    K = key   · Wk + bk     (B, S, Nkv, head_dim), each head repeated Nq / Nkv times
    V = value · Wv + bv     (B, S, Nkv, head_dim), likewise
    then as MultiHeadAttention: softmax(Q Kᵀ / √head_dim) V, and the output projection
    back to (B, T, D) (D the query's last axis; query and value must share it).

Nkv = Nq is multi-head attention, Nkv = 1 multi-query attention: fewer key/value weights,
for a cache of keys and values that is Nq / Nkv times smaller when generating text. Masks,
``use_gate``, ``sliding_window``, dropout and ``return_attention_scores`` are
MultiHeadAttention's; inputs are (batch, length, features).

Weights, in Keras's order: query (D, Nq, head_dim), key and value (D, Nkv, head_dim),
attention_output (Nq, head_dim, D), with biases unless ``use_bias=False``.
"""

from ...backend import ops
from ...serialization import serialize_keras_object
from .multi_head_attention import MultiHeadAttention


class GroupedQueryAttention(MultiHeadAttention):
    """Attention with ``num_query_heads`` query heads sharing ``num_key_value_heads``."""

    keras_export_name = "GroupQueryAttention"     # the name files give the class, as Keras's

    # Keras keeps the projections in these attributes (and saves them under these names)
    _query_dense = _key_dense = _value_dense = _output_dense = None
    query_dense = property(lambda self: self._query_dense)
    key_dense = property(lambda self: self._key_dense)
    value_dense = property(lambda self: self._value_dense)
    output_dense = property(lambda self: self._output_dense)

    def __init__(self, head_dim, num_query_heads, num_key_value_heads, dropout=0.0,
                 use_bias=True, sliding_window=None, flash_attention=None,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, use_gate=False, seed=None,
                 **kwargs):
        for name, value in (("head_dim", head_dim), ("num_query_heads", num_query_heads),
                            ("num_key_value_heads", num_key_value_heads)):
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(
                    f"GroupedQueryAttention: Received an invalid value for argument `{name}`, "
                    f"expected a positive integer. Received: {name}={value!r}")
        if num_query_heads % num_key_value_heads:
            raise ValueError(
                f"GroupedQueryAttention: `num_query_heads` must be divisible by "
                f"`num_key_value_heads`, so that each key/value head serves a group of query "
                f"heads. Received: num_query_heads={num_query_heads}, num_key_value_heads="
                f"{num_key_value_heads}")
        super().__init__(
            num_query_heads, head_dim, head_dim, dropout=dropout, use_bias=use_bias,
            attention_axes=(1,), sliding_window=sliding_window, flash_attention=flash_attention,
            kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint, use_gate=use_gate, seed=seed, **kwargs)
        self._num_key_value_heads = num_key_value_heads
        self._return_attention_scores = False

    head_dim = property(lambda self: self._key_dim)
    num_query_heads = property(lambda self: self._num_heads)
    num_key_value_heads = property(lambda self: self._num_key_value_heads)
    num_repeats = property(lambda self: self._num_heads // self._num_key_value_heads)
    use_gate = property(lambda self: self._use_gate)
    sliding_window = property(lambda self: self._sliding_window)

    def build(self, query_shape, value_shape, key_shape=None):
        query_shape, value_shape, key_shape = self._build_shapes_of(query_shape, value_shape,
                                                                    key_shape)
        heads, head_dim = (None, self._num_heads, self._key_dim), self._key_dim
        shared = (None, self._num_key_value_heads, head_dim)
        self._query_dense = self._built_einsum("query", "bqm,muh->bquh", heads, "uh",
                                               query_shape)
        self._key_dense = self._built_einsum("key", "bkm,mvh->bkvh", shared, "vh", key_shape)
        if self._use_gate:
            self._gate_dense = self._built_einsum("gate", "bqm,muh->bquh", heads, "uh",
                                                  query_shape, activation="sigmoid")
        self._value_dense = self._built_einsum("value", "bkm,mvh->bkvh", shared, "vh",
                                               value_shape)
        self._dot_product_equation = "bkuh,bquh->buqk"
        self._combine_equation = "buqk,bkuh->bquh"
        self._build_softmax_and_dropout(4)
        self._output_dense = self._built_einsum(
            "attention_output", "bquh,uhm->bqm", (None, query_shape[-1]), "m",
            (None, None, self._num_heads, head_dim))

    def _query_mask(self, query, given):
        return given if given is not None else getattr(query, "_keras_mask", None)

    def _project(self, query, key, value):
        repeats = self.num_repeats
        return (self._query_dense(query), ops.repeat(self._key_dense(key), repeats, axis=2),
                ops.repeat(self._value_dense(value), repeats, axis=2))

    def _attend(self, query, key, value, attention_mask, training, return_attention_scores,
                causal_only):
        self._return_attention_scores = return_attention_scores
        return self._compute_attention(query, key, value, attention_mask=attention_mask,
                                       training=training,
                                       **({"use_causal_mask": True} if causal_only else {}))

    def _compute_attention(self, query, key, value, attention_mask=None, training=None,
                           use_causal_mask=False):
        """MultiHeadAttention's, on keys and values already repeated to Nq heads; returns
        the weights when ``_return_attention_scores`` is set (Keras's signature)."""
        return MultiHeadAttention._compute_attention(
            self, query, key, value, attention_mask, training, self._return_attention_scores,
            use_causal_mask)

    def compute_output_shape(self, query_shape, value_shape, key_shape=None):
        if query_shape[-1] != value_shape[-1]:
            raise ValueError(
                f"Layer '{self.name}' (GroupedQueryAttention): The last dimension of "
                f"`query_shape` and `value_shape` must be equal, but are {query_shape[-1]}, "
                f"{value_shape[-1]}. Received: query_shape={tuple(query_shape)}, "
                f"value_shape={tuple(value_shape)}")
        return super().compute_output_shape(query_shape, value_shape, key_shape)

    def get_config(self):
        config = super().get_config()
        for key in ("num_heads", "key_dim", "value_dim", "output_shape", "attention_axes"):
            del config[key]
        return {**config, "head_dim": self._key_dim, "num_query_heads": self._num_heads,
                "num_key_value_heads": self._num_key_value_heads}


GroupedQueryAttention._default_attention = GroupedQueryAttention._compute_attention
