"""Boxes as offsets from anchors, the regression targets of anchor-based detectors.

With boxes and anchors both in a centre format (cx, cy, w, h) (or (cy, cx, h, w)), a box is
encoded relative to its anchor as

    δ_centre = (box_centre − anchor_centre) / anchor_size,    δ_size = log(box_size / anchor_size)

(sizes floored at the backend epsilon), optionally divided by a 4-number ``variance``;
decoding inverts it: centre = δ_centre·anchor_size + anchor_centre, size = exp(δ_size)·anchor_size.
Anchors are (N, 4); boxes and deltas (N, 4) or (batch, N, 4).
"""

from ....backend import config, ops
from .converters import convert_format, float_dtype

ENCODINGS = ("center_xywh", "center_yxhw")


def _checked(variance, encoding, name):
    if encoding not in ENCODINGS:
        raise ValueError(f"`{name}` should be one of {ENCODINGS} (the centre format the "
                         f"deltas are computed in). Received: {name}={encoding!r}")
    if variance is None:
        return None
    variance = ops.convert_to_tensor(variance, "float32")
    if variance.shape[-1:] != (4,):
        raise ValueError(f"`variance` must be 4 numbers, one per delta. Received: "
                         f"variance={ops.convert_to_numpy(variance).tolist()}")
    return variance


def _size_of(image_shape):
    return (None, None) if image_shape is None else tuple(image_shape[:2])


def encode_box_to_deltas(anchors, boxes, anchor_format, box_format,
                         encoding_format="center_yxhw", variance=None, image_shape=None):
    """Deltas (same shape as ``boxes``) that move each anchor onto its box (formula above).
    ``image_shape`` (height, width, channels) is needed for relative formats."""
    variance = _checked(variance, encoding_format, "encoding_format")
    height, width = _size_of(image_shape)
    dtype = float_dtype(boxes)
    anchors = convert_format(anchors, anchor_format, encoding_format, height, width, dtype)
    boxes = convert_format(boxes, box_format, encoding_format, height, width, dtype)
    anchor_size = ops.maximum(anchors[..., 2:], config.epsilon())
    box_size = ops.maximum(boxes[..., 2:], config.epsilon())
    deltas = ops.concatenate([(boxes[..., :2] - anchors[..., :2]) / anchor_size,
                              ops.log(box_size / anchor_size)], axis=-1)
    return deltas if variance is None else deltas / variance


def decode_deltas_to_boxes(anchors, boxes_delta, anchor_format, box_format,
                           encoded_format="center_yxhw", variance=None, image_shape=None):
    """Boxes in ``box_format`` from deltas against anchors (the inverse of
    :func:`encode_box_to_deltas`). ``anchors`` and ``boxes_delta`` may both be dicts of the
    same keys (one entry per feature-pyramid level); a dict of boxes comes back."""
    variance = _checked(variance, encoded_format, "encoded_format")
    height, width = _size_of(image_shape)

    def decode(anchor, delta):
        delta = ops.convert_to_tensor(delta)
        dtype = float_dtype(delta)
        anchor = convert_format(anchor, anchor_format, encoded_format, height, width, dtype)
        if variance is not None:
            delta = delta * variance
        box = ops.concatenate([delta[..., :2] * anchor[..., 2:] + anchor[..., :2],
                               ops.exp(delta[..., 2:]) * anchor[..., 2:]], axis=-1)
        return convert_format(box, encoded_format, box_format, height, width, dtype)

    if isinstance(anchors, dict) and isinstance(boxes_delta, dict):
        return {level: decode(anchor, boxes_delta[level]) for level, anchor in anchors.items()}
    return decode(anchors, boxes_delta)
