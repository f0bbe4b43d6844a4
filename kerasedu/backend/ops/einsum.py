"""Einstein summation: products of tensors written as index strings.

    einsum("ij,jk->ik", a, b)    matmul:      out[i, k] = Σ_j a[i, j] b[j, k]
    einsum("bij,bjk->bik", ...)  batch matmul;   einsum("ii->i", a) the diagonal
    einsum("...ij->...ji", a)    "..." stands for the leading axes (broadcast between operands)

Every letter names an axis; letters missing from the output (after "->") are summed over.
Without "->", the output is the letters that appear once, in alphabetical order.

The gradient with respect to one operand is itself an einsum: the output's gradient times all
the other operands, summed back to that operand's letters,

    ∂L/∂a[i, j] = Σ_k g[i, k] · b[j, k]      ("ik,jk->ij" for "ij,jk->ik")

with two refinements: letters only that operand has (summed away in the forward pass) get the
gradient copied along them, and a repeated letter ("ii") puts it on the diagonal.
"""

import string

import numpy as np

from ..autodiff import needs_grad, record, unbroadcast
from ._inputs import unpack
from .dtypes import result_type


def _parse(subscripts, shapes):
    """(input letter strings, output letters) with "..." replaced by letters of their own."""
    subscripts = subscripts.replace(" ", "")
    inputs, arrow, output = subscripts.partition("->")
    terms = inputs.split(",")
    if len(terms) != len(shapes):
        raise ValueError(f"einsum: the subscripts {subscripts!r} name {len(terms)} operands, "
                         f"but {len(shapes)} were given.")
    spare = [c for c in string.ascii_letters if c not in subscripts]
    widest = 0
    for term, shape in zip(terms, shapes):
        named = len(term.replace("...", ""))
        if "..." not in term and named != len(shape):
            raise ValueError(f"einsum: operand {term!r} has {named} letters but the tensor has "
                             f"{len(shape)} axes (shape {tuple(shape)}).")
        widest = max(widest, len(shape) - named) if "..." in term else widest
    ellipsis = "".join(spare[:widest])
    expanded = []
    for term, shape in zip(terms, shapes):
        if "..." in term:
            count = len(shape) - len(term.replace("...", ""))
            term = term.replace("...", ellipsis[widest - count:])
        expanded.append(term)
    if arrow:
        output = output.replace("...", ellipsis)
    else:
        letters = "".join(expanded)
        output = ellipsis + "".join(sorted(c for c in set(letters) - set(ellipsis)
                                           if letters.count(c) == 1))
    return expanded, output


def _sizes(terms, shapes):
    """{letter: size}: the size a letter has in the operands, where those of size 1 broadcast."""
    sizes = {}
    for term, shape in zip(terms, shapes):
        for letter, n in zip(term, shape):
            if sizes.get(letter, 1) not in (1, n) and n != 1:
                raise ValueError(f"einsum: axis {letter!r} has size {sizes[letter]} in one "
                                 f"operand and {n} in another.")
            if sizes.get(letter, 1) == 1:          # a size 1 broadcasts, to 0 as to any size
                sizes[letter] = n
    return sizes


def _operand_gradient(k, terms, output, values, g, sizes):
    """∂L/∂operand k, of that operand's shape."""
    term = terms[k]
    unique = "".join(dict.fromkeys(term))
    others = [(t, v) for i, (t, v) in enumerate(zip(terms, values)) if i != k]
    present = set(output).union(*(set(t) for t, _ in others))
    reachable = "".join(c for c in unique if c in present)
    spec = ",".join([output] + [t for t, _ in others]) + "->" + reachable
    partial = np.einsum(spec, g, *(v for _, v in others), optimize=True)
    # letters only this operand had: the gradient is the same along them
    full_shape = tuple(sizes[c] for c in unique)
    partial = partial.reshape(tuple(sizes[c] if c in reachable else 1 for c in unique))
    partial = np.broadcast_to(partial, full_shape)
    if len(unique) < len(term):   # a repeated letter: place the values on the diagonal
        grad = np.zeros(tuple(sizes[c] for c in term), g.dtype)
        grid = np.indices(full_shape, sparse=True)
        grad[tuple(grid[unique.index(c)] for c in term)] = partial
    else:
        grad = np.ascontiguousarray(partial)
    return unbroadcast(grad, values[k].shape)


def einsum(subscripts, *operands, **kwargs):
    """Σ over repeated letters of the products of ``operands``, as ``subscripts`` says (see
    the module docstring). The result dtype follows Keras's promotion rules."""
    if kwargs:
        raise TypeError(f"einsum: unexpected keyword arguments {sorted(kwargs)}.")
    pairs = [unpack(x) for x in operands]
    dtype = np.dtype(result_type(*(v for _, v in pairs)))
    if dtype == np.int8:   # int8 products are summed in int32, as Keras does
        dtype = np.dtype(np.int32)
    values = [np.asarray(v, dtype) for _, v in pairs]
    terms, output = _parse(subscripts, [v.shape for v in values])
    sizes = _sizes(terms, [v.shape for v in values])
    spec = ",".join(terms) + "->" + output
    out = np.asarray(np.einsum(spec, *values, optimize=len(values) > 2))

    def backward(g):
        return tuple(_operand_gradient(k, terms, output, values, g, sizes)
                     if needs_grad(t) else None for k, (t, _) in enumerate(pairs))
    return record(out, tuple(t for t, _ in pairs), backward, "einsum")
