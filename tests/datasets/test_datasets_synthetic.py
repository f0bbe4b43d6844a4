"""Synthetic datasets: shape contracts, determinism, and the rule each one is built from."""

import numpy as np
import pytest

from kerasedu.datasets import synthetic


def test_spirals_shapes_dtypes_and_balanced_classes():
    x, y = synthetic.spirals(n_per_class=50, n_classes=4)
    assert x.shape == (200, 2) and x.dtype == np.float32
    assert y.shape == (200,) and y.dtype == np.int64
    np.testing.assert_array_equal(np.bincount(y), [50, 50, 50, 50])


def test_spirals_are_deterministic_given_the_seed_and_shuffled():
    x1, y1 = synthetic.spirals(seed=3)
    x2, y2 = synthetic.spirals(seed=3)
    x3, _ = synthetic.spirals(seed=4)
    np.testing.assert_array_equal(x1, x2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(x1, x3)
    assert len(set(y1[-60:])) == 3


def test_spiral_radius_grows_with_angle_along_each_arm():
    x, y = synthetic.spirals(n_per_class=40, n_classes=3, noise=0.0)
    for arm in range(3):
        points = x[y == arm].astype(np.float64)
        radius = np.hypot(points[:, 0], points[:, 1])
        order = np.argsort(radius)
        np.testing.assert_allclose(radius[order], np.linspace(0, 1, 40), atol=1e-6)
        angle = np.unwrap(np.arctan2(points[order, 1], points[order, 0])[1:])
        expected = 2 * np.pi * arm / 3 + 4.0 * radius[order][1:]
        np.testing.assert_allclose(np.angle(np.exp(1j * (angle - expected))), 0, atol=1e-4)
        assert np.all(np.diff(angle) > 0)


def test_spiral_noise_moves_points_along_the_circle_only():
    x, y = synthetic.spirals(n_per_class=30, noise=0.5, seed=1)
    radius = np.sort(np.hypot(x[y == 0, 0], x[y == 0, 1]))
    np.testing.assert_allclose(radius, np.linspace(0, 1, 30), atol=1e-6)


@pytest.mark.parametrize("padding", ["post", "pre"])
@pytest.mark.parametrize("task", synthetic.SEQUENCE_TASKS)
def test_sequence_labels_follow_their_definition(task, padding):
    x, y = synthetic.sequences(n_samples=300, max_length=12, min_length=2, vocab_size=7,
                               task=task, padding=padding, seed=5)
    assert x.shape == (300, 12) and x.dtype == np.int32
    assert y.shape == (300,) and y.dtype == np.int64
    for row, label in zip(x, y):
        tokens = row[row != 0]
        assert 2 <= len(tokens) <= 12
        assert tokens.min() >= 1 and tokens.max() <= 6
        expected = {"parity": tokens.sum() % 2, "first": tokens[0], "last": tokens[-1]}[task]
        assert label == expected


def test_sequence_padding_is_zeros_on_the_chosen_side():
    post, _ = synthetic.sequences(n_samples=200, max_length=10, padding="post", seed=2)
    pre, _ = synthetic.sequences(n_samples=200, max_length=10, padding="pre", seed=2)
    lengths = (post != 0).sum(axis=1)
    for row, length in zip(post, lengths):
        assert np.all(row[:length] != 0) and np.all(row[length:] == 0)
    for row, length in zip(pre, (pre != 0).sum(axis=1)):
        assert np.all(row[: 10 - length] == 0) and np.all(row[10 - length:] != 0)
    assert lengths.min() == 1 and lengths.max() == 10


def test_sequences_are_deterministic_and_parity_is_balanced():
    x1, y1 = synthetic.sequences(seed=9)
    x2, y2 = synthetic.sequences(seed=9)
    np.testing.assert_array_equal(x1, x2)
    np.testing.assert_array_equal(y1, y2)
    assert 0.4 < y1.mean() < 0.6


def test_sequences_refuse_bad_arguments():
    with pytest.raises(ValueError, match="task"):
        synthetic.sequences(task="copy")
    with pytest.raises(ValueError, match="padding"):
        synthetic.sequences(padding="middle")
    with pytest.raises(ValueError, match="min_length"):
        synthetic.sequences(min_length=5, max_length=3)


def test_sine_waves_shapes_dtypes_and_determinism():
    x, y = synthetic.sine_waves(n_samples=64, timesteps=30, seed=2)
    assert x.shape == (64, 30, 1) and x.dtype == np.float32
    assert y.shape == (64, 1) and y.dtype == np.float32
    x2, y2 = synthetic.sine_waves(n_samples=64, timesteps=30, seed=2)
    np.testing.assert_array_equal(x, x2)
    np.testing.assert_array_equal(y, y2)
    assert np.abs(x).max() <= 1.0 and np.abs(x).max() > 0.5


def test_sine_wave_target_is_the_next_value_of_the_same_sine():
    x, y = synthetic.sine_waves(n_samples=50, timesteps=40, noise=0.0, seed=4)
    s = x[:, :, 0].astype(np.float64)
    # A sampled sine obeys s[t+1] = c * s[t] - s[t-1] with c = 2 cos(w); fit c, then predict.
    c = ((s[:, 2:] + s[:, :-2]) * s[:, 1:-1]).sum(axis=1) / (s[:, 1:-1] ** 2).sum(axis=1)
    assert np.all((c > 2 * np.cos(0.5) - 1e-3) & (c < 2 * np.cos(0.1) + 1e-3))
    predicted = c * s[:, -1] - s[:, -2]
    np.testing.assert_allclose(predicted, y[:, 0], atol=1e-4)


def test_sine_wave_noise_perturbs_inputs_but_not_targets():
    clean_x, clean_y = synthetic.sine_waves(n_samples=100, timesteps=20, noise=0.0, seed=6)
    noisy_x, noisy_y = synthetic.sine_waves(n_samples=100, timesteps=20, noise=0.1, seed=6)
    np.testing.assert_array_equal(clean_y, noisy_y)
    assert 0.08 < np.std(noisy_x - clean_x) < 0.12
