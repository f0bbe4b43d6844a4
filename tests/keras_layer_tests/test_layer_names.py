"""Every public ``keras.layers`` name is in ``kerasedu.layers``, or on the list of omissions."""

import keras
import kerasedu

from keras_layer_tests.omissions import OMITTED_LAYERS


def keras_layer_names():
    return sorted(name for name in dir(keras.layers) if not name.startswith("_"))


def test_every_keras_layer_name_is_in_kerasedu_or_listed_as_omitted():
    missing = [name for name in keras_layer_names()
               if not hasattr(kerasedu.layers, name) and name not in OMITTED_LAYERS]
    assert missing == [], (
        f"keras.layers names that kerasedu.layers lacks: {missing}. Add them to kerasedu, or "
        f"to OMITTED_LAYERS in omissions.py with the reason.")


def test_the_omissions_are_keras_names_that_kerasedu_lacks():
    names = set(keras_layer_names())
    assert sorted(name for name in OMITTED_LAYERS if name not in names) == []
    assert sorted(name for name in OMITTED_LAYERS if hasattr(kerasedu.layers, name)) == []


def test_a_layer_kerasedu_has_is_the_class_keras_names():
    for name in keras_layer_names():
        if name in OMITTED_LAYERS:
            continue
        ours, theirs = getattr(kerasedu.layers, name), getattr(keras.layers, name)
        assert callable(ours), name
        if isinstance(theirs, type):
            assert isinstance(ours, type), f"kerasedu.layers.{name} should be a class"
