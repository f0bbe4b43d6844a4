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


def contract(terms, output, values):
    """The einsum of ``values`` (letters ``terms`` -> ``output``), as numpy arrays.

    Two operands with no repeated letter and no broadcast axis are one batched matrix
    product, whatever the letters: sum away the letters only one operand has and the output
    lacks, then arrange each operand as (batch, kept, contracted) and (batch, contracted, kept),

        out[b, i, k] = Σ_j a[b, i, j] · c[b, j, k]        (np.matmul, which calls BLAS)

    and put the result's axes in the output's order. np.einsum computes the same sum with a
    loop of its own, many times slower on large operands; it does the other cases.
    """
    if len(values) != 2 or not _pairable(terms, values):
        return np.asarray(np.einsum(",".join(terms) + "->" + output, *values,
                                    optimize=len(values) > 2))
    (a, c), (ta, tc) = values, terms
    a, ta = _sum_own_letters(a, ta, tc + output)
    c, tc = _sum_own_letters(c, tc, ta + output)
    batch = [x for x in ta if x in tc and x in output]
    summed = [x for x in ta if x in tc and x not in output]
    left = [x for x in ta if x not in tc]
    right = [x for x in tc if x not in ta]
    size = dict(zip(ta, a.shape)) | dict(zip(tc, c.shape))
    count = lambda letters: int(np.prod([size[x] for x in letters], dtype=np.int64))
    a = np.transpose(a, [ta.index(x) for x in batch + left + summed])
    c = np.transpose(c, [tc.index(x) for x in batch + summed + right])
    product = np.matmul(a.reshape(count(batch), count(left), count(summed)),
                        c.reshape(count(batch), count(summed), count(right)))
    arranged = batch + left + right
    product = product.reshape([size[x] for x in arranged])
    result = np.transpose(product, [arranged.index(x) for x in output])
    return result if result.flags.c_contiguous else result.copy()


def _pairable(terms, values):
    sizes = {}
    for term, value in zip(terms, values):
        if len(set(term)) != len(term):
            return False                     # a diagonal
        for letter, n in zip(term, value.shape):
            if sizes.setdefault(letter, n) != n:
                return False                 # a broadcast axis
    return values[0].dtype == values[1].dtype


def _sum_own_letters(value, term, elsewhere):
    """``value`` summed over the letters of ``term`` found nowhere in ``elsewhere``."""
    own = tuple(i for i, x in enumerate(term) if x not in elsewhere)
    if not own:
        return value, term
    return value.sum(axis=own), "".join(x for x in term if x in elsewhere)


def _operand_gradient(k, terms, output, values, g, sizes):
    """∂L/∂operand k, of that operand's shape."""
    term = terms[k]
    unique = "".join(dict.fromkeys(term))
    others = [(t, v) for i, (t, v) in enumerate(zip(terms, values)) if i != k]
    present = set(output).union(*(set(t) for t, _ in others))
    reachable = "".join(c for c in unique if c in present)
    partial = contract([output] + [t for t, _ in others], reachable,
                       [g] + [v for _, v in others])
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
    out = contract(terms, output, values)

    def backward(g):
        return tuple(_operand_gradient(k, terms, output, values, g, sizes)
                     if needs_grad(t) else None for k, (t, _) in enumerate(pairs))
    return record(out, tuple(t for t, _ in pairs), backward, "einsum")
