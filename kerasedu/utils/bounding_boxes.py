"""``keras.utils.bounding_boxes``: box formats, conversion, clipping, cropping, padding, affine
maps, anchor deltas and IoU (see :mod:`kerasedu.layers.preprocessing.bounding_boxes`)."""

from ..layers.preprocessing.bounding_boxes import (affine_transform, clip_to_image_size,
                                                   compute_ciou, compute_iou, convert_format,
                                                   crop, decode_deltas_to_boxes,
                                                   encode_box_to_deltas, pad)

__all__ = ["affine_transform", "clip_to_image_size", "compute_ciou", "compute_iou",
           "convert_format", "crop", "decode_deltas_to_boxes", "encode_box_to_deltas", "pad"]
