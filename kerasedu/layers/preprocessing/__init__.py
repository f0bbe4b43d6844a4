"""Preprocessing layers: the arithmetic on raw data that a model can carry with it
(Rescaling, Normalization), so that a saved model takes the data as it comes; image resizing
(Resizing, CenterCrop); image augmentation, active in training only, with the colour
augmentations and corrections in image_color/ (RandomHue, Equalization, ...), the
geometric and mixing ones in image_geometry/ (RandomShear, MixUp, RandAugment, ...), all of
which also move the bounding boxes and segmentation masks of object detection (bounding_boxes/);
Pipeline, a chain of such layers as one layer; categorical features (CategoryEncoding,
Discretization, Hashing, HashedCrossing) and vocabularies (StringLookup, IntegerLookup,
TextVectorization); and audio spectrograms (STFTSpectrogram, MelSpectrogram)."""

from .normalization import Normalization
from .rescaling import Rescaling
from .resizing import CenterCrop, Resizing
from .random_flip import RandomFlip
from .random_rotation import RandomRotation
from .random_translation import RandomTranslation
from .random_zoom import RandomZoom
from .random_brightness import RandomBrightness
from .random_contrast import RandomContrast
from .random_crop import RandomCrop
from .image_geometry import (AugMix, ContrastLimitedAdaptiveHistogramEqualization, CutMix,
                             MaxNumBoundingBoxes, MixUp, RandAugment, RandomElasticTransform,
                             RandomErasing, RandomPerspective, RandomShear)
from .pipeline import Pipeline
from .image_color import (AutoContrast, Equalization, RandomColorDegeneration,
                          RandomColorJitter, RandomGaussianBlur, RandomGrayscale, RandomHue,
                          RandomInvert, RandomPosterization, RandomSaturation, RandomSharpness,
                          Solarization)
from .tabular import CategoryEncoding, Discretization, HashedCrossing, Hashing
from .text import IntegerLookup, StringLookup, TextVectorization
from .audio import MelSpectrogram, STFTSpectrogram
