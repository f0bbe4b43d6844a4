"""Adaptive pooling layers: values against a loop over the windows ⌊i·n/m⌋ ≤ p < ⌈(i+1)·n/m⌉
written out in numpy, over many shapes; float64 gradients; shapes, configs and bad arguments."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kerasedu import Input, layers
from kerasedu.backend.gradcheck import assert_gradients_match


def reference(x, output_size, mode):
    """Adaptive pooling of a channels_last array, one output cell at a time."""
    spatial = x.shape[1:-1]
    out = np.empty((x.shape[0],) + tuple(output_size) + (x.shape[-1],))
    reduce = np.max if mode == "max" else np.mean
    for cell in itertools.product(*map(range, output_size)):
        box = tuple(slice(i * n // m, -(-(i + 1) * n // m))
                    for i, n, m in zip(cell, spatial, output_size))
        out[(slice(None),) + cell] = reduce(x[(slice(None),) + box], axis=tuple(
            range(1, len(spatial) + 1)))
    return out


def layer_class(mode, rank):
    return getattr(layers, f"Adaptive{'Max' if mode == 'max' else 'Average'}Pooling{rank}D")


@settings(max_examples=40, deadline=None)
@given(rank=st.integers(1, 3), mode=st.sampled_from(["max", "average"]),
       data=st.data())
def test_values_match_the_window_rule(rank, mode, data):
    spatial = data.draw(st.tuples(*[st.integers(1, 7)] * rank))
    output_size = data.draw(st.tuples(*[st.integers(1, 8)] * rank))
    channels_first = data.draw(st.booleans())
    x = np.random.default_rng(rank).normal(size=(2,) + spatial + (3,))
    expected = reference(x, output_size, mode)
    if channels_first:
        layer = layer_class(mode, rank)(output_size, data_format="channels_first")
        got = np.moveaxis(layer(np.moveaxis(x, -1, 1)).numpy(), 1, -1)
    else:
        got = layer_class(mode, rank)(output_size)(x).numpy()
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)   # float32


def test_hand_worked_windows_of_two_lengths():
    # n = 5 to m = 3: windows [0, 2), [1, 4), [3, 5)
    x = np.array([1.0, 2.0, 6.0, 4.0, 5.0]).reshape(1, 5, 1)
    np.testing.assert_allclose(layers.AdaptiveAveragePooling1D(3)(x).numpy().ravel(),
                               [1.5, 4.0, 4.5])
    np.testing.assert_allclose(layers.AdaptiveMaxPooling1D(3)(x).numpy().ravel(), [2, 6, 5])
    # n = 2 to m = 3: windows [0, 1), [0, 2), [1, 2)
    x = np.array([1.0, 3.0]).reshape(1, 2, 1)
    np.testing.assert_allclose(layers.AdaptiveAveragePooling1D(3)(x).numpy().ravel(),
                               [1.0, 2.0, 3.0])


@pytest.mark.parametrize("mode, rank, spatial, size", [
    ("average", 1, (5,), 3), ("max", 1, (3,), 5),
    ("average", 2, (5, 3), (2, 4)), ("max", 2, (4, 3), (3, 2)),
    ("average", 3, (3, 2, 3), (2, 3, 2)), ("max", 3, (2, 3, 3), 2),
])
def test_float64_gradients(mode, rank, spatial, size):
    x = np.random.default_rng(1).normal(size=(2,) + spatial + (2,))
    layer = layer_class(mode, rank)(size, dtype="float64")
    assert_gradients_match(layer, x)


@pytest.mark.parametrize("rank", [1, 2, 3])
def test_shapes_and_config_round_trip(rank):
    for mode in ("max", "average"):
        cls = layer_class(mode, rank)
        layer = cls(4, data_format="channels_first", name="pool")
        assert layer.output_size == (4,) * rank
        assert layer.compute_output_shape((None, 3) + (None,) * rank) == (None, 3) + (4,) * rank
        symbolic = cls(2)(Input((5,) * rank + (6,)))
        assert tuple(symbolic.shape) == (None,) + (2,) * rank + (6,)
        config = layer.get_config()
        assert config["output_size"] == (4,) * rank
        assert config["data_format"] == "channels_first"
        assert cls.from_config(config).get_config() == config
        assert layer.built and not layer.weights


@pytest.mark.parametrize("value", [0, -2, (2, 2, 2, 2), 1.5, "2", None, (2, "a")])
def test_bad_output_size_names_layer_value_and_fix(value):
    with pytest.raises((TypeError, ValueError)) as error:
        layers.AdaptiveMaxPooling2D(value, name="squeeze")
    message = str(error.value)
    assert "squeeze" in message and "AdaptiveMaxPooling2D" in message
    assert "output_size" in message and repr(value) in message and "For example" in message


def test_wrong_length_tuple_is_a_type_error_as_in_keras():
    with pytest.raises(TypeError):
        layers.AdaptiveAveragePooling3D((2, 2))


def test_bad_data_format_and_rank():
    with pytest.raises(ValueError, match="data_format.*channels_middle"):
        layers.AdaptiveAveragePooling1D(2, data_format="channels_middle")
    with pytest.raises(ValueError, match="expected ndim=4"):
        layers.AdaptiveAveragePooling2D(2)(np.zeros((2, 5, 3)))
