"""Names, as Keras gives them: a class name in snake_case plus a per-session counter.

    to_snake_case("Conv2D")          -> "conv2d"
    to_snake_case("MaxPooling2D")    -> "max_pooling2d"
    to_snake_case("SimpleRNN")       -> "simple_rnn"
    default_name(Dense(3))           -> "dense", then "dense_1", "dense_2", ...

Layers, losses, metrics and optimizers all name themselves this way; ``clear_session()``
restarts the counters.
"""

import re

from .backend.config import unique_object_name


def to_snake_case(name):
    """'Conv2D' -> 'conv2d', 'MaxPooling2D' -> 'max_pooling2d', 'SimpleRNN' -> 'simple_rnn'."""
    name = re.sub(r"\W+", "", name)
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def default_name(obj):
    """The next free default name for an object of this class."""
    return unique_object_name(to_snake_case(type(obj).__name__))


def object_name(obj):
    """The name Keras shows for a loss or metric: its ``name``, else its snake_case name."""
    if hasattr(obj, "name") and isinstance(obj.name, str):
        return obj.name
    if hasattr(obj, "__name__"):
        return to_snake_case(obj.__name__)
    return to_snake_case(type(obj).__name__)
