"""StackedRNNCells: several cells run as one, each feeding its output to the next.

``RNN(StackedRNNCells([LSTMCell(32), LSTMCell(16)]))`` (or simply ``RNN([cell, cell])``) computes,
at every timestep, cell 1 on x_t and then cell 2 on cell 1's output: a stack of recurrent
layers that advance together one step at a time. The states are one list per cell.
"""

from ...layer_machinery.layer import Layer
from ...serialization import serialize_keras_object
from ..serialization import deserialize


def _output_size(cell):
    size = getattr(cell, "output_size", None)
    if size is not None:
        return size
    state_size = cell.state_size
    return state_size[0] if isinstance(state_size, (list, tuple)) else state_size


def _accepts_training(cell):
    import inspect
    try:
        parameters = inspect.signature(cell.call).parameters
    except (TypeError, ValueError):
        return False
    return "training" in parameters


class StackedRNNCells(Layer):
    """A list of cells used as a single cell: ``state_size`` lists each cell's state sizes."""

    def __init__(self, cells, **kwargs):
        super().__init__(**kwargs)
        cells = list(cells)
        for cell in cells:
            if not callable(getattr(cell, "call", None)):
                raise ValueError(f"All cells must have a `call` method. Received cell without "
                                 f"a `call` method: {cell!r}")
            if getattr(cell, "state_size", None) is None:
                raise ValueError(f"All cells must have a `state_size` attribute. Received cell "
                                 f"without a `state_size`: {cell!r}")
        self.cells = cells

    @property
    def state_size(self):
        return [cell.state_size for cell in self.cells]

    @property
    def output_size(self):
        return _output_size(self.cells[-1])

    def get_initial_state(self, batch_size=None):
        from ...backend import ops
        states = []
        for cell in self.cells:
            make = getattr(cell, "get_initial_state", None)
            if make is not None:
                states.append(make(batch_size=batch_size))
            elif isinstance(cell.state_size, (list, tuple)):
                states.append([ops.zeros((batch_size, s), dtype=self.dtype)
                               for s in cell.state_size])
            else:
                states.append(ops.zeros((batch_size, cell.state_size), dtype=self.dtype))
        return states

    def build(self, input_shape):
        for cell in self.cells:
            if isinstance(cell, Layer) and not cell.built:
                cell._maybe_build(tuple(input_shape))
            input_shape = (input_shape[0], _output_size(cell))

    def call(self, inputs, states, training=False):
        new_states = []
        for cell, cell_states in zip(self.cells, states):
            as_list = isinstance(cell_states, (list, tuple))
            cell_states = list(cell_states) if as_list else [cell_states]
            if isinstance(cell, Layer):
                inputs, cell_states = cell(inputs, cell_states, training=training)
            elif _accepts_training(cell):
                inputs, cell_states = cell.call(inputs, cell_states, training=training)
            else:
                inputs, cell_states = cell.call(inputs, cell_states)
            if not isinstance(cell_states, (list, tuple)):
                cell_states = [cell_states]
            if len(cell_states) == 1 and not as_list:
                cell_states = cell_states[0]
            new_states.append(cell_states)
        return inputs, new_states

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.output_size)

    def get_config(self):
        return {**super().get_config(),
                "cells": [serialize_keras_object(c) for c in self.cells]}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        if isinstance(config.get("dtype"), dict):
            config["dtype"] = config["dtype"].get("config", {}).get("name")
        cells = [deserialize(c, custom_objects=custom_objects) if isinstance(c, dict) else c
                 for c in config.pop("cells")]
        return cls(cells, **config)
