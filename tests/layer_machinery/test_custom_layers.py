"""Custom layers written exactly as the seed notes write them."""

import numpy as np
import pytest

import kerasedu as keras
from kerasedu import backend as K
from kerasedu import layers
from kerasedu.backend import config, gradients
from kerasedu.engine.topology import Layer
from kerasedu.models import Model, Sequential


@pytest.fixture(autouse=True)
def fresh_names():
    """Default names ('my_layer', 'my_layer_1', ...) count from zero in each test."""
    config.clear_session()


class MyLayer(Layer):
    """The Keras 2 documentation's custom layer, as the seed notes copy it."""

    def __init__(self, output_dim, **kwargs):
        self.output_dim = output_dim
        super(MyLayer, self).__init__(**kwargs)

    def build(self, input_shape):
        self.kernel = self.add_weight(name='kernel', shape=(input_shape[1], self.output_dim),
                                      initializer='uniform', trainable=True)
        super(MyLayer, self).build(input_shape)

    def call(self, x):
        return K.dot(x, self.kernel)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.output_dim)


def test_my_layer_eager_symbolic_and_in_models():
    layer = MyLayer(3)
    assert layer.weights == [] and not layer.built
    x = np.arange(8.0).reshape(2, 4)
    y = layer(x)
    assert layer.built and layer.kernel.shape == (4, 3)
    assert np.allclose(y.numpy(), x @ layer.kernel.numpy(), atol=1e-6)
    assert layer.kernel.path == "my_layer/kernel" and layer.kernel.name == "kernel"
    assert np.abs(layer.kernel.numpy()).max() <= 0.05  # 'uniform' is U(-0.05, 0.05)

    inputs = keras.Input(shape=(4,))
    outputs = MyLayer(2)(inputs)
    assert outputs.shape == (None, 2)
    model = Model(inputs, outputs)
    assert model(x).shape == (2, 2)

    seq = Sequential([MyLayer(5, input_shape=(4,)), layers.Dense(1)])
    assert seq.output_shape == (None, 1) and len(seq.weights) == 3


def test_custom_layer_trains_with_no_backward_code():
    layer = MyLayer(1)
    x = np.random.default_rng(0).normal(size=(16, 3)).astype("float32")
    target = x @ np.array([[1.0], [-2.0], [0.5]], dtype="float32")
    for _ in range(300):
        loss = keras.ops.mean(keras.ops.square(layer(x) - target))
        grad, = gradients(loss, layer.trainable_weights)
        layer.kernel.assign(layer.kernel.numpy() - 0.1 * grad)
    assert np.allclose(layer.kernel.numpy().ravel(), [1.0, -2.0, 0.5], atol=1e-3)


