"""Merge layers: values, broadcasting, masks, errors, gradients and symbolic shapes."""

import re

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import kerasedu
from kerasedu import layers
from kerasedu.backend import ops
from kerasedu.backend.gradcheck import assert_gradients_match
from kerasedu.engine import Input, Model
from kerasedu.layers import merge

RNG = np.random.default_rng(0)

ELEMENTWISE = {
    "Add": (layers.Add, lambda xs: sum(xs[1:], xs[0])),
    "Subtract": (layers.Subtract, lambda xs: xs[0] - xs[1]),
    "Multiply": (layers.Multiply, lambda xs: np.prod(np.broadcast_arrays(*xs), axis=0)),
    "Average": (layers.Average, lambda xs: sum(xs[1:], xs[0]) / len(xs)),
    "Maximum": (layers.Maximum, lambda xs: np.max(np.broadcast_arrays(*xs), axis=0)),
    "Minimum": (layers.Minimum, lambda xs: np.min(np.broadcast_arrays(*xs), axis=0)),
}


def data(*shape, dtype="float32"):
    return RNG.normal(size=shape).astype(dtype)


# Values and broadcasting.

@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
@pytest.mark.parametrize("shapes", [
    [(2, 3), (2, 3)],
    [(2, 3, 4), (2, 1, 4)],       # size-1 axis broadcast
    [(2, 1, 4), (2, 3, 1)],       # both sides broadcast
    [(2, 1), (2, 5)],
])
def test_elementwise_values_and_broadcasting(name, shapes):
    cls, reference = ELEMENTWISE[name]
    xs = [data(*s) for s in shapes]
    out = cls()(xs)
    np.testing.assert_allclose(out.numpy(), reference(xs), rtol=1e-6)


@pytest.mark.parametrize("name", sorted(set(ELEMENTWISE) - {"Subtract"}))
def test_elementwise_three_inputs_and_one_input(name):
    cls, reference = ELEMENTWISE[name]
    xs = [data(2, 4) for _ in range(3)]
    np.testing.assert_allclose(cls()(xs).numpy(), reference(xs), rtol=1e-6)
    np.testing.assert_allclose(cls()([xs[0]]).numpy(), xs[0])


def test_lower_rank_input_gets_axes_after_the_batch_axis():
    x3, x2 = data(2, 3, 4), data(2, 4)
    out = layers.Add()([x3, x2])
    np.testing.assert_allclose(out.numpy(), x3 + x2[:, None, :])
    assert layers.Add().compute_output_shape([(None, 4), (None, 3, 4)]) == (None, 3, 4)


def test_merge_accepts_a_tuple_of_inputs():
    x, y = data(2, 3), data(2, 3)
    np.testing.assert_allclose(layers.Add()((x, y)).numpy(), x + y)


def test_concatenate_values_and_shapes():
    x, y = data(2, 3, 4), data(2, 3, 5)
    np.testing.assert_array_equal(layers.Concatenate()([x, y]).numpy(),
                                  np.concatenate([x, y], axis=-1))
    z = data(2, 6, 4)
    np.testing.assert_array_equal(layers.Concatenate(axis=1)([x, z]).numpy(),
                                  np.concatenate([x, z], axis=1))
    assert layers.Concatenate(axis=1).compute_output_shape([(None, 3, 4), (None, 6, 4)]) == \
        (None, 9, 4)
    assert layers.Concatenate(axis=1).compute_output_shape([(None, None, 4), (None, 6, 4)]) == \
        (None, None, 4)


def test_dot_shapes_from_the_reference():
    a, b = data(4, 3), data(4, 3)
    out = layers.Dot(axes=1)([a, b])
    assert out.shape == (4, 1)
    np.testing.assert_allclose(out.numpy()[:, 0], np.sum(a * b, axis=1), rtol=1e-5)
    x, y = data(2, 3, 4), data(2, 5, 4)
    out = layers.Dot(axes=(2, 2))([x, y])
    assert out.shape == (2, 3, 5)
    np.testing.assert_allclose(out.numpy(), np.einsum("nik,njk->nij", x, y), rtol=1e-5)


