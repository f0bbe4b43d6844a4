"""ReversibleEmbedding: an Embedding that can also project vectors back onto the vocabulary.

A language model turns token ids into vectors at its input and vectors into one logit per
token at its output. The two maps can share one table E (input_dim, output_dim):

    layer(ids)              = E[ids]      (N, ...) of ints in [0, input_dim) -> (N, ..., output_dim)
    layer(h, reverse=True)  = h · Eᵀ      (N, ..., output_dim) -> (N, ..., input_dim)

With ``tie_weights=False`` the reverse projection has its own trainable matrix R, shaped
(output_dim, input_dim) and initialised like E, and ``h · R`` replaces ``h · Eᵀ``. There is no
bias. Tying halves the parameters of the two ends and often trains better (Press and Wolf,
2016).

``logit_soft_cap=c`` bounds the reverse logits smoothly to (−c, c): ``c · tanh(logits / c)``.
``reverse_dtype`` casts h and the matrix to that dtype before the product (the output has it).

Masks: with ``mask_zero=True`` the forward call's output carries the mask ``ids != 0`` (on
computed tensors, as Keras 3 does; a symbolic output carries none); a reverse call's output
carries no mask.
"""

import numbers

from ...backend import ops
from ...backend.ops.dtypes import standardize_dtype
from ..embeddings.embedding import Embedding
from ..validation import ArgumentTypeError


class ReversibleEmbedding(Embedding):
    """An Embedding whose ``reverse=True`` call maps vectors to logits over the vocabulary."""

    # The output shape of a call depends on ``reverse``; symbolic calls pass it to
    # compute_output_shape below, the eager check of call's shape would not.
    _check_output_shapes = False

    def __init__(self, input_dim, output_dim, tie_weights=True,
                 embeddings_initializer="uniform", embeddings_regularizer=None,
                 embeddings_constraint=None, mask_zero=False, reverse_dtype=None,
                 logit_soft_cap=None, **kwargs):
        super().__init__(input_dim, output_dim, embeddings_initializer=embeddings_initializer,
                         embeddings_regularizer=embeddings_regularizer,
                         embeddings_constraint=embeddings_constraint, mask_zero=mask_zero,
                         **kwargs)
        if not isinstance(tie_weights, bool):
            raise self._argument_error(
                "tie_weights", tie_weights, "True or False",
                "tie_weights=True shares the embedding table with the reverse projection",
                ArgumentTypeError)
        self.tie_weights = tie_weights
        self.reverse_dtype = self._reverse_dtype(reverse_dtype)
        self.logit_soft_cap = self._soft_cap(logit_soft_cap)

    def _argument_error(self, name, value, expected, fix, kind=ValueError):
        return kind(f"Layer '{self.name}' (ReversibleEmbedding): `{name}` must be {expected}. "
                    f"Received: {name}={value!r}. For example, {fix}.")

    def _reverse_dtype(self, value):
        if value is None:
            return None
        try:
            return standardize_dtype(value)
        except (TypeError, ValueError):
            raise self._argument_error(
                "reverse_dtype", value, "None or a floating dtype name",
                "reverse_dtype='float32'") from None

    def _soft_cap(self, value):
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not value > 0:
            raise self._argument_error(
                "logit_soft_cap", value, "None or a positive number",
                "logit_soft_cap=30.0 keeps the logits within (-30, 30)",
                ValueError if isinstance(value, numbers.Real) else ArgumentTypeError)
        return value

    def build(self, input_shape=None):
        super().build(input_shape)
        if not self.tie_weights:
            self.reverse_embeddings = self.add_weight(
                shape=(self.output_dim, self.input_dim), initializer=self.embeddings_initializer,
                name="reverse_embeddings", trainable=True)

    def call(self, inputs, reverse=False):
        if not reverse:
            outputs = super().call(inputs)
            if self.mask_zero:
                outputs._keras_mask = super().compute_mask(inputs)
            return outputs
        if inputs.shape[-1] != self.output_dim:
            raise ValueError(
                f"Layer '{self.name}' (ReversibleEmbedding): a reverse call takes vectors of "
                f"size output_dim={self.output_dim} on the last axis. Received: inputs of "
                f"shape {tuple(inputs.shape)}. Pass the hidden states the model computed from "
                f"this layer's embeddings, or call it without reverse=True on token ids.")
        kernel = ops.transpose(self.embeddings) if self.tie_weights else self.reverse_embeddings
        if self.reverse_dtype is not None:
            inputs = ops.cast(inputs, self.reverse_dtype)
            kernel = ops.cast(kernel, self.reverse_dtype)
        logits = ops.matmul(inputs, kernel)
        if self.logit_soft_cap is not None:
            cap = self.logit_soft_cap
            logits = ops.multiply(ops.tanh(ops.divide(logits, cap)), cap)
        return logits

    def compute_mask(self, inputs, mask=None):
        return None

    def compute_output_shape(self, input_shape, reverse=False):
        if reverse:
            return tuple(input_shape)[:-1] + (self.input_dim,)
        return tuple(input_shape) + (self.output_dim,)

    def symbolic_output_shapes(self, inputs, kwargs, extra=()):
        return self.compute_output_shape(tuple(inputs.shape), reverse=kwargs.get("reverse",
                                                                                 False))

    def get_config(self):
        return {**super().get_config(), "tie_weights": self.tie_weights,
                "reverse_dtype": self.reverse_dtype, "logit_soft_cap": self.logit_soft_cap}
