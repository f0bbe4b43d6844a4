"""Cases (see ops_cases) of the neural-network ops: normalization, attention, CTC, adaptive
pooling, activations with an axis; control flow and custom gradients, whose functions are
written with the ops of the library under test (``o``)."""

import numpy as np

from ops_cases import Case, In, distinct, positive

LABELS = np.array([[1, 2, 0], [2, 2, 1]])


def _ctc(o, logits):
    return o.nn.ctc_loss(LABELS, logits, np.array([2, 3]), np.array([5, 4]))


def _scan(o, init, xs):
    def step(carry, x):
        carry = carry * 0.5 + o.tanh(x)
        return carry, carry * x
    return o.scan(step, init, xs)


def _while(o, x):
    return o.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, o.sin(v) + v * 0.5),
                        (0, x))[1]


def _custom(o, x):
    @o.custom_gradient
    def log1pexp(t):
        e = o.exp(t)

        def grad(*upstream):
            return upstream[0] * (1 - 1 / (1 + e))
        return o.log(1 + e), grad
    return log1pexp(x)


PRIMAL = np.array([0.3, -1.2, 2.0])


def _jvp(o, x, t):
    return o.jvp(lambda v: o.sin(v) * o.sum(v), (x,), (t,))


CASES = {
    "batch_normalization": Case(lambda o, x, m, v, b, s: o.nn.batch_normalization(
        x, m, v, axis=-1, offset=b, scale=s), (4, 3), (3,), positive((3,)), (3,), (3,)),
    "batch_normalization_axis1": Case(lambda o, x, m, v: o.nn.batch_normalization(
        x, m, v, axis=1, epsilon=0.01), (2, 3, 2), (3,), positive((3,))),
    "layer_normalization": Case(lambda o, x, g, b: o.nn.layer_normalization(x, g, b),
                                (2, 5), (5,), (5,), keras_atol=1e-5),
    "layer_normalization_axes": Case(lambda o, x: o.nn.layer_normalization(
        x, axis=(1, 2), epsilon=0.01), (2, 3, 2), keras_atol=1e-5),
    "rms_normalization": Case(lambda o, x, s: o.nn.rms_normalization(x, s), (3, 4), (4,)),
    "moments": Case(lambda o, x: o.nn.moments(x, axes=(0,)), (5, 3)),
    "moments_keepdims": Case(lambda o, x: o.nn.moments(x, axes=(0, 2), keepdims=True),
                             (2, 3, 4)),
    "dot_product_attention": Case(lambda o, q, k, v: o.nn.dot_product_attention(q, k, v),
                                  (2, 3, 2, 4), (2, 5, 2, 4), (2, 5, 2, 4)),
    "dot_product_attention_causal": Case(
        lambda o, q, k, v: o.nn.dot_product_attention(q, k, v, is_causal=True, scale=0.5),
        (1, 4, 1, 3), (1, 4, 1, 3), (1, 4, 1, 3)),
    "dot_product_attention_bias_mask": Case(
        lambda o, q, k, v, b: o.nn.dot_product_attention(
            q, k, v, bias=b, mask=np.array([[[[True, False, True]]]])),
        (1, 2, 1, 4), (1, 3, 1, 4), (1, 3, 1, 4), (1, 1, 2, 3)),
    "dot_product_attention_grouped": Case(
        lambda o, q, k, v: o.nn.dot_product_attention(q, k, v),
        (1, 3, 4, 2), (1, 3, 2, 2), (1, 3, 2, 2)),
    "ctc_loss": Case(_ctc, (2, 5, 4), rtol=1e-4, keras_rtol=1e-4, keras_atol=1e-4),
    "adaptive_average_pool_1d": Case(lambda o, x: o.nn.adaptive_average_pool(x, 3), (2, 7, 2)),
    "adaptive_average_pool_2d": Case(lambda o, x: o.nn.adaptive_average_pool(x, (2, 3)),
                                     (1, 5, 7, 2)),
    "adaptive_average_pool_first": Case(lambda o, x: o.nn.adaptive_average_pool(
        x, (2, 2), data_format="channels_first"), (1, 2, 4, 5)),
    "adaptive_max_pool_2d": Case(lambda o, x: o.nn.adaptive_max_pool(x, (2, 3)),
                                 distinct((1, 5, 7, 2))),
    "glu_axis": Case(lambda o, x: o.nn.glu(x, axis=1), (2, 4, 3)),
    "sparsemax_axis": Case(lambda o, x: o.nn.sparsemax(x, axis=0), (4, 3),
                           keras=False),      # Keras 3.15 departs from the definition here
    "log_softmax_tuple_axis": Case(lambda o, x: o.nn.log_softmax(x, axis=(1, 2)), (2, 2, 3),
                                   ),
    "vectorize": Case(lambda o, a, b: o.vectorize(lambda u, v: o.sum(u * v),
                                                  signature="(n),(n)->()")(a, b),
                      (3, 4), (4,)),
    "bias_add": Case(lambda o, x, b: o.bias_add(x, b), (2, 3), (3,),
                     keras=False),                # kerasedu's own (Keras 2's K.bias_add)
    "scan": Case(_scan, (2,), (4, 2)),
    "scan_reverse": Case(lambda o, x: o.scan(lambda c, t: (c + t, c * t), o.zeros((3,),
                         "float64" if x.dtype == np.float64 else "float32"), x,
                         reverse=True), (4, 3)),
    "associative_scan": Case(lambda o, x: o.associative_scan(o.logaddexp, x), (5, 2)),
    "associative_scan_reverse": Case(lambda o, x: o.associative_scan(
        lambda a, b: a * b, x, reverse=True, axis=1), In((2, 5), 0.5, 1.5)),
    "map": Case(lambda o, x: o.map(lambda r: o.sum(r * r), x), (3, 4)),
    "vectorized_map": Case(lambda o, x: o.vectorized_map(lambda r: o.sin(r) * r, x), (3, 2)),
    "fori_loop": Case(lambda o, x: o.fori_loop(0, 3, lambda i, v: v * o.cos(v) + 1.0, x),
                      (3,)),
    "while_loop": Case(_while, (2,)),
    "cond": Case(lambda o, x: o.cond(True, lambda: o.exp(x), lambda: x), (3,)),
    "switch": Case(lambda o, x, y: o.switch(1, [lambda a, b: a + b, lambda a, b: a * b],
                                            x, y), (3,), (3,)),
    "custom_gradient": Case(_custom, (4,)),
    "jvp_primal_output": Case(lambda o, x: _jvp(o, x, PRIMAL.astype(x.dtype))[0], (3,)),
    "jvp_tangent_output": Case(lambda o, t: _jvp(o, PRIMAL.astype(t.dtype), t), (3,)),
}
