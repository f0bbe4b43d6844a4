"""What ``layer(...)`` reads from the signatures of call and build, as Keras 3 does: inputs
given by the name of call's first parameter, the masks of several tensor arguments passed as
``<argument>_mask``, and a build that takes each tensor argument's shape by name."""

import numpy as np
import pytest

import kerasedu
from kerasedu import Input, Model, layers, ops

TOKENS = np.array([[1, 2, 0], [3, 0, 0]])
REVERSED = np.array([[0, 2, 1], [0, 0, 3]])


class Pair(layers.Layer):
    """Adds its two inputs where both are real, and remembers the masks it was given."""

    def call(self, a, b, a_mask=None, b_mask=None):
        self.seen = (a_mask, b_mask)
        keep = ops.ones_like(a[..., 0]) if a_mask is None else ops.cast(a_mask, a.dtype)
        return (a + b) * keep[..., None]


def _masks(seen):
    return [None if m is None else np.asarray(m).tolist() for m in seen]


def test_each_tensor_argument_brings_its_own_mask():
    embed = layers.Embedding(5, 4, mask_zero=True)
    pair = Pair()
    pair(embed(TOKENS), embed(REVERSED))
    assert _masks(pair.seen) == [(TOKENS != 0).tolist(), (REVERSED != 0).tolist()]
    pair(embed(TOKENS), b=embed(REVERSED))                     # by keyword as well
    assert _masks(pair.seen) == [(TOKENS != 0).tolist(), (REVERSED != 0).tolist()]


def test_a_mask_given_to_the_call_wins_and_absent_masks_stay_none():
    embed = layers.Embedding(5, 4, mask_zero=True)
    pair = Pair()
    given = np.array([[True, False, False], [True, True, True]])
    pair(embed(TOKENS), embed(REVERSED), a_mask=given)
    assert _masks(pair.seen) == [given.tolist(), (REVERSED != 0).tolist()]
    pair(np.ones((2, 3, 4), "float32"), embed(REVERSED))
    assert _masks(pair.seen) == [None, (REVERSED != 0).tolist()]


def test_masks_keep_the_structure_of_a_nested_argument():
    class Nested(layers.Layer):
        def call(self, x1, x2, x1_mask=None, x2_mask=None):
            self.seen = x1_mask
            return x1[0] + x1[1] + x2

    embed = layers.Embedding(5, 4, mask_zero=True)
    nested = Nested()
    nested((embed(TOKENS), embed(REVERSED)), embed(TOKENS))
    assert isinstance(nested.seen, tuple)
    assert _masks(nested.seen) == [(TOKENS != 0).tolist(), (REVERSED != 0).tolist()]


def test_a_functional_model_passes_argument_masks_when_it_runs():
    a_in, b_in = Input((3,), dtype="int32"), Input((3,), dtype="int32")
    a = layers.Embedding(5, 4, mask_zero=True)(a_in)
    b = layers.Embedding(5, 4, mask_zero=True)(b_in)
    pair = Pair()
    model = Model([a_in, b_in], pair(a=a, b=b))                # keyword arguments only
    output = model([TOKENS, REVERSED])
    assert _masks(pair.seen) == [(TOKENS != 0).tolist(), (REVERSED != 0).tolist()]
    assert np.all(np.asarray(output)[TOKENS == 0] == 0)        # a's padding, zeroed by Pair
    assert np.any(np.asarray(output)[TOKENS != 0] != 0)


def test_inputs_by_the_name_of_calls_first_parameter():
    query = np.random.default_rng(0).normal(size=(2, 3, 4)).astype("float32")
    value = np.random.default_rng(1).normal(size=(2, 5, 4)).astype("float32")
    attention = layers.Attention()
    np.testing.assert_allclose(attention(inputs=[query, value]), attention([query, value]))
    dense = layers.Dense(2)
    np.testing.assert_allclose(dense(inputs=query), dense(query))
    mha = layers.MultiHeadAttention(2, 3)
    np.testing.assert_allclose(mha(query=query, value=value), mha(query, value), rtol=1e-6)
    with pytest.raises(ValueError, match=r"Layer 'dense_\w*' \(Dense\) was called without "
                                         r"inputs.*layer\(inputs=x\)"):
        layers.Dense(2)(units=3)


class ByName(layers.Layer):
    def build(self, b_shape, a_shape):
        self.shapes = (a_shape, b_shape)
        self.scale = self.add_weight(shape=(a_shape[-1],), initializer="ones", name="scale")

    def call(self, a, b):
        return a * self.scale + ops.sum(b, axis=-1, keepdims=True)


def test_build_gets_each_arguments_shape_by_name():
    a, b = np.ones((2, 3), "float32"), np.ones((2, 5), "float32")
    layer = ByName()
    np.testing.assert_allclose(layer(a, b), np.full((2, 3), 6.0))
    assert layer.shapes == ((2, 3), (2, 5))
    assert layer.get_build_config() == {"shapes_dict": {"b_shape": [2, 5], "a_shape": [2, 3]}}
    symbolic = ByName()
    symbolic(Input((3,)), Input((5,)))
    assert symbolic.shapes == ((None, 3), (None, 5))


def test_a_build_by_name_survives_saving(tmp_path):
    a_in, b_in = Input((3,)), Input((5,))
    layer = ByName()
    model = Model([a_in, b_in], layer(a_in, b_in))
    layer.scale.assign([1.0, 2.0, 3.0])
    path = tmp_path / "by_name.keras"
    model.save(path)
    loaded = kerasedu.models.load_model(path, custom_objects={"ByName": ByName})
    data = [np.ones((2, 3), "float32"), np.ones((2, 5), "float32")]
    np.testing.assert_allclose(loaded.predict(data, verbose=0), model.predict(data, verbose=0))


@pytest.mark.parametrize("build_source, message", [
    ("def build(self, a_shape, b):\n    pass", "`b`, which does not end in `_shape`"),
    ("def build(self, a_shape, c_shape):\n    pass",
     "`c_shape`, but `call\\(\\)` does not have argument `c`"),
])
def test_a_build_whose_arguments_name_nothing_in_call_is_refused(build_source, message):
    namespace = {}
    exec(build_source, namespace)

    class Wrong(layers.Layer):
        build = namespace["build"]

        def call(self, a, b):
            return a + b

    with pytest.raises(ValueError, match=message):
        Wrong()(np.ones((2, 3)), np.ones((2, 3)))
