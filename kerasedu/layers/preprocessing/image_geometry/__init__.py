"""Image augmentations that move, cut and mix pixels: shear, perspective, elastic distortion,
erasing, MixUp and CutMix; the policies RandAugment and AugMix, built on the image layers;
contrast-limited adaptive histogram equalization; and the bounding-box padding of object
detection (MaxNumBoundingBoxes)."""

from .aug_mix import AugMix
from .clahe import ContrastLimitedAdaptiveHistogramEqualization
from .cut_mix import CutMix
from .max_num_bounding_boxes import MaxNumBoundingBoxes
from .mix_up import MixUp
from .random_erasing import RandomErasing
from .rand_augment import RandAugment
from .random_elastic_transform import RandomElasticTransform
from .random_perspective import RandomPerspective
from .random_shear import RandomShear
