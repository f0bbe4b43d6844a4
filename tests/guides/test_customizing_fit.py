"""keras.io guide "Customizing what happens in fit()" (its TensorFlow version, with kerasedu's
GradientTape for TensorFlow's and ``ops`` for ``tf.concat``, ``tf.shape``, ``tf.ones``), every
snippet, plus the same patterns for evaluate() and predict()."""

import numpy as np
import pytest

import kerasedu as keras
from kerasedu import layers, ops
from kerasedu.backend import GradientTape


def data(n=64, seed=0):
    rng = np.random.default_rng(seed)
    return rng.random((n, 32)).astype("float32"), rng.random((n, 1)).astype("float32")


class FirstCustomModel(keras.Model):
    steps = 0

    def train_step(self, data):
        x, y = data
        with GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(y=y, y_pred=y_pred)
        trainable_vars = self.trainable_variables
        gradients = tape.gradient(loss, trainable_vars)
        self.optimizer.apply(gradients, trainable_vars)
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred)
        type(self).steps += 1
        return {m.name: m.result() for m in self.metrics}


def test_a_first_simple_example_calls_the_custom_step():
    inputs = keras.Input(shape=(32,))
    outputs = keras.layers.Dense(1)(inputs)
    model = FirstCustomModel(inputs, outputs)
    assert isinstance(model, keras.models.Functional)
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    x, y = data()
    FirstCustomModel.steps = 0
    history = model.fit(x, y, epochs=3, batch_size=16, verbose=0)
    assert FirstCustomModel.steps == 12
    assert sorted(history.history) == ["loss", "mae"]
    assert [m.name for m in model.metrics] == ["loss", "compile_metrics"]
    mae = np.mean(np.abs(model.predict(x, verbose=0) - y))
    assert abs(history.history["mae"][-1] - mae) < 0.2


def test_the_custom_step_follows_the_same_path_as_the_built_in_one():
    """Same initial weights, same batches: the mean absolute error of every epoch agrees
    (the custom loop averages the loss over batches without weights, so only mae is equal)."""
    keras.utils.set_random_seed(0)
    inputs = keras.Input(shape=(32,))
    outputs = keras.layers.Dense(1)(inputs)
    custom, builtin = FirstCustomModel(inputs, outputs), keras.Model(inputs, outputs)
    weights = custom.get_weights()
    histories = []
    x, y = data(50)
    for model in (custom, builtin):
        model.set_weights(weights)
        model.compile(optimizer="adam", loss="mse", metrics=["mae"])
        histories.append(model.fit(x, y, epochs=3, batch_size=16, shuffle=False,
                                   verbose=0).history)
    np.testing.assert_allclose(histories[0]["mae"], histories[1]["mae"], rtol=1e-5)


def test_going_lower_level_with_our_own_metrics():
    class CustomModel(keras.Model):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.loss_tracker = keras.metrics.Mean(name="loss")
            self.mae_metric = keras.metrics.MeanAbsoluteError(name="mae")
            self.loss_fn = keras.losses.MeanSquaredError()

        def train_step(self, data):
            x, y = data
            with GradientTape() as tape:
                y_pred = self(x, training=True)
                loss = self.loss_fn(y, y_pred)
            trainable_vars = self.trainable_variables
            gradients = tape.gradient(loss, trainable_vars)
            self.optimizer.apply(gradients, trainable_vars)
            self.loss_tracker.update_state(loss)
            self.mae_metric.update_state(y, y_pred)
            return {"loss": self.loss_tracker.result(), "mae": self.mae_metric.result()}

        @property
        def metrics(self):
            return [self.loss_tracker, self.mae_metric]

    inputs = keras.Input(shape=(32,))
    outputs = keras.layers.Dense(1)(inputs)
    model = CustomModel(inputs, outputs)
    model.compile(optimizer="adam")
    x, y = data()
    history = model.fit(x, y, epochs=5, batch_size=32, verbose=0)
    assert sorted(history.history) == ["loss", "mae"] and len(history.history["loss"]) == 5
    # The trackers are reset at the start of each epoch: the last epoch's mae is that epoch's.
    assert model.mae_metric.count.numpy() == 64


