"""Global numeric settings: float type, fuzz factor, image data format, and layer-name counters.

As in Keras, the starting values come from, in order of precedence:

1. environment variables ``KERASEDU_FLOATX``, ``KERASEDU_EPSILON``, ``KERASEDU_IMAGE_DATA_FORMAT``;
2. the JSON file ``$KERASEDU_HOME/kerasedu.json`` (``KERASEDU_HOME`` defaults to ``~/.kerasedu``),
   for example ``{"floatx": "float64", "epsilon": 1e-7, "image_data_format": "channels_last"}``;
3. the defaults ``float32``, ``1e-7`` and ``channels_last``.

The setters (``set_floatx`` ...) change the values for the running session only.
"""

import collections
import json
import os

_FLOAT_TYPES = ("float16", "float32", "float64")
_DATA_FORMATS = ("channels_last", "channels_first")


def kerasedu_home():
    """The directory for kerasedu's config file and caches (``$KERASEDU_HOME`` or ~/.kerasedu)."""
    return os.path.expanduser(os.environ.get("KERASEDU_HOME", os.path.join("~", ".kerasedu")))


def _read_config_file():
    path = os.path.join(kerasedu_home(), "kerasedu.json")
    try:
        with open(path, encoding="utf-8") as f:
            values = json.load(f)
    except (OSError, ValueError):
        return {}
    return values if isinstance(values, dict) else {}


def _check_floatx(value):
    value = str(value)
    if value not in _FLOAT_TYPES:
        raise ValueError(f"Unknown floatx type: {value!r}. Expected one of {_FLOAT_TYPES}.")
    return value


def _check_data_format(value):
    value = str(value).lower()
    if value not in _DATA_FORMATS:
        raise ValueError(
            f"The `data_format` argument must be one of {_DATA_FORMATS}. Received: {value!r}")
    return value


def _initial_settings():
    file_values = _read_config_file()

    def pick(key, default):
        return os.environ.get(f"KERASEDU_{key.upper()}", file_values.get(key, default))

    return {
        "floatx": _check_floatx(pick("floatx", "float32")),
        "epsilon": float(pick("epsilon", 1e-7)),
        "image_data_format": _check_data_format(pick("image_data_format", "channels_last")),
    }


_settings = _initial_settings()


def floatx():
    """The default float type as a string, 'float32' unless changed."""
    return _settings["floatx"]


def set_floatx(value):
    """Set the default float type: 'float16', 'float32' or 'float64'."""
    _settings["floatx"] = _check_floatx(value)


def epsilon():
    """The fuzz factor added to denominators, 1e-7 unless changed."""
    return _settings["epsilon"]


def set_epsilon(value):
    """Set the fuzz factor."""
    _settings["epsilon"] = float(value)


def image_data_format():
    """'channels_last' (N, H, W, C) or 'channels_first' (N, C, H, W)."""
    return _settings["image_data_format"]


def set_image_data_format(value):
    """Set the default image data format."""
    _settings["image_data_format"] = _check_data_format(value)


def standardize_data_format(data_format):
    """``data_format`` itself when given, else the global default; validated either way."""
    return image_data_format() if data_format is None else _check_data_format(data_format)


# Layer names: dense, dense_1, dense_2, ... one counter per prefix.
_name_counts = collections.defaultdict(int)


def get_uid(prefix=""):
    """The next number for ``prefix``: 1 the first time, then 2, 3, ... (Keras 2's K.get_uid)."""
    _name_counts[prefix] += 1
    return _name_counts[prefix]


def unique_object_name(prefix):
    """``prefix`` the first time, then ``prefix_1``, ``prefix_2``, ..."""
    count = get_uid(prefix)
    return prefix if count == 1 else f"{prefix}_{count - 1}"


def reset_uids():
    """Forget all name counters, so the next Dense is called 'dense' again."""
    _name_counts.clear()


def clear_session():
    """Reset the layer-name counters (Keras's ``clear_session``)."""
    reset_uids()
