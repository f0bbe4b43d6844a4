"""Embedding: turn integer indices (word ids) into dense vectors, by looking them up in a table.

    output[n, t, :] = embeddings[inputs[n, t], :]

Shapes: inputs (N, ...) of integers in [0, input_dim) -> outputs (N, ..., output_dim);
embeddings (input_dim, output_dim), initialised uniformly in [−0.05, 0.05]. The lookup is a
gather; its gradient adds each output's gradient row into the row of the table it came from (a
scatter-add), so only the rows of words seen in the batch change.

``mask_zero=True`` reserves index 0 for padding: the layer's output mask is ``inputs != 0``,
and layers after it that support masking (RNNs) skip those timesteps. Index 0 then cannot be a
word, so input_dim must be the vocabulary size + 1.

Keras 2's ``input_length`` fixes the sequence length: ``Embedding(4000, 32, input_length=200)``
expects inputs of shape (None, 200), so a following Flatten gives (None, 6400).
"""

import numpy as np

from ... import constraints, initializers, regularizers
from ...backend import ops
from ...layer_machinery.layer import Layer
from ...serialization import serialize_keras_object
from ..validation import positive_int


class Embedding(Layer):
    """A trainable lookup table of ``input_dim`` vectors of size ``output_dim``."""

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform",
                 embeddings_regularizer=None, activity_regularizer=None,
                 embeddings_constraint=None, mask_zero=False, weights=None, input_length=None,
                 **kwargs):
        self.input_length = input_length
        if input_length is not None and not {"input_shape", "batch_input_shape"} & set(kwargs):
            lengths = input_length if isinstance(input_length, (list, tuple)) else (input_length,)
            kwargs["input_shape"] = tuple(lengths)
        kwargs.pop("lora_rank", None)
        kwargs.pop("lora_alpha", None)
        kwargs.pop("quantization_config", None)
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.input_dim = positive_int(input_dim, "input_dim")
        self.output_dim = positive_int(output_dim, "output_dim")
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = bool(mask_zero)
        self.supports_masking = self.mask_zero
        self.autocast = False
        if weights is not None:
            matrix = weights[0] if isinstance(weights, (list, tuple)) else weights
            matrix = np.asarray(getattr(matrix, "value", matrix))
            if matrix.shape != (self.input_dim, self.output_dim):
                raise ValueError(
                    f"Layer '{self.name}': the `weights` matrix must have shape (input_dim, "
                    f"output_dim) = {(self.input_dim, self.output_dim)}; received "
                    f"{matrix.shape}.")
            self.build()
            self.embeddings.assign(matrix)

    def build(self, input_shape=None):
        self.embeddings = self.add_weight(
            shape=(self.input_dim, self.output_dim), initializer=self.embeddings_initializer,
            name="embeddings", regularizer=self.embeddings_regularizer,
            constraint=self.embeddings_constraint)

    def call(self, inputs):
        if inputs.dtype.kind not in "iu":
            inputs = ops.cast(inputs, "int64")
        values = inputs.numpy()
        if values.size and (values.min() < 0 or values.max() >= self.input_dim):
            bad = values[(values < 0) | (values >= self.input_dim)].ravel()[0]
            raise ValueError(
                f"Layer '{self.name}' received index {bad}, outside the vocabulary of "
                f"input_dim={self.input_dim} rows (valid indices: 0 to {self.input_dim - 1}). "
                f"Set input_dim to the largest index + 1 (with mask_zero=True, the vocabulary "
                f"size + 1).")
        return ops.embedding_lookup(self.embeddings, inputs)

    def compute_mask(self, inputs, mask=None):
        if not self.mask_zero:
            return None
        return ops.not_equal(inputs, 0)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.output_dim,)

    def get_config(self):
        return {
            **super().get_config(),
            "input_dim": self.input_dim,
            "output_dim": self.output_dim,
            "embeddings_initializer": serialize_keras_object(self.embeddings_initializer),
            "embeddings_regularizer": serialize_keras_object(self.embeddings_regularizer),
            "activity_regularizer": serialize_keras_object(self.activity_regularizer),
            "embeddings_constraint": serialize_keras_object(self.embeddings_constraint),
            "mask_zero": self.mask_zero,
        }
