"""Reverse-mode differentiation over the graph that Tensors record.

Every backend op computes its result with numpy and calls :func:`record`. When an input takes part
in differentiation (a Variable, a watched Tensor, or a Tensor made from those), the result keeps

* ``_parents``: the op's inputs, and
* ``_backward(g)``: the vector-Jacobian product, returning one gradient per parent (or None),

so the recorded graph is the "tape". :func:`gradients` walks it backwards from a target in reverse
topological order, summing the gradient contributions that reach each tensor (the chain rule):

    dL/dx = sum over consumers y of x:  backward_y(dL/dy)[x]

Recording is switched off inside ``with no_grad():`` (prediction does not need it), and
:func:`stop_gradient` cuts the graph on purpose. Inside a :class:`GradientTape` a Tensor that
carries a gradient cannot leave the tape as a Python number or numpy array without saying so
(see :mod:`kerasedu.backend.recording`).
"""

import math

import numpy as np

from .exit_log import refuse_cuts, tick
from .quiet import quietly
# no_grad is public here: kerasedu.backend.autodiff.no_grad
from .recording import differentiating, is_differentiating, is_recording, no_grad  # noqa: F401
from .tensor import Tensor, forget_recorded, hold_recorded


def needs_grad(x):
    """True when ``x`` is a Tensor whose gradient is wanted (so an op must compute it)."""
    return isinstance(x, Tensor) and x._tracks_gradient


def record(value, parents, backward, op):
    """The Tensor for ``value``, linked to ``parents`` through ``backward`` when gradients are wanted.

    ``parents`` is a tuple of the op's inputs (None for plain Python numbers), ``backward`` maps
    the result's gradient to a tuple of gradients, one per parent, and ``op`` names the op.
    Integer and boolean results (comparisons, argmax, integer casts) carry no gradient; complex
    ones are recorded, so that an op which cannot differentiate them can say so when asked.
    """
    out = Tensor(value)
    if is_recording() and out.value.dtype.kind in "fc" and any(map(needs_grad, parents)):
        out._parents = parents
        out._backward = backward
        out._op = op
        out._made_at = tick()
        if is_differentiating():
            hold_recorded(out)   # its array, given to an op in its place, would be refused
    return out


def unbroadcast(grad, shape):
    """Sum ``grad`` over the axes that broadcasting added or stretched, giving it ``shape``.

    If x of shape (3, 1) was broadcast to (2, 3, 4), its gradient sums over axis 0 (added) and
    axis 2 (stretched from 1): (2, 3, 4) -> (3, 1).
    """
    shape = tuple(shape)
    if grad.shape == shape:
        return grad
    added = grad.ndim - len(shape)
    if added:
        grad = _sum_leading_axes(grad, added)
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad


def _sum_leading_axes(grad, count):
    """``grad`` summed over its first ``count`` axes (a bias's gradient sums over the batch).

    For floats this is ones · G with G the gradient as a (rows, rest) matrix: one BLAS product,
    where numpy's own sum over leading axes runs a short loop per row.
    """
    if grad.dtype not in (np.float32, np.float64) or grad.size == 0:
        return grad.sum(axis=tuple(range(count)))
    kept = grad.shape[count:]
    matrix = grad.reshape(-1, math.prod(kept))
    return (np.ones(matrix.shape[0], grad.dtype) @ matrix).reshape(kept)


def _reverse_topological_order(target):
    """Tensors reachable from ``target`` through ``_parents``, each after all its consumers."""
    order, visited = [], set()
    stack = [(target, False)]
    while stack:
        tensor, expanded = stack.pop()
        if expanded:
            order.append(tensor)
            continue
        if id(tensor) in visited:
            continue
        visited.add(id(tensor))
        stack.append((tensor, True))
        for parent in tensor._parents or ():
            if isinstance(parent, Tensor) and id(parent) not in visited:
                stack.append((parent, False))
    order.reverse()
    return order


@quietly
def gradients(target, sources, output_gradient=None):
    """d target / d source for each source, as numpy arrays (None where no path connects them).

    A non-scalar target is treated as its sum, unless ``output_gradient`` (same shape as target)
    gives the weights of that sum. ``sources`` may be one Tensor or a list of Tensors.

    A conversion that cut the gradient on its way (``float(t)`` while the target was computed,
    with no GradientTape open to refuse it at its line) is refused here: see
    :mod:`~kerasedu.backend.exit_log`.
    """
    return _gradients(target, sources, output_gradient, check_conversions=True)


