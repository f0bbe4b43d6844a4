"""sample_images (a batch of images, each read at its own points) against map_coordinates
(one array read at points, the reference) for every fill mode and order, and its gradients
against finite differences in float64."""

import numpy as np
import pytest

from kerasedu.backend.gradcheck import assert_gradients_match
from kerasedu.backend.ops.image.sampling import FILL_MODES, map_coordinates, sample_images

RNG = np.random.default_rng(0)


def points(shape, height, width):
    """Points inside and outside a height × width image, off pixel centres."""
    rows = RNG.uniform(-2.3, height + 1.3, size=shape) + 0.013
    cols = RNG.uniform(-2.3, width + 1.3, size=shape) + 0.017
    return rows, cols


@pytest.mark.parametrize("fill_mode", FILL_MODES)
@pytest.mark.parametrize("order", [0, 1])
@pytest.mark.parametrize("dtype", ["float32", "float64", "uint8"])
def test_each_image_is_read_as_map_coordinates_reads_it(fill_mode, order, dtype):
    images = (RNG.uniform(size=(3, 4, 5, 2)) * 200).astype(dtype)
    rows, cols = points((3, 6, 7), 4, 5)
    out = sample_images(images, rows, cols, order, fill_mode, 7).numpy()
    assert out.shape == (3, 6, 7, 2) and out.dtype == images.dtype
    for b in range(3):
        for channel in range(2):
            expected = map_coordinates(images[b, ..., channel], np.stack([rows[b], cols[b]]),
                                       order, fill_mode, 7).numpy()
            np.testing.assert_allclose(out[b, ..., channel], expected, rtol=1e-6, atol=1e-4)


@pytest.mark.parametrize("fill_mode", FILL_MODES)
def test_gradients_reach_the_images_and_the_points(fill_mode):
    rows, cols = points((2, 3, 4), 3, 4)
    assert_gradients_match(lambda x, r, c: sample_images(x, r, c, 1, fill_mode, 0.5),
                           RNG.normal(size=(2, 3, 4, 2)), rows, cols)
    assert_gradients_match(lambda x: sample_images(x, rows, cols, 0, fill_mode, 0.5),
                           RNG.normal(size=(2, 3, 4, 2)))
