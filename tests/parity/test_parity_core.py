"""Core layers against real Keras 3: outputs with the same weights, weight layout, get_config
keys and summary parameter counts."""

import numpy as np
import pytest

import kerasedu
from kerasedu import layers as ours

pytestmark = pytest.mark.parity

rng = np.random.default_rng(0)

CASES = {
    # name: (constructor arguments, input shape)
    "Dense": (dict(units=4, activation="tanh"), (3, 5)),
    "Dense_rank3": (dict(units=2, use_bias=False), (2, 3, 4)),
    "Activation": (dict(activation="softmax"), (3, 4)),
    "Dropout": (dict(rate=0.4, seed=1), (3, 4)),
    "Flatten": (dict(), (2, 3, 4)),
    "Reshape": (dict(target_shape=(-1, 4)), (2, 3, 8)),
    "Permute": (dict(dims=(2, 1)), (2, 10, 6)),
    "RepeatVector": (dict(n=3), (2, 5)),
    "ActivityRegularization": (dict(l1=0.1, l2=0.2), (2, 3)),
    "Masking": (dict(mask_value=0.0), (2, 4, 3)),
    "SpatialDropout1D": (dict(rate=0.2), (2, 4, 3)),
    "SpatialDropout2D": (dict(rate=0.2), (2, 4, 4, 3)),
    "SpatialDropout3D": (dict(rate=0.2), (2, 3, 3, 3, 2)),
}


def _class_name(case):
    return case.split("_")[0]


@pytest.mark.parametrize("case", sorted(CASES))
def test_core_layer_matches_keras(case, keras):
    kwargs, shape = CASES[case]
    name = _class_name(case)
    x = rng.normal(size=shape).astype("float32")
    if name == "Masking":
        x[0, 1] = 0.0
    theirs = getattr(keras.layers, name)(**kwargs)
    mine = getattr(ours, name)(**kwargs)
    expected = np.asarray(theirs(x))
    mine.build(shape)
    assert [tuple(w.shape) for w in mine.weights] == [tuple(w.shape) for w in theirs.weights]
    assert [w.name for w in mine.weights] == [w.name for w in theirs.weights]
    mine.set_weights([np.asarray(w) for w in theirs.get_weights()])
    got = mine(x).numpy()
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
    assert set(mine.get_config()) <= set(theirs.get_config()) | {"activity_regularizer"}
    assert set(theirs.get_config()) - set(mine.get_config()) <= {"quantization_config",
                                                                  "lora_rank", "lora_alpha"}
    assert mine.count_params() == theirs.count_params()


def test_masking_mask_matches_keras(keras):
    x = rng.normal(size=(2, 4, 3)).astype("float32")
    x[1, 2] = 0.0
    theirs = np.asarray(keras.layers.Masking().compute_mask(x))
    mine = ours.Masking()(x)._keras_mask.numpy()
    assert np.array_equal(mine, theirs)


def test_activity_regularization_loss_matches_keras(keras):
    x = rng.normal(size=(4, 3)).astype("float32")
    theirs = keras.layers.ActivityRegularization(l1=0.1, l2=0.2)
    theirs(x)
    mine = ours.ActivityRegularization(l1=0.1, l2=0.2)
    mine(x)
    assert np.isclose(float(mine.losses[0].numpy()), float(np.asarray(theirs.losses[0])),
                      rtol=1e-5)


def test_lambda_with_arguments_matches_keras(keras):
    x = rng.normal(size=(2, 3)).astype("float32")
    theirs = keras.layers.Lambda(lambda t, k: t * k, arguments={"k": 3.0})(x)
    mine = ours.Lambda(lambda t, k: t * k, arguments={"k": 3.0})(x)
    np.testing.assert_allclose(mine.numpy(), np.asarray(theirs))


def _summary_params(model):
    return [layer.count_params() for layer in model.layers]


def test_summary_parameter_counts_match_keras(keras):
    def build(module, layers_module):
        return module.Sequential([
            module.Input(shape=(12,)),
            layers_module.Dense(8, activation="relu"),
            layers_module.Dropout(0.5),
            layers_module.Dense(6),
            layers_module.Reshape((3, 2)),
            layers_module.Permute((2, 1)),
            layers_module.Flatten(),
            layers_module.RepeatVector(2),
            layers_module.Dense(5),
        ])
    theirs, mine = build(keras, keras.layers), build(kerasedu, ours)
    assert _summary_params(mine) == _summary_params(theirs)
    assert mine.count_params() == theirs.count_params()
    assert [l.output.shape for l in mine.layers] == [tuple(l.output.shape)
                                                     for l in theirs.layers]


def test_sequential_and_functional_outputs_match_keras(keras):
    x = rng.normal(size=(4, 6)).astype("float32")
    theirs = keras.Sequential([keras.Input(shape=(6,)), keras.layers.Dense(5, activation="relu"),
                               keras.layers.Dense(2, activation="softmax")])
    mine = kerasedu.Sequential([kerasedu.Input(shape=(6,)), ours.Dense(5, activation="relu"),
                                ours.Dense(2, activation="softmax")])
    mine.set_weights(theirs.get_weights())
    np.testing.assert_allclose(mine(x).numpy(), np.asarray(theirs(x)), rtol=1e-5, atol=1e-6)
