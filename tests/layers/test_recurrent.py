"""Recurrent layers without Keras: the fused path against the generic cell loop, float64
gradients through time, dropout, masking, stateful use, initial states, a student's cell,
configuration round trips and symbolic shapes."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import kerasedu
from kerasedu import layers
from kerasedu.backend import Variable, gradients, ops
from kerasedu.backend.gradcheck import assert_gradients_match
from kerasedu.engine import Input, Model, Sequential
from kerasedu.layers import recurrent

RNG = np.random.default_rng(0)


def data(*shape, dtype="float32", seed=None):
    rng = RNG if seed is None else np.random.default_rng(seed)
    return rng.normal(size=shape).astype(dtype)


def padding_mask(n, t):
    mask = np.ones((n, t), dtype=bool)
    mask[0, t - 2:] = False
    mask[1, :2] = False
    return mask


def randomize(layer, seed=0, scale=0.5):
    rng = np.random.default_rng(seed)
    layer.set_weights([rng.normal(size=w.shape) * scale for w in layer.weights])


def swapped_call(layer, call):
    """``call(*variables)`` with the layer's weights replaced by the given Variables."""
    owners = []
    for weight in layer.weights:
        owner = weight._layer
        name = next(k for k, v in vars(owner).items() if v is weight)
        owners.append((owner, name, weight))

    def run(*variables):
        for (owner, name, _), variable in zip(owners, variables):
            object.__setattr__(owner, name, variable)
        try:
            return call()
        finally:
            for owner, name, original in owners:
                object.__setattr__(owner, name, original)
    return run


def assert_layer_gradients(layer, x, mask=None, **tolerances):
    """float64 check of d(output)/d(input and every weight) through the whole sequence."""
    x = np.asarray(x, dtype=np.float64)
    layer.build(x.shape)
    randomize(layer)
    weights = [w.numpy() for w in layer.weights]
    holder = {}

    def call():
        out = layer(holder["x"], mask=mask)
        if isinstance(out, list):
            out = ops.concatenate([ops.reshape(o, (o.shape[0], -1)) for o in out], axis=1)
        return out

    run = swapped_call(layer, call)

    def function(inputs, *variables):
        holder["x"] = inputs
        return run(*variables)
    assert_gradients_match(function, x, *weights, **tolerances)


# ---------------------------------------------------------------------- fused = generic loop

FUSED = {
    "SimpleRNN": (layers.SimpleRNN, layers.SimpleRNNCell, {}),
    "LSTM": (layers.LSTM, layers.LSTMCell, {}),
    "GRU": (layers.GRU, layers.GRUCell, {}),
    "GRU_reset_before": (layers.GRU, layers.GRUCell, {"reset_after": False}),
}
OPTIONS = [dict(), dict(return_sequences=True, go_backwards=True),
           dict(return_state=True, go_backwards=True), dict(return_sequences=True,
                                                            zero_output_for_mask=True)]


