"""Sequential and functional models, following the seed notes' examples step by step."""

import numpy as np
import pytest

import kerasedu as keras
from kerasedu import layers
from kerasedu.backend import config


@pytest.fixture(autouse=True)
def fresh_names():
    config.clear_session()


def test_sequential_equals_calling_the_layers_in_turn():
    model = keras.Sequential([
        layers.Dense(2, activation="relu", name="layer1"),
        layers.Dense(3, activation="relu", name="layer2"),
        layers.Dense(4, name="layer3"),
    ])
    x = np.ones((3, 3))
    y = model(x)
    assert y.shape == (3, 4)
    manual = model.get_layer("layer3")(model.get_layer("layer2")(model.get_layer("layer1")(x)))
    assert np.allclose(y.numpy(), manual.numpy())
    assert repr(y).startswith("<Tensor shape=(3, 4), dtype=float32, numpy=")


def test_add_pop_and_lazy_build():
    model = keras.Sequential(name="my_sequential")
    model.add(layers.Dense(2, activation="relu"))
    model.add(layers.Dense(3, activation="relu"))
    model.add(layers.Dense(4))
    assert len(model.layers) == 3 and model.weights == []
    model.pop()
    assert len(model.layers) == 2
    model(np.ones((1, 4)))
    assert len(model.weights) == 4
    assert model.layers[0].output_shape == (1, 2)


def test_input_or_input_shape_builds_at_once():
    model = keras.Sequential()
    model.add(keras.Input(shape=(4,)))
    model.add(layers.Dense(2, activation="relu"))
    assert len(model.weights) == 2 and model.output_shape == (None, 2)
    assert [type(l).__name__ for l in model.layers] == ["Dense"]
    other = keras.Sequential([layers.Dense(2, activation="relu", input_shape=(4,))])
    assert other.output_shape == (None, 2) and len(other.weights) == 2


SUMMARY = """Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ dense (Dense)                   │ (None, 2)              │            10 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense_1 (Dense)                 │ ?                      │   0 (unbuilt) │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 10 (40.00 B)
 Trainable params: 10 (40.00 B)
 Non-trainable params: 0 (0.00 B)"""


def test_summary_layout_and_unbuilt_rows():
    model = keras.Sequential([layers.Dense(2, input_shape=(4,))])
    lines = []
    model.summary(print_fn=lines.append)
    unbuilt = keras.Sequential([layers.Dense(1)])
    unbuilt_lines = []
    unbuilt.summary(print_fn=unbuilt_lines.append)
    assert "│ dense_1 (Dense)                 │ ?                      │   0 (unbuilt) │" \
        in unbuilt_lines
    assert "\n".join(lines) == "\n".join(
        l for l in SUMMARY.splitlines() if "dense_1" not in l and "├" not in l)


def test_functional_summary_connected_to():
    a = keras.Input(shape=(3,))
    b = keras.Input(shape=(5,), name="other")
    h = layers.Dense(4)(a)
    joined = layers.Lambda(lambda t: keras.ops.concatenate(t, axis=-1), name="join")([h, b])
    model = keras.Model([a, b], layers.Dense(2)(joined))
    lines = []
    model.summary(print_fn=lines.append)
    text = "\n".join(lines)
    assert "┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃" in text
    assert "│ join (Lambda)       │ (None, 9)         │          0 │ dense[0][0],      │" in text
    assert "│                     │                   │            │ other[0][0]       │" in text
    assert " Total params: 36 (144.00 B)" in text
    assert [l.name for l in model.layers] == ["input_layer", "dense", "other", "join", "dense_1"]


def test_feature_extraction_from_a_sequential_model():
    initial = keras.Sequential([
        keras.Input(shape=(6,)),
        layers.Dense(5, activation="relu"),
        layers.Dense(4, activation="relu", name="my_intermediate_layer"),
        layers.Dense(3),
    ])
    extractor = keras.Model(inputs=initial.inputs,
                            outputs=[layer.output for layer in initial.layers])
    x = np.random.default_rng(0).normal(size=(2, 6))
    features = extractor(x)
    assert [f.shape for f in features] == [(2, 5), (2, 4), (2, 3)]
    assert np.allclose(features[-1].numpy(), initial(x).numpy(), atol=1e-6)
    one = keras.Model(inputs=initial.inputs,
                      outputs=initial.get_layer(name="my_intermediate_layer").output)
    assert np.allclose(one(x).numpy(), features[1].numpy())


