"""ops.einsum over random subscripts of one, two and three operands: the values np.einsum gives,
and float64 gradients that finite differences confirm.

Two operands without repeated letters or broadcast axes go through one batched matrix product
(einsum.contract); the rest through np.einsum. The strategy draws both kinds: letters kept,
contracted, batched and summed by one operand alone, sizes 0 to 3, size-1 axes that broadcast,
repeated letters (diagonals), "..." and implicit outputs.
"""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kerasedu import ops
from kerasedu.backend.gradcheck import assert_gradients_match
from kerasedu.backend.ops.einsum import _pairable

LETTERS = "abcde"


@st.composite
def einsums(draw):
    count = draw(st.sampled_from([1, 2, 2, 2, 3]))
    sizes = {x: draw(st.integers(0 if draw(st.booleans()) and count > 1 else 1, 3))
             for x in LETTERS}
    terms = [draw(st.lists(st.sampled_from(LETTERS), min_size=0, max_size=3)) for _ in
             range(count)]
    if draw(st.integers(0, 4)):                      # mostly; else diagonals stay
        terms = [list(dict.fromkeys(t)) for t in terms]
    present = sorted(set().union(*terms))
    output = draw(st.permutations(present).map(
        lambda letters: letters[:draw(st.integers(0, len(letters)))]))
    shapes = []
    for term in terms:
        shape = [sizes[x] for x in term]
        single = [i for i, x in enumerate(term) if term.count(x) == 1]
        if single and draw(st.integers(0, 5)) == 0:  # a size-1 axis that broadcasts
            shape[draw(st.sampled_from(single))] = 1
        shapes.append(shape)
    spec = ",".join("".join(t) for t in terms) + "->" + "".join(output)
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 16)))
    return spec, [rng.normal(size=shape) for shape in shapes]


@settings(max_examples=250, deadline=None, derandomize=True)
@given(case=einsums())
def test_values_are_numpys(case):
    spec, values = case
    expected = np.einsum(spec, *values)
    got = ops.einsum(spec, *values).numpy()
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12)


@settings(max_examples=80, deadline=None, derandomize=True)
@given(case=einsums())
def test_gradients_are_finite_differences(case):
    spec, values = case
    assert_gradients_match(lambda *xs: ops.einsum(spec, *xs), *values, rtol=1e-5, atol=1e-7)


def test_the_strategy_reaches_both_ways_of_computing():
    # the batched product and np.einsum are each drawn many times
    ways = {True: 0, False: 0}

    @settings(max_examples=200, deadline=None, derandomize=True)
    @given(case=einsums())
    def count(case):
        spec, values = case
        terms = spec.split("->")[0].split(",")
        ways[len(values) == 2 and _pairable(terms, values)] += 1

    count()
    assert ways[True] > 40 and ways[False] > 40, ways