def test_supporting_sample_weight_and_class_weight():
    class CustomModel(keras.Model):
        seen = []

        def train_step(self, data):
            if len(data) == 3:
                x, y, sample_weight = data
            else:
                sample_weight = None
                x, y = data
            type(self).seen.append(sample_weight is not None)
            with GradientTape() as tape:
                y_pred = self(x, training=True)
                loss = self.compute_loss(y=y, y_pred=y_pred, sample_weight=sample_weight)
            trainable_vars = self.trainable_variables
            gradients = tape.gradient(loss, trainable_vars)
            self.optimizer.apply(gradients, trainable_vars)
            for metric in self.metrics:
                if metric.name == "loss":
                    metric.update_state(loss)
                else:
                    metric.update_state(y, y_pred, sample_weight=sample_weight)
            return {m.name: m.result() for m in self.metrics}

    inputs = keras.Input(shape=(32,))
    outputs = keras.layers.Dense(1)(inputs)
    model = CustomModel(inputs, outputs)
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    x, y = data()
    sw = np.random.random((64, 1))
    history = model.fit(x, y, sample_weight=sw, epochs=3, batch_size=32, verbose=0)
    assert CustomModel.seen == [True] * 6
    assert sorted(history.history) == ["loss", "mae"]


def test_providing_your_own_evaluation_step():
    class CustomModel(keras.Model):
        def test_step(self, data):
            x, y = data
            y_pred = self(x, training=False)
            loss = self.compute_loss(y=y, y_pred=y_pred)
            for metric in self.metrics:
                if metric.name == "loss":
                    metric.update_state(loss)
                else:
                    metric.update_state(y, y_pred)
            return {m.name: m.result() for m in self.metrics}

    inputs = keras.Input(shape=(32,))
    outputs = keras.layers.Dense(1)(inputs)
    model = CustomModel(inputs, outputs)
    model.compile(loss="mse", metrics=["mae"])
    x, y = data()
    loss, mae = model.evaluate(x, y, verbose=0)
    prediction = model.predict(x, verbose=0)
    np.testing.assert_allclose(loss, np.mean((prediction - y) ** 2), rtol=1e-5)
    np.testing.assert_allclose(mae, np.mean(np.abs(prediction - y)), rtol=1e-5)
    assert model.evaluate(x, y, verbose=0, return_dict=True) == {"loss": loss, "mae": mae}


def test_a_custom_predict_step_and_compute_metrics():
    class CustomModel(keras.Model):
        def predict_step(self, data):
            x = data[0] if isinstance(data, tuple) else data
            return {"doubled": self(x, training=False) * 2}

        def compute_metrics(self, x, y, y_pred, sample_weight=None):
            result = super().compute_metrics(x, y, y_pred, sample_weight)
            result["batch_size"] = float(x.shape[0])
            return result

    inputs = keras.Input(shape=(32,))
    model = CustomModel(inputs, keras.layers.Dense(1)(inputs))
    x, y = data(10)
    out = model.predict(x, batch_size=4, verbose=0)
    np.testing.assert_allclose(out["doubled"], 2 * model(x).numpy(), rtol=1e-6)
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(x, y, batch_size=4, verbose=0)
    assert history.history["batch_size"] == [2.0]      # the last batch's, as Keras reports it


def discriminator_and_generator(latent_dim):
    discriminator = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(64, (3, 3), strides=(2, 2), padding="same"),
        layers.LeakyReLU(negative_slope=0.2),
        layers.Conv2D(128, (3, 3), strides=(2, 2), padding="same"),
        layers.LeakyReLU(negative_slope=0.2),
        layers.GlobalMaxPooling2D(),
        layers.Dense(1),
    ], name="discriminator")
    generator = keras.Sequential([
        keras.Input(shape=(latent_dim,)),
        layers.Dense(7 * 7 * 128),
        layers.LeakyReLU(negative_slope=0.2),
        layers.Reshape((7, 7, 128)),
        layers.Conv2DTranspose(128, (4, 4), strides=(2, 2), padding="same"),
        layers.LeakyReLU(negative_slope=0.2),
        layers.Conv2DTranspose(128, (4, 4), strides=(2, 2), padding="same"),
        layers.LeakyReLU(negative_slope=0.2),
        layers.Conv2D(1, (7, 7), padding="same", activation="sigmoid"),
    ], name="generator")
    return discriminator, generator


