"""The ways a bounding box is written down, and how to go from one to another.

A box is four numbers on the last axis, (..., 4). Every format is turned into corners
(x1, y1, x2, y2) — left, top, right, bottom — and corners into every format:

    "xyxy"          [x1, y1, x2, y2]                          (corners)
    "yxyx"          [y1, x1, y2, x2]
    "xywh"          [x1, y1, w, h]                             w = x2 − x1, h = y2 − y1
    "center_xywh"   [cx, cy, w, h]                             cx = x1 + w/2, cy = y1 + h/2
    "center_yxhw"   [cy, cx, h, w]

in pixels, and their relative versions "rel_xyxy", "rel_yxyx", "rel_xywh", "rel_center_xywh"
(and "rel_center_yxhw"), where every x is divided by the image width and every y by its height,
so that the image spans [0, 1] × [0, 1].
"""

from ....backend import ops

ABSOLUTE_FORMATS = ("xyxy", "yxyx", "xywh", "center_xywh", "center_yxhw")
RELATIVE_PREFIX = "rel_"
SUPPORTED_FORMATS = ABSOLUTE_FORMATS + tuple(
    RELATIVE_PREFIX + name for name in ("xyxy", "yxyx", "xywh", "center_xywh", "center_yxhw"))


def _columns(boxes):
    return ops.split(boxes, 4, axis=-1)


def _joined(columns):
    return ops.concatenate(columns, axis=-1)


def _to_corners(name, boxes):
    """(x1, y1, x2, y2) columns of ``boxes`` written in the absolute format ``name``."""
    a, b, c, d = _columns(boxes)
    if name == "xyxy":
        return a, b, c, d
    if name == "yxyx":
        return b, a, d, c
    if name == "xywh":
        return a, b, a + c, b + d
    if name == "center_xywh":
        return a - c / 2.0, b - d / 2.0, a + c / 2.0, b + d / 2.0
    return b - d / 2.0, a - c / 2.0, b + d / 2.0, a + c / 2.0       # center_yxhw


def _from_corners(name, x1, y1, x2, y2):
    """Columns (x1, y1, x2, y2) written in the absolute format ``name``."""
    if name == "xyxy":
        return _joined([x1, y1, x2, y2])
    if name == "yxyx":
        return _joined([y1, x1, y2, x2])
    w, h = x2 - x1, y2 - y1
    if name == "xywh":
        return _joined([x1, y1, w, h])
    if name == "center_xywh":
        return _joined([x1 + w / 2.0, y1 + h / 2.0, w, h])
    return _joined([y1 + h / 2.0, x1 + w / 2.0, h, w])               # center_yxhw


def standard_format(name, who="convert_format()"):
    """``name`` in lower case, checked against :data:`SUPPORTED_FORMATS`."""
    lowered = name.lower() if isinstance(name, str) else name
    if lowered not in SUPPORTED_FORMATS:
        raise ValueError(
            f"{who}: unknown bounding box format {name!r}. Supported formats: "
            f"{', '.join(SUPPORTED_FORMATS)} (for example 'xyxy': left, top, right, bottom "
            f"in pixels).")
    return lowered


def is_relative(name):
    return name.startswith(RELATIVE_PREFIX)


def convert_boxes(boxes, source, target, height=None, width=None):
    """``boxes`` (..., 4), float, from format ``source`` to ``target`` (both standard names).

    Between two relative formats (or two absolute ones) no image size is involved; from
    relative to absolute the x columns are multiplied by ``width`` and the y columns by
    ``height``, and the other way divided."""
    if source == target:
        return boxes
    if is_relative(source) == is_relative(target):
        source, target = (name.removeprefix(RELATIVE_PREFIX) for name in (source, target))
        return _from_corners(target, *_to_corners(source, boxes))
    x1, y1, x2, y2 = _to_corners(source.removeprefix(RELATIVE_PREFIX), boxes)
    if is_relative(source):
        x1, y1, x2, y2 = x1 * width, y1 * height, x2 * width, y2 * height
    else:
        x1, y1, x2, y2 = x1 / width, y1 / height, x2 / width, y2 / height
    return _from_corners(target.removeprefix(RELATIVE_PREFIX), x1, y1, x2, y2)
