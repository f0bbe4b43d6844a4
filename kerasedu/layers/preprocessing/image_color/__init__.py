"""Colour augmentations and colour corrections of images: grey, hue, saturation, inversion,
solarization, posterization, contrast stretching, histogram equalization, sharpness, colour
fading, jitter and Gaussian blur. Each acts on one image (H, W, C) or a batch (N, H, W, C)."""

from .auto_contrast import AutoContrast
from .equalization import Equalization
from .random_color_degeneration import RandomColorDegeneration
from .random_color_jitter import RandomColorJitter
from .random_gaussian_blur import RandomGaussianBlur
from .random_grayscale import RandomGrayscale
from .random_hue import RandomHue
from .random_invert import RandomInvert
from .random_posterization import RandomPosterization
from .random_saturation import RandomSaturation
from .random_sharpness import RandomSharpness
from .solarization import Solarization
