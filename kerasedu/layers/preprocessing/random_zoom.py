"""RandomZoom: zoom each image in or out by a random amount, during training.

``height_factor`` sets the vertical zoom: a number f draws z_y from U[1 − f, 1 + f), a pair
(a, b) from U[1 + a, 1 + b) (each factor in (−1, 1]). z < 1 zooms in (the image is
enlarged, its borders cut off); z > 1 zooms out (the image shrinks, the border is filled by
``fill_mode``). ``width_factor`` does the same horizontally; with ``width_factor=None``
(the default) the image keeps its aspect ratio (z_x = z_y).

The output pixel (x, y) is read from the input point scaled about the centre:

    x_in = z_x·x + (W − 1)/2·(1 − z_x),      y_in = z_y·y + (H − 1)/2·(1 − z_y)

Segmentation masks are zoomed with the images (nearest pixel). Bounding boxes are moved as
Keras 3 moves them: the input window that the output shows, x from x_in(0) to x_in(W) and y
from y_in(0) to y_in(H), is stretched over the image,

    x' = (clip(x, x_in(0), x_in(W)) − x_in(0)) / (z_x·W)·W      (likewise y),

and the boxes are clipped to it. At inference everything passes unchanged. Shapes unchanged.

``get_random_transformation`` gives, as Keras 3, {"height_zoom", "width_zoom": (N, 1) zooms,
"input_shape": the shape of the images}.
"""

import numpy as np

from .bounding_boxes.converters import clip_to_image_size, convert_format
from .image_layer import factor_range
from .random_affine import RandomAffineTransform, affine_rows, as_array, image_size, map_points


class RandomZoom(RandomAffineTransform):
    """Zoom each image by a random factor, in or out."""

    def __init__(self, height_factor, width_factor=None, fill_mode="reflect",
                 interpolation="bilinear", seed=None, fill_value=0.0, data_format=None,
                 **kwargs):
        super().__init__(fill_mode=fill_mode, interpolation=interpolation, seed=seed,
                         fill_value=fill_value, data_format=data_format, **kwargs)
        self.height_factor = height_factor
        self.width_factor = width_factor
        self._height_range = factor_range(height_factor, "height_factor", self, (-1, 1),
                                          open_below=True)
        self._width_range = None if width_factor is None else \
            factor_range(width_factor, "width_factor", self, (-1, 1), open_below=True)

    def _random_parameters(self, n, height, width, seed, shape):
        low, high = self._height_range
        height_zoom = self._uniform(n, 1 + low, 1 + high, seed)
        width_zoom = height_zoom
        if self._width_range is not None:
            low, high = self._width_range
            width_zoom = self._uniform(n, 1 + low, 1 + high, seed)
        return {"height_zoom": height_zoom.reshape(n, 1).astype(np.float32),
                "width_zoom": width_zoom.reshape(n, 1).astype(np.float32),
                "input_shape": shape}

    def _matrix(self, transformation, height=None, width=None):
        if height is None:
            height, width = image_size(transformation["input_shape"], self.data_format)
        width_zoom = as_array(transformation["width_zoom"]).reshape(-1)
        height_zoom = as_array(transformation["height_zoom"]).reshape(-1)
        return affine_rows(width_zoom, 0, (width - 1) / 2 * (1 - width_zoom),
                           0, height_zoom, (height - 1) / 2 * (1 - height_zoom))

    def _warp(self, images, transformation, interpolation):
        # the size of the images at hand (masks, or images of another size than the draw's)
        shape = images.shape if images.ndim == 4 else (1, *images.shape)
        transformation = {**transformation, "input_shape": shape}
        return super()._warp(images, transformation, interpolation)

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        if not training or transformation is None:
            return bounding_boxes
        boxes, height, width = self._boxes_in(bounding_boxes, transformation)
        matrix = self._matrix(transformation, height, width)
        x_start, y_start = map_points(matrix, 0, 0)                      # (N, 1) each
        x_end, y_end = map_points(matrix, width, height)
        xyxy = as_array(boxes["boxes"], np.float32)
        per_box = (lambda v: v[..., None]) if xyxy.ndim == 3 else (lambda v: v)
        x0, y0, x9, y9 = (per_box(v) for v in (x_start, y_start, x_end, y_end))
        x1, y1, x2, y2 = np.split(xyxy, 4, axis=-1)
        window = np.concatenate([np.clip(x1, x0, x9) - x0, np.clip(y1, y0, y9) - y0,
                                 np.clip(x2, x0, x9) - x0, np.clip(y2, y0, y9) - y0], axis=-1)
        window_height = (y_end - y_start)[..., None]
        window_width = (x_end - x_start)[..., None]
        relative = convert_format({**boxes, "boxes": window.astype(np.float32)},
                                  source="xyxy", target="rel_xyxy",
                                  height=window_height, width=window_width)
        relative = clip_to_image_size(relative, height=window_height, width=window_width,
                                      bounding_box_format="rel_xyxy")
        return convert_format(relative, source="rel_xyxy", target=self.bounding_box_format,
                              height=height, width=width)

    def get_config(self):
        return {**super().get_config(), "height_factor": self.height_factor,
                "width_factor": self.width_factor}
