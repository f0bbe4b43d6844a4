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
"""

import numbers
from types import SimpleNamespace

from ...backend import config, ops
from ...layer_machinery.layer import Layer

# The ops an image layer computes with, under the names Keras's image layers use for their
# backend (``self.backend.random.uniform``, ``self.backend.image.affine_transform``).
IMAGE_OPS = SimpleNamespace(numpy=ops, random=ops.random, image=ops.image, shape=ops.shape,
                            cast=ops.cast, convert_to_tensor=ops.convert_to_tensor)

FILL_MODES = ("reflect", "wrap", "constant", "nearest")
AFFINE_INTERPOLATIONS = ("nearest", "bilinear")


class BaseImagePreprocessingLayer(Layer):
    """An image layer: ``call`` = ``transform_images(get_random_transformation(images))``."""

    backend = IMAGE_OPS
    _FACTOR_BOUNDS = (-1, 1)

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        try:
            self.data_format = config.standardize_data_format(data_format)
        except ValueError:
            raise ValueError(
                f"{self._who()}`data_format` must be 'channels_last' or 'channels_first'. "
                f"Received: data_format={data_format!r}") from None
        self.supports_masking = False
        first = self.data_format == "channels_first"
        self._height_axis, self._width_axis = (2, 3) if first else (1, 2)   # of a batch

    def _who(self):
        return f"Layer '{self.name}' ({type(self).__name__}): "

    def call(self, inputs, training=True):
        images = ops.convert_to_tensor(inputs)
        if images.ndim not in (3, 4):
            raise ValueError(
                f"{self._who()}Expected the input image to be rank 3 (height, width, channels) "
                f"or 4 (a batch of images). Received inputs.shape={tuple(images.shape)}. "
                f"Add a channels axis to grayscale images (x[..., None]).")
        single = images.ndim == 3
        batch = ops.expand_dims(images, 0) if single else images
        transformation = self.get_random_transformation(batch, training=training)
        outputs = self.transform_images(batch, transformation, training=training)
        return ops.squeeze(outputs, 0) if single else outputs

    def get_random_transformation(self, images, training=True, seed=None):
        """The random parameters for a batch of images (None: nothing random)."""
        return None

    def transform_images(self, images, transformation, training=True):
        """A batch of images (N, H, W, C or N, C, H, W) transformed."""
        raise NotImplementedError

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

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
        return {**super().get_config(), "data_format": self.data_format}


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
