"""keras.io guide "The Sequential model", every snippet."""

import numpy as np
import pytest

import kerasedu as keras
from kerasedu import layers, ops

from guide_helpers import assert_same_summary, on_both, summary_text, weight_facts


def test_a_sequential_model_is_a_chain_of_layer_calls():
    model = keras.Sequential([layers.Dense(2, activation="relu", name="layer1"),
                              layers.Dense(3, activation="relu", name="layer2"),
                              layers.Dense(4, name="layer3")])
    x = ops.ones((3, 3))
    y = model(x)
    layer1 = layers.Dense(2, activation="relu", name="layer1")
    layer2 = layers.Dense(3, activation="relu", name="layer2")
    layer3 = layers.Dense(4, name="layer3")
    y2 = layer3(layer2(layer1(x)))
    assert tuple(y.shape) == tuple(y2.shape) == (3, 4)
    for layer, twin in zip(model.layers, (layer1, layer2, layer3)):
        twin.set_weights(layer.get_weights())
    np.testing.assert_allclose(layer3(layer2(layer1(x))).numpy(), y.numpy(), rtol=1e-6)


def test_layers_attribute_add_and_pop():
    model = keras.Sequential([layers.Dense(2, activation="relu"),
                              layers.Dense(3, activation="relu"), layers.Dense(4)])
    assert [repr(layer) for layer in model.layers] == [
        "<Dense name=dense, built=False>", "<Dense name=dense_1, built=False>",
        "<Dense name=dense_2, built=False>"]
    model = keras.Sequential()
    model.add(layers.Dense(2, activation="relu"))
    model.add(layers.Dense(3, activation="relu"))
    model.add(layers.Dense(4))
    model.pop()
    assert len(model.layers) == 2                       # the guide prints 2
    model = keras.Sequential(name="my_sequential")
    model.add(layers.Dense(2, activation="relu", name="layer1"))
    assert model.name == "my_sequential"


def test_weights_are_created_on_the_first_call():
    layer = layers.Dense(3)
    assert layer.weights == []                          # the guide shows []
    y = layer(ops.ones((1, 4)))
    assert [(w.name, tuple(w.shape)) for w in layer.weights] == [("kernel", (4, 3)),
                                                                  ("bias", (3,))]
    model = keras.Sequential([layers.Dense(2, activation="relu"),
                              layers.Dense(3, activation="relu"), layers.Dense(4)])
    model(ops.ones((1, 4)))
    assert len(model.weights) == 6                      # the guide prints 6


@pytest.mark.parity
def test_summaries_match_keras(keras):
    def built_by_a_call(lib):
        model = lib.Sequential([lib.layers.Dense(2, activation="relu"),
                                lib.layers.Dense(3, activation="relu"), lib.layers.Dense(4)])
        model(np.ones((1, 4), "float32"))
        return model

    def with_an_input(lib):
        model = lib.Sequential()
        model.add(lib.Input(shape=(4,)))
        model.add(lib.layers.Dense(2, activation="relu"))
        return model

    def with_input_shape(lib):
        model = lib.Sequential()
        model.add(lib.layers.Dense(2, activation="relu", input_shape=(4,)))
        return model

    totals = []
    for snippet in (built_by_a_call, with_an_input, with_input_shape):
        ours, theirs = on_both(snippet, keras)
        assert_same_summary(ours, theirs)
        assert weight_facts(ours) == weight_facts(theirs)
        totals.append(summary_text(ours)[-3])
    # The guide: 35 parameters, then 10 and 10.
    assert totals == [" Total params: 35 (140.00 B)", " Total params: 10 (40.00 B)",
                      " Total params: 10 (40.00 B)"]


@pytest.mark.parity
def test_the_add_and_summary_debugging_workflow(keras):
    def first_part(lib):
        model = lib.Sequential()
        model.add(lib.Input(shape=(250, 250, 3)))
        model.add(lib.layers.Conv2D(32, 5, strides=2, activation="relu"))
        model.add(lib.layers.Conv2D(32, 3, activation="relu"))
        model.add(lib.layers.MaxPooling2D(3))
        return model

    def second_part(lib):
        model = first_part(lib)
        for _ in range(2):
            model.add(lib.layers.Conv2D(32, 3, activation="relu"))
        model.add(lib.layers.MaxPooling2D(3))
        for _ in range(2):
            model.add(lib.layers.Conv2D(32, 3, activation="relu"))
        model.add(lib.layers.MaxPooling2D(2))
        return model

    ours, theirs = on_both(first_part, keras)
    assert_same_summary(ours, theirs)
    assert ours.output_shape == (None, 40, 40, 32)      # "The answer was: (40, 40, 32)"
    ours, theirs = on_both(second_part, keras)
    assert_same_summary(ours, theirs)
    assert ours.output_shape == (None, 4, 4, 32)        # "Now that we have 4x4 feature maps"
    assert ours.count_params() == 48_672
    ours.add(layers.GlobalMaxPooling2D())
    ours.add(layers.Dense(10))
    assert ours.output_shape == (None, 10)


def test_feature_extraction_from_a_sequential_model():
    initial_model = keras.Sequential([
        keras.Input(shape=(250, 250, 3)),
        layers.Conv2D(32, 5, strides=2, activation="relu"),
        layers.Conv2D(32, 3, activation="relu"),
        layers.Conv2D(32, 3, activation="relu"),
    ])
    feature_extractor = keras.Model(
        inputs=initial_model.inputs,
        outputs=[layer.output for layer in initial_model.layers])
    features = feature_extractor(ops.ones((1, 250, 250, 3)))
    assert [tuple(f.shape) for f in features] == [(1, 123, 123, 32), (1, 121, 121, 32),
                                                  (1, 119, 119, 32)]
    initial_model = keras.Sequential([
        keras.Input(shape=(250, 250, 3)),
        layers.Conv2D(32, 5, strides=2, activation="relu"),
        layers.Conv2D(32, 3, activation="relu", name="my_intermediate_layer"),
        layers.Conv2D(32, 3, activation="relu"),
    ])
    feature_extractor = keras.Model(
        inputs=initial_model.inputs,
        outputs=initial_model.get_layer(name="my_intermediate_layer").output)
    assert tuple(feature_extractor(ops.ones((1, 250, 250, 3))).shape) == (1, 121, 121, 32)


def test_transfer_learning_blueprint_freezes_all_but_the_last_layer():
    model = keras.Sequential([keras.Input(shape=(784,)),
                              layers.Dense(32, activation="relu"),
                              layers.Dense(32, activation="relu"),
                              layers.Dense(32, activation="relu"),
                              layers.Dense(10)])
    # Presumably you would first load pre-trained weights (model.load_weights(...)).
    model.set_weights([w + 0.01 for w in model.get_weights()])
    for layer in model.layers[:-1]:
        layer.trainable = False
    frozen = [w.numpy() for w in model.weights[:-2]]
    model.compile(optimizer="adam", loss="mse")
    model.fit(np.random.random((8, 784)), np.random.random((8, 10)), verbose=0)
    assert len(model.trainable_weights) == 2
    for before, after in zip(frozen, model.weights[:-2]):
        np.testing.assert_array_equal(before, after.numpy())
