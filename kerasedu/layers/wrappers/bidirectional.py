"""Bidirectional: run a recurrent layer forwards and a copy of it backwards, and merge the two.

    y_fwd = forward_layer(x)                 reads t = 0, 1, ..., T−1
    y_bwd = backward_layer(x)                reads t = T−1, ..., 0 (go_backwards=True)
    output = merge(y_fwd, flip(y_bwd))       with return_sequences, y_bwd is flipped back so
                                             that both halves of output[:, t] describe step t

merge_mode: "concat" (default: units·2 features), "sum", "mul", "ave", or None (a list of the
two outputs). The forward layer is a fresh copy of ``layer`` (named forward_<name>) and the
backward layer a copy with go_backwards flipped (backward_<name>), unless ``backward_layer`` is
given. Weights: the forward layer's, then the backward layer's. With return_state the states
follow the output: [output, *forward states, *backward states].
"""

from ...backend import ops
from ...layer_machinery import nest
from ...layer_machinery.layer import Layer
from ...serialization import serialize_keras_object
from ..recurrent.base_rnn import RNN, _sequence_shape
from ..serialization import deserialize

MERGE_MODES = ("sum", "mul", "ave", "concat", None)


def _copy(layer, **changes):
    """A new layer with ``layer``'s configuration, changed by ``changes``."""
    config = layer.get_config()
    config.update(changes)
    if isinstance(layer, RNN) and type(layer).cell_class is None:
        cell = layer.cell
        cell_copy = type(cell).from_config(cell.get_config()) if hasattr(cell, "get_config") \
            else cell
        config["cell"] = cell_copy
    return type(layer).from_config(config)


def _without_prefix(name, prefix):
    return name[len(prefix):] if name.startswith(prefix) else name


