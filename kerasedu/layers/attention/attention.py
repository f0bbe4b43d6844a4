"""Attention: dot-product attention of a query sequence over a value sequence (Luong style).

Called on ``[query, value]`` or ``[query, value, key]`` (key defaults to value):

    scores[b, t, s]  = Σ_d query[b, t, d] · key[b, s, d]              score_mode="dot"
                     = c · Σ_d tanh(query[b, t, d] + key[b, s, d])     score_mode="concat"
    weights[b, t, :] = softmax over s of scores[b, t, :]
    output[b, t, :]  = Σ_s weights[b, t, s] · value[b, s, :]

``use_scale=True`` multiplies the scores by a learned scalar ``scale`` ("dot"), or the
query+key sums inside tanh ("concat"); "concat" also learns the scalar ``c``
(``concat_score_weight``). Masks, each optional:

* ``mask=[query_mask, value_mask]`` (or the masks riding on the inputs, as from
  ``Embedding(mask_zero=True)``): value positions whose mask is False get no weight (their
  scores are lowered by 1e9 before the softmax); query positions whose mask is False get an
  output of 0, and the output carries the query mask on.
* ``use_causal_mask=True``: position t attends only to positions s <= t (a decoder cannot
  look ahead).

``dropout`` drops attention weights in training. ``return_attention_scores=True`` returns
``(output, weights)``.

Shapes: query (B, Tq, dim), value (B, Tv, value_dim), key (B, Tv, dim) ->
output (B, Tq, value_dim), weights (B, Tq, Tv). Leading axes beyond B act as batch axes.
"""

from ...backend import ops
from ...backend.ops.random import SeedGenerator
from ...layer_machinery.layer import Layer
from ..validation import rate

SCORE_MODES = ("dot", "concat")


class Attention(Layer):
    """Dot-product attention: softmax(query · keyᵀ) · value, with optional learned scale."""

    def __init__(self, use_scale=False, score_mode="dot", dropout=0.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        if score_mode not in SCORE_MODES:
            raise ValueError(
                f"Layer '{self.name}': Invalid value for argument score_mode. Expected one of "
                f"{{'dot', 'concat'}}. Received: score_mode={score_mode!r}")
        self.use_scale = bool(use_scale)
        self.score_mode = score_mode
        self.dropout = rate(dropout, "dropout", self)
        self.seed = seed
        if self.dropout > 0:
            self.seed_generator = SeedGenerator(seed)
        self.scale = self.concat_score_weight = None
        self.supports_masking = True

    def build(self, input_shape):
        self._validate_inputs(input_shape)
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(), initializer="ones")
        if self.score_mode == "concat":
            self.concat_score_weight = self.add_weight(name="concat_score_weight", shape=(),
                                                       initializer="ones")

    def _calculate_scores(self, query, key):
        """(B, Tq, Tv) scores of every query position against every key position."""
        if self.score_mode == "dot":
            scores = ops.matmul(query, ops.swapaxes(key, -2, -1))
            return scores if self.scale is None else ops.multiply(scores, self.scale)
        sums = ops.add(ops.expand_dims(query, -2), ops.expand_dims(key, -3))  # (B, Tq, Tv, d)
        if self.scale is not None:
            sums = ops.multiply(self.scale, sums)
        return ops.multiply(self.concat_score_weight, ops.sum(ops.tanh(sums), axis=-1))

    def _calculate_score_mask(self, scores, v_mask, use_causal_mask):
        """Where attending is allowed: the value mask (B, Tv) or, with ``use_causal_mask``,
        the lower triangle (1, Tq, Tv) and-ed with the value mask as (B, 1, Tv)."""
        if not use_causal_mask:
            return v_mask
        causal = ops.convert_to_tensor(ops.tri(scores.shape[-2], scores.shape[-1],
                                               dtype="bool")[None])
        if v_mask is None:
            return causal
        return ops.logical_and(ops.expand_dims(ops.cast(v_mask, "bool"), -2), causal)

    def _apply_scores(self, scores, value, scores_mask=None, training=False):
        """(softmax(scores, masked) · value, the softmax weights)."""
        if scores_mask is not None:
            blocked = ops.logical_not(ops.cast(scores_mask, "bool"))
            if blocked.ndim == 2:
                blocked = ops.expand_dims(blocked, -2)
            lowered = 65504.0 if scores.dtype == "float16" else 1.0e9
            scores = ops.where(blocked, ops.subtract(scores, lowered), scores)
        weights = ops.softmax(scores, axis=-1)
        if training and self.dropout > 0:
            weights = ops.dropout(weights, self.dropout, seed=self.seed_generator)
        return ops.matmul(weights, value), weights

    def call(self, inputs, mask=None, training=False, return_attention_scores=False,
             use_causal_mask=False):
        self._validate_inputs(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        query_mask = mask[0] if mask else None
        value_mask = mask[1] if mask else None
        scores = self._calculate_scores(query, key)
        scores_mask = self._calculate_score_mask(scores, value_mask, use_causal_mask)
        outputs, weights = self._apply_scores(scores, value, scores_mask, training)
        if query_mask is not None:
            keep = ops.expand_dims(ops.cast(query_mask, "bool"), -1)
            outputs = ops.where(keep, outputs, ops.zeros((), outputs.dtype))
        return (outputs, weights) if return_attention_scores else outputs

    def compute_mask(self, inputs, mask=None):
        """The query's mask: the output has the query's positions."""
        self._validate_inputs(inputs, mask)
        if mask is None or mask[0] is None:
            return None
        return ops.convert_to_tensor(mask[0])

    def compute_output_shape(self, input_shape):
        self._validate_inputs(input_shape)
        return (*input_shape[0][:-1], input_shape[1][-1])

    def symbolic_output_shapes(self, inputs, kwargs, extra=()):
        output = self.compute_output_shape([tuple(t.shape) for t in inputs])
        if not kwargs.get("return_attention_scores"):
            return output
        key = inputs[2] if len(inputs) > 2 else inputs[1]
        return output, (*inputs[0].shape[:-1], key.shape[-2])

    def _validate_inputs(self, inputs, mask=None):
        """Refuse anything but [query, value(, key)] and [query_mask, value_mask(, key_mask)]."""
        who = f"{type(self).__name__} layer '{self.name}'"
        if not isinstance(inputs, (list, tuple)) or _is_one_shape(inputs):
            raise ValueError(
                f"{who} must be called on a list of inputs, namely [query, value] or "
                f"[query, value, key]. Received: inputs of type {type(inputs).__name__}.")
        _check_two_or_three(who, "inputs", inputs, "[query, value] or [query, value, key]")
        if mask is None:
            return
        if not isinstance(mask, (list, tuple)):
            raise ValueError(
                f"{who}: the layer mask must be a list, namely [query_mask, value_mask]. "
                f"Received: mask of type {type(mask).__name__}.")
        _check_two_or_three(who, "mask", mask, "[query_mask, value_mask]")

    def get_config(self):
        return {**super().get_config(), "use_scale": self.use_scale,
                "score_mode": self.score_mode, "dropout": self.dropout, "seed": self.seed}


def _check_two_or_three(who, what, items, names):
    if not 2 <= len(items) <= 3:
        raise ValueError(f"{who} accepts {what} list of length 2 or 3, namely {names}. "
                         f"Received length: {len(items)}.")


def _is_one_shape(x):
    """True for one shape such as (None, 3, 4), as build receives for a single input."""
    return all(d is None or isinstance(d, int) for d in x)
