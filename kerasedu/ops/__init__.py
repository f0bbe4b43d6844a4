"""Keras 3's ``keras.ops``: the differentiable ops, re-exported from :mod:`kerasedu.backend.ops`."""

from kerasedu.backend.ops import *  # noqa: F401,F403
from kerasedu.backend.ops import random  # noqa: F401