class Bidirectional(Layer):
    """Bidirectional wrapper for RNNs (any layer with go_backwards, return_sequences,
    return_state and stateful attributes)."""

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                f"Please initialize `Bidirectional` layer with a `kerasedu.layers.Layer` "
                f"instance. Received: {layer!r}")
        if backward_layer is not None and not isinstance(backward_layer, Layer):
            raise ValueError(f"`backward_layer` need to be a `kerasedu.layers.Layer` "
                             f"instance. Received: {backward_layer!r}")
        if merge_mode not in MERGE_MODES:
            raise ValueError(
                f"Invalid merge mode. Received: {merge_mode!r}. Merge mode should be one of "
                f'{{"sum", "mul", "ave", "concat", None}}')
        for attribute in ("go_backwards", "return_sequences", "return_state", "stateful"):
            if not hasattr(layer, attribute):
                raise ValueError(
                    f"Bidirectional needs a recurrent layer (with `{attribute}`); received "
                    f"{type(layer).__name__} '{layer.name}'. Wrap an RNN, LSTM, GRU or "
                    f"SimpleRNN.")
        super().__init__(**kwargs)
        self.forward_layer = _copy(
            layer, name="forward_" + _without_prefix(layer.name, "forward_"))
        if backward_layer is None:
            backward_layer = _copy(
                layer, name="backward_" + _without_prefix(layer.name, "backward_"),
                go_backwards=not layer.go_backwards)
        self.backward_layer = backward_layer
        self._verify()
        for sub in (self.forward_layer, self.backward_layer):
            if hasattr(sub, "zero_output_for_mask"):
                sub.zero_output_for_mask = sub.return_sequences
        self.merge_mode = merge_mode
        self.stateful = layer.stateful
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.supports_masking = True
        if weights is not None:
            half = len(weights) // 2
            self.forward_layer._initial_weights = list(weights[:half])
            self.backward_layer._initial_weights = list(weights[half:])

    def _verify(self):
        forward, backward = self.forward_layer, self.backward_layer
        if forward.go_backwards == backward.go_backwards:
            raise ValueError(
                f"Forward layer and backward layer should have different `go_backwards` value. "
                f"Received: forward_layer.go_backwards {forward.go_backwards}, "
                f"backward_layer.go_backwards={backward.go_backwards}")
        for attribute in ("stateful", "return_sequences", "return_state"):
            if getattr(forward, attribute) != getattr(backward, attribute):
                raise ValueError(
                    f"Forward layer and backward layer are expected to have the same value for "
                    f"attribute \"{attribute}\", got \"{getattr(forward, attribute)}\" for "
                    f"forward layer and \"{getattr(backward, attribute)}\" for backward layer")

    def __call__(self, *args, **kwargs):
        """``layer(x)``, or with initial states: the forward layer's, then the backward's."""
        inputs = args[0] if args else kwargs.pop("inputs")
        initial_state = kwargs.pop("initial_state", None)
        if len(args) > 1:
            initial_state = args[1]
        if isinstance(inputs, (list, tuple)) and len(inputs) > 1 and initial_state is None:
            inputs, initial_state = inputs[0], list(inputs[1:])
        if initial_state is not None:
            states = nest.flatten(initial_state)
            if len(states) % 2:
                raise ValueError(
                    f"Layer '{self.name}': initial_state must hold the forward layer's states "
                    f"and then the backward layer's, an even number; received {len(states)}.")
            inputs = [inputs, *states]
        return super().__call__(inputs, **kwargs)

    def build(self, input_shape):
        for layer in (self.forward_layer, self.backward_layer):
            if not layer.built:
                layer._maybe_build(input_shape)

    def compute_output_shape(self, input_shape):
        output_shape = self.forward_layer.compute_output_shape(_sequence_shape(input_shape))
        state_shapes = []
        if self.return_state:
            output_shape, state_shapes = output_shape[0], list(output_shape[1:])
        output_shape = tuple(output_shape)
        if self.merge_mode == "concat":
            output_shape = output_shape[:-1] + (output_shape[-1] * 2,)
        if self.merge_mode is None:
            outputs = [output_shape, output_shape]
        else:
            outputs = [output_shape]
        if self.return_state:
            return outputs + state_shapes + state_shapes
        return outputs if self.merge_mode is None else output_shape

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        if self.return_sequences:
            output_mask = [mask, mask] if self.merge_mode is None else [mask]
        else:
            output_mask = [None, None] if self.merge_mode is None else [None]
        if self.return_state:
            count = len(nest.flatten(self.forward_layer.state_size))
            return output_mask + [None] * (2 * count)
        return output_mask if self.merge_mode is None else output_mask[0]

    def call(self, inputs, mask=None, training=None):
        if isinstance(inputs, (list, tuple)):
            sequences, states = inputs[0], list(inputs[1:])
        else:
            sequences, states = inputs, None
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        kwargs = {}
        if training is not None:
            kwargs["training"] = training
        if mask is not None:
            kwargs["mask"] = mask
        forward_states = backward_states = None
        if states:
            half = len(states) // 2
            forward_states, backward_states = states[:half], states[half:]
        y = self.forward_layer(sequences, **kwargs, **(
            {} if forward_states is None else {"initial_state": forward_states}))
        y_rev = self.backward_layer(sequences, **kwargs, **(
            {} if backward_states is None else {"initial_state": backward_states}))
        if self.return_state:
            states_out = list(y[1:]) + list(y_rev[1:])
            y, y_rev = y[0], y_rev[0]
        if self.return_sequences:
            y_rev = ops.flip(y_rev, axis=1)
        if self.merge_mode == "concat":
            output = ops.concatenate([y, y_rev], axis=-1)
        elif self.merge_mode == "sum":
            output = y + y_rev
        elif self.merge_mode == "ave":
            output = (y + y_rev) / 2
        elif self.merge_mode == "mul":
            output = y * y_rev
        else:
            output = [y, y_rev]
        if self.return_state:
            return (output if self.merge_mode is None else [output]) + states_out
        return output

    def reset_states(self, states=None):
        """Reset both directions' states (stateful layers)."""
        self.forward_layer.reset_states(None if states is None else states[:len(states) // 2])
        self.backward_layer.reset_states(None if states is None else states[len(states) // 2:])

    reset_state = reset_states

    @property
    def states(self):
        if self.forward_layer.states is None:
            return None
        return list(self.forward_layer.states) + list(self.backward_layer.states)

    def get_config(self):
        return {**super().get_config(), "merge_mode": self.merge_mode,
                "layer": serialize_keras_object(self.forward_layer),
                "backward_layer": serialize_keras_object(self.backward_layer)}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        if isinstance(config.get("dtype"), dict):
            config["dtype"] = config["dtype"].get("config", {}).get("name")
        config["layer"] = deserialize(config["layer"], custom_objects=custom_objects)
        if config.get("backward_layer") is not None:
            config["backward_layer"] = deserialize(config["backward_layer"],
                                                   custom_objects=custom_objects)
        return cls(**config)
