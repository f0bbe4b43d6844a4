"""Keras 3's ``keras.ops``: the differentiable ops, re-exported from :mod:`kerasedu.backend.ops`,
with Keras's namespaces ``ops.numpy``, ``ops.nn``, ``ops.linalg`` and ``ops.image``."""

from kerasedu.backend.ops import *  # noqa: F401,F403
from kerasedu.backend.ops import image, random  # noqa: F401
from . import linalg, nn, numpy  # noqa: F401
