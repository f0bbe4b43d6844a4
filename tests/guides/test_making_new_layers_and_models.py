"""keras.io guide "Making new layers and models via subclassing", every snippet."""

import numpy as np
import pytest

import kerasedu as keras
from kerasedu import layers, ops


class Linear(keras.layers.Layer):
    def __init__(self, units=32, input_dim=32):
        super().__init__()
        self.w = self.add_weight(shape=(input_dim, units), initializer="random_normal",
                                 trainable=True)
        self.b = self.add_weight(shape=(units,), initializer="zeros", trainable=True)

    def call(self, inputs):
        return ops.matmul(inputs, self.w) + self.b


class LazyLinear(keras.layers.Layer):
    def __init__(self, units=32, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units),
                                 initializer="random_normal", trainable=True)
        self.b = self.add_weight(shape=(self.units,), initializer="random_normal",
                                 trainable=True)

    def call(self, inputs):
        return ops.matmul(inputs, self.w) + self.b

    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units})
        return config


def test_a_layer_holds_state_and_computation():
    x = ops.ones((2, 2))
    linear_layer = Linear(4, 2)
    y = linear_layer(x)
    assert tuple(y.shape) == (2, 4)
    assert linear_layer.weights == [linear_layer.w, linear_layer.b]
    # Unnamed weights are numbered as Keras numbers them.
    assert [w.name for w in linear_layer.weights] == ["variable", "variable_1"]
    assert [w.path for w in linear_layer.weights] == ["linear/variable", "linear/variable_1"]


def test_non_trainable_weights():
    class ComputeSum(keras.layers.Layer):
        def __init__(self, input_dim):
            super().__init__()
            self.total = self.add_weight(initializer="zeros", shape=(input_dim,),
                                         trainable=False)

        def call(self, inputs):
            self.total.assign_add(ops.sum(inputs, axis=0))
            return self.total

    x = ops.ones((2, 2))
    my_sum = ComputeSum(2)
    np.testing.assert_array_equal(my_sum(x).numpy(), [2.0, 2.0])      # the guide prints
    np.testing.assert_array_equal(my_sum(x).numpy(), [4.0, 4.0])
    assert len(my_sum.weights) == 1 and len(my_sum.non_trainable_weights) == 1
    assert my_sum.trainable_weights == []


