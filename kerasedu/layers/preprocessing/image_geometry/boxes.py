"""Random rectangles, one per image, as masks: what RandomErasing and CutMix cut out; and the
output shape of the bounding boxes of layers that join two images' boxes (MixUp, CutMix).

A rectangle of width r_x·W and height r_y·H is placed uniformly at random inside the image:

    x0 = u·(W − r_x·W),  x1 = x0 + r_x·W,      (u ~ U[0, 1), likewise y0, y1)

and the mask holds the pixels with x0 ≤ x < x1 and y0 ≤ y < y1, repeated over the channels.
"""

import numpy as np


def random_spans(draw, ratios, length):
    """(start, end) arrays for n spans of ``ratios``·``length`` placed at random in
    [0, length); ``draw(n)`` gives n numbers from U[0, 1)."""
    span = (ratios * length).astype(np.float32)
    start = draw(len(ratios)) * (length - span)
    return start, start + span


def rectangle_masks(x_span, y_span, height, width, channels, channels_first):
    """(N, H, W, C) (or (N, C, H, W)) bool masks of the rectangles x0 ≤ x < x1, y0 ≤ y < y1."""
    (x0, x1), (y0, y1) = x_span, y_span
    grid_y, grid_x = np.meshgrid(np.arange(height, dtype=np.float32),
                                 np.arange(width, dtype=np.float32), indexing="ij")
    inside = ((grid_x >= x0[:, None, None]) & (grid_x < x1[:, None, None])
              & (grid_y >= y0[:, None, None]) & (grid_y < y1[:, None, None]))
    axis = 1 if channels_first else 3
    return np.repeat(np.expand_dims(inside, axis), channels, axis=axis)


def joined_boxes_shape(shapes):
    """``shapes`` (a dict input's output shapes) with the boxes axis of "bounding_boxes" unknown:
    a layer that joins each image's boxes with another image's doubles it in training only."""
    if not isinstance(shapes, dict) or "bounding_boxes" not in shapes:
        return shapes
    boxes = shapes["bounding_boxes"]
    axis = len(boxes["boxes"]) - 2                          # (N, B, 4) or one image's (B, 4)
    return {**shapes, "bounding_boxes": {
        key: tuple(None if i == axis else size for i, size in enumerate(shape))
        for key, shape in boxes.items()}}
