"""What Keras's layer tests ask of ``keras.src.backend``, answered with kerasedu's public API.

Keras's tests branch on ``backend.backend()`` ("jax", "tensorflow", "torch", "numpy"); here it
is "kerasedu", so no backend-specific branch runs, and training checks (skipped only for
"numpy") do. kerasedu has no sparse, ragged or complex tensors. Names not defined here are
:class:`~.keras_imports.Missing` (``backend.common.remat``, ``AutocastScope``): the tests that
use them are on the skip list.
"""

import contextlib

import numpy as np

import kerasedu
from kerasedu import ops
from kerasedu.backend import config
from kerasedu.layer_machinery import KerasTensor, is_keras_tensor  # noqa: F401  (re-exported)

from . import keras_imports

SUPPORTS_SPARSE_TENSORS = False
SUPPORTS_RAGGED_TENSORS = False
SUPPORTS_COMPLEX_DTYPES = False

Variable = kerasedu.Variable
random = kerasedu.random
floatx = config.floatx
set_floatx = config.set_floatx
epsilon = config.epsilon
image_data_format = config.image_data_format
set_image_data_format = config.set_image_data_format
standardize_data_format = config.standardize_data_format
clear_session = kerasedu.utils.clear_session
convert_to_tensor = ops.convert_to_tensor
is_tensor = ops.is_tensor
shape = ops.shape
cast = ops.cast
image = ops.image       # rgb_to_hsv, rgb_to_grayscale, ... (the colour layers' tests call them)


def backend():
    return "kerasedu"


def convert_to_numpy(x):
    return np.asarray(x)


def standardize_dtype(dtype):
    """A dtype's name: 'float32' for np.float32, float32 arrays' dtype, 'float32'; Python's
    int and float as Keras names them (int64, float32)."""
    if dtype is None:
        return config.floatx()
    if dtype is int:
        return "int64"
    if dtype is float:
        return "float32"
    if dtype is bool:
        return "bool"
    return np.dtype(getattr(dtype, "name", dtype)).name


def is_float_dtype(dtype):
    return np.dtype(standardize_dtype(dtype)).kind == "f"


def is_int_dtype(dtype):
    return np.dtype(standardize_dtype(dtype)).kind in "iu"


def standardize_shape(shape):
    return tuple(None if d is None else int(d) for d in shape)


def get_keras_mask(x):
    return getattr(x, "_keras_mask", None)


def set_keras_mask(x, mask):
    x._keras_mask = mask


@contextlib.contextmanager
def device(name):
    yield


# Flash attention is a GPU kernel that Keras's backends may use for attention; kerasedu has
# none, so it is never on (the tests that turn it on are skipped).
_flash_attention = [None]


def enable_flash_attention():
    _flash_attention[0] = True


def disable_flash_attention():
    _flash_attention[0] = False


def is_flash_attention_enabled():
    return _flash_attention[0]


def convert_tf_tensor(outputs, dtype=None):
    """``keras.utils.backend_utils.convert_tf_tensor`` outside a tf.data graph: a tensor."""
    return ops.convert_to_tensor(outputs, dtype=dtype)


def in_tf_graph():
    return False


def compute_output_spec(fn, *args, **kwargs):
    """What ``fn`` returns for KerasTensor arguments: a layer called on KerasTensors is a
    symbolic call in kerasedu, which gives the output KerasTensors."""
    return fn(*args, **kwargs)


class _Namespace:
    """``backend.numpy`` and ``backend.config``: kerasedu.ops and kerasedu's config."""

    def __init__(self, *sources):
        self._sources = sources

    def __getattr__(self, name):
        for source in self._sources:
            if hasattr(source, name):
                return getattr(source, name)
        return keras_imports.Missing(f"keras.src.backend.{name}")


numpy = _Namespace(ops, type("_Array", (), {"array": staticmethod(
    lambda x, dtype=None: ops.convert_to_tensor(np.array(x, dtype=dtype)))}))
config = _Namespace(config)
# ``from keras.src.backend.common import global_state`` and ``keras_tensor``.
global_state = _Namespace(type("_State", (), {"clear_session": staticmethod(clear_session)}))
keras_tensor = _Namespace(type("_KerasTensor", (), {"KerasTensor": KerasTensor}))
common = _Namespace(type("_Common", (), {"global_state": global_state,
                                         "keras_tensor": keras_tensor}))


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    return keras_imports.Missing(f"keras.src.backend.{name}")
