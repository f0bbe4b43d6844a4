"""Bounding boxes for object detection: formats, conversion, the geometry of moving boxes with
their image, anchor deltas and IoU. Public as ``kerasedu.utils.bounding_boxes`` (Keras 3's
``keras.utils.bounding_boxes``)."""

from .converters import affine_transform, clip_to_image_size, convert_format, crop, pad
from .deltas import decode_deltas_to_boxes, encode_box_to_deltas
from .formats import SUPPORTED_FORMATS
from .iou import compute_ciou, compute_iou
from .validation import densify_bounding_boxes, validate_bounding_boxes

__all__ = ["SUPPORTED_FORMATS", "affine_transform", "clip_to_image_size", "compute_ciou",
           "compute_iou", "convert_format", "crop", "decode_deltas_to_boxes",
           "densify_bounding_boxes", "encode_box_to_deltas", "pad", "validate_bounding_boxes"]