def test_multi_input_multi_output_shared_layers_and_nested_models():
    title = keras.Input(shape=(8,), name="title")
    body = keras.Input(shape=(8,), name="body")
    shared = layers.Dense(4, activation="tanh", name="shared")
    t, b = shared(title), shared(body)
    merged = layers.Lambda(lambda xs: xs[0] + xs[1], name="sum")([t, b])
    priority = layers.Dense(1, name="priority")(merged)
    department = layers.Dense(3, activation="softmax", name="department")(merged)
    model = keras.Model(inputs=[title, body], outputs=[priority, department])
    assert len(shared._inbound_nodes) == 2
    x1, x2 = np.ones((2, 8)), np.zeros((2, 8))
    p, d = model([x1, x2])
    p2, d2 = model({"title": x1, "body": x2})
    assert p.shape == (2, 1) and d.shape == (2, 3)
    assert np.allclose(p.numpy(), p2.numpy()) and np.allclose(d.numpy().sum(-1), 1.0)

    inner = keras.Sequential([layers.Dense(3, input_shape=(8,))], name="inner")
    x = keras.Input(shape=(8,))
    outer = keras.Model(x, layers.Dense(1)(inner(x)))
    assert outer.output_shape == (None, 1)
    assert len(outer.weights) == 4
    assert outer(np.ones((5, 8))).shape == (5, 1)


def test_duplicate_names_and_graph_errors():
    x = keras.Input(shape=(3,))
    with pytest.raises(ValueError, match="used 2 times in the model"):
        keras.Model(x, layers.Dense(1, name="same")(layers.Dense(2, name="same")(x)))
    with pytest.raises(ValueError, match="should have unique names"):
        keras.Sequential([layers.Dense(1, name="d"), layers.Dense(1, name="d")])
    other = keras.Input(shape=(3,))
    with pytest.raises(ValueError, match="Graph disconnected"):
        keras.Model(x, layers.Dense(1)(other))
    with pytest.raises(ValueError, match="get_layer"):
        keras.Sequential([layers.Dense(1)]).get_layer()
    with pytest.raises(ValueError, match="No such layer: nope"):
        keras.Sequential([layers.Dense(1)]).get_layer("nope")


def test_masks_flow_through_the_graph():
    seq = keras.Input(shape=(4, 2))
    out = layers.Lambda(lambda t: t * 1.0, mask=lambda t, m: m)(layers.Masking()(seq))
    model = keras.Model(seq, out)
    data = np.ones((1, 4, 2))
    data[0, 2] = 0
    result = model(data)
    assert result._keras_mask.numpy().tolist() == [[True, True, False, True]]


def test_model_configs_rebuild_the_same_architecture():
    a, b = keras.Input(shape=(4,), name="a"), keras.Input(shape=(2,), name="b")
    shared = layers.Dense(3, name="shared")
    joined = layers.Lambda(lambda t: t[0] + t[1], output_shape=(3,), name="plus")(
        [shared(a), shared(layers.Dense(4, name="lift")(b))])
    model = keras.Model([a, b], [layers.Dense(1, name="out")(joined), joined], name="net")
    config_ = model.get_config()
    assert config_["input_layers"] == [["a", 0, 0], ["b", 0, 0]]
    assert config_["output_layers"] == [["out", 0, 0], ["plus", 0, 0]]
    from kerasedu.serialization import safe_mode_scope
    with safe_mode_scope(False):
        clone = keras.Model.from_config(config_)
    clone.set_weights(model.get_weights())
    data = [np.ones((2, 4)), np.arange(4.0).reshape(2, 2)]
    for expected, got in zip(model(data), clone(data)):
        assert np.allclose(expected.numpy(), got.numpy())
    assert [l.name for l in clone.layers] == [l.name for l in model.layers]

    seq = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2, activation="relu"),
                            layers.Dropout(0.1), layers.Dense(1)])
    seq_clone = keras.Sequential.from_config(seq.get_config())
    seq_clone.set_weights(seq.get_weights())
    assert np.allclose(seq(np.ones((2, 3))).numpy(), seq_clone(np.ones((2, 3))).numpy())


