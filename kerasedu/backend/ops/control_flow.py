"""Control flow as functions: conditionals, loops, scans and maps.

JAX and TensorFlow need these to compile Python control flow into a graph. kerasedu runs
eagerly, so each is the plain Python loop it describes, and every op inside records itself as
usual: gradients flow through a loop as through the same code written out by hand.

    cond(p, f, g)              f() if p else g()
    switch(i, branches, *xs)   branches[i](*xs), i clamped to the valid range
    while_loop(c, body, v)     while c(*v): v = body(*v)
    fori_loop(lo, hi, f, v)    for i in range(lo, hi): v = f(i, v)
    scan(f, init, xs)          carry, y_t = f(carry, x_t) for each slice x_t; returns the last
                               carry and the y_t stacked
    map(f, xs)                 [f(x_t) for each slice x_t], stacked
    associative_scan(f, xs)    the prefix "sums" x₀, f(x₀, x₁), f(f(x₀, x₁), x₂), ... for an
                               associative f, in log₂(n) whole-tensor steps (Hillis and Steele)

Structures of tensors (tuples, lists, dicts, None) are walked as JAX walks its "pytrees".
"""

import builtins

import numpy as np

from ..tensor import Tensor
from ._inputs import tensor_of, value_of
from .shape import broadcast_to, concatenate, flip, getitem, reshape, stack, take_slice


# ----------------------------------------------------------------- structures of tensors

def flatten(tree):
    """(leaves, rebuild): the leaves of a nested structure and a function that puts new
    leaves back in the same structure."""
    if isinstance(tree, (list, tuple)):
        parts = [flatten(item) for item in tree]
        counts = [len(leaves) for leaves, _ in parts]

        def rebuild(leaves):
            items, start = [], 0
            for (_, rebuild_part), count in zip(parts, counts):
                items.append(rebuild_part(leaves[start:start + count]))
                start += count
            return type(tree)(items) if isinstance(tree, list) or type(tree) is tuple else \
                type(tree)(*items)
        return [leaf for leaves, _ in parts for leaf in leaves], rebuild
    if isinstance(tree, dict):
        keys = list(tree)
        values, rebuild_values = flatten([tree[k] for k in keys])
        return values, lambda leaves: dict(zip(keys, rebuild_values(leaves)))
    if tree is None:
        return [], lambda leaves: None
    return [tree], lambda leaves: leaves[0]


def _slice_count(leaves, length, name):
    sizes = {tensor_of(leaf).shape[0] for leaf in leaves}
    if length is not None:
        sizes.add(int(length))
    if len(sizes) != 1:
        raise ValueError(f"{name}: every input must have the same leading size (and match "
                         f"length), received sizes {sorted(sizes)}.")
    return sizes.pop()


# ----------------------------------------------------------------- branches

def cond(pred, true_fn, false_fn):
    """true_fn() if ``pred`` (a boolean scalar) holds, else false_fn()."""
    value = np.asarray(value_of(pred))
    if value.size != 1:
        raise ValueError(f"cond: pred must be a single boolean, received shape {value.shape}.")
    return true_fn() if bool(value.reshape(())) else false_fn()


def switch(index, branches, *operands):
    """branches[index](*operands), with ``index`` clamped to [0, len(branches) − 1]."""
    if not branches:
        raise ValueError("switch needs at least one branch.")
    i = int(np.asarray(value_of(index)).reshape(()))
    return branches[builtins.min(builtins.max(i, 0), len(branches) - 1)](*operands)


# ----------------------------------------------------------------- loops

def while_loop(cond, body, loop_vars, maximum_iterations=None):
    """Repeat ``loop_vars = body(*loop_vars)`` while cond(*loop_vars) holds (at most
    ``maximum_iterations`` times). A tuple or list of loop variables comes back as a tuple,
    a single one as itself."""
    several = isinstance(loop_vars, (tuple, list))
    values = tuple(loop_vars) if several else (loop_vars,)
    count = 0
    while (maximum_iterations is None or count < maximum_iterations) and \
            bool(np.asarray(value_of(cond(*values)))):
        result = body(*values)
        values = tuple(result) if several else (result,)
        count += 1
    return values if several else values[0]


def fori_loop(lower, upper, body_fun, init_val):
    """val = body_fun(i, val) for i from lower to upper − 1; returns the last val."""
    value = init_val
    for i in range(int(value_of(lower)), int(value_of(upper))):
        value = body_fun(i, value)
    return value


def _stacked(results):
    """A list of equal structures -> one structure of stacked tensors (None for no results)."""
    if not results:
        return None
    leaves_per_result = [flatten(r)[0] for r in results]
    rebuild = flatten(results[0])[1]
    return rebuild([stack([tensor_of(leaves[i]) for leaves in leaves_per_result])
                    for i in range(len(leaves_per_result[0]))])


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    """Loop ``carry, y = f(carry, x)`` over the slices x of ``xs`` along axis 0 (or ``length``
    times with x None); returns (the final carry, the ys stacked along a new axis 0).
    ``reverse`` walks the slices from the end (the ys keep the slices' order)."""
    if not isinstance(unroll, bool) and (not isinstance(unroll, int) or unroll < 1):
        raise ValueError(f"scan: unroll must be a positive int or a bool, received {unroll!r}.")
    leaves, rebuild = flatten(xs)
    if not leaves and length is None:
        raise ValueError("scan needs xs or length to know how many steps to take.")
    steps = _slice_count(leaves, length, "scan") if leaves else int(length)
    order = range(steps - 1, -1, -1) if reverse else range(steps)
    carry, ys = init, [None] * steps
    for t in order:
        x = rebuild([getitem(tensor_of(leaf), t) for leaf in leaves]) if leaves else None
        carry, ys[t] = f(carry, x)
    return carry, _stacked(ys) if ys and ys[0] is not None else None


