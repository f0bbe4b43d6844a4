"""RandomSharpness: blur or sharpen each image by a random amount, during training.

Each image is blended with a smoothed copy of itself (each channel convolved, "same" with
zero padding, with the 3 × 3 kernel [[1, 1, 1], [1, 5, 1], [1, 1, 1]]/13):

    output = clip(x + (1 − 2f)·(smooth(x) − x), low, high),     f ~ U[lower, upper)

f = 0 gives the smoothed image, f = 0.5 the image unchanged, f = 1 sharpens it (moves it away
from its smoothed copy). ``factor`` is a number f in [0, 1] (f drawn from [0, f)) or a pair
(lower, upper); ``value_range`` = (low, high) is the pixel range, which the outputs are
clipped to. At inference the images pass unchanged. Shapes unchanged; outputs are floats.

``get_random_transformation`` gives {"factor": f}, shape (N,), as Keras does.
"""

import numpy as np

from ....backend import ops
from ..image_layer import as_float_images
from .color_layer import FactorColorLayer, per_image

SMOOTHING = np.array([[1, 1, 1], [1, 5, 1], [1, 1, 1]]) / 13.0


class RandomSharpness(FactorColorLayer):
    """Blend each image with its smoothed copy by a random factor."""

    def get_random_transformation(self, images, training=True, seed=None):
        return {"factor": self._factors(images, seed)}

    def transform_images(self, images, transformation, training=True):
        images = as_float_images(self, images)
        if not training:
            return images
        channels = images.shape[1 if self.data_format == "channels_first" else -1]
        kernel = np.broadcast_to(SMOOTHING[:, :, None, None], (3, 3, channels, 1))
        smooth = ops.depthwise_conv(images, kernel.astype(images.dtype), 1, "same",
                                    data_format=self.data_format)
        sharpness = ops.cast(per_image(transformation["factor"]), images.dtype) * 2.0
        return ops.clip(images + (1.0 - sharpness) * (smooth - images), *self.value_range)
