"""Preprocessing layers: the arithmetic on raw data that a model can carry with it
(Rescaling, Normalization), so that a saved model takes the data as it comes."""

from .normalization import Normalization
from .rescaling import Rescaling
