"""einops-style rearrangement: one pattern says how to split, permute and merge axes.

    rearrange(x, "b h w c -> b c h w")             a transpose
    rearrange(x, "b h w c -> b (h w c)")           merging axes (a flatten)
    rearrange(x, "b (h1 h) w c -> (b h1) h w c", h1=2)   splitting an axis, then merging

Each side lists the axes by name; parentheses group axes that form one axis of the tensor.
The sizes of split axes come from the keyword arguments (one size per group may be left out
and is inferred). It is a reshape (split), a transpose and a reshape (merge), so the gradient
goes back through the same three moves.
"""

import math
import re

from ._inputs import tensor_of
from .shape import reshape, transpose

_TOKEN = re.compile(r"\(([^()]*)\)|(\w+)|(\S)")


def _groups(side, pattern):
    groups = []
    for group, name, other in _TOKEN.findall(side):
        if other:
            raise ValueError(f"rearrange: unexpected {other!r} in the pattern {pattern!r}; use "
                             f"axis names and parentheses, as in 'b (h w) c'.")
        groups.append(group.split() if group or not name else [name])
    return groups


def rearrange(tensor, pattern, **axes_lengths):
    """x with its axes split, permuted and merged as ``pattern`` says ("in -> out")."""
    x = tensor_of(tensor)
    if pattern.count("->") != 1:
        raise ValueError(f"rearrange: the pattern needs one '->', received {pattern!r}.")
    left, right = pattern.split("->")
    inputs, outputs = _groups(left, pattern), _groups(right, pattern)
    if len(inputs) != x.ndim:
        raise ValueError(f"rearrange: the pattern {pattern!r} names {len(inputs)} input axes, "
                         f"but the tensor has shape {x.shape}.")
    names_in = [n for g in inputs for n in g]
    names_out = [n for g in outputs for n in g]
    if sorted(names_in) != sorted(names_out) or len(set(names_in)) != len(names_in):
        raise ValueError(f"rearrange: both sides of {pattern!r} must name the same axes, "
                         f"each once; received {names_in} and {names_out}.")
    sizes = dict(axes_lengths)
    for group, n in zip(inputs, x.shape):
        unknown = [a for a in group if a not in sizes]
        known = math.prod(sizes[a] for a in group if a in sizes)
        if len(unknown) > 1:
            raise ValueError(f"rearrange: give the sizes of all but one of {group} as keyword "
                             f"arguments.")
        if unknown:
            if known == 0 or n % known:
                raise ValueError(f"rearrange: an axis of size {n} cannot be split into {group} "
                                 f"with the sizes {axes_lengths}.")
            sizes[unknown[0]] = n // known
        elif known != n:
            raise ValueError(f"rearrange: the axis {group} has size {n}, not {known}.")
    split = reshape(x, tuple(sizes[a] for a in names_in))
    moved = transpose(split, [names_in.index(a) for a in names_out])
    return reshape(moved, tuple(math.prod(sizes[a] for a in g) for g in outputs))
