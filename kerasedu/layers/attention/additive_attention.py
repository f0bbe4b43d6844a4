"""AdditiveAttention: attention whose scores add query and key (Bahdanau style).

Called on ``[query, value]`` or ``[query, value, key]``, like :class:`Attention`, with the
scores

    scores[b, t, s] = Σ_d scale[d] · tanh(query[b, t, d] + key[b, s, d])

where ``scale`` (dim,) is learned when ``use_scale=True`` (the default; Glorot uniform) and
is 1 otherwise. The softmax over s, the masks, the causal mask, dropout and
``return_attention_scores`` are Attention's.

Shapes: query (B, Tq, dim), value (B, Tv, value_dim), key (B, Tv, dim) ->
output (B, Tq, value_dim), weights (B, Tq, Tv).
"""

from ...backend import ops
from .attention import Attention


class AdditiveAttention(Attention):
    """Additive attention: softmax(Σ scale · tanh(query + key)) · value."""

    def __init__(self, use_scale=True, dropout=0.0, **kwargs):
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def build(self, input_shape):
        self._validate_inputs(input_shape)
        dim = input_shape[0][-1]
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(dim,),
                                         initializer="glorot_uniform")

    def _calculate_scores(self, query, key):
        sums = ops.tanh(ops.add(ops.expand_dims(query, -2), ops.expand_dims(key, -3)))
        if self.scale is not None:
            sums = ops.multiply(self.scale, sums)
        return ops.sum(sums, axis=-1)

    def get_config(self):
        config = super().get_config()
        del config["score_mode"]
        return config
