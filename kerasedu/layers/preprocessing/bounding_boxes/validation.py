"""Checking a ``bounding_boxes`` dict, and making lists of boxes into arrays.

A ``bounding_boxes`` dict is {"boxes": (N, 4) or (batch, N, 4), "labels": (N,) or (batch, N)}
(labels may carry one more axis, e.g. one-hot classes). Boxes may also be given as Python lists,
one list per image, of different lengths; :func:`densify_bounding_boxes` pads them into arrays
with boxes of ``boxes_default_value`` and labels of ``labels_default_value`` (−1: no object).
"""

import numpy as np

from ....backend import ops


def validate_bounding_boxes(bounding_boxes, who=""):
    """Raise a ValueError unless ``bounding_boxes`` is a dict of "boxes" and "labels" of
    matching ranks."""
    if not isinstance(bounding_boxes, dict) or "boxes" not in bounding_boxes or \
            "labels" not in bounding_boxes:
        found = sorted(bounding_boxes) if isinstance(bounding_boxes, dict) else \
            type(bounding_boxes).__name__
        raise ValueError(
            f"{who}Expected `bounding_boxes` to be a dict with keys 'boxes' and 'labels', "
            f"{{'boxes': (batch, num_boxes, 4), 'labels': (batch, num_boxes)}}. "
            f"Received: {found}")
    boxes, labels = bounding_boxes["boxes"], bounding_boxes["labels"]
    if isinstance(boxes, list) or isinstance(labels, list):
        if not (isinstance(boxes, list) and isinstance(labels, list)) or \
                len(boxes) != len(labels):
            raise ValueError(
                f"{who}When `bounding_boxes['boxes']` is a list, `bounding_boxes['labels']` "
                f"must be a list of the same length (one entry per box, or per image).")
        return
    boxes_rank, labels_rank = len(ops.shape(boxes)), len(ops.shape(labels))
    if boxes_rank not in (2, 3):
        raise ValueError(
            f"{who}Expected `bounding_boxes['boxes']` to have rank 2 or 3, shaped "
            f"(num_boxes, 4) or (batch_size, num_boxes, 4). Received: "
            f"bounding_boxes['boxes'].shape={tuple(ops.shape(boxes))}")
    if ops.shape(boxes)[-1] != 4:
        raise ValueError(
            f"{who}Expected 4 numbers per box (the last axis of `bounding_boxes['boxes']`), "
            f"in the layer's `bounding_box_format`. Received: "
            f"bounding_boxes['boxes'].shape={tuple(ops.shape(boxes))}")
    if labels_rank not in (boxes_rank - 1, boxes_rank):
        raise ValueError(
            f"{who}Found bounding_boxes['boxes'].shape={tuple(ops.shape(boxes))}, so expected "
            f"bounding_boxes['labels'] of rank {boxes_rank - 1} or {boxes_rank}. Received: "
            f"bounding_boxes['labels'].shape={tuple(ops.shape(labels))}")


def _padded(rows, length, fill, width=None):
    rows = list(rows)[:length]
    pad = [[fill] * width if width else fill] * (length - len(rows))
    return [list(row) if width else row for row in rows] + pad


def densify_bounding_boxes(bounding_boxes, is_batched=False, max_boxes=None,
                           boxes_default_value=0, labels_default_value=-1, backend=None, who=""):
    """``bounding_boxes`` with "boxes" as a float32 array and "labels" as an array. Lists of
    boxes per image (batched) are padded to the longest, or cut or padded to ``max_boxes``;
    a list of boxes of one image is cut or padded to ``max_boxes`` when it is given.
    A new dict is returned."""
    validate_bounding_boxes(bounding_boxes, who)
    boxes, labels = bounding_boxes["boxes"], bounding_boxes["labels"]
    if isinstance(boxes, list):
        batched = bool(boxes) and isinstance(boxes[0], (list, tuple, np.ndarray)) and \
            len(boxes[0]) > 0 and np.ndim(boxes[0][0]) == 1
        if batched:
            length = max_boxes if max_boxes is not None else max(len(b) for b in boxes)
            boxes = [_padded(b, length, boxes_default_value, 4) for b in boxes]
            labels = [_padded(l, length, labels_default_value) for l in labels]
        elif max_boxes is not None:
            boxes = _padded(boxes, max_boxes, boxes_default_value, 4)
            labels = _padded(labels, max_boxes, labels_default_value)
        boxes = np.asarray(boxes, np.float32).reshape(-1, 4) if not batched and not boxes \
            else np.asarray(boxes, np.float32)
        labels = np.asarray(labels, np.int32)
    return {**bounding_boxes, "boxes": ops.cast(ops.convert_to_tensor(boxes), "float32"),
            "labels": ops.convert_to_tensor(labels)}
