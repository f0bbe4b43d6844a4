"""MultiHeadAttention: several attention heads side by side, each on its own projections.

For a query sequence (B, T, D) attending over a value sequence (B, S, Dv) with keys
(B, S, Dk) (key defaults to value), with N = num_heads heads:

    Q = query · Wq + bq    (B, T, N, key_dim)       the projections are EinsumDense layers
    K = key   · Wk + bk    (B, S, N, key_dim)       named query, key, value and
    V = value · Wv + bv    (B, S, N, value_dim)     attention_output, as in Keras
    weights[b, n, t, s] = softmax over s of  Σ_h Q[b, t, n, h] K[b, s, n, h] / √key_dim
    heads[b, t, n, :]   = Σ_s weights[b, n, t, s] V[b, s, n, :]
    output = heads · Wo + bo                         (B, T, D), or (B, T, *output_shape)

``use_gate=True`` multiplies the heads by sigmoid(query · Wg + bg) before the output
projection. ``attention_axes`` chooses the axes attended over for inputs of higher rank
(default: all axes between the batch and the features).

Masks (True = may attend), combined with "and": the masks riding on query, value and key
(from ``Embedding(mask_zero=True)``, ``Masking``), or ``value_mask`` and ``key_mask`` given
to the call (as in Keras, the query's mask is always the one riding on it); ``attention_mask`` (B, T, S) (or broadcastable to it, or
with a heads axis); ``use_causal_mask=True`` (t attends to s <= t); ``sliding_window`` w
(|t − s| < w). The output carries the query's mask on.

``dropout`` drops attention weights in training; ``return_attention_scores=True`` returns
``(output, weights)`` with weights (B, N, T, S).
"""

from ... import constraints, initializers, regularizers
from ...backend import ops
from ...layer_machinery.keras_tensor import KerasTensor
from ...layer_machinery.layer import Layer
from ...serialization import serialize_keras_object
from ..advanced_activations import Softmax
from ..core import Dropout, EinsumDense
from ..validation import rate
from .attention_equations import attention_equations, partial_output_shape, projection_equation