def map(f, xs):  # noqa: A001  (Keras's name)
    """f applied to each slice of ``xs`` along axis 0, the results stacked along axis 0."""
    leaves, rebuild = flatten(xs)
    steps = _slice_count(leaves, None, "map")
    return _stacked([f(rebuild([getitem(tensor_of(leaf), t) for leaf in leaves]))
                     for t in range(steps)])


def vectorized_map(function, elements):
    """``function`` applied to each slice of ``elements`` along axis 0, stacked (map's result:
    JAX vectorizes this loop; kerasedu runs it)."""
    return map(function, elements)


# ----------------------------------------------------------------- associative scan

def associative_scan(f, elems, reverse=False, axis=0):
    """Prefix combinations along ``axis``: out_i = f(...f(f(x_0, x_1), x_2)..., x_i) for an
    associative f that works on whole slices. Step d = 1, 2, 4, ...: out[d:] = f(out[:−d],
    out[d:]), so n values need ⌈log₂ n⌉ calls of f."""
    leaves, rebuild = flatten(elems)
    leaves = [tensor_of(leaf) for leaf in leaves]
    if not leaves:
        raise ValueError("associative_scan needs at least one tensor in elems.")
    n = _slice_count([Tensor(np.moveaxis(leaf.value, axis, 0)) for leaf in leaves], None,
                     "associative_scan")
    if reverse:
        leaves = [flip(leaf, axis % leaf.ndim) for leaf in leaves]
    current, d = leaves, 1
    while d < n:
        earlier = rebuild([take_slice(leaf, axis % leaf.ndim, 0, n - d) for leaf in current])
        later = rebuild([take_slice(leaf, axis % leaf.ndim, d, n) for leaf in current])
        combined = flatten(f(earlier, later))[0]
        current = [concatenate([take_slice(leaf, axis % leaf.ndim, 0, d), tensor_of(new)],
                               axis=axis % leaf.ndim) for leaf, new in zip(current, combined)]
        d *= 2
    if reverse:
        current = [flip(leaf, axis % leaf.ndim) for leaf in current]
    return rebuild(current)


# ----------------------------------------------------------------- vectorize

def _core_ranks(signature):
    """([core rank of each input], [core rank of each output]) of a numpy signature such as
    "(m,n),(n)->(m)"; None for no signature (every input and output a scalar)."""
    inputs, arrow, outputs = signature.replace(" ", "").partition("->")
    if not arrow:
        raise ValueError(f"vectorize: a signature looks like '(n),(n)->()', received "
                         f"{signature!r}.")

    def ranks(part):
        groups = part[1:-1].split("),(") if part else []
        return [len([d for d in g.split(",") if d]) for g in groups]
    return ranks(inputs), ranks(outputs)


def vectorize(pyfunc, *, excluded=None, signature=None):
    """A function that applies ``pyfunc`` to each element (or, with a ``signature``, each core
    slice) of its broadcast tensor arguments and stacks the results, as numpy's vectorize.
    Arguments named or numbered in ``excluded`` are passed through unchanged."""
    excluded = set(excluded or ())

    def vectorized(*args, **kwargs):
        positions = [i for i in range(len(args)) if i not in excluded]
        tensors = [tensor_of(args[i]) for i in positions]
        cores = _core_ranks(signature)[0] if signature else [0] * len(tensors)
        if len(cores) != len(tensors):
            raise ValueError(f"vectorize: the signature {signature!r} names {len(cores)} "
                             f"inputs, but {len(tensors)} were given.")
        batch = np.broadcast_shapes(*(t.shape[:t.ndim - c] for t, c in zip(tensors, cores)))
        tensors = [broadcast_to(t, batch + t.shape[t.ndim - c:]) for t, c in zip(tensors, cores)]
        results = []
        for index in np.ndindex(*batch):
            call_args = list(args)
            for i, t in zip(positions, tensors):
                call_args[i] = getitem(t, index) if index else t
            results.append(pyfunc(*call_args, **kwargs))
        if not results:
            raise ValueError("vectorize: the arguments broadcast to an empty batch.")
        out = _stacked(results)
        leaves, rebuild = flatten(out)
        return rebuild([reshape(leaf, batch + leaf.shape[1:]) if batch else
                        reshape(leaf, leaf.shape[1:]) for leaf in leaves])
    vectorized.__name__ = getattr(pyfunc, "__name__", "vectorized")
    vectorized.__doc__ = pyfunc.__doc__
    return vectorized
