"""What a layer was created with.

* :func:`capture_constructor_arguments`: the arguments of ``__init__``, kept when they are plain
  JSON data, so that a layer of one's own gets a ``get_config`` without writing one;
* :func:`batch_shape_from`: Keras 2's ``input_shape=`` / ``input_dim=`` / ``batch_input_shape=``
  options as one input shape, batch axis first;
* :func:`drop_unused_keras_options`: Keras 3's quantization and LoRA options, which a file saved
  by Keras writes even when they are off.
"""

import inspect
import json

# Options Keras 3 writes in layer configs for features kerasedu does not have; read when off.
KERAS_ONLY_OPTIONS = ("quantization_config", "lora_rank", "lora_alpha")


def capture_constructor_arguments(cls, args, kwargs):
    """The arguments a layer was created with, if they are plain JSON data (for get_config)."""
    try:
        bound = inspect.signature(cls.__init__).bind(None, *args, **kwargs)
    except TypeError:
        return None
    captured = {}
    for name, value in list(bound.arguments.items())[1:]:
        parameter = inspect.signature(cls.__init__).parameters[name]
        if parameter.kind == parameter.VAR_KEYWORD:
            captured.update(value)
        elif parameter.kind != parameter.VAR_POSITIONAL:
            captured[name] = value
    try:
        json.dumps(captured)
    except (TypeError, ValueError):
        return None
    return captured


def drop_unused_keras_options(class_name, kwargs):
    """Remove Keras 3's quantization and LoRA options from ``kwargs`` when they are off (as a
    file saved by Keras writes them); refuse them when on, since kerasedu has neither."""
    for key in KERAS_ONLY_OPTIONS:
        if key in kwargs and kwargs[key] in (None, 0, False):
            del kwargs[key]
        elif key in kwargs:
            raise ValueError(
                f"{class_name}: kerasedu has no quantization or LoRA, so it cannot use "
                f"{key}={kwargs[key]!r}. Save the model from Keras without them.")


def batch_shape_from(arguments):
    """The full input shape, batch axis first, that Keras 2's shape options give:
    ``batch_input_shape``, or ``input_shape`` / ``input_dim`` after ``batch_size`` (or None)."""
    if "batch_input_shape" in arguments:
        return tuple(arguments["batch_input_shape"])
    if "input_shape" in arguments:
        return (arguments.get("batch_size"),) + tuple(arguments["input_shape"])
    if "input_dim" in arguments:
        return (arguments.get("batch_size"), arguments["input_dim"])
    return None
