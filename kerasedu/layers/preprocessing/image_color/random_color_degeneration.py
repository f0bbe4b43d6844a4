"""RandomColorDegeneration: fade each image towards its grey version by a random amount.

    output = clip(x + f·(gray(x) − x), low, high),     f ~ U[lower, upper)

with gray = 0.2989 R + 0.5870 G + 0.1140 B in every channel, one f per image: f = 0 keeps
the image, f = 1 makes it grey. ``factor`` is a number f in [0, 1] (f drawn from [0, f)) or a
pair (lower, upper); ``value_range`` = (low, high) is the pixel range, which the outputs are
clipped to. At inference the images pass unchanged. Shapes unchanged (three channels, RGB);
outputs are floats.

``get_random_transformation`` gives {"factor": f}, shape (N, 1, 1, 1), as Keras does.

(Keras 3.15 takes a single number f as the range (−f, f), against its documentation, so
that half of its draws saturate the colours instead.)
"""

from ....backend import ops
from ..image_layer import as_float_images
from .color_layer import FactorColorLayer, check_rgb, per_image


class RandomColorDegeneration(FactorColorLayer):
    """Blend each image with its grayscale version by a random factor."""

    def get_random_transformation(self, images, training=True, seed=None):
        return {"factor": per_image(self._factors(images, seed))}

    def transform_images(self, images, transformation, training=True):
        images = as_float_images(self, images)
        if not training:
            return images
        factor = ops.cast(transformation["factor"], images.dtype)
        check_rgb(self, images, grey_too=True)
        gray = ops.image.rgb_to_grayscale(images, data_format=self.data_format)
        return ops.clip(images + factor * (gray - images), *self.value_range)

    def compute_output_shape(self, input_shape):
        if isinstance(input_shape, dict):
            return super().compute_output_shape(input_shape)
        if len(input_shape) not in (3, 4):
            raise ValueError(
                f"{self._who()}Expected images of rank 3 (one image) or 4 (a batch). "
                f"Received: input_shape={tuple(input_shape)}")
        channels = input_shape[-3 if self.data_format == "channels_first" else -1]
        if channels is not None and channels != 3:
            raise ValueError(
                f"{self._who()}Expected RGB images, with 3 channels. Received "
                f"{channels} channels (input_shape={tuple(input_shape)}). Grayscale images "
                f"have no colour to take away: leave this layer out for them.")
        return tuple(input_shape)
