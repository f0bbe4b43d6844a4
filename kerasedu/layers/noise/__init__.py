"""Noise layers (Keras 2's ``keras.layers.noise``), active in training only: GaussianNoise,
GaussianDropout, AlphaDropout."""

from .alpha_dropout import AlphaDropout
from .gaussian_dropout import GaussianDropout
from .gaussian_noise import GaussianNoise

__all__ = ["AlphaDropout", "GaussianDropout", "GaussianNoise"]
