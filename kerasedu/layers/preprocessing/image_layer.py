"""What the image preprocessing layers share (Resizing, CenterCrop and the random augmentations).

Each takes one image (H, W, C) or a batch (N, H, W, C) (with ``data_format="channels_first"``,
(C, H, W) or (N, C, H, W)) and works in two steps, as Keras 3's image layers do:

    transformation = layer.get_random_transformation(images, training)    # the random draws
    outputs = layer.transform_images(images, transformation, training)    # applied to a batch

A single image is handled as a batch of one. The random layers act only in training: in
``fit`` (which calls the model with ``training=True``) and when called directly (their
``training`` argument defaults to True, as in Keras); in ``predict``, ``evaluate`` and
``layer(x, training=False)`` they give the images unchanged (as floats). Their draws come from
a SeedGenerator, so the same ``seed`` gives the same augmentations, run after run.

Outputs are in the layer's float dtype (float32), whatever the input dtype (uint8 pixels
included), except Resizing, which keeps an integer input's dtype as Keras does.

Object detection and segmentation: every image layer also takes, as Keras 3's do, a dict of
the images and what belongs to them,

    {"images": (N, H, W, C),
     "labels": (N, K),                                               (optional)
     "bounding_boxes": {"boxes": (N, B, 4), "labels": (N, B)},       (optional)
     "segmentation_masks": (N, H, W, 1)}                             (optional)

One transformation is drawn from the images and given to ``transform_images``,
``transform_labels``, ``transform_bounding_boxes`` and ``transform_segmentation_masks``, so
that boxes and masks move with the pixels. Boxes need the layer's ``bounding_box_format``
("xyxy", "rel_xyxy", "center_xywh", ...; see ``kerasedu.utils.bounding_boxes``) and come back
in it. As in Keras, the dict given is updated with the results and returned. Layers that change
colours and not places (``KEEPS_GEOMETRY``) give boxes and masks back unchanged, and need no
format.
"""

import functools
import numbers
from types import SimpleNamespace

import numpy as np

from ...backend import config, ops
from ...layer_machinery import is_keras_tensor, nest
from ...layer_machinery.layer import Layer
from .bounding_boxes.formats import standard_format
from .bounding_boxes.validation import densify_bounding_boxes

# The ops an image layer computes with, under the names Keras's image layers use for their
# backend (``self.backend.random.uniform``, ``self.backend.image.affine_transform``).
IMAGE_OPS = SimpleNamespace(numpy=ops, random=ops.random, image=ops.image, shape=ops.shape,
                            cast=ops.cast, convert_to_tensor=ops.convert_to_tensor)

FILL_MODES = ("reflect", "wrap", "constant", "nearest")
AFFINE_INTERPOLATIONS = ("nearest", "bilinear")
DATA_KEYS = ("images", "labels", "bounding_boxes", "segmentation_masks")


