"""Merge layers (Keras 2's ``keras.layers.merge``): combine a list of tensors into one.

Layers: Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot, with the base
class _Merge; functions: add, subtract, multiply, average, maximum, minimum, concatenate, dot.
"""

from .base_merge import Merge, _Merge
from .concatenate import Concatenate
from .dot import Dot
from .elementwise import Add, Average, Maximum, Minimum, Multiply, Subtract
# The functions come last: ``merge.concatenate`` and ``merge.dot`` are the functions, as in
# Keras, not the modules of the same names.
from .functional import add, average, concatenate, dot, maximum, minimum, multiply, subtract

__all__ = ["Add", "Average", "Concatenate", "Dot", "Maximum", "Merge", "Minimum", "Multiply",
           "Subtract", "_Merge", "add", "average", "concatenate", "dot", "maximum", "minimum",
           "multiply", "subtract"]
