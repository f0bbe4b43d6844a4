"""Bidirectional and TimeDistributed: values against the layers they wrap, states, masks,
gradients, errors, configuration and symbolic shapes."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import kerasedu
from kerasedu import layers
from kerasedu.backend import ops
from kerasedu.backend.gradcheck import assert_gradients_match
from kerasedu.engine import Input, Model, Sequential
from kerasedu.layers import wrappers

RNG = np.random.default_rng(0)


def data(*shape, dtype="float32"):
    return RNG.normal(size=shape).astype(dtype)


def swapped(layer, call):
    owners = []
    for weight in layer.weights:
        owner = weight._layer
        owners.append((owner, next(k for k, v in vars(owner).items() if v is weight), weight))

    def run(*variables):
        for (owner, name, _), variable in zip(owners, variables):
            object.__setattr__(owner, name, variable)
        try:
            return call()
        finally:
            for owner, name, original in owners:
                object.__setattr__(owner, name, original)
    return run


def halves(bidirectional, x, **kwargs):
    """The forward and backward layers run on their own, the backward one flipped back."""
    forward = bidirectional.forward_layer(x, **kwargs)
    backward = bidirectional.backward_layer(x, **kwargs)
    return forward, backward


# ---------------------------------------------------------------------- Bidirectional

MERGES = {"concat": lambda a, b: np.concatenate([a, b], -1), "sum": np.add,
          "mul": np.multiply, "ave": lambda a, b: (a + b) / 2}


@pytest.mark.parametrize("merge_mode", sorted(MERGES) + [None])
@pytest.mark.parametrize("return_sequences", [False, True])
def test_merge_modes_combine_forward_and_flipped_backward(merge_mode, return_sequences):
    x = data(2, 5, 3)
    layer = layers.Bidirectional(layers.GRU(4, return_sequences=return_sequences),
                                 merge_mode=merge_mode)
    out = layer(x)
    forward, backward = (o.numpy() for o in halves(layer, x))
    if return_sequences:
        backward = backward[:, ::-1]
    if merge_mode is None:
        np.testing.assert_array_equal(out[0].numpy(), forward)
        np.testing.assert_array_equal(out[1].numpy(), backward)
    else:
        np.testing.assert_allclose(out.numpy(), MERGES[merge_mode](forward, backward),
                                   rtol=1e-6)


def test_backward_half_reads_the_sequence_in_reverse():
    x = data(2, 5, 3)
    layer = layers.Bidirectional(layers.LSTM(3, return_sequences=True), merge_mode=None)
    _, backward = layer(x)
    reference = layers.LSTM(3, return_sequences=True)
    reference.build(x.shape)
    reference.set_weights(layer.backward_layer.get_weights())
    np.testing.assert_allclose(backward.numpy(), reference(x[:, ::-1]).numpy()[:, ::-1],
                               rtol=1e-5, atol=1e-6)


def test_weights_forward_then_backward_and_names():
    layer = layers.Bidirectional(layers.LSTM(3, name="encoder"))
    layer.build((None, 4, 2))
    assert layer.forward_layer.name == "forward_encoder"
    assert layer.backward_layer.name == "backward_encoder"
    assert layer.backward_layer.go_backwards and not layer.forward_layer.go_backwards
    assert layer.weights == layer.forward_layer.weights + layer.backward_layer.weights
    assert [tuple(w.shape) for w in layer.weights] == [(2, 12), (3, 12), (12,)] * 2
    assert layer.count_params() == 2 * (2 * 12 + 3 * 12 + 12)


def test_return_state_and_initial_state():
    x = data(2, 4, 3)
    layer = layers.Bidirectional(layers.LSTM(3, return_state=True))
    output, fh, fc, bh, bc = layer(x)
    assert output.shape == (2, 6)
    np.testing.assert_array_equal(output.numpy(), np.concatenate([fh.numpy(), bh.numpy()], -1))
    states = [data(2, 3) for _ in range(4)]
    with_states = layer(x, initial_state=states)
    forward = layer.forward_layer(x, initial_state=states[:2])
    backward = layer.backward_layer(x, initial_state=states[2:])
    np.testing.assert_allclose(with_states[1].numpy(), forward[1].numpy())
    np.testing.assert_allclose(with_states[3].numpy(), backward[1].numpy())
    assert layer.compute_output_shape((None, 4, 3)) == [(None, 6)] + [(None, 3)] * 4
    split = layers.Bidirectional(layers.GRU(2, return_state=True), merge_mode=None)
    assert len(split(x)) == 4
    inputs = Input(shape=(4, 3))
    state_inputs = [Input(shape=(3,)) for _ in range(4)]
    model = Model([inputs, *state_inputs], layer(inputs, initial_state=state_inputs))
    np.testing.assert_allclose(model([x, *states])[0].numpy(), with_states[0].numpy(),
                               rtol=1e-6)
    with pytest.raises(ValueError, match="even number"):
        layer(x, initial_state=states[:3])


def test_masks_zero_the_padded_outputs_of_both_directions():
    ids = np.array([[2, 3, 1, 0, 0], [1, 1, 1, 1, 2]])
    embed = layers.Embedding(4, 3, mask_zero=True)
    layer = layers.Bidirectional(layers.SimpleRNN(2, return_sequences=True))
    out = layer(embed(ids))
    np.testing.assert_array_equal(out.numpy()[0, 3:], 0.0)
    np.testing.assert_array_equal(out._keras_mask.numpy(), ids != 0)
    last = layers.Bidirectional(layers.SimpleRNN(2))
    last.build((None, 5, 3))
    last.forward_layer.set_weights(layer.forward_layer.get_weights())
    last.backward_layer.set_weights(layer.backward_layer.get_weights())
    short = last(embed(ids[:1, :3])).numpy()
    np.testing.assert_allclose(last(embed(ids[:1])).numpy(), short, rtol=1e-5)


def test_custom_backward_layer_and_errors():
    forward = layers.GRU(3)
    backward = layers.GRU(3, go_backwards=True, activation="relu")
    layer = layers.Bidirectional(forward, backward_layer=backward)
    assert layer.backward_layer is backward
    assert layer(data(2, 3, 2)).shape == (2, 6)
    with pytest.raises(ValueError, match="different `go_backwards`"):
        layers.Bidirectional(forward, backward_layer=layers.GRU(3))
    with pytest.raises(ValueError, match="return_sequences"):
        layers.Bidirectional(forward, backward_layer=layers.GRU(3, go_backwards=True,
                                                               return_sequences=True))
    with pytest.raises(ValueError, match="Invalid merge mode"):
        layers.Bidirectional(forward, merge_mode="max")
    with pytest.raises(ValueError, match="recurrent layer"):
        layers.Bidirectional(layers.Dense(3))
    with pytest.raises(ValueError, match="Layer` instance"):
        layers.Bidirectional("lstm")


def test_bidirectional_gradients_float64():
    layer = layers.Bidirectional(layers.LSTM(2, return_sequences=True, dtype="float64"),
                                 merge_mode="mul", dtype="float64")
    x = data(2, 3, 2, dtype="float64")
    layer.build(x.shape)
    layer.set_weights([RNG.normal(size=w.shape) * 0.5 for w in layer.weights])
    holder = {}
    run = swapped(layer, lambda: layer(holder["x"]))

    def function(inputs, *variables):
        holder["x"] = inputs
        return run(*variables)
    assert_gradients_match(function, x, *[w.numpy() for w in layer.weights])


def test_bidirectional_config_round_trip_and_stateful():
    layer = layers.Bidirectional(layers.LSTM(3, return_sequences=True), merge_mode="sum")
    x = data(2, 4, 3)
    out = layer(x)
    config = layer.get_config()
    assert set(config) == {"name", "trainable", "dtype", "merge_mode", "layer",
                           "backward_layer"}
    clone = layers.Bidirectional.from_config(config)
    clone.build(x.shape)
    clone.set_weights(layer.get_weights())
    np.testing.assert_allclose(clone(x).numpy(), out.numpy(), rtol=1e-6)
    assert clone.forward_layer.name == layer.forward_layer.name
    assert clone.backward_layer.name == layer.backward_layer.name
    restored = kerasedu.layers.deserialize(kerasedu.layers.serialize(layer))
    assert isinstance(restored, layers.Bidirectional) and restored.merge_mode == "sum"
    stateful = layers.Bidirectional(layers.GRU(2, stateful=True))
    stateful(x[:, :2])
    assert len(stateful.states) == 2
    stateful.reset_states()
    assert all(np.all(s.numpy() == 0) for s in stateful.states)


# ---------------------------------------------------------------------- TimeDistributed

def test_time_distributed_dense_applies_the_same_dense_at_every_step():
    x = data(2, 5, 3)
    layer = layers.TimeDistributed(layers.Dense(4, activation="relu"))
    out = layer(x).numpy()
    dense = layer.layer
    for t in range(5):
        np.testing.assert_allclose(out[:, t], dense(x[:, t]).numpy(), rtol=1e-6)
    assert layer.weights == dense.weights
    assert [tuple(w.shape) for w in layer.weights] == [(3, 4), (4,)]
    assert layer.compute_output_shape((None, 5, 3)) == (None, 5, 4)


def test_time_distributed_over_a_convolution_and_a_model():
    conv = getattr(layers, "Conv2D", None)
    if conv is None:
        pytest.skip("Conv2D is not available in this checkout")
    x = data(2, 3, 6, 6, 1)
    layer = layers.TimeDistributed(conv(4, 3))
    out = layer(x)
    assert out.shape == (2, 3, 4, 4, 4)
    np.testing.assert_allclose(out.numpy()[:, 1], layer.layer(x[:, 1]).numpy(), rtol=1e-5,
                               atol=1e-6)
    inner = Sequential([Input(shape=(6, 6, 1)), conv(2, 3), layers.Flatten()])
    wrapped = layers.TimeDistributed(inner)
    assert wrapped(Input(shape=(3, 6, 6, 1))).shape == (None, 3, 32)


def test_time_distributed_mask_training_and_tracing():
    ids = np.array([[1, 2, 0], [3, 0, 0]])
    embedded = layers.Embedding(4, 2, mask_zero=True)(ids)
    out = layers.TimeDistributed(layers.Dense(3))(embedded)
    np.testing.assert_array_equal(out._keras_mask.numpy(), ids != 0)
    dropout = layers.TimeDistributed(layers.Dropout(0.5, seed=1))
    x = np.ones((4, 3, 8), np.float32)
    np.testing.assert_array_equal(dropout(x).numpy(), x)
    assert set(np.unique(dropout(x, training=True).numpy())) <= {0.0, 2.0}
    traced = layers.TimeDistributed(layers.Lambda(lambda t: ops.sum(t, axis=-1,
                                                                    keepdims=True)))
    assert traced(Input(shape=(3, 5))).shape == (None, 3, 1)
    assert traced(data(2, 3, 5)).shape == (2, 3, 1)


def test_time_distributed_gradients_and_errors():
    layer = layers.TimeDistributed(layers.Dense(2, dtype="float64"), dtype="float64")
    x = data(2, 3, 4, dtype="float64")
    layer.build(x.shape)
    holder = {}
    run = swapped(layer, lambda: layer(holder["x"]))

    def function(inputs, *variables):
        holder["x"] = inputs
        return run(*variables)
    assert_gradients_match(function, x, *[RNG.normal(size=w.shape) for w in layer.weights])
    with pytest.raises(ValueError, match="at least 3 dimensions"):
        layers.TimeDistributed(layers.Dense(2))(data(2, 3))
    with pytest.raises(ValueError, match="supplied to TimeDistributed"):
        layers.TimeDistributed("dense")


def test_time_distributed_config_round_trip():
    layer = layers.TimeDistributed(layers.Dense(3, use_bias=False))
    layer.build((None, 4, 2))
    config = layer.get_config()
    assert set(config) == {"name", "trainable", "dtype", "layer"}
    clone = layers.TimeDistributed.from_config(config)
    assert isinstance(clone.layer, layers.Dense) and not clone.layer.use_bias
    restored = kerasedu.layers.deserialize(kerasedu.layers.serialize(layer))
    assert restored.built and restored.layer.built
    assert wrappers.TimeDistributed is layers.TimeDistributed


@settings(max_examples=15, deadline=None)
@given(batch=st.integers(1, 3), steps=st.integers(1, 4), features=st.integers(1, 4),
       units=st.integers(1, 4), merge=st.sampled_from(["concat", "sum", None]),
       sequences=st.booleans())
def test_symbolic_shapes_match_eager(batch, steps, features, units, merge, sequences):
    def make_bidirectional():
        return layers.Bidirectional(layers.GRU(units, return_sequences=sequences),
                                    merge_mode=merge)
    for make in (make_bidirectional, lambda: layers.TimeDistributed(layers.Dense(units))):
        symbolic = make()(Input(shape=(steps, features)))
        eager = make()(data(batch, steps, features))
        symbolic = symbolic if isinstance(symbolic, list) else [symbolic]
        eager = eager if isinstance(eager, list) else [eager]
        assert [s.shape for s in symbolic] == [(None,) + tuple(e.shape[1:]) for e in eager]
