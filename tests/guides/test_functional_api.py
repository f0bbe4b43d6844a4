"""keras.io guide "The Functional API", every snippet except the VGG19 feature extractor
(it needs keras.applications and pretrained weights: the same pattern runs on the toy ResNet)."""

import numpy as np
import pytest

import kerasedu as keras
from kerasedu import layers, ops

from guide_helpers import assert_same_summary, digits, on_both, weight_facts


def mnist_model(lib):
    inputs = lib.Input(shape=(784,))
    dense = lib.layers.Dense(64, activation="relu")
    x = dense(inputs)
    x = lib.layers.Dense(64, activation="relu")(x)
    outputs = lib.layers.Dense(10)(x)
    return lib.Model(inputs=inputs, outputs=outputs, name="mnist_model")


def encoder_and_autoencoder(lib):
    L = lib.layers
    encoder_input = lib.Input(shape=(28, 28, 1), name="img")
    x = L.Conv2D(16, 3, activation="relu")(encoder_input)
    x = L.Conv2D(32, 3, activation="relu")(x)
    x = L.MaxPooling2D(3)(x)
    x = L.Conv2D(32, 3, activation="relu")(x)
    x = L.Conv2D(16, 3, activation="relu")(x)
    encoder_output = L.GlobalMaxPooling2D()(x)
    encoder = lib.Model(encoder_input, encoder_output, name="encoder")
    x = L.Reshape((4, 4, 1))(encoder_output)
    x = L.Conv2DTranspose(16, 3, activation="relu")(x)
    x = L.Conv2DTranspose(32, 3, activation="relu")(x)
    x = L.UpSampling2D(3)(x)
    x = L.Conv2DTranspose(16, 3, activation="relu")(x)
    decoder_output = L.Conv2DTranspose(1, 3, activation="relu")(x)
    return encoder, lib.Model(encoder_input, decoder_output, name="autoencoder")


def nested_autoencoder(lib):
    encoder, _ = encoder_and_autoencoder(lib)
    L = lib.layers
    decoder_input = lib.Input(shape=(16,), name="encoded_img")
    x = L.Reshape((4, 4, 1))(decoder_input)
    x = L.Conv2DTranspose(16, 3, activation="relu")(x)
    x = L.Conv2DTranspose(32, 3, activation="relu")(x)
    x = L.UpSampling2D(3)(x)
    x = L.Conv2DTranspose(16, 3, activation="relu")(x)
    decoder_output = L.Conv2DTranspose(1, 3, activation="relu")(x)
    decoder = lib.Model(decoder_input, decoder_output, name="decoder")
    autoencoder_input = lib.Input(shape=(28, 28, 1), name="img")
    decoded_img = decoder(encoder(autoencoder_input))
    return decoder, lib.Model(autoencoder_input, decoded_img, name="autoencoder")


def ticket_model(lib, num_words=100, num_tags=12, num_departments=4):
    L = lib.layers
    title_input = lib.Input(shape=(None,), name="title")
    body_input = lib.Input(shape=(None,), name="body")
    tags_input = lib.Input(shape=(num_tags,), name="tags")
    title_features = L.Embedding(num_words, 64)(title_input)
    body_features = L.Embedding(num_words, 64)(body_input)
    title_features = L.LSTM(128)(title_features)
    body_features = L.LSTM(32)(body_features)
    x = L.concatenate([title_features, body_features, tags_input])
    priority_pred = L.Dense(1, name="priority")(x)
    department_pred = L.Dense(num_departments, name="department")(x)
    return lib.Model(inputs=[title_input, body_input, tags_input],
                     outputs={"priority": priority_pred, "department": department_pred})


def toy_resnet(lib):
    L = lib.layers
    inputs = lib.Input(shape=(32, 32, 3), name="img")
    x = L.Conv2D(32, 3, activation="relu")(inputs)
    x = L.Conv2D(64, 3, activation="relu")(x)
    block_1_output = L.MaxPooling2D(3)(x)
    x = L.Conv2D(64, 3, activation="relu", padding="same")(block_1_output)
    x = L.Conv2D(64, 3, activation="relu", padding="same")(x)
    block_2_output = L.add([x, block_1_output])
    x = L.Conv2D(64, 3, activation="relu", padding="same")(block_2_output)
    x = L.Conv2D(64, 3, activation="relu", padding="same")(x)
    block_3_output = L.add([x, block_2_output])
    x = L.Conv2D(64, 3, activation="relu")(block_3_output)
    x = L.GlobalAveragePooling2D()(x)
    x = L.Dense(256, activation="relu")(x)
    x = L.Dropout(0.5)(x)
    outputs = L.Dense(10)(x)
    return lib.Model(inputs, outputs, name="toy_resnet")