class BaseImagePreprocessingLayer(Layer):
    """An image layer: ``call`` = ``transform_images(get_random_transformation(images))``,
    and likewise for the labels, bounding boxes and segmentation masks of a dict input."""

    backend = IMAGE_OPS
    _FACTOR_BOUNDS = (-1, 1)
    #: True for the layers that change pixel values but not where things are (colours):
    #: bounding boxes and segmentation masks pass them unchanged.
    KEEPS_GEOMETRY = False

    def __init__(self, data_format=None, bounding_box_format=None, **kwargs):
        super().__init__(**kwargs)
        try:
            self.data_format = config.standardize_data_format(data_format)
        except ValueError:
            raise ValueError(
                f"{self._who()}`data_format` must be 'channels_last' or 'channels_first'. "
                f"Received: data_format={data_format!r}") from None
        self.bounding_box_format = None if bounding_box_format is None else \
            standard_format(bounding_box_format, self._who().rstrip(": "))
        self.supports_masking = False
        first = self.data_format == "channels_first"
        self._height_axis, self._width_axis = (2, 3) if first else (1, 2)   # of a batch

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "get_random_transformation" in cls.__dict__:
            method = cls.__dict__["get_random_transformation"]
            cls.get_random_transformation = _taking_data(method)

    def _who(self):
        return f"Layer '{self.name}' ({type(self).__name__}): "

    def __call__(self, inputs, *args, **kwargs):
        given = inputs
        if isinstance(inputs, dict) and _boxes_as_lists(inputs.get("bounding_boxes")):
            # Lists of boxes, one per image and of different lengths, become padded arrays
            # before the call, whose shapes are read from the arrays.
            images = inputs.get("images")
            batched = len(getattr(images, "shape", np.shape(images))) == 4
            inputs = {**inputs, "bounding_boxes": densify_bounding_boxes(
                inputs["bounding_boxes"], is_batched=batched, who=self._who())}
        outputs = super().__call__(inputs, *args, **kwargs)
        inputs = given
        if isinstance(inputs, dict) and isinstance(outputs, dict) and \
                not any(is_keras_tensor(x) for x in nest.flatten(outputs)):
            inputs.update(outputs)       # as Keras: the dict given holds the results
            return inputs
        return outputs

    def call(self, inputs, training=True):
        if isinstance(inputs, dict):
            return self._call_on_data(inputs, training)
        images = ops.convert_to_tensor(inputs)
        self._check_image_rank(images, "the input image", "inputs")
        single = images.ndim == 3
        batch = ops.expand_dims(images, 0) if single else images
        transformation = self.get_random_transformation(batch, training=training)
        outputs = self.transform_images(batch, transformation, training=training)
        return ops.squeeze(outputs, 0) if single else outputs

    def _check_image_rank(self, images, what, name):
        if images.ndim not in (3, 4):
            raise ValueError(
                f"{self._who()}Expected {what} to be rank 3 (height, width, channels) "
                f"or 4 (a batch of images). Received {name}.shape={tuple(images.shape)}. "
                f"Add a channels axis to grayscale images (x[..., None]).")

    def _call_on_data(self, data, training):
        """The dict form of ``call``: one transformation, applied to every entry."""
        unknown = sorted(set(data) - set(DATA_KEYS), key=str)
        if "images" not in data or unknown:
            raise ValueError(
                f"{self._who()}A dict input must hold 'images', and may hold 'labels', "
                f"'bounding_boxes' and 'segmentation_masks'. Received keys "
                f"{sorted(data, key=str)}. Pass the images alone, or rename the entries.")
        data = dict(data)
        data["images"] = ops.convert_to_tensor(data["images"])
        self._check_image_rank(data["images"], "'images'", "images")
        single = data["images"].ndim == 3
        if "bounding_boxes" in data:
            if self.bounding_box_format is None and not self.KEEPS_GEOMETRY:
                raise ValueError(
                    f"{self._who()}The input has 'bounding_boxes' but the layer has no "
                    f"`bounding_box_format`. Pass one, e.g. "
                    f"{type(self).__name__}(..., bounding_box_format='xyxy').")
            data["bounding_boxes"] = densify_bounding_boxes(
                data["bounding_boxes"], is_batched=not single, who=self._who())
        if single:
            data = {key: _batch_of_one(key, value) for key, value in data.items()}
        transformation = self.get_random_transformation(data["images"], training=training)
        steps = {"images": self.transform_images, "labels": self.transform_labels,
                 "bounding_boxes": self.transform_bounding_boxes,
                 "segmentation_masks": self.transform_segmentation_masks}
        outputs = {key: steps[key](value if key == "bounding_boxes" else
                                   ops.convert_to_tensor(value), transformation,
                                   training=training)
                   for key, value in data.items()}
        if single:
            outputs = {key: _one_of_batch(key, value) for key, value in outputs.items()}
        return outputs

    def get_random_transformation(self, images, training=True, seed=None):
        """The random parameters for a batch of images (None: nothing random)."""
        return None

    def transform_images(self, images, transformation, training=True):
        """A batch of images (N, H, W, C or N, C, H, W) transformed."""
        raise NotImplementedError

    def transform_labels(self, labels, transformation, training=True):
        """The labels of a batch of images: unchanged, unless the layer mixes images."""
        return labels

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        """{"boxes": (N, B, 4), "labels": (N, B)} in ``bounding_box_format``, moved as the
        images are."""
        return self._kept_in_place(bounding_boxes, "bounding boxes", "(and labels)")

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        """Masks (N, H, W, K), moved as the images are (nearest neighbour, never blended)."""
        return self._kept_in_place(segmentation_masks, "segmentation masks")

    def _kept_in_place(self, values, what, also=""):
        """Boxes or masks of a layer that keeps the geometry, unchanged; a layer that moves
        pixels and does not say how they move refuses them."""
        if self.KEEPS_GEOMETRY:
            return values
        raise NotImplementedError(
            f"{self._who()}This layer does not move {what}. Apply it to the images "
            f"{also + ' ' if also else ''}without the {what.split()[-1]}.")

    def transform_single_image(self, image, transformation, training=True):
        """One image (H, W, C) transformed (as a batch of one)."""
        return self._on_one("images", self.transform_images, image, transformation, training)

    def transform_single_label(self, label, transformation, training=True):
        return self._on_one("labels", self.transform_labels, label, transformation, training)

    def transform_single_bounding_box(self, bounding_box, transformation, training=True):
        """The {"boxes": (B, 4), "labels": (B,)} of one image transformed."""
        return self._on_one("bounding_boxes", self.transform_bounding_boxes, bounding_box,
                            transformation, training)

    def transform_single_segmentation_mask(self, segmentation_mask, transformation,
                                           training=True):
        return self._on_one("segmentation_masks", self.transform_segmentation_masks,
                            segmentation_mask, transformation, training)

    @staticmethod
    def _on_one(key, transform, value, transformation, training):
        return _one_of_batch(key, transform(_batch_of_one(key, value), transformation,
                                            training=training))

    def compute_output_shape(self, input_shape):
        if isinstance(input_shape, dict):
            return self._data_output_shape(input_shape)
        return tuple(input_shape)

    def _data_output_shape(self, input_shape):
        """Output shapes of a dict input: images and masks as the layer shapes images, labels
        and bounding boxes unchanged."""
        shapes = dict(input_shape)
        images = shapes["images"] = self.compute_output_shape(tuple(input_shape["images"]))
        if "segmentation_masks" in shapes:           # the images' height and width
            masks = list(shapes["segmentation_masks"])
            for axis in (-3, -2) if self.data_format == "channels_last" else (-2, -1):
                if len(masks) >= -axis and len(images) >= -axis:
                    masks[axis] = images[axis]
            shapes["segmentation_masks"] = tuple(masks)
        return shapes

    def _image_size(self, images):
        """(height, width) of a batch."""
        return images.shape[self._height_axis], images.shape[self._width_axis]

    def _draw(self, shape, low, high, seed=None):
        """Uniform draws in [low, high) from the layer's seed generator."""
        return self.backend.random.uniform(shape=shape, minval=low, maxval=high,
                                           seed=self.generator if seed is None else seed)

    def _per_image(self, images, low, high, training, seed, at_inference):
        """One draw from U[low, high) per image, shaped (N, 1, 1, 1) to scale or shift every
        pixel of its image (``at_inference`` everywhere when not training)."""
        n = images.shape[0]
        if not training:
            return ops.full((n, 1, 1, 1), at_inference, self.compute_dtype)
        draws = ops.reshape(self._draw((n, 1, 1, 1), low, high, seed), (n, 1, 1, 1))
        return ops.cast(draws, self.compute_dtype)

    def _set_factor(self, factor):
        """``self.factor`` = (lower, upper) from a number f (-f, f) or a pair, within
        ``_FACTOR_BOUNDS``."""
        self.factor = factor_range(factor, "factor", self, self._FACTOR_BOUNDS)

    def get_config(self):
        settings = {**super().get_config(), "data_format": self.data_format}
        if self.bounding_box_format is not None:
            settings["bounding_box_format"] = self.bounding_box_format
        return settings


