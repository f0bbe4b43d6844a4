"""Framing images: cropping, padding, and cutting them into patches.

crop_images and pad_images take, per direction, exactly two of (start, end, target size):

    crop:  top_cropping + target_height + bottom_cropping = height   (likewise left/right/width)
    pad:   top_padding + height + bottom_padding = target_height

extract_patches cuts every ``size`` window (2-D, or 3-D for volumes) into one vector per
output position, laid out as a Keras convolution kernel's rows: (N, H', W', ph·pw·C).
All are slices, pads and gathers, so gradients flow back to the pixels they came from.
"""

from ... import config
from .._inputs import tensor_of
from ..conv import extract_patches as conv_extract_patches
from ..indexing import slice as slice_
from ..padding import pad
from ..shape import expand_dims, squeeze


def _two_of_three(first, second, target, names):
    given = [v is not None for v in (first, second, target)]
    if sum(given) != 2:
        raise ValueError(f"Give exactly two of {', '.join(names)}; received "
                         f"{dict(zip(names, (first, second, target)))}.")
    for name, value in zip(names, (first, second, target)):
        if value is not None and value < 0:
            raise ValueError(f"{name} must be non-negative, received {value}.")


def _height_width(images, data_format):
    images = tensor_of(images)
    if images.ndim not in (3, 4):
        raise ValueError(f"Expected an image of rank 3 or a batch of rank 4, received shape "
                         f"{images.shape}.")
    first = config.standardize_data_format(data_format) == "channels_first"
    h_axis = images.ndim - (2 if first else 3)
    return images, h_axis, images.shape[h_axis], images.shape[h_axis + 1]


def crop_images(images, top_cropping=None, left_cropping=None, bottom_cropping=None,
                right_cropping=None, target_height=None, target_width=None, data_format=None):
    """The block of the images that remains after cropping (see the module docstring)."""
    _two_of_three(top_cropping, bottom_cropping, target_height,
                  ("top_cropping", "bottom_cropping", "target_height"))
    _two_of_three(left_cropping, right_cropping, target_width,
                  ("left_cropping", "right_cropping", "target_width"))
    images, h_axis, height, width = _height_width(images, data_format)
    top = height - target_height - bottom_cropping if top_cropping is None else top_cropping
    target_height = height - top - bottom_cropping if target_height is None else target_height
    left = width - target_width - right_cropping if left_cropping is None else left_cropping
    target_width = width - left - right_cropping if target_width is None else target_width
    if min(top, left, target_height, target_width) < 0 or top + target_height > height or \
            left + target_width > width:
        raise ValueError(f"crop_images: cannot cut a {target_height}×{target_width} block at "
                         f"({top}, {left}) out of {height}×{width} images.")
    start = [0] * images.ndim
    shape = list(images.shape)
    start[h_axis], start[h_axis + 1] = top, left
    shape[h_axis], shape[h_axis + 1] = target_height, target_width
    return slice_(images, start, shape)


def pad_images(images, top_padding=None, left_padding=None, bottom_padding=None,
               right_padding=None, target_height=None, target_width=None, data_format=None):
    """The images surrounded by zeros (see the module docstring)."""
    _two_of_three(top_padding, bottom_padding, target_height,
                  ("top_padding", "bottom_padding", "target_height"))
    _two_of_three(left_padding, right_padding, target_width,
                  ("left_padding", "right_padding", "target_width"))
    images, h_axis, height, width = _height_width(images, data_format)
    top = target_height - bottom_padding - height if top_padding is None else top_padding
    bottom = target_height - top - height if bottom_padding is None else bottom_padding
    left = target_width - right_padding - width if left_padding is None else left_padding
    right = target_width - left - width if right_padding is None else right_padding
    if min(top, bottom, left, right) < 0:
        raise ValueError(f"pad_images: the target size is smaller than the {height}×{width} "
                         f"images (padding top={top}, bottom={bottom}, left={left}, "
                         f"right={right}).")
    widths = [(0, 0)] * images.ndim
    widths[h_axis], widths[h_axis + 1] = (top, bottom), (left, right)
    return pad(images, widths)


def _patches(images, size, strides, dilation_rate, padding, data_format, rank, name):
    """Patches of one image (``rank`` axes: spatial and channels) or a batch (rank + 1)."""
    images = tensor_of(images)
    if images.ndim not in (rank, rank + 1):
        raise ValueError(f"{name} expects inputs of rank {rank} (one image) or {rank + 1} (a "
                         f"batch), received shape {images.shape}.")
    single = images.ndim == rank
    batch = expand_dims(images, 0) if single else images
    patches = conv_extract_patches(batch, size, strides, dilation_rate, padding, data_format)
    return squeeze(patches, 0) if single else patches


def extract_patches(images, size, strides=None, dilation_rate=1, padding="valid",
                    data_format=None):
    """Every ``size`` = (ph, pw) window (or (pd, ph, pw) for volumes) as one vector:
    (N, H', W', ph·pw·C). ``strides`` defaults to ``size``."""
    if not isinstance(size, int) and len(size) == 3:
        return extract_patches_3d(images, size, strides, dilation_rate, padding, data_format)
    if not isinstance(size, int) and len(size) != 2:
        raise TypeError(f"extract_patches: size must be an int or a tuple of 2 (or 3) ints, "
                        f"received {size!r}.")
    return _patches(images, size, strides, dilation_rate, padding, data_format, 3,
                    "extract_patches")


def extract_patches_3d(volumes, size, strides=None, dilation_rate=1, padding="valid",
                       data_format=None):
    """Every ``size`` = (pd, ph, pw) window of volumes (N, D, H, W, C) as one vector."""
    return _patches(volumes, size, strides, dilation_rate, padding, data_format, 4,
                    "extract_patches_3d")
