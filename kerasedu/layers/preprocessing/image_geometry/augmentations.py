"""The augmentations that RandAugment and AugMix pick from, all of one strength ``factor``.

With ``factor`` = (0, f): shear, translation and rotation by up to f (of the image, of a
turn), brightness, colour degeneration, contrast and sharpness changes of up to f,
solarization with addition and threshold up to f, posterization to max(1, ⌊8f⌋) bits, and
AutoContrast and Equalization (which have no strength), as in Keras 3. Each is an ordinary
image layer, so a chosen augmentation draws its own per-image parameters.
"""

from ..image_color import (AutoContrast, Equalization, RandomColorDegeneration,
                           RandomPosterization, RandomSharpness, Solarization)
from ..random_brightness import RandomBrightness
from ..random_contrast import RandomContrast
from ..random_rotation import RandomRotation
from ..random_translation import RandomTranslation
from .random_shear import RandomShear

GEOMETRIC_AND_TONE = ("random_shear", "random_translation", "random_rotation",
                      "random_posterization", "solarization", "auto_contrast", "equalization")
COLOUR = ("random_brightness", "random_color_degeneration", "random_contrast",
          "random_sharpness")


def augmentation_layers(names, factor, value_range, interpolation, seed, data_format,
                        bounding_box_format=None):
    """{name: layer} for the augmentations ``names`` (from the two lists above); the
    geometric ones move bounding boxes written in ``bounding_box_format``."""
    common = dict(seed=seed, data_format=data_format)
    tone = dict(common, value_range=value_range)
    moving = dict(common, interpolation=interpolation, bounding_box_format=bounding_box_format)
    makers = {
        "random_shear": lambda: RandomShear(x_factor=factor, y_factor=factor, **moving),
        "random_translation": lambda: RandomTranslation(
            height_factor=factor, width_factor=factor, **moving),
        "random_rotation": lambda: RandomRotation(factor=factor, **moving),
        "random_posterization": lambda: RandomPosterization(
            factor=max(1, int(8 * factor[1])), **tone),
        "solarization": lambda: Solarization(addition_factor=factor, threshold_factor=factor,
                                             **tone),
        "auto_contrast": lambda: AutoContrast(value_range=value_range,
                                              data_format=data_format),
        "equalization": lambda: Equalization(value_range=value_range, data_format=data_format),
        "random_brightness": lambda: RandomBrightness(factor=factor, **tone),
        "random_color_degeneration": lambda: RandomColorDegeneration(factor=factor, **tone),
        "random_contrast": lambda: RandomContrast(factor=factor, **tone),
        "random_sharpness": lambda: RandomSharpness(factor=factor, **tone),
    }
    return {name: makers[name]() for name in names}