def test_inputs_have_a_shape_and_a_dtype():
    inputs = keras.Input(shape=(784,))
    img_inputs = keras.Input(shape=(32, 32, 3))
    assert inputs.shape == (None, 784) and img_inputs.shape == (None, 32, 32, 3)
    assert inputs.dtype == "float32"


@pytest.mark.parity
def test_model_summaries_and_weights_match_keras(keras):
    def both_autoencoder_models(lib):
        return encoder_and_autoencoder(lib)

    for snippet in (mnist_model, toy_resnet, ticket_model):
        ours, theirs = on_both(snippet, keras)
        assert_same_summary(ours, theirs)
        assert weight_facts(ours) == weight_facts(theirs)
        assert [l.name for l in ours.layers] == [l.name for l in theirs.layers]
    for snippet in (encoder_and_autoencoder, nested_autoencoder):
        ours, theirs = on_both(snippet, keras)
        for mine, keras_model in zip(ours, theirs):
            assert_same_summary(mine, keras_model)
    assert mnist_model(keras).count_params() == 55_050


def test_plot_model_writes_the_pictures(tmp_path):
    model = mnist_model(keras)
    keras.utils.plot_model(model, tmp_path / "my_first_model.png")
    keras.utils.plot_model(model, tmp_path / "my_first_model_with_shape_info.png",
                           show_shapes=True)
    for name in ("my_first_model.png", "my_first_model_with_shape_info.png"):
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_training_evaluation_and_inference():
    model = mnist_model(keras)
    x_train, y_train = digits(100)
    x_test, y_test = digits(40, seed=1)
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.RMSprop(), metrics=["accuracy"])
    history = model.fit(x_train, y_train, batch_size=64, epochs=2, validation_split=0.2,
                        verbose=0)
    assert list(history.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert history.epoch == [0, 1]
    test_scores = model.evaluate(x_test, y_test, verbose=0)
    assert len(test_scores) == 2 and 0 <= test_scores[1] <= 1      # loss, accuracy


def test_save_and_load_the_whole_model(tmp_path):
    model = mnist_model(keras)
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.RMSprop(), metrics=["accuracy"])
    x, y = digits(32)
    model.fit(x, y, verbose=0)
    expected = model.predict(x, verbose=0)
    model.save(tmp_path / "my_model.keras")
    del model
    model = keras.models.load_model(tmp_path / "my_model.keras")
    np.testing.assert_allclose(model.predict(x, verbose=0), expected, rtol=1e-6)


def test_the_same_graph_of_layers_makes_several_models():
    encoder, autoencoder = encoder_and_autoencoder(keras)
    assert encoder.output_shape == (None, 16)
    assert autoencoder.output_shape == (None, 28, 28, 1)    # the input's shape again
    assert encoder.layers[1] is autoencoder.layers[1]       # the layers are shared
    decoder, autoencoder = nested_autoencoder(keras)
    assert [type(l).__name__ for l in autoencoder.layers] == ["InputLayer", "Functional",
                                                             "Functional"]
    assert tuple(autoencoder(np.zeros((2, 28, 28, 1))).shape) == (2, 28, 28, 1)


def test_an_ensemble_of_models():
    def get_model():
        inputs = keras.Input(shape=(128,))
        outputs = layers.Dense(1)(inputs)
        return keras.Model(inputs, outputs)

    model1, model2, model3 = get_model(), get_model(), get_model()
    inputs = keras.Input(shape=(128,))
    outputs = layers.average([model1(inputs), model2(inputs), model3(inputs)])
    ensemble_model = keras.Model(inputs=inputs, outputs=outputs)
    x = np.random.random((4, 128)).astype("float32")
    expected = (model1(x).numpy() + model2(x).numpy() + model3(x).numpy()) / 3
    np.testing.assert_allclose(ensemble_model(x).numpy(), expected, rtol=1e-5)


def test_a_model_with_several_inputs_and_outputs():
    model = ticket_model(keras)
    model.compile(optimizer=keras.optimizers.RMSprop(1e-3),
                  loss=[keras.losses.BinaryCrossentropy(from_logits=True),
                        keras.losses.CategoricalCrossentropy(from_logits=True)],
                  loss_weights=[1.0, 0.2])
    model.compile(optimizer=keras.optimizers.RMSprop(1e-3),
                  loss={"priority": keras.losses.BinaryCrossentropy(from_logits=True),
                        "department": keras.losses.CategoricalCrossentropy(from_logits=True)},
                  loss_weights={"priority": 1.0, "department": 0.2})
    title_data = np.random.randint(100, size=(48, 10))
    body_data = np.random.randint(100, size=(48, 20))
    tags_data = np.random.randint(2, size=(48, 12)).astype("float32")
    priority_targets = np.random.random(size=(48, 1))
    dept_targets = np.random.randint(2, size=(48, 4))
    history = model.fit({"title": title_data, "body": body_data, "tags": tags_data},
                        {"priority": priority_targets, "department": dept_targets},
                        epochs=2, batch_size=32, verbose=0)
    # What Keras 3.15 reports for this model (run on the same snippet).
    assert list(history.history) == ["department_loss", "loss", "priority_loss"]
    assert model.metrics_names == ["loss", "priority_loss", "department_loss"]
    logs = history.history
    np.testing.assert_allclose(
        np.array(logs["loss"]),
        np.array(logs["priority_loss"]) + 0.2 * np.array(logs["department_loss"]), rtol=1e-5)


