"""Image augmentations that move, cut and mix pixels: shear, perspective, elastic distortion,
erasing, MixUp and CutMix; contrast-limited adaptive histogram equalization; the bounding-box
padding of object detection; and Pipeline, which chains image layers."""

from .cut_mix import CutMix
from .mix_up import MixUp
from .random_erasing import RandomErasing
from .random_perspective import RandomPerspective
from .random_shear import RandomShear
