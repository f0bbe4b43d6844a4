"""Image augmentations that move, cut and mix pixels: shear, perspective, elastic distortion,
erasing, MixUp and CutMix; contrast-limited adaptive histogram equalization; the bounding-box
padding of object detection; and Pipeline, which chains image layers."""

from .clahe import ContrastLimitedAdaptiveHistogramEqualization
from .cut_mix import CutMix
from .max_num_bounding_boxes import MaxNumBoundingBoxes
from .mix_up import MixUp
from .random_erasing import RandomErasing
from .random_elastic_transform import RandomElasticTransform
from .random_perspective import RandomPerspective
from .random_shear import RandomShear
