"""Keras 2's ``keras.utils.np_utils`` module, kept so older tutorials run unchanged::

    from kerasedu.utils import np_utils
    y = np_utils.to_categorical(labels, 10)
"""

from .numerical_utils import normalize, to_categorical

__all__ = ["normalize", "to_categorical"]