class MultiHeadAttention(Layer):
    """Multi-head attention (Vaswani et al., 2017): ``layer(query, value, key=None)``."""

    def __init__(self, num_heads, key_dim, value_dim=None, dropout=0.0, use_bias=True,
                 output_shape=None, attention_axes=None, sliding_window=None,
                 flash_attention=None, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 use_gate=False, seed=None, **kwargs):
        super().__init__(**kwargs)
        self._num_heads = self._positive(num_heads, "num_heads")
        self._key_dim = self._positive(key_dim, "key_dim")
        self._value_dim = self._key_dim if value_dim is None else \
            self._positive(value_dim, "value_dim", " or `None`")
        self._dropout = rate(dropout, "dropout", self)
        self._use_bias = bool(use_bias)
        self._use_gate = bool(use_gate)
        self._output_shape = self._checked_output_shape(output_shape)
        self._attention_axes = self._checked_attention_axes(attention_axes)
        if sliding_window is not None:
            self._positive(sliding_window, "sliding_window", " or `None`")
        self._sliding_window = sliding_window
        if flash_attention:
            raise ValueError(
                f"Layer '{self.name}' (MultiHeadAttention): flash_attention=True needs a GPU "
                f"or TPU kernel; kerasedu computes attention directly. Leave it None.")
        self._kernel_initializer = initializers.get(kernel_initializer)
        self._bias_initializer = initializers.get(bias_initializer)
        self._kernel_regularizer = regularizers.get(kernel_regularizer)
        self._bias_regularizer = regularizers.get(bias_regularizer)
        # applied to each projection's output, as in Keras (not again to the layer's output)
        self._projection_activity_regularizer = regularizers.get(activity_regularizer)
        self._kernel_constraint = constraints.get(kernel_constraint)
        self._bias_constraint = constraints.get(bias_constraint)
        self.seed = seed
        self._inverse_sqrt_key_dim = 1.0 / float(self._key_dim) ** 0.5
        self.supports_masking = True
        self._shapes_dict = None

    # -------------------------------------------------------------- arguments

    def _positive(self, value, name, alternative=""):
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ValueError(
                f"Layer '{self.name}' (MultiHeadAttention): Received an invalid value for "
                f"argument `{name}`, expected a positive integer{alternative}. Received: "
                f"{name}={value!r}")
        return value

    def _checked_output_shape(self, output_shape):
        if not output_shape:
            return None
        sizes = (output_shape,) if isinstance(output_shape, int) else output_shape
        if not isinstance(sizes, (list, tuple)) or not all(
                isinstance(s, int) and not isinstance(s, bool) and s > 0 for s in sizes):
            raise ValueError(
                f"Layer '{self.name}' (MultiHeadAttention): Invalid `output_shape`: "
                f"{output_shape!r}. When specified, the `output_shape` should be a positive "
                f"int or a tuple or list of them (the output's last axes).")
        return tuple(sizes)

    def _checked_attention_axes(self, axes):
        if axes is None:
            return None
        axes = (axes,) if isinstance(axes, int) and not isinstance(axes, bool) else axes
        if not isinstance(axes, (list, tuple)) or not all(
                isinstance(a, int) and not isinstance(a, bool) for a in axes):
            raise ValueError(
                f"Layer '{self.name}' (MultiHeadAttention): `attention_axes` must be an int, "
                f"list, or tuple of ints. Received: attention_axes={axes!r}")
        return tuple(axes)

    num_heads = property(lambda self: self._num_heads)
    key_dim = property(lambda self: self._key_dim)
    value_dim = property(lambda self: self._value_dim)
    dropout = property(lambda self: self._dropout)
    use_bias = property(lambda self: self._use_bias)
    attention_axes = property(lambda self: self._attention_axes)
    # Keras's names for the projections (the sublayers are saved under the public names)
    _query_dense = property(lambda self: self.query_dense)
    _key_dense = property(lambda self: self.key_dense)
    _value_dense = property(lambda self: self.value_dense)
    _output_dense = property(lambda self: self.output_dense)

    # -------------------------------------------------------------- building

    def build(self, query_shape, value_shape, key_shape=None):
        query_shape, value_shape, key_shape = self._build_shapes_of(query_shape, value_shape,
                                                                    key_shape)
        self.query_dense = self._projection("query", query_shape, self._key_dim)
        self.key_dense = self._projection("key", key_shape, self._key_dim)
        if self._use_gate:
            self._gate_dense = self._projection("gate", query_shape, self._value_dim,
                                                activation="sigmoid")
        self.value_dense = self._projection("value", value_shape, self._value_dim)
        rank = len(query_shape) + 1
        if self._attention_axes is None:
            self._attention_axes = tuple(range(1, rank - 2))
        else:
            self._attention_axes = tuple(a if a >= 0 else rank - 1 + a
                                         for a in self._attention_axes)
        self._dot_product_equation, self._combine_equation, scores_rank = \
            attention_equations(rank, self._attention_axes)
        self._build_softmax_and_dropout(scores_rank)
        output_shape = self._output_shape or (query_shape[-1],)
        equation, bias_axes, output_rank = projection_equation(
            len(query_shape) - 1, bound_dims=2, output_dims=len(output_shape))
        heads_shape = list(self.query_dense.compute_output_shape(query_shape))
        self.output_dense = self._built_einsum(
            "attention_output", equation, partial_output_shape(output_rank, output_shape),
            bias_axes, tuple(heads_shape[:-1]) + (self._value_dim,))

    def _build_shapes_of(self, query_shape, value_shape, key_shape):
        """The three shapes as tuples (key: value's by default), checked, and remembered for
        the build config as Keras writes it."""
        key_given = key_shape is not None
        key_shape = tuple(value_shape if key_shape is None else key_shape)
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        self._check_key_value(value_shape, key_shape)
        self._shapes_dict = {"query_shape": query_shape, "value_shape": value_shape,
                             **({"key_shape": key_shape} if key_given else {})}
        return query_shape, value_shape, key_shape

    def _build_softmax_and_dropout(self, scores_rank):
        """The softmax over the key's attention axes (the last of the scores), and the
        dropout of the weights (only when there is dropout, as Keras has no seed then)."""
        count = len(self._attention_axes)
        self._softmax = Softmax(axis=tuple(range(scores_rank - count, scores_rank)),
                                dtype=self.dtype_policy)
        self._dropout_layer = Dropout(rate=self._dropout, seed=self.seed,
                                      dtype=self.dtype_policy) if self._dropout > 0 else None

    def _projection(self, name, input_shape, head_size, activation=None):
        """An EinsumDense from (B, ..., D) to (B, ..., num_heads, head_size), built."""
        equation, bias_axes, output_rank = projection_equation(
            len(input_shape) - 1, bound_dims=1, output_dims=2)
        return self._built_einsum(
            name, equation, partial_output_shape(output_rank, [self._num_heads, head_size]),
            bias_axes, input_shape, activation)

    def _built_einsum(self, name, equation, output_shape, bias_axes, input_shape,
                      activation=None):
        """An EinsumDense with the layer's weight options (a bias only with use_bias),
        built for ``input_shape``."""
        layer = EinsumDense(equation, output_shape,
                            bias_axes=bias_axes if self._use_bias else None,
                            activation=activation, name=name, **self._sublayer_arguments())
        layer.build(input_shape)
        return layer

    def _sublayer_arguments(self):
        """The projections' options; each gets its own copy of the initializers, so that
        unseeded ones draw different values."""
        def fresh(initializer):
            return type(initializer).from_config(initializer.get_config())
        return dict(kernel_initializer=fresh(self._kernel_initializer),
                    bias_initializer=fresh(self._bias_initializer),
                    kernel_regularizer=self._kernel_regularizer,
                    bias_regularizer=self._bias_regularizer,
                    activity_regularizer=self._projection_activity_regularizer,
                    kernel_constraint=self._kernel_constraint,
                    bias_constraint=self._bias_constraint, dtype=self.dtype_policy)

    def _check_key_value(self, value_shape, key_shape):
        if tuple(value_shape[1:-1]) != tuple(key_shape[1:-1]):
            raise ValueError(
                f"Layer '{self.name}' (MultiHeadAttention): All dimensions of `value` and "
                f"`key`, except the last one, must be equal. Received: value_shape="
                f"{tuple(value_shape)} and key_shape={tuple(key_shape)}")

    def get_build_config(self):
        return None if self._shapes_dict is None else {"shapes_dict": self._shapes_dict}

    def build_from_config(self, build_config):
        shapes = (build_config or {}).get("shapes_dict")
        if shapes and not self.built:
            self.build(**{k: tuple(v) for k, v in shapes.items() if v is not None})

    # -------------------------------------------------------------- calling

    def __call__(self, query=None, value=None, key=None, **kwargs):
        """``layer(query, value)``, ``layer(query, value, key)`` or the same as keywords."""
        if query is None:
            query = kwargs.pop("inputs", None)
        if query is None or value is None:
            raise ValueError(
                f"Layer '{self.name}' (MultiHeadAttention) needs a query and a value: call "
                f"it as layer(query, value) or layer(query, value, key).")
        if not self.built:
            self.build(*(_shape_of(t) for t in (query, value, key) if t is not None))
        tensors = (query, value) if key is None else (query, value, key)
        return super().__call__(*tensors, **kwargs)

    def call(self, query, value, key=None, query_mask=None, value_mask=None, key_mask=None,
             attention_mask=None, return_attention_scores=False, training=None,
             use_causal_mask=False):
        value = ops.convert_to_tensor(value) if not hasattr(value, "shape") else value
        query_mask = self._query_mask(query, query_mask)
        value_mask = _mask_of(value, value_mask)
        key_mask = None if key is None else _mask_of(key, key_mask)
        key = value if key is None else key
        # With only a causal mask, the fused op masks by itself; a subclass's own
        # _compute_attention gets the mask made explicitly.
        causal_only = (use_causal_mask and query_mask is None and value_mask is None
                       and key_mask is None and attention_mask is None
                       and self._sliding_window is None
                       and type(self)._compute_attention is type(self)._default_attention)
        if not causal_only:
            attention_mask = self._compute_attention_mask(
                query, value, query_mask, value_mask, key_mask, attention_mask,
                use_causal_mask)
        gate = self._gate_dense(query) if self._use_gate else None
        heads, scores = self._attend(*self._project(query, key, value), attention_mask,
                                     training, return_attention_scores, causal_only)
        output = self.output_dense(heads if gate is None else ops.multiply(heads, gate))
        return (output, scores) if return_attention_scores else output

    def _query_mask(self, query, given):
        """The query's mask: as in Keras, the one riding on the query."""
        return getattr(query, "_keras_mask", None)

    def _project(self, query, key, value):
        """The projected query (B, T, N, key_dim), key and value (B, S, N, ...)."""
        return self.query_dense(query), self.key_dense(key), self.value_dense(value)

    def _attend(self, query, key, value, attention_mask, training, return_attention_scores,
                causal_only):
        return self._compute_attention(query, key, value, attention_mask, training,
                                       return_attention_scores,
                                       **({"use_causal_mask": True} if causal_only else {}))

    def _compute_attention(self, query, key, value, attention_mask=None, training=None,
                           return_attention_scores=False, use_causal_mask=False):
        """(heads, weights or None) from projected query (B, T, N, key_dim), key and value
        (B, S, N, ...); ``attention_mask`` (B, T, S) or broadcastable. Override it to change
        how the heads attend."""
        fused = not (self._dropout > 0 or return_attention_scores or query.ndim != 4
                     or key.shape != value.shape)     # the fused op needs equal head sizes
        if fused:
            if attention_mask is not None:
                attention_mask = ops.cast(self._with_heads_axis(attention_mask, 4), "bool")
            heads = ops.dot_product_attention(
                query, key, value, mask=attention_mask, scale=self._inverse_sqrt_key_dim,
                is_causal=bool(use_causal_mask))
            return heads, None
        if use_causal_mask:
            causal = self._compute_causal_mask(query, value)
            attention_mask = causal if attention_mask is None else \
                ops.logical_and(ops.cast(attention_mask, "bool"), causal)
        query = ops.multiply(query, ops.cast(self._inverse_sqrt_key_dim, query.dtype))
        scores = ops.einsum(self._dot_product_equation, key, query)
        if attention_mask is not None:
            attention_mask = self._with_heads_axis(attention_mask, scores.ndim)
        weights = self._softmax(scores, mask=attention_mask)
        dropped = self._dropout_layer(weights, training=training) if self._dropout > 0 \
            else weights
        return ops.einsum(self._combine_equation, dropped, value), weights

    def _with_heads_axis(self, mask, rank):
        """``mask`` with axes of size 1 inserted before the attention axes, up to ``rank``."""
        mask = ops.convert_to_tensor(mask)
        for _ in range(rank - mask.ndim):
            mask = ops.expand_dims(mask, -2 * len(self._attention_axes) - 1)
        return mask

    def _compute_attention_mask(self, query, value, query_mask=None, value_mask=None,
                                key_mask=None, attention_mask=None, use_causal_mask=False):
        """The "and" of every mask given (see the module docstring), (B, T, S), or None."""
        masks = []
        if query_mask is not None:
            masks.append(ops.expand_dims(ops.cast(query_mask, "bool"), -1))   # (B, T, 1)
        for mask in (value_mask, key_mask):
            if mask is not None:
                masks.append(ops.expand_dims(ops.cast(mask, "bool"), -2))     # (B, 1, S)
        if use_causal_mask:
            masks.append(self._compute_causal_mask(query, value))
        if self._sliding_window is not None:
            masks.append(self._compute_sliding_window_mask(query, value))
        if attention_mask is not None:
            masks.insert(0, ops.cast(attention_mask, "bool"))
        if not masks:
            return None
        combined = masks[0]
        for mask in masks[1:]:
            combined = ops.logical_and(combined, mask)
        return combined

    def _compute_causal_mask(self, query, value=None):
        """(1, T, S), True where s <= t."""
        length = query.shape[1]
        return ops.convert_to_tensor(ops.tri(length, length if value is None
                                             else value.shape[1], dtype="bool")[None])

    def _compute_sliding_window_mask(self, query, value=None):
        """(1, T, S), True where |t − s| < sliding_window: the band of the diagonals
        -(w - 1) ... w - 1."""
        rows, columns = query.shape[1], (query if value is None else value).shape[1]
        window = self._sliding_window
        band = ops.logical_and(ops.tri(rows, columns, window - 1, dtype="bool"),
                               ops.logical_not(ops.tri(rows, columns, -window, dtype="bool")))
        return ops.expand_dims(band, 0)

    # -------------------------------------------------------------- shapes, config

    def compute_output_shape(self, query_shape, value_shape, key_shape=None):
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        self._check_key_value(value_shape, value_shape if key_shape is None else key_shape)
        if self._output_shape:
            return query_shape[:-1] + self._output_shape
        return query_shape

    def symbolic_output_shapes(self, inputs, kwargs, extra=()):
        value = extra[0]
        key = extra[1] if len(extra) > 1 else value
        output = self.compute_output_shape(inputs.shape, value.shape, key.shape)
        if not kwargs.get("return_attention_scores"):
            return output
        batch = [inputs.shape[i] for i in range(len(inputs.shape) - 1)
                 if i not in self._attention_axes]
        scores = (*batch, self._num_heads,
                  *(inputs.shape[i] for i in self._attention_axes),
                  *(key.shape[i] for i in self._attention_axes))
        return output, scores

    def get_config(self):
        return {
            **super().get_config(),
            "num_heads": self._num_heads,
            "key_dim": self._key_dim,
            "value_dim": self._value_dim,
            "dropout": self._dropout,
            "use_bias": self._use_bias,
            "use_gate": self._use_gate,
            "output_shape": self._output_shape,
            "attention_axes": self._attention_axes,
            "sliding_window": self._sliding_window,
            "kernel_initializer": serialize_keras_object(self._kernel_initializer),
            "bias_initializer": serialize_keras_object(self._bias_initializer),
            "kernel_regularizer": serialize_keras_object(self._kernel_regularizer),
            "bias_regularizer": serialize_keras_object(self._bias_regularizer),
            "activity_regularizer": serialize_keras_object(
                self._projection_activity_regularizer),
            "kernel_constraint": serialize_keras_object(self._kernel_constraint),
            "bias_constraint": serialize_keras_object(self._bias_constraint),
            "seed": self.seed,
        }


MultiHeadAttention._default_attention = MultiHeadAttention._compute_attention


def _shape_of(x):
    shape = getattr(x, "shape", None)
    return tuple(shape) if shape is not None else tuple(ops.convert_to_tensor(x).shape)


def _mask_of(tensor, given):
    """The mask given to the call, else the one riding on ``tensor``."""
    return given if given is not None else getattr(tensor, "_keras_mask", None)
