"""A functional model may output a symbolic mask (Keras's ``get_keras_mask(x)``): the mask of
a layer's output, read off that output's value when the model runs."""

import re

import numpy as np
import pytest

from kerasedu import Input, Model, layers

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
        ["global_average_pooling1d", "embedding_mask"]
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


def test_saving_a_mask_output_says_what_to_do_instead(tmp_path):
    tokens = Input((4,), dtype="int32")
    vectors = layers.Embedding(5, 2, mask_zero=True)(tokens)
    model = Model(tokens, vectors._keras_mask)
    with pytest.raises(ValueError, match="the mask of .*Lambda"):
        model.save(tmp_path / "mask.keras")
    assert not (tmp_path / "mask.keras").exists()