class GAN(keras.Model):
    def __init__(self, discriminator, generator, latent_dim):
        super().__init__()
        self.discriminator = discriminator
        self.generator = generator
        self.latent_dim = latent_dim
        self.d_loss_tracker = keras.metrics.Mean(name="d_loss")
        self.g_loss_tracker = keras.metrics.Mean(name="g_loss")
        self.seed_generator = keras.random.SeedGenerator(1337)

    @property
    def metrics(self):
        return [self.d_loss_tracker, self.g_loss_tracker]

    def compile(self, d_optimizer, g_optimizer, loss_fn):
        super().compile()
        self.d_optimizer = d_optimizer
        self.g_optimizer = g_optimizer
        self.loss_fn = loss_fn

    def train_step(self, real_images):
        if isinstance(real_images, tuple):
            real_images = real_images[0]
        batch_size = ops.shape(real_images)[0]
        random_latent_vectors = keras.random.normal(
            shape=(batch_size, self.latent_dim), seed=self.seed_generator)
        generated_images = self.generator(random_latent_vectors)
        combined_images = ops.concatenate([generated_images, real_images], axis=0)
        labels = ops.concatenate([ops.ones((batch_size, 1)), ops.zeros((batch_size, 1))],
                                 axis=0)
        labels += 0.05 * keras.random.uniform(ops.shape(labels), seed=self.seed_generator)
        with GradientTape() as tape:
            predictions = self.discriminator(combined_images)
            d_loss = self.loss_fn(labels, predictions)
        grads = tape.gradient(d_loss, self.discriminator.trainable_weights)
        self.d_optimizer.apply(grads, self.discriminator.trainable_weights)
        random_latent_vectors = keras.random.normal(
            shape=(batch_size, self.latent_dim), seed=self.seed_generator)
        misleading_labels = ops.zeros((batch_size, 1))
        with GradientTape() as tape:
            predictions = self.discriminator(self.generator(random_latent_vectors))
            g_loss = self.loss_fn(misleading_labels, predictions)
        grads = tape.gradient(g_loss, self.generator.trainable_weights)
        self.g_optimizer.apply(grads, self.generator.trainable_weights)
        self.d_loss_tracker.update_state(d_loss)
        self.g_loss_tracker.update_state(g_loss)
        return {"d_loss": self.d_loss_tracker.result(),
                "g_loss": self.g_loss_tracker.result()}


@pytest.mark.slow
def test_an_end_to_end_gan():
    latent_dim = 16
    discriminator, generator = discriminator_and_generator(latent_dim)
    assert discriminator.count_params() == 74_625
    gan = GAN(discriminator=discriminator, generator=generator, latent_dim=latent_dim)
    gan.compile(d_optimizer=keras.optimizers.Adam(learning_rate=0.0003),
                g_optimizer=keras.optimizers.Adam(learning_rate=0.0003),
                loss_fn=keras.losses.BinaryCrossentropy(from_logits=True))
    all_digits = np.random.default_rng(0).random((16, 28, 28, 1)).astype("float32")
    d_before = [w.numpy() for w in discriminator.trainable_weights]
    g_before = [w.numpy() for w in generator.trainable_weights]
    history = gan.fit(all_digits, epochs=1, batch_size=8, verbose=0)
    assert sorted(history.history) == ["d_loss", "g_loss"]
    assert all(np.isfinite(v[0]) for v in history.history.values())
    # Each optimizer moved only its own network's weights, twice (two batches).
    assert int(gan.d_optimizer.iterations.numpy()) == int(gan.g_optimizer.iterations.numpy()) == 2
    assert all(not np.array_equal(a, w.numpy())
               for a, w in zip(d_before, discriminator.trainable_weights))
    assert all(not np.array_equal(a, w.numpy())
               for a, w in zip(g_before, generator.trainable_weights))