def test_a_toy_resnet_trains():
    model = toy_resnet(keras)
    x_train = np.random.random((40, 32, 32, 3)).astype("float32")
    y_train = keras.utils.to_categorical(np.random.randint(0, 10, (40, 1)), 10)
    model.compile(optimizer=keras.optimizers.RMSprop(1e-3),
                  loss=keras.losses.CategoricalCrossentropy(from_logits=True), metrics=["acc"])
    history = model.fit(x_train, y_train, batch_size=16, epochs=1, validation_split=0.2,
                        verbose=0)
    assert list(history.history) == ["acc", "loss", "val_acc", "val_loss"]


def test_a_shared_embedding_layer():
    shared_embedding = layers.Embedding(1000, 128)
    text_input_a = keras.Input(shape=(None,), dtype="int32")
    text_input_b = keras.Input(shape=(None,), dtype="int32")
    encoded_input_a = shared_embedding(text_input_a)
    encoded_input_b = shared_embedding(text_input_b)
    assert encoded_input_a.shape == encoded_input_b.shape == (None, None, 128)
    assert len(shared_embedding._inbound_nodes) == 2
    assert shared_embedding.get_output_at(1) is encoded_input_b


def test_extracting_intermediate_activations():
    model = toy_resnet(keras)
    features_list = [layer.output for layer in model.layers]
    feat_extraction_model = keras.Model(inputs=model.input, outputs=features_list)
    img = np.random.random((1, 32, 32, 3)).astype("float32")
    extracted_features = feat_extraction_model(img)
    assert len(extracted_features) == len(model.layers) == 15
    assert tuple(extracted_features[-1].shape) == (1, 10)


class CustomDense(layers.Layer):
    def __init__(self, units=32):
        super().__init__()
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units),
                                 initializer="random_normal", trainable=True)
        self.b = self.add_weight(shape=(self.units,), initializer="random_normal",
                                 trainable=True)

    def call(self, inputs):
        return ops.matmul(inputs, self.w) + self.b

    def get_config(self):
        return {"units": self.units}


def test_a_custom_layer_with_its_own_get_config():
    inputs = keras.Input((4,))
    outputs = CustomDense(10)(inputs)
    model = keras.Model(inputs, outputs)
    config = model.get_config()
    new_model = keras.Model.from_config(config, custom_objects={"CustomDense": CustomDense})
    assert new_model.output_shape == (None, 10)
    assert isinstance(new_model.layers[1], CustomDense) and new_model.layers[1].units == 10
    assert [w.shape for w in new_model.weights] == [(4, 10), (10,)]


def test_mixing_functional_models_and_subclassed_layers(capsys):
    units, timesteps, input_dim = 32, 10, 5
    inputs = keras.Input((None, units))
    x = layers.GlobalAveragePooling1D()(inputs)
    outputs = layers.Dense(1)(x)
    model = keras.Model(inputs, outputs)

    class CustomRNN(layers.Layer):
        def __init__(self, classifier):
            super().__init__()
            self.units = units
            self.projection_1 = layers.Dense(units=units, activation="tanh")
            self.projection_2 = layers.Dense(units=units, activation="tanh")
            self.classifier = classifier

        def call(self, inputs):
            outputs = []
            state = ops.zeros(shape=(inputs.shape[0], self.units))
            for t in range(inputs.shape[1]):
                x = inputs[:, t, :]
                h = self.projection_1(x)
                y = h + self.projection_2(state)
                state = y
                outputs.append(y)
            features = ops.stack(outputs, axis=1)
            print(features.shape)
            return self.classifier(features)

    rnn_model = CustomRNN(model)
    out = rnn_model(ops.zeros((1, timesteps, input_dim)))
    assert capsys.readouterr().out == "(1, 10, 32)\n"
    assert tuple(out.shape) == (1, 1)

    batch_size = 16
    inputs = keras.Input(batch_shape=(batch_size, timesteps, input_dim))
    x = layers.Conv1D(32, 3)(inputs)
    outputs = CustomRNN(layers.Dense(1))(x)
    model = keras.Model(inputs, outputs)
    capsys.readouterr()
    assert model.output_shape == (16, 8, 1)
    assert tuple(model(np.zeros((16, 10, 5), "float32")).shape) == (16, 8, 1)
