"""Preprocessing layers: Rescaling's arithmetic, Normalization's adapt (exact over batches)."""

import numpy as np
import pytest

import kerasedu
from kerasedu import layers


def test_rescaling_takes_pixels_to_minus_one_one_in_float32():
    x = np.array([[0, 127, 255]], dtype="uint8")
    out = layers.Rescaling(1 / 127.5, offset=-1.0)(x)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out.numpy(), [[-1.0, 127 / 127.5 - 1, 1.0]], atol=1e-6)


def test_rescaling_per_channel_scales_the_last_axis():
    x = np.ones((2, 3, 2), dtype="float32")
    out = layers.Rescaling([0.5, 2.0], offset=[1.0, 0.0])(x).numpy()
    np.testing.assert_allclose(out[..., 0], 1.5)
    np.testing.assert_allclose(out[..., 1], 2.0)


@pytest.mark.parametrize("axis", [-1, None, (1, 2)])
def test_adapt_over_batches_equals_the_statistics_of_all_the_data(axis):
    rng = np.random.default_rng(0)
    data = rng.normal(3.0, 2.0, size=(50, 4, 3))
    whole, batched = layers.Normalization(axis=axis), layers.Normalization(axis=axis)
    whole.adapt(data)
    batched.adapt([data[:7], data[7:30], data[30:]])
    kept = () if axis is None else (axis,) if isinstance(axis, int) else axis
    kept = tuple(a % 3 for a in kept)
    reduced = tuple(a for a in range(3) if a not in kept)
    for layer in (whole, batched):
        np.testing.assert_allclose(layer.adapt_mean.numpy(),
                                   data.mean(axis=reduced).astype("float32"), rtol=1e-5)
        np.testing.assert_allclose(layer.adapt_variance.numpy(),
                                   data.var(axis=reduced).astype("float32"), rtol=1e-5)
    out = batched(data.astype("float32")).numpy()
    expected = (data - data.mean(axis=reduced, keepdims=True)) / \
        np.sqrt(data.var(axis=reduced, keepdims=True))
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)


def test_invert_undoes_the_normalization():
    norm = layers.Normalization(mean=[1.0, 2.0], variance=[4.0, 9.0])
    back = layers.Normalization(mean=[1.0, 2.0], variance=[4.0, 9.0], invert=True)
    x = np.array([[3.0, 8.0]], dtype="float32")
    np.testing.assert_allclose(norm(x).numpy(), [[1.0, 2.0]])
    np.testing.assert_allclose(back(norm(x)).numpy(), x)


def test_adapted_statistics_are_saved_with_the_model(tmp_path):
    norm = layers.Normalization()
    norm.adapt(np.arange(12, dtype="float32").reshape(6, 2))
    model = kerasedu.Sequential([kerasedu.Input(shape=(2,)), norm])
    model.save(tmp_path / "norm.keras")
    loaded = kerasedu.models.load_model(tmp_path / "norm.keras")
    x = np.array([[1.0, 2.0]], dtype="float32")
    np.testing.assert_allclose(loaded(x).numpy(), model(x).numpy())
    assert [w.name for w in loaded.weights] == ["mean", "variance", "count"]


def test_mismatched_arguments_and_data_are_refused():
    with pytest.raises(ValueError, match="both `mean` and `variance`"):
        layers.Normalization(mean=[1.0])
    norm = layers.Normalization()
    norm.adapt(np.ones((4, 3)))
    with pytest.raises(ValueError, match="adapt"):
        norm.adapt(np.ones((4, 2)))
    with pytest.raises(TypeError, match="iterable of batches"):
        layers.Normalization().adapt([1.0, 2.0])
