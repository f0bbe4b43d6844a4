"""float64 gradient checks through every core layer (inputs and weights)."""

import numpy as np
import pytest

from kerasedu import layers
from kerasedu.backend.gradcheck import assert_gradients_match

rng = np.random.default_rng(0)


def _through(make_layer, input_shape, weight_count=0, training=None):
    """A function of (input, *weights) that runs a fresh float64 layer with those weights."""
    def run(x, *weights):
        layer = make_layer()
        kwargs = {} if training is None else {"training": training}
        if weights:
            layer.build(input_shape)
            for variable, value in zip(layer.weights, weights):
                variable.value = value.value
            return _forward_with(layer, x, weights, kwargs)
        return layer(x, **kwargs)
    return run


def _forward_with(layer, x, weights, kwargs):
    # Swap the layer's Variables for the checked ones so that gradients reach them.
    for name in ("kernel", "bias"):
        if hasattr(layer, name) and getattr(layer, name) is not None:
            index = [w.name for w in layer.weights].index(name)
            object.__setattr__(layer, name, weights[index])
    return layer(x, **kwargs)


def test_dense_gradients_reach_input_kernel_and_bias():
    make = lambda: layers.Dense(3, activation="tanh", dtype="float64")  # noqa: E731
    x, kernel, bias = rng.normal(size=(4, 5)), rng.normal(size=(5, 3)), rng.normal(size=3)
    assert_gradients_match(_through(make, (4, 5), 2), x, kernel, bias)


def test_dense_on_rank3_inputs():
    make = lambda: layers.Dense(2, dtype="float64")  # noqa: E731
    assert_gradients_match(_through(make, (2, 3, 4), 2), rng.normal(size=(2, 3, 4)),
                           rng.normal(size=(4, 2)), rng.normal(size=2))


LAYERS = {
    "activation_softmax": (lambda: layers.Activation("softmax", dtype="float64"), (3, 4), None),
    "activation_selu": (lambda: layers.Activation("selu", dtype="float64"), (3, 4), None),
    "dropout_training": (lambda: layers.Dropout(0.5, seed=3, dtype="float64"), (3, 4), True),
    "dropout_inference": (lambda: layers.Dropout(0.5, dtype="float64"), (3, 4), False),
    "flatten": (lambda: layers.Flatten(dtype="float64"), (2, 3, 2), None),
    "flatten_channels_first": (lambda: layers.Flatten("channels_first", dtype="float64"),
                               (2, 3, 2), None),
    "reshape": (lambda: layers.Reshape((3, -1), dtype="float64"), (2, 6), None),
    "permute": (lambda: layers.Permute((2, 1), dtype="float64"), (2, 3, 4), None),
    "repeat_vector": (lambda: layers.RepeatVector(3, dtype="float64"), (2, 4), None),
    "lambda": (lambda: layers.Lambda(lambda t: t * t, dtype="float64"), (2, 3), None),
    "activity_regularization": (lambda: layers.ActivityRegularization(0.1, 0.1,
                                                                      dtype="float64"),
                                (2, 3), None),
    "masking": (lambda: layers.Masking(dtype="float64"), (2, 3, 2), None),
    "spatial_dropout1d": (lambda: layers.SpatialDropout1D(0.5, seed=2, dtype="float64"),
                          (2, 3, 4), True),
    "spatial_dropout2d": (lambda: layers.SpatialDropout2D(0.5, seed=2, dtype="float64"),
                          (2, 2, 2, 3), True),
    "spatial_dropout3d": (lambda: layers.SpatialDropout3D(0.5, seed=2, dtype="float64"),
                          (1, 2, 2, 2, 3), True),
}


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_weightless_core_layers(name):
    make, shape, training = LAYERS[name]
    assert_gradients_match(_through(make, shape, training=training), rng.normal(size=shape))


def test_activity_regularization_loss_gradient():
    from kerasedu import ops

    def penalty(x):
        layer = layers.ActivityRegularization(l1=0.3, l2=0.2, dtype="float64")
        layer(x)
        return ops.sum(ops.stack(layer.losses))
    assert_gradients_match(penalty, rng.normal(size=(3, 4)))
