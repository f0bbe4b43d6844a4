"""RandomColorJitter: random brightness, contrast, saturation and hue, one after the other.

    output = hue(saturation(contrast(brightness(x))))

each step a layer of its own, with its own factor, present only when that factor is given:

    brightness_factor -> RandomBrightness      contrast_factor -> RandomContrast
    saturation_factor -> RandomSaturation      hue_factor      -> RandomHue

(see those layers for what each factor means). All take the same ``value_range`` (the pixel
range, (0, 255) by default) and draw from this layer's seed generator. With no factor given,
the layer changes nothing. At inference the images pass unchanged. Shapes unchanged (three
channels, RGB, when saturation or hue is jittered); outputs are floats.

``get_random_transformation`` gives a dict with one entry per step present ("brightness",
"contrast", "saturation", "hue"), each that layer's transformation (None at inference).
"""

from ..image_layer import as_float_images
from ..random_brightness import RandomBrightness
from ..random_contrast import RandomContrast
from .color_layer import ColorLayer
from .random_hue import RandomHue
from .random_saturation import RandomSaturation

STEPS = (("brightness", RandomBrightness), ("contrast", RandomContrast),
         ("saturation", RandomSaturation), ("hue", RandomHue))


class RandomColorJitter(ColorLayer):
    """Jitter the brightness, contrast, saturation and hue of each image."""

    CONFIG = ("brightness_factor", "contrast_factor", "saturation_factor", "hue_factor")

    def __init__(self, value_range=(0, 255), brightness_factor=None, contrast_factor=None,
                 saturation_factor=None, hue_factor=None, seed=None, data_format=None,
                 **kwargs):
        super().__init__(value_range=value_range, seed=seed, data_format=data_format, **kwargs)
        self.brightness_factor, self.contrast_factor = brightness_factor, contrast_factor
        self.saturation_factor, self.hue_factor = saturation_factor, hue_factor
        self.steps = {}
        for step, layer_class in STEPS:
            factor = getattr(self, f"{step}_factor")
            if factor is None:
                continue
            try:
                self.steps[step] = layer_class(
                    factor=factor, value_range=self.value_range, seed=seed,
                    data_format=self.data_format, dtype=self.dtype_policy,
                    name=f"{self.name}_{step}")
            except ValueError as error:
                message = str(error).split("): ", 1)[-1].replace("`factor`", f"`{step}_factor`")
                raise ValueError(f"{self._who()}{message.replace('factor=', f'{step}_factor=')}"
                                 ) from None

    def get_random_transformation(self, images, training=True, seed=None):
        if not training:
            return None
        seed = self.generator if seed is None else seed
        return {step: layer.get_random_transformation(images, training=True, seed=seed)
                for step, layer in self.steps.items()}

    def transform_images(self, images, transformation, training=True):
        images = as_float_images(self, images)
        if not training:
            return images
        for step, layer in self.steps.items():
            images = layer.transform_images(images, transformation[step], training=True)
        return images
