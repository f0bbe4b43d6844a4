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
"""

import functools

import numpy as np

from ..autodiff import gradients, no_grad, record
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
    products = []
    for leaf in leaves:
        leaf = tensor_of(leaf)
        flat = np.zeros(leaf.size, leaf.dtype)
        for i in range(leaf.size):
            seed = np.zeros(leaf.size, leaf.dtype)
            seed[i] = 1
            row = gradients(leaf, sources, output_gradient=seed.reshape(leaf.shape))
            flat[i] = sum(float(np.sum(r * t)) for r, t in zip(row, directions) if r is not None)
        products.append(Tensor(flat.reshape(leaf.shape)))
    plain = rebuild([Tensor(tensor_of(leaf).value) for leaf in leaves])
    if has_aux:
        return plain, rebuild(products), aux
    return plain, rebuild(products)
