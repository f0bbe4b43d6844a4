"""Making sequences of different lengths into one rectangular array: ``pad_sequences``.

    pad_sequences([[1, 2, 3], [4, 5], [6]])
    -> [[1, 2, 3],
        [0, 4, 5],
        [0, 0, 6]]

Every sequence is cut or filled to ``maxlen`` steps (the longest sequence's length by default).
``padding`` says where the filling ``value`` goes and ``truncating`` which end loses steps when
a sequence is too long: ``"pre"`` (the start, the default for both) or ``"post"`` (the end).
Padding at the start keeps the real data next to the last time step, which is what a recurrent
layer's final output sees.
"""

import numpy as np


def pad_sequences(sequences, maxlen=None, dtype="int32", padding="pre", truncating="pre",
                  value=0.0):
    """Pad (and cut) a list of sequences to a common length, as ``keras.utils.pad_sequences``.

    Args:
        sequences: a list (or any sized iterable) of sequences; each sequence is a list or
            array whose items are numbers (or equal-shaped arrays, which give extra axes).
        maxlen: the length of every output row. None: the length of the longest sequence.
        dtype: dtype of the result (``object`` for variable-length strings).
        padding: ``"pre"`` or ``"post"``: put ``value`` before or after each sequence.
        truncating: ``"pre"`` or ``"post"``: drop the first or the last steps of sequences
            longer than ``maxlen``.
        value: the padding value.

    Returns:
        A numpy array of shape ``(len(sequences), maxlen) + item_shape``.

    Raises:
        ValueError: ``sequences`` (or one of its items) is not iterable, ``padding`` or
            ``truncating`` is neither "pre" nor "post", items have different shapes, or a
            string ``value`` is used with a non-string ``dtype``.
    """
    if not hasattr(sequences, "__len__"):
        raise ValueError("`sequences` must be iterable.")

    lengths = []
    item_shape = None
    for sequence in sequences:
        try:
            length = len(sequence)
        except TypeError as error:
            raise ValueError(
                f"`sequences` must be a list of iterables. Found non-iterable: {sequence}"
            ) from error
        lengths.append(length)
        if item_shape is None and length:
            item_shape = np.asarray(sequence).shape[1:]
    item_shape = item_shape or ()

    if maxlen is None:
        maxlen = np.max(lengths)

    string_dtype = np.issubdtype(dtype, np.str_) or np.issubdtype(dtype, np.bytes_)
    if isinstance(value, str) and dtype is not object and not string_dtype:
        raise ValueError(
            f"`dtype` {dtype} is not compatible with `value`'s type: {type(value)}\n"
            f"You should set `dtype=object` for variable length strings.")

    padded = np.full((len(lengths), maxlen) + item_shape, value, dtype=dtype)
    for row, sequence in enumerate(sequences):
        if not len(sequence):
            continue
        if truncating == "pre":
            kept = sequence[-maxlen:]
        elif truncating == "post":
            kept = sequence[:maxlen]
        else:
            raise ValueError(f'Truncating type "{truncating}" not understood')
        kept = np.asarray(kept, dtype=dtype)
        if kept.shape[1:] != item_shape:
            raise ValueError(
                f"Shape of sample {kept.shape[1:]} of sequence at position {row} is "
                f"different from expected shape {item_shape}")
        if padding == "post":
            padded[row, :len(kept)] = kept
        elif padding == "pre":
            padded[row, -len(kept):] = kept
        else:
            raise ValueError(f'Padding type "{padding}" not understood')
    return padded