@pytest.mark.parametrize("case", sorted(FUSED))
@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: "-".join(sorted(o)) or "plain")
@pytest.mark.parametrize("masked", [False, True])
def test_fused_layer_equals_the_generic_cell_loop(case, options, masked):
    layer_class, cell_class, extra = FUSED[case]
    x = data(3, 5, 4)
    mask = padding_mask(3, 5) if masked else None
    fused = layer_class(3, **extra, **options)
    generic = layers.RNN(cell_class(3, **extra), **options)
    fused.build(x.shape)
    generic.build(x.shape)
    randomize(fused)
    generic.set_weights(fused.get_weights())
    a, b = fused(x, mask=mask), generic(x, mask=mask)
    for left, right in zip(a if isinstance(a, list) else [a], b if isinstance(b, list) else [b]):
        np.testing.assert_allclose(left.numpy(), right.numpy(), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("case", sorted(FUSED))
def test_fused_dropout_equals_the_generic_loop_with_the_same_seed(case):
    layer_class, cell_class, extra = FUSED[case]
    x = data(4, 6, 5)
    settings_ = dict(dropout=0.3, recurrent_dropout=0.4, seed=7)
    fused = layer_class(4, return_sequences=True, **extra, **settings_)
    generic = layers.RNN(cell_class(4, **extra, **settings_), return_sequences=True)
    fused.build(x.shape)
    generic.build(x.shape)
    randomize(fused)
    generic.set_weights(fused.get_weights())
    train_a, train_b = fused(x, training=True), generic(x, training=True)
    np.testing.assert_allclose(train_a.numpy(), train_b.numpy(), rtol=1e-5, atol=1e-6)
    inference = fused(x).numpy()
    assert not np.allclose(train_a.numpy(), inference)
    np.testing.assert_allclose(inference, generic(x).numpy(), rtol=1e-5, atol=1e-6)


def test_unsupported_activation_takes_the_generic_path():
    x = data(2, 4, 3)
    selu = layers.LSTM(3, activation="selu", return_sequences=True)
    selu.build(x.shape)
    randomize(selu)
    cell = selu.cell
    h = c = np.zeros((2, 3), np.float32)
    k, rk, b = (w.numpy() for w in selu.weights)
    outputs = []
    for t in range(4):
        z = x[:, t] @ k + h @ rk + b
        i, f, g, o = np.split(z, 4, axis=1)
        sig = lambda a: 1 / (1 + np.exp(-a))  # noqa: E731
        c = sig(f) * c + sig(i) * cell.activation(g).numpy()
        h = sig(o) * cell.activation(c).numpy()
        outputs.append(h)
    np.testing.assert_allclose(selu(x).numpy(), np.stack(outputs, 1), rtol=1e-5, atol=1e-6)


# ---------------------------------------------------------------------- gradients through time

@pytest.mark.parametrize("case", sorted(FUSED))
@pytest.mark.parametrize("masked", [False, True])
def test_layer_gradients_through_time(case, masked):
    layer_class, _, extra = FUSED[case]
    layer = layer_class(2, return_sequences=True, return_state=True, go_backwards=masked,
                        dtype="float64", **extra)
    mask = padding_mask(3, 4) if masked else None
    assert_layer_gradients(layer, data(3, 4, 3, dtype="float64"), mask=mask, rtol=1e-5,
                           atol=1e-7)


@pytest.mark.parametrize("cell_class", [layers.SimpleRNNCell, layers.GRUCell,
                                        layers.LSTMCell])
@pytest.mark.parametrize("masked", [False, True])
def test_generic_loop_gradients_through_time(cell_class, masked):
    layer = layers.RNN(cell_class(2, dtype="float64"), return_sequences=True,
                       dtype="float64")
    mask = padding_mask(2, 3) if masked else None
    assert_layer_gradients(layer, data(2, 3, 2, dtype="float64"), mask=mask, rtol=1e-5,
                           atol=1e-7)


def test_initial_state_gradients():
    layer = layers.LSTM(2, return_sequences=True, dtype="float64")
    x = data(2, 3, 2, dtype="float64")
    layer.build(x.shape)
    randomize(layer)
    assert_gradients_match(lambda h, c: layer(x, initial_state=[h, c]), data(2, 2, seed=1),
                           data(2, 2, seed=2))


# ---------------------------------------------------------------------- a student's cell

class MinimalRNNCell(layers.Layer):
    """The Keras guide's cell: output = x · W + h · U, state = output."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units),
                                      initializer="uniform", name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units),
                                                initializer="uniform", name="recurrent_kernel")

    def call(self, inputs, states):
        prev_output = states[0]
        h = ops.matmul(inputs, self.kernel)
        output = h + ops.matmul(prev_output, self.recurrent_kernel)
        return output, [output]

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def test_student_cell_runs_trains_and_checks_gradients():
    x = data(4, 5, 3)
    layer = layers.RNN(MinimalRNNCell(2))
    out = layer(x)
    k, rk = (w.numpy() for w in layer.weights)
    h = np.zeros((4, 2), np.float32)
    for t in range(5):
        h = x[:, t] @ k + h @ rk
    np.testing.assert_allclose(out.numpy(), h, rtol=1e-5, atol=1e-7)
    assert [w.name for w in layer.weights] == ["kernel", "recurrent_kernel"]

    checked = layers.RNN(MinimalRNNCell(2, dtype="float64"), dtype="float64",
                         return_sequences=True)
    assert_layer_gradients(checked, data(2, 3, 3, dtype="float64"), mask=padding_mask(2, 3))

    model = Sequential([Input(shape=(5, 3)), layers.RNN(MinimalRNNCell(4)), layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    y = x.sum(axis=(1, 2))[:, None] * 0.1
    history = model.fit(x, y, epochs=15, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_cell_lists_and_stacked_cells():
    x = data(2, 4, 3)
    stacked = layers.RNN([layers.LSTMCell(3), layers.GRUCell(2)], return_state=True)
    output, (h1, c1), (h2,) = stacked(x)
    assert output.shape == (2, 2) and h1.shape == c1.shape == (2, 3) and h2.shape == (2, 2)
    np.testing.assert_allclose(output.numpy(), h2.numpy())
    lower = layers.RNN(layers.LSTMCell(3), return_sequences=True)
    upper = layers.RNN(layers.GRUCell(2))
    lower.build(x.shape)
    upper.build((2, 4, 3))
    lower.set_weights(stacked.get_weights()[:3])
    upper.set_weights(stacked.get_weights()[3:])
    np.testing.assert_allclose(upper(lower(x)).numpy(), output.numpy(), rtol=1e-5, atol=1e-6)
    assert stacked.compute_output_shape((None, 4, 3)) == [(None, 2), [(None, 3), (None, 3)],
                                                          (None, 2)]


# ---------------------------------------------------------------------- dropout

def test_dropout_masks_are_drawn_once_per_sequence():
    layer = layers.SimpleRNN(3, activation="linear", use_bias=False, dropout=0.5, seed=3,
                             return_sequences=True)
    x = np.ones((64, 6, 4), np.float32)
    layer.build(x.shape)
    layer.set_weights([np.eye(4, 3, dtype=np.float32), np.zeros((3, 3), np.float32)])
    out = layer(x, training=True).numpy()
    np.testing.assert_allclose(out, np.repeat(out[:, :1], 6, axis=1))
    assert set(np.unique(out)) <= {0.0, 2.0}
    again = layer(x, training=True).numpy()
    assert not np.array_equal(out, again)
    np.testing.assert_allclose(layer(x).numpy(), np.ones((64, 6, 3)))


def test_recurrent_dropout_is_reproducible_with_a_seed():
    x = data(3, 4, 2)

    def run():
        layer = layers.LSTM(3, dropout=0.2, recurrent_dropout=0.3, seed=11,
                            kernel_initializer="ones", recurrent_initializer="ones")
        return layer(x, training=True).numpy()
    np.testing.assert_array_equal(run(), run())


# ---------------------------------------------------------------------- masking

def test_masked_steps_carry_the_state_and_repeat_the_output():
    x = data(2, 5, 3)
    layer = layers.GRU(4, return_sequences=True, return_state=True)
    mask = np.array([[True, True, False, False, True], [True] * 5])
    out, state = layer(x, mask=mask)
    out = out.numpy()
    np.testing.assert_array_equal(out[0, 2], out[0, 1])
    np.testing.assert_array_equal(out[0, 3], out[0, 1])
    full = layers.GRU(4, return_state=True)
    full.build(x.shape)
    full.set_weights(layer.get_weights())
    _, compact_state = full(np.concatenate([x[:1, :2], x[:1, 4:]], axis=1))
    np.testing.assert_allclose(state.numpy()[0], compact_state.numpy()[0], rtol=1e-5)


def test_mask_from_embedding_and_masking_layers_reaches_the_rnn():
    ids = np.array([[3, 1, 0, 0], [2, 2, 2, 0]])
    model = Sequential([layers.Embedding(5, 3, mask_zero=True),
                        layers.LSTM(2, return_sequences=True)])
    out = model(ids).numpy()
    np.testing.assert_array_equal(out[0, 2], out[0, 1])
    np.testing.assert_array_equal(out[1, 3], out[1, 2])
    assert model(ids)._keras_mask.numpy().tolist() == (ids != 0).tolist()
    x = data(2, 4, 3)
    x[0, 1:] = 0.0
    masked = Sequential([layers.Masking(0.0), layers.SimpleRNN(2)])
    result = masked(x).numpy()
    plain = layers.SimpleRNN(2)
    plain.build(x.shape)
    plain.set_weights(masked.layers[1].get_weights())
    np.testing.assert_allclose(result[0], plain(x[:1, :1]).numpy()[0], rtol=1e-5)


# ---------------------------------------------------------------------- states

def test_initial_state_forms_agree_and_work_symbolically():
    x = data(2, 4, 3)
    h, c = data(2, 5), data(2, 5)
    layer = layers.LSTM(5, return_state=True)
    by_keyword = layer(x, initial_state=[h, c])
    positional = layer(x, [h, c])
    keras2 = layer([x, h, c])
    for a, b, d in zip(by_keyword, positional, keras2):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
        np.testing.assert_array_equal(a.numpy(), d.numpy())
    assert not np.allclose(layer(x)[0].numpy(), by_keyword[0].numpy())

    inputs, h_in, c_in = Input(shape=(4, 3)), Input(shape=(5,)), Input(shape=(5,))
    outputs = layer(inputs, initial_state=[h_in, c_in])
    assert [o.shape for o in outputs] == [(None, 5)] * 3
    model = Model([inputs, h_in, c_in], outputs)
    for a, b in zip(model([x, h, c]), by_keyword):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-6)
    gru = layers.GRU(5)
    model = Model([inputs, h_in], gru(inputs, h_in))
    np.testing.assert_allclose(model([x, h]).numpy(), gru(x, initial_state=h).numpy())


def test_initial_state_errors():
    layer = layers.LSTM(3)
    x = data(2, 4, 3)
    with pytest.raises(ValueError, match="has 2 states, but 1 initial states"):
        layer(x, initial_state=[data(2, 3)])
    with pytest.raises(ValueError, match="initial state has shape"):
        layer(x, initial_state=[data(2, 4), data(2, 4)])


def test_stateful_layer_continues_from_the_last_states():
    x = data(2, 6, 3)
    stateful = layers.LSTM(4, stateful=True, batch_input_shape=(2, 3, 3))
    model = Sequential([stateful])
    assert stateful.states is not None and stateful.states[0].shape == (2, 4)
    whole = layers.LSTM(4)
    whole.build(x.shape)
    whole.set_weights(stateful.get_weights())
    model(x[:, :3])
    second = model(x[:, 3:]).numpy()
    np.testing.assert_allclose(second, whole(x).numpy(), rtol=1e-5, atol=1e-6)
    stateful.reset_states()
    np.testing.assert_array_equal(stateful.states[0].numpy(), np.zeros((2, 4)))
    np.testing.assert_allclose(model(x[:, :3]).numpy(), whole(x[:, :3]).numpy(), rtol=1e-5)
    with pytest.raises(ValueError, match="Expected batch size: 2"):
        model(x[:1, :3])
    assert len(stateful.weights) == 3
    assert not any(s is w for s in stateful.states for w in stateful.weights)


def test_stateful_batch_size_from_the_first_call_and_reset_to_values():
    layer = layers.GRU(2, stateful=True)
    assert layer.states is None
    layer(data(3, 2, 2))
    assert layer.states[0].shape == (3, 2)
    layer.reset_states([np.ones((3, 2))])
    np.testing.assert_array_equal(layer.states[0].numpy(), np.ones((3, 2)))
    with pytest.raises(ValueError, match="has shape"):
        layer.reset_states([np.ones((2, 2))])
    with pytest.raises(AttributeError, match="must be stateful"):
        layers.GRU(2).reset_states()


# ---------------------------------------------------------------------- configuration

@pytest.mark.parametrize("make", [
    lambda: layers.LSTM(3, return_sequences=True, dropout=0.1, unit_forget_bias=False),
    lambda: layers.GRU(2, reset_after=False, go_backwards=True, activation="relu"),
    lambda: layers.SimpleRNN(4, return_state=True, kernel_regularizer="l2"),
    lambda: layers.RNN(layers.LSTMCell(3), return_sequences=True),
    lambda: layers.RNN([layers.SimpleRNNCell(3), layers.GRUCell(2)]),
], ids=["LSTM", "GRU", "SimpleRNN", "RNN", "stacked"])
def test_config_round_trip(make):
    layer = make()
    x = data(2, 4, 3)
    layer.build(x.shape)
    clone = type(layer).from_config(layer.get_config())
    clone.build(x.shape)
    clone.set_weights(layer.get_weights())
    assert clone.get_config() == {**layer.get_config(), "name": clone.name} or \
        set(clone.get_config()) == set(layer.get_config())
    for a, b in zip(*(out if isinstance(out, list) else [out]
                      for out in (layer(x), clone(x)))):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-6)
    restored = kerasedu.layers.deserialize(kerasedu.layers.serialize(layer))
    assert type(restored) is type(layer) and restored.built


def test_student_cell_config_round_trip_with_custom_objects():
    layer = layers.RNN(MinimalRNNCell(3))
    config = kerasedu.layers.serialize(layer)
    restored = kerasedu.layers.deserialize(config,
                                           custom_objects={"MinimalRNNCell": MinimalRNNCell})
    assert isinstance(restored.cell, MinimalRNNCell) and restored.cell.units == 3


def test_keras2_arguments_and_import_paths():
    layer = recurrent.LSTM(4, input_dim=3, input_length=7)
    model = Sequential([layer])
    assert model.output_shape == (None, 4)
    assert model.input_shape == (None, 7, 3)
    from kerasedu.layers.recurrent import GRU, RNN, SimpleRNN  # noqa: F401
    assert layers.LSTM is recurrent.LSTM
    assert recurrent.LSTM(2, implementation=1).cell.units == 2


def test_argument_and_input_errors_name_the_layer():
    with pytest.raises(ValueError, match="units"):
        layers.LSTM(0)
    with pytest.raises(ValueError, match="expected ndim=3, found ndim=2"):
        layers.GRU(2, name="my_gru")(data(2, 3))
    with pytest.raises(ValueError, match="state_size"):
        layers.RNN(layers.Dense(3))
    with pytest.raises(ValueError, match="constants"):
        layers.LSTM(2)(data(2, 3, 2), constants=[data(2, 2)])


def test_unroll_is_accepted_with_the_same_results():
    x = data(2, 4, 3)
    a, b = layers.LSTM(3, unroll=True), layers.LSTM(3)
    a.build(x.shape)
    b.build(x.shape)
    b.set_weights(a.get_weights())
    np.testing.assert_array_equal(a(x).numpy(), b(x).numpy())
    assert a.get_config()["unroll"] is True


def test_weights_and_names():
    layer = layers.LSTM(3)
    layer.build((None, 5, 2))
    assert [w.name for w in layer.weights] == ["kernel", "recurrent_kernel", "bias"]
    assert [tuple(w.shape) for w in layer.weights] == [(2, 12), (3, 12), (12,)]
    bias = layer.weights[2].numpy()
    np.testing.assert_array_equal(bias, np.r_[np.zeros(3), np.ones(3), np.zeros(6)])
    gru = layers.GRU(3)
    gru.build((None, 5, 2))
    assert tuple(gru.cell.bias.shape) == (2, 9)
    assert layer.count_params() == 2 * 12 + 3 * 12 + 12


# ---------------------------------------------------------------------- symbolic shapes

@settings(max_examples=20, deadline=None)
@given(batch=st.integers(1, 3), steps=st.integers(1, 5), features=st.integers(1, 4),
       units=st.integers(1, 4), kind=st.sampled_from(["LSTM", "GRU", "SimpleRNN"]),
       return_sequences=st.booleans(), return_state=st.booleans())
def test_symbolic_shapes_match_eager(batch, steps, features, units, kind, return_sequences,
                                     return_state):
    def make():
        return getattr(layers, kind)(units, return_sequences=return_sequences,
                                     return_state=return_state)
    symbolic = make()(Input(shape=(steps, features)))
    eager = make()(data(batch, steps, features))
    symbolic = symbolic if isinstance(symbolic, list) else [symbolic]
    eager = eager if isinstance(eager, list) else [eager]
    assert [s.shape for s in symbolic] == [(None,) + tuple(e.shape[1:]) for e in eager]


def test_trained_weights_change_and_no_warnings(recwarn):
    model = Sequential([Input(shape=(4, 2)), layers.GRU(3), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    before = [w.numpy() for w in model.weights]
    model.fit(data(8, 4, 2), data(8, 1), epochs=1, verbose=0)
    assert any(not np.allclose(a, w.numpy()) for a, w in zip(before, model.weights))
    assert len(recwarn) == 0


def test_gradients_reach_every_weight_of_a_bidirectional_stack():
    model = Sequential([Input(shape=(5, 3)),
                        layers.Bidirectional(layers.LSTM(3, return_sequences=True)),
                        layers.GRU(2)])
    loss = ops.sum(model(data(2, 5, 3)))
    grads = gradients(loss, model.trainable_weights)
    assert all(g is not None and np.abs(g).sum() > 0 for g in grads)
    assert isinstance(model.layers[0].forward_layer.weights[0], Variable)


# ---------------------------------------------------------------------- ConvLSTM

@pytest.mark.parametrize("make, shape", [
    (lambda: layers.ConvLSTM1D(2, 2, padding="same", return_sequences=True, dtype="float64"),
     (2, 3, 4, 2)),
    (lambda: layers.ConvLSTM2D(1, (2, 2), return_state=True, go_backwards=True,
                               dtype="float64"), (1, 2, 3, 3, 1)),
], ids=["1D", "2D"])
def test_conv_lstm_gradients_through_time(make, shape):
    mask = np.ones(shape[:2], dtype=bool)
    mask[0, -1] = False
    assert_layer_gradients(make(), data(*shape, dtype="float64"), mask=mask, rtol=1e-5,
                           atol=1e-7)


def test_conv_lstm_masks_states_and_shapes():
    x = data(2, 4, 5, 5, 2)
    layer = layers.ConvLSTM2D(3, 3, padding="same", return_sequences=True, return_state=True)
    mask = np.array([[True, True, False, True], [True] * 4])
    out, h, c = layer(x, mask=mask)
    assert out.shape == (2, 4, 5, 5, 3) and h.shape == c.shape == (2, 5, 5, 3)
    np.testing.assert_array_equal(out.numpy()[0, 2], out.numpy()[0, 1])
    symbolic = layers.ConvLSTM2D(3, 3, strides=2, return_state=True)(Input(shape=(4, 7, 6, 2)))
    eager = layers.ConvLSTM2D(3, 3, strides=2, return_state=True)(data(2, 4, 7, 6, 2))
    assert [s.shape for s in symbolic] == [(None,) + tuple(e.shape[1:]) for e in eager]
    stateful = layers.ConvLSTM1D(2, 3, stateful=True)
    stateful(data(2, 3, 6, 1))
    assert stateful.states[0].shape == (2, 4, 2)
    with pytest.raises(ValueError, match="expected ndim=5"):
        layers.ConvLSTM2D(2, 3)(data(2, 3, 4, 1))
    with pytest.raises(ValueError, match="strides > 1"):
        layers.ConvLSTM2D(2, 3, strides=2, dilation_rate=2)


def test_stateful_batch_size_argument():
    layer = layers.LSTM(3, stateful=True, batch_size=4, input_shape=(2, 5))
    model = Sequential([layer])
    assert model.input_shape == (4, 2, 5)
    assert layer.states[0].shape == (4, 3)
