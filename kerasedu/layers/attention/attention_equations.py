"""The einsum equations of multi-head attention, for inputs of any rank.

A projection turns the last axis of an input (B, *positions, D) into heads:

    projection_equation(2, bound=1, out=2) = ("abc,cde->abde", "de", 4)
        (B, T, D) · kernel (D, heads, head_dim) -> (B, T, heads, head_dim), bias (heads, head_dim)

and the output projection merges them back: ``projection_equation(2, bound=2, out=1)`` is
"abcd,cde->abe", kernel (heads, head_dim, D').

Attention then runs over ``attention_axes`` (default: every position axis). For projected
queries (B, T, N, H) and keys (B, S, N, H), with attention over axis 1:

    scores_equation   "aecd,abcd->acbe"   keys, queries -> scores (B, N, T, S)
    combine_equation  "acbe,aecd->abcd"   weights, values -> (B, T, N, H)

Axes that are not attended over (the batch, the heads, other position axes) pair up
position by position; the scores have them first, then the query's attention axes, then
the key's.
"""

import string


def projection_equation(free_dims, bound_dims, output_dims):
    """(equation, bias axes, output rank) of an EinsumDense that keeps ``free_dims`` leading
    axes, sums over ``bound_dims`` axes and makes ``output_dims`` new ones."""
    letters = iter(string.ascii_lowercase)
    free = "".join(next(letters) for _ in range(free_dims))
    bound = "".join(next(letters) for _ in range(bound_dims))
    made = "".join(next(letters) for _ in range(output_dims))
    return f"{free}{bound},{bound}{made}->{free}{made}", made, free_dims + output_dims


def partial_output_shape(output_rank, last_dims):
    """An EinsumDense output_shape: None (from the input) except the ``last_dims``."""
    return [None] * (output_rank - 1 - len(last_dims)) + list(last_dims)


def attention_equations(rank, attention_axes):
    """(scores equation, combine equation, scores rank) for projected tensors of ``rank``
    axes attending over ``attention_axes`` (non-negative, each < rank - 2)."""
    query = string.ascii_lowercase[:rank]
    fresh = iter(string.ascii_lowercase[rank:])
    key = "".join(next(fresh) if i in attention_axes else c for i, c in enumerate(query))
    paired = [i for i in range(rank - 1) if i not in attention_axes]
    scores = "".join([query[i] for i in paired] + [query[i] for i in attention_axes]
                     + [key[i] for i in attention_axes])
    return f"{key},{query}->{scores}", f"{scores},{key}->{query}", len(scores)
