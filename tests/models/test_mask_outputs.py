"""A functional model may output a symbolic mask (Keras's ``get_keras_mask(x)``): the output
of the operations the layer's compute_mask recorded, computed when the model runs, and saved
and loaded with the model."""

import re

import numpy as np
from kerasedu import Input, Model, layers
from kerasedu.models import load_model

TOKENS = np.array([[3, 1, 0, 0], [2, 0, 0, 0]])


def test_a_model_outputs_the_mask_of_a_layers_output():
    tokens = Input((4,), dtype="int32")
    vectors = layers.Embedding(5, 2, mask_zero=True)(tokens)
    summed = layers.GlobalAveragePooling1D()(vectors)
    model = Model(tokens, [summed, vectors._keras_mask])
    value, mask = model(TOKENS)
    np.testing.assert_array_equal(np.asarray(mask), TOKENS != 0)
    assert value.shape == (2, 2)
    # automatic names count the layers made before: compare them without the count
    assert [re.sub(r"_\d+", "", name) for name in model.output_names] == \
        ["global_average_pooling1d", "not_equal"]
    assert model.compute_output_shape((None, 4)) == [(None, 2), (None, 4)]
    predicted = model.predict(TOKENS, verbose=0)
    np.testing.assert_array_equal(predicted[1], TOKENS != 0)
    lines = []
    model.summary(print_fn=lines.append)
    assert any("Embedding" in line for line in lines)


def test_keras_concatenate_mask_example():
    first, second = Input((4, 2)), Input((4, 2))
    joined = layers.Concatenate(axis=1)([layers.Masking()(first), second])
    model = Model([first, second], joined._keras_mask)
    x1 = np.array([[[0, 0], [1, 2], [0, 0], [3, 4]]], "float32")
    x2 = np.array([[[0, 0], [0, 0], [1, 2], [3, 4]]], "float32")
    np.testing.assert_array_equal(np.asarray(model([x1, x2])), [[0, 1, 0, 1, 1, 1, 1, 1]])


def test_a_model_that_outputs_a_mask_saves_and_loads(tmp_path):
    tokens = Input((4,), dtype="int32")
    vectors = layers.Embedding(5, 2, mask_zero=True)(tokens)
    model = Model(tokens, [vectors, vectors._keras_mask])
    model.save(tmp_path / "mask.keras")
    loaded = load_model(tmp_path / "mask.keras")
    for mine, theirs in zip(model(TOKENS), loaded(TOKENS), strict=True):
        np.testing.assert_array_equal(mine.numpy(), theirs.numpy())
    np.testing.assert_array_equal(loaded(TOKENS)[1].numpy(), TOKENS != 0)
