"""Keras 2's ``keras.layers.experimental.preprocessing``: the same layers as
``kerasedu.layers.Rescaling``, ``Resizing``, ``RandomFlip`` and the rest (the ones kerasedu
has; ``layers.Normalization`` included)."""

from ..preprocessing import (CategoryEncoding, Discretization, Hashing,  # noqa: F401
                             HashedCrossing, IntegerLookup, StringLookup,
                             TextVectorization)
from ..preprocessing import (CenterCrop, Normalization, RandomBrightness,  # noqa: F401
                             RandomContrast, RandomCrop, RandomFlip, RandomRotation,
                             RandomTranslation, RandomZoom, Rescaling, Resizing)
