"""InputSpec: what a layer accepts (rank, sizes of some axes), checked on every call.

Dense, once built for 4 input features, sets ``InputSpec(min_ndim=2, axes={-1: 4})``; calling it
on a (2, 5) input then fails with a message that names the layer, the expectation and the input.
"""


class InputSpec:
    """Constraints on one input: ``ndim``, ``min_ndim``, ``max_ndim``, ``shape`` (None entries
    are free) and ``axes`` ({axis: size})."""

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None,
                 axes=None, name=None):
        self.dtype = dtype
        self.shape = None if shape is None else tuple(shape)
        self.ndim = len(self.shape) if shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.axes = dict(axes or {})
        self.name = name

    def __repr__(self):
        fields = {k: v for k, v in vars(self).items() if v not in (None, {})}
        return "InputSpec(" + ", ".join(f"{k}={v}" for k, v in fields.items()) + ")"

    def get_config(self):
        return {"dtype": self.dtype, "shape": self.shape, "ndim": self.ndim,
                "max_ndim": self.max_ndim, "min_ndim": self.min_ndim, "axes": self.axes}


def check_input_compatibility(layer, specs, shapes):
    """Raise a ValueError when an input shape breaks the layer's InputSpec."""
    if specs is None:
        return
    specs = specs if isinstance(specs, (list, tuple)) else [specs]
    if len(specs) == 1 and len(shapes) > 1:
        specs = specs * len(shapes)
    if len(specs) != len(shapes):
        raise ValueError(
            f"Layer '{layer.name}' expects {len(specs)} input(s), but it received "
            f"{len(shapes)} input tensors. Inputs received: {shapes}")
    for index, (spec, shape) in enumerate(zip(specs, shapes)):
        if spec is None:
            continue
        problem = _problem(spec, shape)
        if problem:
            raise ValueError(
                f"Input {index} of layer '{layer.name}' is incompatible with the layer: "
                f"{problem}, but received input with shape {tuple(shape)}. "
                f"{_hint(layer, spec, shape)}")


def _problem(spec, shape):
    rank = len(shape)
    if spec.ndim is not None and rank != spec.ndim:
        return f"expected ndim={spec.ndim}, found ndim={rank}. Full shape received: {tuple(shape)}"
    if spec.min_ndim is not None and rank < spec.min_ndim:
        return f"expected min_ndim={spec.min_ndim}, found ndim={rank}"
    if spec.max_ndim is not None and rank > spec.max_ndim:
        return f"expected max_ndim={spec.max_ndim}, found ndim={rank}"
    for axis, size in spec.axes.items():
        if size is None or not -rank <= axis < rank:
            continue
        if shape[axis] is not None and shape[axis] != size:
            return f"expected axis {axis} of input shape to have value {size}"
    if spec.shape is not None:
        for expected, actual in zip(spec.shape, shape):
            if expected is not None and actual is not None and expected != actual:
                return f"expected shape={spec.shape}"
    return None


def _hint(layer, spec, shape):
    if spec.ndim is not None and len(shape) == spec.ndim - 1:
        return ("The input has one axis too few: if it comes from a recurrent layer (LSTM, GRU, "
                "SimpleRNN), give that layer return_sequences=True so that it outputs one "
                "vector per timestep.")
    if spec.axes and getattr(layer, "built", False):
        return ("The layer was built for inputs like the first ones it saw; reshape this input "
                "to match, or use a new layer instance for inputs of another size.")
    return "Check the shape of the input you pass to this layer."
