"""RandomCrop: cut a random (height, width) window out of each image, during training.

In training, each image of H × W gets its own window, its top-left corner drawn uniformly:

    top ~ U{0, ..., H − height},   left ~ U{0, ..., W − width}

so every window of the target size is equally likely. An image smaller than the window (in
either direction), and every image at inference, is instead cropped to the window's aspect
ratio about its centre and resized to (height, width) (bilinear), so the layer always gives
height × width images and a model holding it predicts on whole images.

(Keras 3.15 returns the images unchanged at inference, whatever their size, and draws one
window for the whole batch; Keras documents the resize at inference.)

Shapes: (N, H, W, C) -> (N, height, width, C), (H, W, C) -> (height, width, C)
(channels_first: (N, C, H, W) -> (N, C, height, width)). Outputs are floats.
"""

import numpy as np

from ...backend import ops
from ...backend.ops.random import SeedGenerator
from .image_layer import as_float_images
from .resizing import FixedSizeImageLayer


class RandomCrop(FixedSizeImageLayer):
    """Crop each image to a random (height, width) window in training; resize at inference."""

    def __init__(self, height, width, seed=None, data_format=None, **kwargs):
        super().__init__(height, width, data_format=data_format, **kwargs)
        self.seed = seed
        self.generator = SeedGenerator(seed)

    def get_random_transformation(self, images, training=True, seed=None):
        height, width = self._image_size(images)
        if not training or height < self.height or width < self.width:
            return None
        n = images.shape[0]
        return {"top": self._offsets(n, height - self.height, seed),
                "left": self._offsets(n, width - self.width, seed)}

    def _offsets(self, n, largest, seed):
        """n integers drawn uniformly from 0..largest."""
        draws = np.asarray(ops.convert_to_numpy(self._draw((n,), 0.0, largest + 1.0, seed)))
        return np.minimum(np.floor(draws).astype(int).reshape(n), largest)

    def transform_images(self, images, transformation, training=True):
        images = as_float_images(self, images)
        if transformation is None:
            return ops.cast(ops.image.resize(images, (self.height, self.width),
                                             crop_to_aspect_ratio=True,
                                             data_format=self.data_format), self.compute_dtype)
        if images.shape[0] == 0:                # an empty batch: no windows to stack
            return ops.image.crop_images(images, top_cropping=0, left_cropping=0,
                                         target_height=self.height, target_width=self.width,
                                         data_format=self.data_format)
        windows = [ops.image.crop_images(images[i], top_cropping=int(top),
                                         left_cropping=int(left), target_height=self.height,
                                         target_width=self.width, data_format=self.data_format)
                   for i, (top, left) in enumerate(zip(transformation["top"],
                                                       transformation["left"]))]
        return ops.stack(windows)

    def get_config(self):
        return {**super().get_config(), "seed": self.seed}
