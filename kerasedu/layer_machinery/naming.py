"""Default names: a class name in snake_case plus a per-session counter (dense, dense_1, ...)."""

import re

from ..backend.config import unique_object_name


def to_snake_case(name):
    """'Conv2D' -> 'conv2d', 'MaxPooling2D' -> 'max_pooling2d', 'SimpleRNN' -> 'simple_rnn'."""
    name = re.sub(r"\W+", "", name)
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def default_name(obj):
    """The next free default name for an object of this class."""
    return unique_object_name(to_snake_case(type(obj).__name__))
