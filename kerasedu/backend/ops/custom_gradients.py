"""Differentiation on request: custom gradients and Jacobian-vector products.

``custom_gradient(f)``: f returns ``(y, grad)`` where ``grad(upstream)`` gives the gradient of
each input from the gradient of y. The decorated function records y with that ``grad`` as its
vector-Jacobian product, in place of whatever f's own ops recorded: the place to write a more
stable or cheaper gradient than the chain rule would give, such as

    @custom_gradient
    def log1pexp(x):                       # log(1 + eˣ), whose chain-rule gradient overflows
        e = ops.exp(x)
        def grad(upstream):
            return upstream * (1 - 1 / (1 + e))
        return ops.log(1 + e), grad

``jvp(fun, primals, tangents)``: J·t, the change of fun's output along the direction t. kerasedu
differentiates in reverse mode only, so J·t is assembled from rows of the Jacobian: one
backward pass per output value, (J·t)_i = (eᵢᵀ J)·t. Exact, and fine for the small functions
one inspects this way; for large outputs, a vector-Jacobian product is the cheaper question.
Both results differentiate once more by the same rows: ȳ gives Jᵀȳ to the primals, and the
gradient of J·t reaches the tangents as Jᵀḡ (reaching the primals would need second
derivatives: asking for it raises an error).
"""

import functools

import numpy as np

from ..autodiff import gradients, needs_grad, no_grad, record
from ..tensor import Tensor, Variable
from ._inputs import tensor_of
from .control_flow import flatten


def custom_gradient(f):
    """Decorator: f(*args) returns (y, grad); the result records ``grad(upstream)`` (one
    gradient per tensor argument, or a single one) as y's backward function."""
    @functools.wraps(f)
    def wrapped(*args, **kwargs):
        with no_grad():
            result, grad_fn = f(*args, **kwargs)
        parents = tuple(a if isinstance(a, Tensor) else None for a in args)
        outputs, rebuild = flatten(result)
        outputs = [tensor_of(o) for o in outputs]

        def backward_for(k):
            def backward(g):
                upstream = [Tensor(g if i == k else np.zeros(o.shape, o.dtype))
                            for i, o in enumerate(outputs)]
                grads = grad_fn(*([rebuild(upstream)] if len(outputs) > 1 else upstream))
                grads = list(grads) if isinstance(grads, (tuple, list)) else [grads]
                if len(grads) != len(args):
                    raise ValueError(
                        f"custom_gradient: the gradient function of {f.__name__} returned "
                        f"{len(grads)} gradients for {len(args)} arguments.")
                return tuple(None if gr is None or p is None else
                             np.broadcast_to(np.asarray(getattr(gr, "value", gr), p.dtype),
                                             p.shape) for gr, p in zip(grads, parents))
            return backward
        recorded = [record(o.value, parents, backward_for(k), f"custom_gradient:{f.__name__}")
                    for k, o in enumerate(outputs)]
        return rebuild(recorded)
    return wrapped


def _source(primal):
    """A Variable holding ``primal`` (floats keep their dtype, others become floatx)."""
    value = np.asarray(getattr(primal, "value", primal))
    return Variable(value, dtype=value.dtype if value.dtype.kind == "f" else None)


def jvp(fun, primals, tangents, has_aux=False):
    """(fun(*primals), J·tangents), or with ``has_aux`` (y, J·tangents, aux) when fun returns
    (y, aux). ``primals`` and ``tangents`` are sequences with one entry per argument."""
    if not isinstance(primals, (tuple, list)) or not isinstance(tangents, (tuple, list)):
        raise TypeError("jvp: primals and tangents must be tuples or lists with one entry per "
                        "argument of fun.")
    if len(primals) != len(tangents):
        raise ValueError(f"jvp: {len(primals)} primals but {len(tangents)} tangents.")
    sources = [_source(p) for p in primals]
    directions = [np.asarray(getattr(t, "value", t)) for t in tangents]
    for s, t in zip(sources, directions):
        if s.shape != t.shape:
            raise ValueError(f"jvp: a tangent of shape {t.shape} for a primal of shape "
                             f"{s.shape}; each tangent must have its primal's shape.")
    result = fun(*sources)
    output, aux = result if has_aux else (result, None)
    leaves, rebuild = flatten(output)
    primal_parents = tuple(p if isinstance(p, Tensor) else None for p in primals)
    tangent_parents = tuple(t if isinstance(t, Tensor) else None for t in tangents)
    plain, products = [], []
    for leaf in leaves:
        leaf = tensor_of(leaf)
        rows = [_jacobian_rows(leaf, s) for s in sources]     # each (leaf.size, s.size)
        product = sum(r @ t.reshape(-1) for r, t in zip(rows, directions))
        plain.append(record(leaf.value, primal_parents, _vjp(rows, sources), "jvp"))
        products.append(record(np.asarray(product, leaf.dtype).reshape(leaf.shape),
                               primal_parents + tangent_parents,
                               _tangent_vjp(rows, sources, primal_parents), "jvp"))
    if has_aux:
        return rebuild(plain), rebuild(products), aux
    return rebuild(plain), rebuild(products)


def _jacobian_rows(leaf, source):
    """d leaf / d source as a (leaf.size, source.size) matrix: one backward pass per row."""
    rows = np.zeros((leaf.size, source.size), leaf.dtype)
    for i in range(leaf.size):
        seed = np.zeros(leaf.size, leaf.dtype)
        seed[i] = 1
        row = gradients(leaf, source, output_gradient=seed.reshape(leaf.shape))
        if row is not None:
            rows[i] = row.reshape(-1)
    return rows


def _vjp(rows, sources):
    """The backward function of a primal output: Jᵀ g for each primal."""
    def backward(g):
        flat = np.reshape(g, -1)
        return tuple((flat @ r).reshape(s.shape) for r, s in zip(rows, sources))
    return backward


def _tangent_vjp(rows, sources, primals):
    """The backward function of J·t: Jᵀ g for each tangent. Its derivative with respect to
    the primals would need second derivatives, which kerasedu does not take: asking for it
    raises."""
    def backward(g):
        if any(map(needs_grad, primals)):
            raise NotImplementedError(
                "jvp: a gradient was asked through the Jacobian-vector product J·t with "
                "respect to the primals; that needs second derivatives, which kerasedu does "
                "not take. Differentiate with respect to the tangents only, or wrap the "
                "primals in ops.stop_gradient(...).")
        flat = np.reshape(g, -1)
        return (None,) * len(primals) + tuple((flat @ r).reshape(s.shape)
                                              for r, s in zip(rows, sources))
    return backward
