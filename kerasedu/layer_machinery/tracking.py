"""Lists and dicts that a layer keeps its sublayers in, tracked as they change.

    def __init__(self):
        super().__init__()
        self.blocks = []                      # a TrackedList
        for _ in range(3):
            self.blocks.append(Dense(8))      # each Dense becomes a sublayer here
        self.heads = {"a": Dense(1)}          # a TrackedDict: its values are tracked too

A layer's ``weights`` are its own and its sublayers'. A sublayer assigned to an attribute is
seen at once; one appended to a list afterwards would be missed, and its weights would never
train. So a list or dict assigned to a layer attribute (empty, or holding layers, variables or
seed generators) is replaced by a :class:`TrackedList` or :class:`TrackedDict`, which tell the
layer about everything put into them, as Keras 3's tracked containers do.
"""


class TrackedList(list):
    """A list that reports each item added to ``owner._track_value``."""

    def __init__(self, values, owner):
        super().__init__(values)
        self._owner = owner

    def _tracked(self, value):
        return self._owner._track_value(value)

    def append(self, value):
        super().append(self._tracked(value))

    def extend(self, values):
        super().extend(self._tracked(value) for value in values)

    def insert(self, index, value):
        super().insert(index, self._tracked(value))

    def __setitem__(self, index, value):
        if isinstance(index, slice):
            value = [self._tracked(v) for v in value]
        else:
            value = self._tracked(value)
        super().__setitem__(index, value)

    def __iadd__(self, values):
        self.extend(values)
        return self

    def __reduce_ex__(self, protocol):
        return list, (list(self),)


class TrackedDict(dict):
    """A dict that reports each value set to ``owner._track_value``."""

    def __init__(self, values, owner):
        super().__init__(values)
        self._owner = owner

    def __setitem__(self, key, value):
        super().__setitem__(key, self._owner._track_value(value))

    def update(self, *args, **kwargs):
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def __reduce_ex__(self, protocol):
        return dict, (dict(self),)


def holds(value, kinds):
    """Whether ``value`` is an instance of ``kinds``, or a list, tuple or dict holding one
    (at any depth)."""
    if isinstance(value, kinds):
        return True
    if isinstance(value, (list, tuple)):
        return any(holds(item, kinds) for item in value)
    if isinstance(value, dict):
        return any(holds(item, kinds) for item in value.values())
    return False