@quietly
def gradients_as_recorded(target, sources, output_gradient=None):
    """:func:`gradients` as the recorded graph gives them, without refusing conversions that
    cut them (None where they did). Graders use it: they compare the result with numerical
    gradients and name the mistake themselves."""
    return _gradients(target, sources, output_gradient, check_conversions=False)


def _gradients(target, sources, output_gradient, check_conversions):
    single = isinstance(sources, Tensor)
    sources = [sources] if single else list(sources)
    if not isinstance(target, Tensor):
        raise TypeError(f"gradients() needs a Tensor target, received {type(target).__name__}.")
    seed = (np.ones_like(target.value) if output_gradient is None
            else np.asarray(getattr(output_gradient, "value", output_gradient),
                            dtype=target.dtype).reshape(target.shape))
    wanted = {id(s) for s in sources}
    grads = {id(target): seed}
    found = {}
    order = _reverse_topological_order(target)
    for tensor in order:
        grad = grads.pop(id(tensor), None)
        if grad is None:
            continue
        if id(tensor) in wanted:
            found[id(tensor)] = grad
        if tensor._backward is None:
            continue
        for parent, parent_grad in zip(tensor._parents, tensor._backward(grad)):
            if parent_grad is None or not needs_grad(parent):
                continue
            dtype = parent.value.dtype
            if dtype.kind == "c":
                raise NotImplementedError(_complex_gradient_message(tensor._op, parent._op))
            if dtype.kind != "f":
                continue
            if type(parent_grad) is not np.ndarray or parent_grad.dtype != dtype:
                parent_grad = np.asarray(parent_grad, dtype=dtype)
            if parent_grad.shape != parent.value.shape:
                raise ValueError(
                    f"The backward function of op '{tensor._op}' returned a gradient of shape "
                    f"{parent_grad.shape} for an input of shape {parent.shape}. A gradient "
                    f"must have its input's shape: sum it over broadcast axes with "
                    f"unbroadcast(grad, input_shape).")
            key = id(parent)
            grads[key] = parent_grad if key not in grads else grads[key] + parent_grad
    if check_conversions:
        refuse_cuts(order, sources, [s for s in sources if id(s) not in found])
    result = [found.get(id(s)) for s in sources]
    return result[0] if single else result


def _complex_gradient_message(consumer, producer):
    return (f"A gradient was asked through a complex tensor (made by '{producer}', read by "
            f"'{consumer}'), and kerasedu computes gradients of real tensors only, so it would "
            f"be lost. Keep the differentiated part real: differentiable ops such as ops.fft "
            f"take and give (real, imaginary) pairs of real tensors. If no gradient should flow "
            f"there, wrap the complex tensor's input in ops.stop_gradient(...).")


class GradientTape:
    """Record ops in a ``with`` block, then ask for gradients (as in TensorFlow).

    >>> w = Variable(np.ones(3))
    >>> with GradientTape() as tape:
    ...     loss = ops.sum(w * w)
    >>> tape.gradient(loss, w)          # 2 * w
    array([2., 2., 2.], dtype=float32)

    Variables are watched automatically; ``tape.watch(t)`` asks for gradients with respect to a
    constant Tensor too (from then on, ops on it record their inputs). Gradients are numpy
    arrays, one per source. Inside the block, ``float(t)``, ``np.asarray(t)`` or ``t.numpy()``
    of a Tensor that carries a gradient raise an error instead of silently cutting the gradient.
    """

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self.persistent = persistent
        self._used = False
        self._scope = None

    def __enter__(self):
        self._scope = differentiating()
        self._scope.__enter__()
        return self

    def __exit__(self, *exc):
        self._scope.__exit__(*exc)
        if not is_differentiating():
            forget_recorded()

    def watch(self, tensor):
        """Differentiate with respect to ``tensor`` (a Tensor, or a list of them) as well."""
        for t in (tensor if isinstance(tensor, (list, tuple)) else [tensor]):
            if not isinstance(t, Tensor):
                raise TypeError(
                    f"GradientTape.watch() needs a kerasedu Tensor, received "
                    f"{type(t).__name__}. Convert it first: t = ops.convert_to_tensor(x).")
            t._watched = True

    def gradient(self, target, sources, output_gradients=None):
        """Gradients of ``target`` with respect to ``sources`` (same nesting: one or a list)."""
        if self._used and not self.persistent:
            raise RuntimeError(
                "A non-persistent GradientTape can only be used to compute one set of "
                "gradients. Create it with GradientTape(persistent=True) to call gradient() "
                "more than once.")
        self._used = True
        return gradients(target, sources, output_gradients)


def stop_gradient(x):
    """The same values as ``x``, with no gradient flowing back through it."""
    return Tensor(x.value if isinstance(x, Tensor) else np.asarray(x))
