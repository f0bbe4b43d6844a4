"""A functional model built from a dict of inputs takes a dict by those keys, as Keras 3 does
(the Inputs themselves unnamed), in calls, predict, fit and after saving; by the inputs' names
otherwise; and a dict missing a key is refused with the keys expected."""

import numpy as np
import pytest

import kerasedu as keras


def _model():
    left, right = keras.Input((2,)), keras.Input((3,))
    return keras.Model({"left": left, "right": right},
                       keras.layers.Concatenate()([left, right]))


DATA = {"right": np.array([[7.0, 8.0, 9.0]]), "left": np.array([[1.0, 2.0]])}


def test_a_dict_reaches_the_inputs_by_the_keys_the_model_was_built_from(tmp_path):
    model = _model()
    expected = [[1.0, 2.0, 7.0, 8.0, 9.0]]          # left first: Concatenate([left, right])
    np.testing.assert_array_equal(model(DATA).numpy(), expected)
    np.testing.assert_array_equal(model.predict(DATA, verbose=0), expected)
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(DATA, np.zeros((1, 5)), verbose=0)
    assert history.history["loss"][0] == pytest.approx(np.mean(np.square(expected)))
    model.save(tmp_path / "m.keras")
    reloaded = keras.saving.load_model(tmp_path / "m.keras")
    np.testing.assert_array_equal(reloaded.predict(DATA, verbose=0), expected)


def test_inputs_given_as_a_list_are_found_in_a_dict_by_name():
    left, right = keras.Input((2,), name="left"), keras.Input((3,), name="right")
    model = keras.Model([left, right], keras.layers.Concatenate()([left, right]))
    np.testing.assert_array_equal(model(DATA).numpy(), [[1.0, 2.0, 7.0, 8.0, 9.0]])


def test_a_dict_missing_a_key_is_refused_naming_the_keys():
    with pytest.raises(ValueError, match=r"missing \['right'\].*keys \['left'\]"):
        _model()({"left": DATA["left"]})