def test_weights_created_lazily_in_build_and_nested_layers():
    linear_layer = LazyLinear(32)
    assert linear_layer.weights == []
    linear_layer(ops.ones((2, 2)))
    assert [tuple(w.shape) for w in linear_layer.weights] == [(2, 32), (32,)]

    class MLPBlock(keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.linear_1 = LazyLinear(32)
            self.linear_2 = LazyLinear(32)
            self.linear_3 = LazyLinear(1)

        def call(self, inputs):
            x = self.linear_1(inputs)
            x = keras.activations.relu(x)
            x = self.linear_2(x)
            x = keras.activations.relu(x)
            return self.linear_3(x)

    mlp = MLPBlock()
    y = mlp(ops.ones(shape=(3, 64)))
    assert tuple(y.shape) == (3, 1)
    assert len(mlp.weights) == 6 and len(mlp.trainable_weights) == 6   # the guide prints 6, 6
    first = mlp.weights[0]
    assert first.path == f"mlp_block/{mlp.linear_1.name}/{first.name}"


class ActivityRegularizationLayer(keras.layers.Layer):
    def __init__(self, rate=1e-2):
        super().__init__()
        self.rate = rate

    def call(self, inputs):
        self.add_loss(self.rate * ops.mean(inputs))
        return inputs


def test_add_loss_collects_losses_of_the_last_call():
    class OuterLayer(keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.activity_reg = ActivityRegularizationLayer(1e-2)

        def call(self, inputs):
            return self.activity_reg(inputs)

    layer = OuterLayer()
    assert len(layer.losses) == 0
    _ = layer(ops.zeros((1, 1)))
    assert len(layer.losses) == 1
    _ = layer(ops.zeros((1, 1)))
    assert len(layer.losses) == 1

    class OuterLayerWithKernelRegularizer(keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.dense = keras.layers.Dense(32, kernel_regularizer=keras.regularizers.l2(1e-3))

        def call(self, inputs):
            return self.dense(inputs)

    layer = OuterLayerWithKernelRegularizer()
    _ = layer(ops.zeros((1, 1)))
    (penalty,) = layer.losses
    np.testing.assert_allclose(penalty.numpy(),
                               1e-3 * np.sum(layer.dense.kernel.numpy() ** 2), rtol=1e-5)


def test_added_losses_train_with_fit_with_or_without_a_compiled_loss():
    inputs = keras.Input(shape=(3,))
    outputs = ActivityRegularizationLayer()(inputs)
    model = keras.Model(inputs, outputs)
    x, y = np.random.random((2, 3)), np.random.random((2, 3))
    model.compile(optimizer="adam", loss="mse")
    history = model.fit(x, y, verbose=0)
    expected = np.mean((x - y) ** 2) + 1e-2 * np.mean(x)
    np.testing.assert_allclose(history.history["loss"], [expected], rtol=1e-5)
    model.compile(optimizer="adam")                       # no loss: the added one alone
    history = model.fit(x, y, verbose=0)
    np.testing.assert_allclose(history.history["loss"], [1e-2 * np.mean(x)], rtol=1e-5)


def test_layers_serialize_through_their_config():
    class Linear(keras.layers.Layer):
        def __init__(self, units=32):
            super().__init__()
            self.units = units

        def get_config(self):
            return {"units": self.units}

    layer = Linear(64)
    config = layer.get_config()
    assert config == {"units": 64}                        # the guide prints it
    assert Linear.from_config(config).units == 64
    layer = LazyLinear(64)
    config = layer.get_config()
    assert config["units"] == 64 and config["name"] == "lazy_linear"
    assert {"name", "trainable", "dtype", "units"} <= set(config)
    new_layer = LazyLinear.from_config(config)
    assert new_layer.units == 64 and new_layer.name == "lazy_linear"


def test_the_training_argument_reaches_call():
    class CustomDropout(keras.layers.Layer):
        def __init__(self, rate, **kwargs):
            super().__init__(**kwargs)
            self.rate = rate
            self.seed_generator = keras.random.SeedGenerator(1337)

        def call(self, inputs, training=None):
            if training:
                return keras.random.dropout(inputs, rate=self.rate, seed=self.seed_generator)
            return inputs

    layer = CustomDropout(0.5)
    x = np.ones((4, 100), "float32")
    np.testing.assert_array_equal(layer(x).numpy(), x)
    dropped = layer(x, training=True).numpy()
    assert set(np.unique(dropped)) == {0.0, 2.0}
    model = keras.Sequential([keras.Input((100,)), layer])
    model.compile(optimizer="sgd", loss="mse")
    np.testing.assert_array_equal(model.predict(x, verbose=0), x)


class Sampling(layers.Layer):
    """Uses (z_mean, z_log_var) to sample z, the vector encoding a digit."""

    def call(self, inputs):
        z_mean, z_log_var = inputs
        batch = ops.shape(z_mean)[0]
        dim = ops.shape(z_mean)[1]
        epsilon = keras.random.normal(shape=(batch, dim))
        return z_mean + ops.exp(0.5 * z_log_var) * epsilon


class Encoder(layers.Layer):
    def __init__(self, latent_dim=32, intermediate_dim=64, name="encoder", **kwargs):
        super().__init__(name=name, **kwargs)
        self.dense_proj = layers.Dense(intermediate_dim, activation="relu")
        self.dense_mean = layers.Dense(latent_dim)
        self.dense_log_var = layers.Dense(latent_dim)
        self.sampling = Sampling()

    def call(self, inputs):
        x = self.dense_proj(inputs)
        z_mean = self.dense_mean(x)
        z_log_var = self.dense_log_var(x)
        z = self.sampling((z_mean, z_log_var))
        return z_mean, z_log_var, z


class Decoder(layers.Layer):
    def __init__(self, original_dim, intermediate_dim=64, name="decoder", **kwargs):
        super().__init__(name=name, **kwargs)
        self.dense_proj = layers.Dense(intermediate_dim, activation="relu")
        self.dense_output = layers.Dense(original_dim, activation="sigmoid")

    def call(self, inputs):
        return self.dense_output(self.dense_proj(inputs))


class VariationalAutoEncoder(keras.Model):
    def __init__(self, original_dim, intermediate_dim=64, latent_dim=32, name="autoencoder",
                 **kwargs):
        super().__init__(name=name, **kwargs)
        self.original_dim = original_dim
        self.encoder = Encoder(latent_dim=latent_dim, intermediate_dim=intermediate_dim)
        self.decoder = Decoder(original_dim, intermediate_dim=intermediate_dim)

    def call(self, inputs):
        z_mean, z_log_var, z = self.encoder(inputs)
        reconstructed = self.decoder(z)
        kl_loss = -0.5 * ops.mean(z_log_var - ops.square(z_mean) - ops.exp(z_log_var) + 1)
        self.add_loss(kl_loss)
        return reconstructed


def test_an_end_to_end_variational_autoencoder():
    x_train = np.random.default_rng(0).random((128, 784)).astype("float32")
    vae = VariationalAutoEncoder(784, 64, 32)
    optimizer = keras.optimizers.Adam(learning_rate=1e-3)
    vae.compile(optimizer, loss=keras.losses.MeanSquaredError())
    history = vae.fit(x_train, x_train, epochs=2, batch_size=64, verbose=0)
    assert list(history.history) == ["loss"]
    assert history.history["loss"][1] < history.history["loss"][0]
    assert [w.path for w in vae.weights][:2] == ["autoencoder/encoder/dense/kernel",
                                                 "autoencoder/encoder/dense/bias"]
    (kl,) = vae.losses
    assert float(kl.numpy()) > 0


@pytest.mark.parity
def test_weight_paths_of_nested_subclassed_layers_match_keras(keras):
    def build(lib):
        class Block(lib.layers.Layer):
            def __init__(self):
                super().__init__()
                self.inner = lib.layers.Dense(3)
                self.scale = self.add_weight(shape=(3,), initializer="ones")

            def call(self, x):
                return self.inner(x) * self.scale

        class Net(lib.Model):
            def __init__(self):
                super().__init__()
                self.block = Block()
                self.head = lib.layers.Dense(1)

            def call(self, x):
                return self.head(self.block(x))

        net = Net()
        net(np.ones((2, 4), "float32"))
        return [(w.name, w.path) for w in net.weights]

    keras.utils.clear_session()
    theirs = build(keras)
    kerasedu_module = __import__("kerasedu")
    kerasedu_module.utils.clear_session()
    assert build(kerasedu_module) == theirs