def test_keras3_add_weight_style_and_weight_kinds():
    class Counter(keras.layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight((input_shape[-1], 2), "ones", name="w")
            self.count = self.add_weight(shape=(), initializer="zeros", trainable=False,
                                         name="count")
            self.scale = self.add_weight(shape=(1,), initializer="ones",
                                         regularizer=keras.regularizers.l2(0.5),
                                         constraint=keras.constraints.non_neg(), name="scale")

        def call(self, x):
            self.count.assign_add(1.0)
            self.add_loss(keras.ops.sum(x) * 0.0 + 1.5)
            return keras.ops.matmul(x, self.w) * self.scale

    layer = Counter()
    layer(np.ones((2, 3)))
    layer(np.ones((2, 3)))
    assert [w.name for w in layer.weights] == ["w", "scale", "count"]
    assert [w.name for w in layer.trainable_weights] == ["w", "scale"]
    assert [w.name for w in layer.non_trainable_weights] == ["count"]
    assert float(layer.count.numpy()) == 2.0
    losses = [float(l.numpy()) for l in layer.losses]
    assert losses == [1.5, 0.5]          # the call's add_loss, then 0.5 · scale²
    layer.trainable = False
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 3


def test_keras2_trainable_weights_assignment_pattern():
    class Old(Layer):
        def build(self, input_shape):
            self.W = K.variable(np.ones((input_shape[-1], 2)))
            self.trainable_weights = [self.W]

        def call(self, x):
            return K.dot(x, self.W)

    layer = Old()
    assert layer(np.ones((1, 3))).numpy().tolist() == [[3.0, 3.0]]
    assert len(layer.trainable_weights) == 1


def test_shape_disagreement_names_layer_shapes_and_method():
    class Wrong(Layer):
        def call(self, x):
            return keras.ops.concatenate([x, x], axis=-1)

        def compute_output_shape(self, input_shape):
            return input_shape

    with pytest.raises(ValueError) as info:
        Wrong(name="wrong")(np.ones((2, 3)))
    message = str(info.value)
    for fact in ("'wrong'", "(2, 3)", "(2, 6)", "compute_output_shape"):
        assert fact in message


def test_symbolic_shape_is_traced_without_compute_output_shape():
    class Pairs(Layer):
        def call(self, x):
            return keras.ops.reshape(x, (-1, x.shape[1] // 2, 2))

    out = Pairs()(keras.Input(shape=(6,)))
    assert out.shape == (None, 3, 2)
    seq = keras.Input(shape=(None, 4))
    assert layers.Lambda(lambda t: t[:, :, :2])(seq).shape == (None, None, 2)


def test_get_config_round_trip_and_automatic_config():
    layer = MyLayer(7, name="mine")
    config = layer.get_config()
    assert config == {"name": "mine", "trainable": True, "output_dim": 7,
                      "dtype": {"module": "keras", "class_name": "DTypePolicy",
                                "config": {"name": "float32"}, "registered_name": None}}
    clone = MyLayer.from_config(config)
    assert clone.output_dim == 7 and clone.name == "mine"

    class WithConfig(Layer):
        def __init__(self, units, activation="relu", **kwargs):
            super().__init__(**kwargs)
            self.units, self.activation = units, keras.activations.get(activation)

        def get_config(self):
            return {**super().get_config(), "units": self.units,
                    "activation": keras.activations.serialize(self.activation)}

    restored = layers.deserialize(
        {"class_name": "WithConfig", "config": WithConfig(3).get_config()},
        custom_objects={"WithConfig": WithConfig})
    assert restored.units == 3 and restored.activation is keras.activations.relu


def test_training_flag_reaches_only_layers_that_declare_it():
    seen = []

    class Probe(Layer):
        def call(self, x, training=None):
            seen.append(training)
            return x

    class Plain(Layer):
        def call(self, x):
            return x

    model = Sequential([keras.Input(shape=(3,)), Plain(), Probe(), layers.Dropout(0.5)])
    seen.clear()  # building traced Probe.call to find its output shape
    model(np.ones((2, 3)), training=True)
    model(np.ones((2, 3)))
    assert seen == [True, None]
    out = model(np.ones((1000, 4)), training=True).numpy()
    assert set(np.unique(out)) == {0.0, 2.0}


def test_subclassing_a_builtin_layer():
    class ScaledDense(layers.Dense):
        def call(self, inputs):
            return super().call(inputs) * 2.0

    layer = ScaledDense(2, kernel_initializer="ones")
    assert layer(np.ones((1, 3))).numpy().tolist() == [[6.0, 6.0]]
    assert layer.name == "scaled_dense"


def test_tracing_a_layer_leaves_its_state_unchanged():
    class Counting(Layer):
        def build(self, input_shape):
            self.calls = self.add_weight(shape=(), initializer="zeros", trainable=False,
                                         name="calls")

        def call(self, x):
            self.calls.assign_add(1.0)
            return x * 2

    layer = Counting()
    assert layer(keras.Input(shape=(3,))).shape == (None, 3)
    assert float(layer.calls.numpy()) == 0.0
    layer(np.ones((1, 3)))
    assert float(layer.calls.numpy()) == 1.0
