"""Overlap of boxes: intersection over union (IoU) and complete IoU (CIoU).

For boxes A and B, IoU = |A ∩ B| / (|A| + |B| − |A ∩ B| + ε). :func:`compute_iou` gives the
table of every pair, (M, N) for (M, 4) and (N, 4) boxes, (batch, M, N) when either is batched.
CIoU (Zheng et al., 2020) also penalises distant centres and different aspect ratios,

    CIoU = IoU − ρ²/c² − α·v,    v = 4/π²·(atan(w_B/h_B) − atan(w_A/h_A))²,   α = v/(v − IoU + 1)

with ρ the distance between the centres and c the diagonal of the smallest box holding both;
it is computed box by box, for boxes (..., 4) of the same shape.
"""

import math

from ....backend import config, ops
from .converters import convert_format, float_dtype


def _corners(boxes, bounding_box_format, image_shape):
    if bounding_box_format.lower().startswith("rel") and image_shape is None:
        raise ValueError(
            f"Relative bounding box formats need the `image_shape` argument, (height, width, "
            f"channels). Received: bounding_box_format={bounding_box_format!r}, "
            f"image_shape={image_shape}")
    height, width = (None, None) if image_shape is None else tuple(image_shape[:2])
    return convert_format(boxes, bounding_box_format, "xyxy", height, width, float_dtype(boxes))


def _rank(boxes, name):
    rank = len(ops.shape(boxes))
    if rank not in (2, 3):
        raise ValueError(f"compute_iou() expects {name} of shape (N, 4) or (batch, N, 4). "
                         f"Received: {name}.shape={tuple(ops.shape(boxes))}")
    return rank


def compute_iou(boxes1, boxes2, bounding_box_format, use_masking=False, mask_val=-1,
                image_shape=None):
    """The IoU of every box of ``boxes1`` with every box of ``boxes2``: (M, N), or
    (batch, M, N) when either is batched. With ``use_masking``, pairs involving a padding box
    (all four numbers negative) get ``mask_val``."""
    _rank(boxes1, "boxes1"), _rank(boxes2, "boxes2")
    a = _corners(boxes1, bounding_box_format, image_shape)
    b = _corners(boxes2, bounding_box_format, image_shape)
    a_rows = ops.expand_dims(a, -2)                                  # (..., M, 1, 4)
    b_cols = ops.expand_dims(b, -3)                                  # (..., 1, N, 4)
    width = ops.maximum(ops.minimum(a_rows[..., 2], b_cols[..., 2])
                        - ops.maximum(a_rows[..., 0], b_cols[..., 0]), 0.0)
    height = ops.maximum(ops.minimum(a_rows[..., 3], b_cols[..., 3])
                         - ops.maximum(a_rows[..., 1], b_cols[..., 1]), 0.0)
    intersection = width * height
    area_a = (a_rows[..., 2] - a_rows[..., 0]) * (a_rows[..., 3] - a_rows[..., 1])
    area_b = (b_cols[..., 2] - b_cols[..., 0]) * (b_cols[..., 3] - b_cols[..., 1])
    iou = intersection / (area_a + area_b - intersection + config.epsilon())
    if not use_masking:
        return iou
    padding_a = ops.expand_dims(ops.max(a, axis=-1) < 0, -1)
    padding_b = ops.expand_dims(ops.max(b, axis=-1) < 0, -2)
    return ops.where(ops.logical_or(padding_a, padding_b), ops.cast(mask_val, iou.dtype), iou)


def compute_ciou(boxes1, boxes2, bounding_box_format, image_shape=None):
    """The complete IoU of each box of ``boxes1`` with the box at the same place in
    ``boxes2``: (...,) for boxes (..., 4)."""
    if bounding_box_format.lower().startswith("rel"):
        raise ValueError(
            f"compute_ciou() takes absolute formats ('xyxy', 'xywh', ...). Received: "
            f"bounding_box_format={bounding_box_format!r}; convert the boxes with "
            f"convert_format(boxes, {bounding_box_format!r}, 'xyxy', height=..., width=...).")
    eps = config.epsilon()
    x1a, y1a, x2a, y2a = ops.split(_corners(boxes1, bounding_box_format, image_shape), 4, -1)
    x1b, y1b, x2b, y2b = ops.split(_corners(boxes2, bounding_box_format, image_shape), 4, -1)
    wa, ha = x2a - x1a, y2a - y1a + eps
    wb, hb = x2b - x1b, y2b - y1b + eps
    intersection = ops.maximum(ops.minimum(x2a, x2b) - ops.maximum(x1a, x1b), 0) * \
        ops.maximum(ops.minimum(y2a, y2b) - ops.maximum(y1a, y1b), 0)
    union = wa * ha + wb * hb - intersection + eps
    iou = ops.squeeze(intersection / (union + eps), -1)
    diagonal = ops.squeeze((ops.maximum(x2a, x2b) - ops.minimum(x1a, x1b)) ** 2
                           + (ops.maximum(y2a, y2b) - ops.minimum(y1a, y1b)) ** 2 + eps, -1)
    centres = ops.squeeze(((x1a + x2a) / 2 - (x1b + x2b) / 2) ** 2
                          + ((y1a + y2a) / 2 - (y1b + y2b) / 2) ** 2, -1)
    v = ops.squeeze(4 / math.pi ** 2 * (ops.arctan(wb / hb) - ops.arctan(wa / ha)) ** 2, -1)
    alpha = v / (v - iou + (1 + eps))
    return iou - (centres / diagonal + v * alpha)