def _taking_data(get_random_transformation):
    """``get_random_transformation`` (written for a batch of images) that also takes, as
    Keras's does, a dict of data (its images are used) or one image (a batch of one)."""
    if getattr(get_random_transformation, "takes_data", False):
        return get_random_transformation

    @functools.wraps(get_random_transformation)
    def for_data(self, data, training=True, seed=None):
        images = data["images"] if isinstance(data, dict) else data
        if not is_keras_tensor(images):
            images = ops.convert_to_tensor(images)
            if images.ndim == 3:
                images = ops.expand_dims(images, 0)
        if seed is None:
            return get_random_transformation(self, images, training=training)
        return get_random_transformation(self, images, training=training, seed=seed)

    for_data.takes_data = True
    return for_data


def _boxes_as_lists(bounding_boxes):
    """True for a ``bounding_boxes`` dict that holds Python lists (one per image)."""
    return isinstance(bounding_boxes, dict) and any(
        isinstance(value, list) for value in bounding_boxes.values())


def _batch_of_one(key, value):
    if key == "bounding_boxes":
        return {name: ops.expand_dims(ops.convert_to_tensor(part), 0)
                for name, part in value.items()}
    return ops.expand_dims(ops.convert_to_tensor(value), 0)


def _one_of_batch(key, value):
    if key == "bounding_boxes":
        return {name: ops.squeeze(part, 0) for name, part in value.items()}
    return ops.squeeze(value, 0)