@pytest.mark.parametrize("axes, shapes, subscripts", [
    ((1, 1), [(2, 3, 4), (2, 3, 5)], "nki,nkj->nij"),
    (-1, [(2, 3, 4), (2, 4)], "nik,nk->ni"),
    (1, [(2, 3), (2, 3, 5)], "nk,nkj->nj"),
    ((1, 2), [(2, 3, 4, 5), (2, 6, 3)], "nkab,nck->nabc"),
])
def test_dot_axes(axes, shapes, subscripts):
    x, y = data(*shapes[0]), data(*shapes[1])
    out = layers.Dot(axes=axes)([x, y])
    expected = np.einsum(subscripts, x, y)
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-5, atol=1e-5)
    symbolic = layers.Dot(axes=axes)([Input(shape=shapes[0][1:]), Input(shape=shapes[1][1:])])
    assert symbolic.shape == (None,) + expected.shape[1:]


def test_dot_normalize_is_cosine_similarity():
    a, b = data(5, 4), data(5, 4)
    cosine = np.sum(a * b, 1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
    out = layers.Dot(axes=1, normalize=True)([a, b]).numpy()
    np.testing.assert_allclose(out[:, 0], cosine, rtol=1e-5)
    assert np.all(np.abs(out) <= 1 + 1e-6)
    zero = layers.Dot(axes=1, normalize=True)([np.zeros((1, 4), "float32"), b[:1]]).numpy()
    np.testing.assert_array_equal(zero, [[0.0]])


def test_functional_forms_are_the_layers():
    x, y = data(2, 3), data(2, 3)
    pairs = [(merge.add, layers.Add), (merge.subtract, layers.Subtract),
             (merge.multiply, layers.Multiply), (merge.average, layers.Average),
             (merge.maximum, layers.Maximum), (merge.minimum, layers.Minimum)]
    for function, cls in pairs:
        np.testing.assert_array_equal(function([x, y]).numpy(), cls()([x, y]).numpy())
    np.testing.assert_array_equal(merge.concatenate([x, y], axis=0).numpy(),
                                  np.concatenate([x, y], axis=0))
    np.testing.assert_allclose(merge.dot([x, y], axes=1, normalize=True).numpy(),
                               layers.Dot(1, normalize=True)([x, y]).numpy())
    np.testing.assert_allclose(merge.dot([x, y], 1, True).numpy(),      # Keras 2's positions
                               layers.Dot(1, normalize=True)([x, y]).numpy())
    named = merge.add([Input(shape=(3,)), Input(shape=(3,))], name="my_sum")
    assert named._keras_history[0].name == "my_sum"
    assert isinstance(named._keras_history[0], layers.Add)


def test_keras2_import_paths():
    from kerasedu.layers.merge import Add, Concatenate, Dot, _Merge, concatenate, dot
    assert issubclass(Add, _Merge) and issubclass(Concatenate, _Merge) and issubclass(Dot, _Merge)
    assert callable(concatenate) and not isinstance(concatenate, type(kerasedu))
    assert callable(dot) and not isinstance(dot, type(kerasedu))
    assert kerasedu.layers.concatenate is concatenate and kerasedu.layers.dot is dot


def test_a_student_merge_layer_only_writes_merge_function():
    class Hypot(merge._Merge):
        def _merge_function(self, inputs):
            return ops.sqrt(ops.add(ops.square(inputs[0]), ops.square(inputs[1])))

    out = Hypot()([np.full((2, 1), 3.0, "float32"), np.full((2, 4), 4.0, "float32")])
    np.testing.assert_allclose(out.numpy(), np.full((2, 4), 5.0))
    assert Hypot().compute_output_shape([(None, 1), (None, 4)]) == (None, 4)
    assert Hypot()._compute_elemwise_op_output_shape((3, 1), (4,)) == (3, 4)   # Keras's helper
    Hypot.max_inputs = 2
    with pytest.raises(ValueError, match="should be called on at most 2 inputs"):
        Hypot()([np.ones((2, 1), "float32")] * 3)
    with pytest.raises(ValueError, match=re.escape(
            "Inputs have incompatible shapes. Received shapes (3,) and (4,)")):
        Hypot()._compute_elemwise_op_output_shape((3,), (4,))


def test_merges_in_a_functional_model():
    a, b = Input(shape=(4,)), Input(shape=(4,))
    total = layers.add([a, b])
    joined = layers.concatenate([total, layers.multiply([a, b])])
    similarity = layers.dot([a, b], axes=1, normalize=True)
    model = Model([a, b], [joined, similarity])
    x, y = data(3, 4), data(3, 4)
    joined_value, similarity_value = model([x, y])
    np.testing.assert_allclose(joined_value.numpy(), np.concatenate([x + y, x * y], axis=1),
                               rtol=1e-6)
    assert similarity_value.shape == (3, 1)


# Config.

@pytest.mark.parametrize("layer", [layers.Add(), layers.Subtract(), layers.Multiply(),
                                   layers.Average(), layers.Maximum(), layers.Minimum(),
                                   layers.Concatenate(axis=1), layers.Dot(axes=(1, 2)),
                                   layers.Dot(axes=-1, normalize=True)], ids=repr)
def test_config_round_trip(layer):
    config = layer.get_config()
    assert list(config)[:3] == ["name", "trainable", "dtype"]
    clone = type(layer).from_config(config)
    assert clone.get_config() == config
    restored = layers.deserialize(layers.serialize(layer))
    assert type(restored) is type(layer) and restored.get_config() == config


def test_merge_layers_have_no_weights():
    layer = layers.Concatenate()
    layer([data(2, 3), data(2, 3)])
    assert layer.weights == [] and layer.count_params() == 0


# Masks (Keras 3's rules).

def masked_pair():
    x = data(2, 3, 2)
    y = data(2, 3, 2)
    x[0, 2] = 0.0
    y[1, 0] = 0.0
    return layers.Masking()(x), layers.Masking()(y)


def test_elementwise_output_mask_is_the_or_of_the_input_masks():
    a, b = masked_pair()
    out = layers.Add()([a, b])
    np.testing.assert_array_equal(out._keras_mask.numpy(), [[True, True, True],
                                                            [True, True, True]])
    m1 = np.array([[True, False, False], [True, True, False]])
    m2 = np.array([[False, False, True], [True, False, False]])
    mask = layers.Add().compute_mask([a, b], [m1, m2])
    np.testing.assert_array_equal(mask.numpy(), m1 | m2)
    assert layers.Add().compute_mask([a, b], [m1, None]) is None
    assert layers.Add().compute_mask([a, b], None) is None


def test_unmasked_inputs_give_no_mask():
    out = layers.Add()([data(2, 3), data(2, 3)])
    assert out._keras_mask is None


def test_maximum_minimum_multiply_skip_masked_values():
    a, b = masked_pair()
    x, y = a.numpy(), b.numpy()
    ma, mb = a._keras_mask.numpy()[..., None], b._keras_mask.numpy()[..., None]
    x_or_y = np.where(ma, x, y)          # where a value is masked, the other input's is used
    y_or_x = np.where(mb, y, x)
    np.testing.assert_allclose(layers.Maximum()([a, b]).numpy(), np.maximum(x_or_y, y_or_x))
    np.testing.assert_allclose(layers.Minimum()([a, b]).numpy(), np.minimum(x_or_y, y_or_x))
    product = np.where(ma, x, 1) * np.where(mb, y, 1)
    np.testing.assert_allclose(layers.Multiply()([a, b]).numpy(),
                               np.where(ma | mb, product, 0), rtol=1e-6)


def test_concatenate_masks():
    a, _ = masked_pair()
    plain = data(2, 3, 2)
    mask_a = a._keras_mask.numpy()
    along_time = layers.Concatenate(axis=1)([a, plain])
    np.testing.assert_array_equal(along_time._keras_mask.numpy(),
                                  np.concatenate([mask_a, np.ones((2, 3), bool)], axis=1))
    along_features = layers.Concatenate()([a, plain])
    np.testing.assert_array_equal(along_features._keras_mask.numpy(), np.ones((2, 3), bool))
    m1 = np.array([[True, False, False], [True, True, False]])
    m2 = np.array([[False, False, True], [True, False, False]])
    np.testing.assert_array_equal(
        layers.Concatenate(axis=1).compute_mask([a, a], [m1, m2]).numpy(),
        np.concatenate([m1, m2], axis=1))
    assert layers.Concatenate().compute_mask([a, a], [None, None]) is None


def test_dot_has_no_mask():
    a, b = masked_pair()
    assert layers.Dot(axes=2)([a, b])._keras_mask is None


# Errors.

def test_incompatible_shapes_error_names_the_shapes_and_axis():
    with pytest.raises(ValueError, match=re.escape(
            "Inputs have incompatible shapes. Received shapes (3,) and (4,)")) as error:
        layers.Add()([data(2, 3), data(2, 4)])
    assert "[(2, 3), (2, 4)]" in str(error.value) and "axis -1" in str(error.value)
    with pytest.raises(ValueError, match=re.escape(
            "Inputs have incompatible shapes. Received shapes (5, 3) and (4, 3)")) as error:
        layers.Multiply()([Input(shape=(5, 3)), Input(shape=(4, 3))])
    assert "axis -2" in str(error.value) and "sizes 5 and 4" in str(error.value)


def test_incompatible_shapes_after_build_are_caught_too():
    layer = layers.Add()
    layer([data(2, 3), data(2, 3)])
    with pytest.raises(ValueError, match="Inputs have incompatible shapes"):
        layer([data(2, 3), data(2, 4)])


@pytest.mark.parametrize("cls", [layers.Add, layers.Subtract, layers.Concatenate,
                                 lambda: layers.Dot(axes=1)])
def test_calling_on_a_single_tensor_says_to_pass_a_list(cls):
    message = "A merge layer should be called on a list of inputs. Received: "
    with pytest.raises(ValueError, match=re.escape(message + "input_shape=(2, 3)")):
        cls()(data(2, 3))
    with pytest.raises(ValueError, match=re.escape(message + "input_shape=(None, 3)")):
        cls()(Input(shape=(3,)))
    built = cls()
    built([data(2, 3), data(2, 3)])
    with pytest.raises(ValueError, match=re.escape(message + "inputs=a single tensor")):
        built(data(2, 3))


def test_wrong_number_of_inputs():
    with pytest.raises(ValueError, match=re.escape(
            "A `Subtract` layer should be called on exactly 2 inputs. Received: "
            "input_shape=[(2, 3), (2, 3), (2, 3)]")):
        layers.Subtract()([data(2, 3)] * 3)
    with pytest.raises(ValueError, match="exactly 2 inputs"):
        layers.Subtract()([data(2, 3)])
    with pytest.raises(ValueError, match=re.escape(
            "A `Dot` layer should be called on a list of 2 inputs")):
        layers.Dot(axes=1)([data(2, 3)] * 3)
    with pytest.raises(ValueError, match=re.escape(
            "A merge layer should be called on a list of at least 1 input. Received 0 inputs")):
        layers.Add()([])
    with pytest.raises(ValueError, match="at least 1 input"):
        layers.Concatenate()([])
    layer = layers.Subtract()
    layer([data(2, 3), data(2, 3)])
    with pytest.raises(ValueError, match="exactly 2 inputs"):
        layer([data(2, 3)] * 3)


def test_different_batch_sizes():
    with pytest.raises(ValueError, match=re.escape(
            "Cannot merge tensors with different batch sizes. Received tensors with shapes "
            "[(3, 4), (2, 4)]")):
        layers.Add()([data(3, 4), data(2, 4)])


def test_concatenate_errors_name_shapes_and_axis():
    with pytest.raises(ValueError, match=re.escape(
            "A `Concatenate` layer requires inputs with matching shapes except for the "
            "concatenation axis. Received: input_shape=[(2, 3, 4), (2, 5, 4)]")) as error:
        layers.Concatenate()([data(2, 3, 4), data(2, 5, 4)])
    assert "along axis -1" in str(error.value) and "axis 1 has sizes 3 and 5" in str(error.value)
    with pytest.raises(ValueError, match="different ranks"):
        layers.Concatenate(axis=1)([data(2, 3), data(2, 5, 4)])
    with pytest.raises(ValueError, match="axis=3, which is out of range"):
        layers.Concatenate(axis=3)([data(2, 3), data(2, 3)])
    with pytest.raises(ValueError, match="axis 1 has sizes 3 and 5"):
        layers.Concatenate(axis=-1)([Input(shape=(3, 4)), Input(shape=(5, 4))])
    with pytest.raises(TypeError, match="integer `axis`"):
        layers.Concatenate(axis="last")


def test_dot_errors():
    with pytest.raises(ValueError, match=re.escape(
            "Incompatible input shapes: axis values 3 (at axis 1) != 4 (at axis 1). "
            "Full input shapes: (2, 3), (2, 4)")):
        layers.Dot(axes=1)([data(2, 3), data(2, 4)])
    with pytest.raises(TypeError, match="Invalid type for argument `axes`"):
        layers.Dot(axes="a")
    with pytest.raises(ValueError, match="should contain two elements"):
        layers.Dot(axes=(1, 2, 3))
    with pytest.raises(ValueError, match="list elements should be integers"):
        layers.Dot(axes=[1, [2]])
    with pytest.raises(ValueError, match="batch_dot over axis 0"):
        layers.Dot(axes=0)([data(2, 3), data(2, 3)])
    with pytest.raises(ValueError, match="out of range"):
        layers.Dot(axes=2)([data(2, 3, 4), data(2, 4)])


def test_failed_build_leaves_the_layer_unbuilt():
    layer = layers.Add()
    with pytest.raises(ValueError):
        layer([data(2, 3), data(2, 4)])
    assert not layer.built
    np.testing.assert_allclose(layer([np.ones((1, 2), "float32")] * 2).numpy(), [[2.0, 2.0]])


# Gradients (float64, finite differences).

@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
def test_elementwise_gradients(name):
    cls = ELEMENTWISE[name][0]
    layer = cls(dtype="float64")
    x = RNG.normal(size=(2, 3, 4))
    y = RNG.normal(size=(2, 1, 4)) + 0.1     # broadcast, and no ties for Maximum/Minimum
    assert_gradients_match(lambda a, b: layer([a, b]), x, y)


def test_three_input_gradients():
    layer = layers.Multiply(dtype="float64")
    xs = [RNG.normal(size=(2, 3)) for _ in range(3)]
    assert_gradients_match(lambda a, b, c: layer([a, b, c]), *xs)
    layer = layers.Average(dtype="float64")
    assert_gradients_match(lambda a, b, c: layer([a, b, c]), *xs)


def test_masked_merge_gradients():
    mask = np.array([[True, False, True], [False, True, True]])
    other = np.array([[True, True, False], [False, True, True]])

    def merge_masked(layer):
        def function(a, b):
            a._keras_mask, b._keras_mask = mask, other
            return layer([a, b])
        return function

    x, y = RNG.normal(size=(2, 3, 2)), RNG.normal(size=(2, 3, 2)) + 0.05
    for cls in (layers.Maximum, layers.Minimum, layers.Multiply):
        assert_gradients_match(merge_masked(cls(dtype="float64")), x, y)


def test_concatenate_and_dot_gradients():
    x, y = RNG.normal(size=(2, 3, 4)), RNG.normal(size=(2, 3, 2))
    assert_gradients_match(lambda a, b: layers.Concatenate(dtype="float64")([a, b]), x, y)
    x, y = RNG.normal(size=(2, 3, 4)), RNG.normal(size=(2, 5, 4))
    for normalize in (False, True):
        layer = layers.Dot(axes=(2, 2), normalize=normalize, dtype="float64")
        assert_gradients_match(lambda a, b: layer([a, b]), x, y)
    layer = layers.Dot(axes=1, normalize=True, dtype="float64")
    assert_gradients_match(lambda a, b: layer([a, b]), RNG.normal(size=(3, 4)),
                           RNG.normal(size=(3, 4)))


# Symbolic and eager shapes agree.

def broadcastable_shapes(draw_sizes):
    """Pairs of (shape1, shape2) without the batch axis that broadcast together."""
    return draw_sizes.flatmap(lambda sizes: st.tuples(
        st.just(tuple(sizes)),
        st.lists(st.booleans(), min_size=len(sizes), max_size=len(sizes)).map(
            lambda ones: tuple(1 if one else s for one, s in zip(ones, sizes))),
        st.integers(0, len(sizes))))


SIZES = st.lists(st.integers(1, 4), min_size=1, max_size=3)


@settings(max_examples=25, deadline=None)
@given(pair=broadcastable_shapes(SIZES), name=st.sampled_from(sorted(ELEMENTWISE)),
       batch=st.integers(1, 3))
def test_elementwise_symbolic_shape_matches_eager(pair, name, batch):
    shape1, shape2, drop = pair
    shape2 = shape2[drop:]           # a shorter second input exercises rank matching
    cls = ELEMENTWISE[name][0]
    symbolic = cls()([Input(shape=shape1), Input(shape=shape2)])
    eager = cls()([data(batch, *shape1), data(batch, *shape2)])
    assert symbolic.shape == (None,) + eager.shape[1:]


@settings(max_examples=25, deadline=None)
@given(sizes=SIZES, extra=st.integers(1, 4), count=st.integers(1, 3),
       axis_choice=st.integers(0, 10), batch=st.integers(1, 3))
def test_concatenate_symbolic_shape_matches_eager(sizes, extra, count, axis_choice, batch):
    axis = 1 + axis_choice % len(sizes)
    shapes = []
    for i in range(count):
        shape = list(sizes)
        shape[axis - 1] = sizes[axis - 1] + i * extra
        shapes.append(tuple(shape))
    symbolic = layers.Concatenate(axis=axis)([Input(shape=s) for s in shapes])
    eager = layers.Concatenate(axis=axis)([data(batch, *s) for s in shapes])
    assert symbolic.shape == (None,) + eager.shape[1:]


@settings(max_examples=25, deadline=None)
@given(free1=st.lists(st.integers(1, 3), max_size=2), free2=st.lists(st.integers(1, 3),
       max_size=2), k=st.integers(1, 4), data_=st.data(), batch=st.integers(1, 3))
def test_dot_symbolic_shape_matches_eager(free1, free2, k, data_, batch):
    axis1 = data_.draw(st.integers(1, len(free1) + 1))
    axis2 = data_.draw(st.integers(1, len(free2) + 1))
    shape1 = tuple(free1[:axis1 - 1]) + (k,) + tuple(free1[axis1 - 1:])
    shape2 = tuple(free2[:axis2 - 1]) + (k,) + tuple(free2[axis2 - 1:])
    symbolic = layers.Dot(axes=(axis1, axis2))([Input(shape=shape1), Input(shape=shape2)])
    eager = layers.Dot(axes=(axis1, axis2))([data(batch, *shape1), data(batch, *shape2)])
    assert symbolic.shape == (None,) + eager.shape[1:]
