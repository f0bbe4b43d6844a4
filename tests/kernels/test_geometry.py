"""Output lengths and paddings follow the formulas of KERAS_REFERENCE (Shapes)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from kerasedu.backend.ops import geometry as shapes


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 40), k=st.integers(1, 7), s=st.integers(1, 5), d=st.integers(1, 4))
def test_valid_same_and_causal_lengths(n, k, s, d):
    dk = d * (k - 1) + 1
    assert shapes.effective_size(k, d) == dk
    valid = shapes.padding_amounts(n, k, s, d, "valid")
    assert valid == (0, 0)
    assert shapes.output_length(n, k, s, d, valid) == ((n - dk) // s + 1 if n >= dk else 0)
    before, after = shapes.padding_amounts(n, k, s, d, "same")
    out = math.ceil(n / s)
    total = max((out - 1) * s + dk - n, 0)
    assert (before, after) == (total // 2, total - total // 2)
    assert shapes.output_length(n, k, s, d, (before, after)) == out
    causal = shapes.padding_amounts(n, k, s, d, "causal")
    assert causal == (dk - 1, 0)
    assert shapes.output_length(n, k, s, d, causal) == out
    assert shapes.named_output_length(n, k, s, d, "same") == out
    assert shapes.named_output_length(n, k, s, d, "causal") == out
    assert shapes.named_output_length(n, k, s, d, "valid") == shapes.output_length(n, k, s, d)


def test_named_examples():
    assert shapes.conv_output_spatial_shape((28, 28), 3) == (26, 26)
    assert shapes.conv_padding((3, 3), 2, 2, 1, "same") == ((0, 1), (0, 1))
    assert shapes.conv_padding((5,), 3, 1, 2, "same") == ((2, 2),)
    assert shapes.conv_output_spatial_shape((10, 7), (3, 2), (2, 3), 1, ((1, 1), (0, 2))) == (5, 3)
    assert shapes.output_length(2, 5) == 0
    # an unknown length (None in a symbolic shape) stays unknown
    assert shapes.named_output_length(None, 3, 2, 1, "same") is None
    assert shapes.conv_transpose_geometry(None, 3, 2, 1, "same") == (None, None)


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 12), k=st.integers(1, 6), s=st.integers(1, 4), d=st.integers(1, 3),
       op=st.one_of(st.none(), st.integers(0, 3)), padding=st.sampled_from(["valid", "same"]))
def test_transpose_lengths_and_the_convolution_they_invert(n, k, s, d, op, padding):
    if op is not None and op >= s:
        with pytest.raises(ValueError, match="output_padding"):
            shapes.conv_transpose_geometry(n, k, s, d, padding, op)
        return
    length, pads = shapes.conv_transpose_geometry(n, k, s, d, padding, op)
    dk = d * (k - 1) + 1
    if op is None:
        expected = n * s + max(dk - s, 0) if padding == "valid" else n * s
    else:
        expected = (n - 1) * s + dk - 2 * (0 if padding == "valid" else dk // 2) + op
    assert length == expected
    # the convolution that the transposed one inverts maps `length` back to n
    assert shapes.output_length(length, k, s, d, pads) == n
    assert min(pads) >= 0


def test_errors_and_lifting_to_three_axes():
    with pytest.raises(ValueError, match="padding must be one of"):
        shapes.padding_amounts(5, 3, 1, 1, "full")
    with pytest.raises(ValueError, match="kernel_size must be an int or a sequence of 2"):
        shapes.normalize_tuple((3, 3, 3), 2, "kernel_size")
    assert shapes.to_3d((5,)) == (1, 1, 5)
    assert shapes.to_3d((4, 5)) == (1, 4, 5)
    assert shapes.pads_to_3d(((1, 2),)) == ((0, 0), (0, 0), (1, 2))
    assert shapes.array_to_3d(np.zeros((2, 7, 3))).shape == (2, 1, 1, 7, 3)
