"""What the colour augmentations share: value ranges, per-image coin flips, per-image factors.

Pixel values live in the layer's ``value_range`` = (low, high) ((0, 255) for 8-bit pixels,
(0, 1) for rescaled ones). A layer whose formula is written for another range moves the
pixels there and back, linearly:

    to_range(x, (a, b), (c, d)) = (x − a)/(b − a)·(d − c) + c

Random choices are made per image of a batch (N, H, W, C): a probability p ~ U[lower, upper)
and a threshold t ~ U[0, 1) for each image, and the image is changed when t < p, so the
layer's ``factor`` = (lower, upper) bounds how often.
"""

from ....backend import ops
from ....backend.ops.random import SeedGenerator
from ..image_layer import BaseImagePreprocessingLayer, factor_range, value_range_of


def factor_pair(factor, name, layer, bounds=(0, 1)):
    """(lower, upper) from ``factor``: a number f gives (bounds[0], f), a pair (a, b) gives
    (min, max); every number must lie in ``bounds``."""
    low, high = bounds
    try:
        lower, upper = factor_range(factor, name, layer, bounds)
    except ValueError:
        example = low + (high - low) / 5
        raise ValueError(
            f"{layer._who()}The `{name}` argument should be a number (or a list of two "
            f"numbers) in the range [{low}, {high}]. Received: {name}={factor!r}. For example "
            f"{name}={example} draws from [{low}, {example}), {name}=({example}, {example}) "
            f"always takes {example}.") from None
    return (low if lower == low else lower, upper)


def to_range(images, source, target):
    """Pixel values moved linearly from the range ``source`` to the range ``target``."""
    (a, b), (c, d) = source, target
    if a == c and b == d:
        return images
    return (images - a) / (b - a) * (d - c) + c


def check_rgb(layer, images, grey_too=False):
    """Refuse images that are not RGB (three channels; or one, with ``grey_too``)."""
    channels = images.shape[1 if layer.data_format == "channels_first" else -1]
    if channels != 3 and not (grey_too and channels == 1):
        also = " or 1 (grayscale)" if grey_too else ""
        raise ValueError(
            f"{layer._who()}Expected RGB images, with 3 channels{also}. Received "
            f"images.shape={tuple(images.shape)} ({layer.data_format}). Drop an alpha channel "
            f"first (x[..., :3]), or pass data_format='channels_first' for (N, C, H, W) images.")


def per_image(values):
    """One value per image (N,) shaped (N, 1, 1, 1) to act on every pixel of its image."""
    values = ops.convert_to_tensor(values)
    return ops.reshape(values, (values.shape[0], 1, 1, 1))


class ColorLayer(BaseImagePreprocessingLayer):
    """A random colour augmentation: ``value_range``, ``seed`` and the per-image draws.
    ``CONFIG`` names the further attributes that ``get_config`` gives."""

    KEEPS_GEOMETRY = True        # boxes and segmentation masks pass unchanged

    CONFIG = ("factor",)

    def __init__(self, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(**kwargs)
        self.value_range = value_range_of(value_range, self)
        self.seed = seed
        self.generator = SeedGenerator(seed)

    def _set_factor(self, factor):
        self.factor = factor_pair(factor, "factor", self, self._FACTOR_BOUNDS)

    def _factors(self, images, seed, low=None, high=None):
        """One draw per image from U[low, high) (by default the layer's ``factor``): (N,)."""
        if low is None:
            low, high = self.factor
        return self._draw((images.shape[0],), low, high, seed)

    def _coin_flips(self, images, seed):
        """Which images to change, (N,) booleans: t < p, p ~ U[lower, upper), t ~ U[0, 1)."""
        probability = self._factors(images, seed)
        threshold = self._factors(images, seed, 0.0, 1.0)
        return ops.less(threshold, probability)

    def get_config(self):
        return {**super().get_config(), **{key: getattr(self, key) for key in self.CONFIG},
                "value_range": self.value_range, "seed": self.seed}


def edit_hsv_channel(layer, images, channel, edit):
    """Images (in ``layer.value_range``) with one HSV channel (0 hue, 1 saturation, 2 value)
    replaced by ``edit(that channel)``: RGB -> [0, 1] -> HSV, edit, -> RGB, clip to [0, 1],
    -> the value range. The channel is (N, H, W); ``edit`` keeps that shape."""
    check_rgb(layer, images)
    axis = 1 if layer.data_format == "channels_first" else -1
    hsv = ops.image.rgb_to_hsv(to_range(images, layer.value_range, (0, 1)),
                               data_format=layer.data_format)
    planes = [ops.take(hsv, i, axis=axis) for i in range(3)]
    planes[channel] = edit(planes[channel])
    rgb = ops.image.hsv_to_rgb(ops.stack(planes, axis=axis), data_format=layer.data_format)
    return to_range(ops.clip(rgb, 0.0, 1.0), (0, 1), layer.value_range)


class FactorColorLayer(ColorLayer):
    """A colour augmentation with one ``factor`` drawn per image, within ``_FACTOR_BOUNDS``
    ([0, 1] unless the layer says otherwise): RandomHue, RandomSaturation, RandomSharpness,
    RandomColorDegeneration, RandomPosterization."""

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor, value_range=(0, 255), data_format=None, seed=None, **kwargs):
        super().__init__(value_range=value_range, seed=seed, data_format=data_format, **kwargs)
        self._set_factor(factor)