def test_lambda_bytecode_needs_safe_mode_off():
    model = keras.Sequential([keras.Input(shape=(2,)), layers.Lambda(lambda t: t * 3)])
    with pytest.raises(ValueError, match="safe_mode=False"):
        keras.Sequential.from_config(model.get_config())


def test_python_operators_on_keras_tensors_build_layers():
    x = keras.Input(shape=(3,), name="x")
    h = layers.Dense(3, name="h")(x)
    y = (2 * h + 1) - x[:, 0:1] ** 2 + abs(-h) / 4
    model = keras.Model(x, y)
    data = np.arange(6.0).reshape(2, 3)
    hidden = model.get_layer("h")(data).numpy()
    expected = 2 * hidden + 1 - data[:, 0:1] ** 2 + np.abs(hidden) / 4
    assert np.allclose(model(data).numpy(), expected, atol=1e-5)
    assert y.shape == (None, 3)
    clone = keras.Model.from_config(model.get_config())
    clone.set_weights(model.get_weights())
    assert np.allclose(clone(data).numpy(), expected, atol=1e-5)
    assert (np.ones(3) + x).shape == (None, 3)


def test_summary_expand_nested_lists_inner_layers():
    inner = keras.Sequential([layers.Dense(3, input_shape=(8,), name="inner_dense")],
                             name="inner")
    x = keras.Input(shape=(8,))
    outer = keras.Model(x, layers.Dense(1, name="head")(inner(x)))
    flat, nested = [], []
    outer.summary(print_fn=flat.append)
    outer.summary(print_fn=nested.append, expand_nested=True)
    assert not any("inner_dense" in line for line in flat)
    row = next(line for line in nested if "inner_dense" in line)
    assert "└ inner_dense" in row and "27" in row
    assert nested[-3:] == flat[-3:]


def test_models_are_found_by_name_wherever_layers_are_deserialized():
    """kerasedu.models registers its classes with kerasedu.layers.serialization, so a layer
    (a wrapper) and a config can hold a model although the layers floor never imports it."""
    inner = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2, name="d")], name="inner")
    x = keras.Input(shape=(5, 3))
    outer = keras.Model(x, layers.TimeDistributed(inner, name="per_step")(x), name="outer")
    rebuilt = layers.deserialize(layers.serialize(outer))
    assert type(rebuilt) is keras.models.Functional
    wrapped = rebuilt.get_layer("per_step").layer
    assert type(wrapped) is keras.Sequential and [l.name for l in wrapped.layers] == ["d"]
    rebuilt.set_weights(outer.get_weights())
    data = np.arange(30.0).reshape(2, 5, 3)
    assert np.allclose(rebuilt(data).numpy(), outer(data).numpy())
    keras2 = layers.deserialize({"class_name": "Model", "config": outer.get_config()})
    assert type(keras2) is keras.models.Functional and keras2.output_shape == (None, 5, 2)
    with pytest.raises(ValueError, match="Unknown layer: 'Nowhere'"):
        layers.deserialize({"class_name": "Nowhere", "config": {}})


def test_model_of_inputs_and_outputs_is_functional_and_subclasses_rebuild_as_themselves():
    x = keras.Input(shape=(2,))
    y = layers.Dense(1)(x)
    assert type(keras.Model(x, y)) is keras.models.Functional
    assert type(keras.Model(inputs=x, outputs=y)) is keras.models.Functional

    class Mine(keras.models.Functional):
        pass

    mine = Mine(x, y, name="mine")
    again = Mine.from_config(mine.get_config())
    assert type(again) is Mine and again.name == "mine"
    assert type(keras.Model.from_config(mine.get_config())) is keras.models.Functional
