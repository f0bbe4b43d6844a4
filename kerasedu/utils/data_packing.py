"""A batch as ``fit`` hands it to ``train_step``: ``x``, ``(x, y)`` or ``(x, y, sample_weight)``.

    data = pack_x_y_sample_weight(x, y)        # (x, y)
    x, y, sample_weight = unpack_x_y_sample_weight(data)   # sample_weight is None

A custom ``train_step(self, data)`` unpacks what it receives with the second; a list is read
as a tuple (a generator or a torch DataLoader yields ``[x, y]`` lists).
"""


def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    """``x`` alone (``(x,)`` when x is itself a list or tuple), ``(x, y)``, or
    ``(x, y, sample_weight)``."""
    if y is None:
        return (x,) if isinstance(x, (list, tuple)) else x
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)


def unpack_x_y_sample_weight(data):
    """``(x, y, sample_weight)`` from ``x``, ``(x,)``, ``(x, y)`` or ``(x, y, sample_weight)``,
    with None for what is missing."""
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data
    raise ValueError(
        f"Data is expected to be in format `x`, `(x,)`, `(x, y)`, or `(x, y, sample_weight)`; "
        f"received a {type(data).__name__} of {len(data)} elements.")