def factor_range(factor, name, layer, bounds, open_below=False):
    """(lower, upper) from ``factor``: a number f gives (-f, f) (clipped to ``bounds``), a
    pair (a, b) gives (min, max). Every number must lie in ``bounds`` ((low, high], with
    ``open_below``)."""
    low, high = bounds

    def inside(value):
        return (isinstance(value, numbers.Real) and not isinstance(value, bool)
                and (value > low if open_below else value >= low) and value <= high)

    pair = isinstance(factor, (tuple, list))
    if not (pair and len(factor) == 2 and all(inside(v) for v in factor)) and \
            not (not pair and inside(factor)):
        interval = f"({low}, {high}]" if open_below else f"[{low}, {high}]"
        raise ValueError(
            f"{layer._who()}The `{name}` argument should be a number (or a list of two numbers) "
            f"in the range {interval}. Received: {name}={factor!r}. For example {name}=0.2 "
            f"draws from (-0.2, 0.2), {name}=(0.1, 0.3) from (0.1, 0.3).")
    if pair:
        return tuple(sorted(factor))
    return (max(-abs(factor), low), abs(factor))


def value_range_of(value_range, layer):
    """``value_range`` as a sorted [low, high] pair of numbers."""
    if not isinstance(value_range, (tuple, list)) or len(value_range) != 2 or not all(
            isinstance(v, numbers.Real) and not isinstance(v, bool) for v in value_range) \
            or value_range[0] == value_range[1]:
        raise ValueError(
            f"{layer._who()}The `value_range` argument should be a list of two numbers, the "
            f"lowest and highest pixel values of the images: (0, 255) for 8-bit pixels, "
            f"(0, 1) for rescaled ones. Received: value_range={value_range!r}")
    return sorted(value_range)


def choice(value, options, name, layer):
    """``value``, which must be one of ``options``."""
    if value not in options:
        raise ValueError(f"{layer._who()}`{name}` must be one of {options}. "
                         f"Received: {name}={value!r}")
    return value


def fill_number(value, layer):
    """``fill_value``: a number, the value of pixels from outside the image."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{layer._who()}`fill_value` must be a number (the value of pixels "
                         f"that come from outside the image). Received: fill_value={value!r}")
    return value


def positive_size(value, name, layer):
    """A height or width: an int > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value <= 0:
        raise ValueError(f"{layer._who()}`{name}` must be a positive integer (pixels). "
                         f"Received: {name}={value!r}")
    return int(value)


def as_float_images(layer, images):
    """Images in the layer's float dtype (what the augmentations compute in)."""
    return ops.cast(images, layer.compute_dtype)
