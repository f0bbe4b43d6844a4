"""The code of the study notes in shared/seeds, with `keras` replaced by `kerasedu`.

Each test is one note's snippet, transliterated line by line, with the shapes and counts the
note states (or that Keras gives for it) asserted.
"""

import numpy as np

import kerasedu as keras
from kerasedu import backend as K
from kerasedu.backend import config


def setup_function():
    config.clear_session()


def test_note_000_input_model_activation_add_padding_and_frozen_batchnorm():
    import kerasedu.layers as KL
    from kerasedu.layers import BatchNormalization, Dense, Input
    from kerasedu.models import Model

    x = Input(shape=(32,))
    y = Dense(16, activation="softmax")(x)
    model = Model(x, y)
    assert model.output_shape == (None, 16)
    assert np.allclose(model(np.ones((2, 32))).numpy().sum(axis=-1), 1.0, atol=1e-6)

    shortcut = KL.Input(shape=(4, 4, 3))
    h = KL.Activation("relu")(shortcut)
    h = KL.Add()([shortcut, h])
    h = KL.ZeroPadding2D(padding=(1, 1))(h)
    assert h.shape == (None, 6, 6, 3)

    class BatchNorm(KL.BatchNormalization):
        def call(self, inputs, training=None):
            return super(self.__class__, self).call(inputs, training=training)

    layer = BatchNorm()
    data = np.random.default_rng(0).normal(3.0, 2.0, size=(8, 5)).astype("float32")
    frozen = layer(data, training=False).numpy()
    assert np.allclose(frozen, data / np.sqrt(1 + 1e-3), atol=1e-5)  # moving stats 0 and 1
    layer(data, training=True)
    assert not np.allclose(layer.moving_mean.numpy(), 0)  # training mode updates them
    assert isinstance(layer, BatchNormalization)


def test_note_001_imports_embedding_lstm_and_compile():
    from kerasedu.datasets import mnist  # noqa: F401
    from kerasedu.layers import LSTM, Activation, Dense, Dropout, Embedding, Flatten  # noqa: F401
    from kerasedu.layers.convolutional import Conv2D
    from kerasedu.layers.pooling import MaxPooling2D
    from kerasedu.models import Sequential
    from kerasedu.utils import np_utils

    dense = keras.layers.core.Dense(8, activation=None, use_bias=True,
                                    kernel_initializer="glorot_uniform", bias_initializer="zeros",
                                    kernel_regularizer=None, bias_regularizer=None,
                                    activity_regularizer=None, kernel_constraint=None,
                                    bias_constraint=None, input_dim=4)
    conv = keras.layers.convolutional.Conv2D(6, (3, 3), strides=(1, 1), padding="valid",
                                             data_format=None, dilation_rate=(1, 1),
                                             activation=None, use_bias=True,
                                             input_shape=(10, 10, 3))
    pool = keras.layers.pooling.MaxPooling2D(pool_size=(2, 2), strides=None, padding="valid",
                                             data_format=None)
    assert Sequential([conv, pool]).output_shape == (None, 4, 4, 6)
    assert Sequential([dense]).output_shape == (None, 8)
    assert Conv2D is keras.layers.Conv2D and MaxPooling2D is keras.layers.MaxPooling2D

    model = Sequential()
    model.add(Embedding(input_dim=4000, output_dim=32, input_length=200))
    model.add(Flatten())
    assert model.output_shape == (None, 32 * 200)

    lstm = keras.layers.recurrent.LSTM(
        10, activation="tanh", recurrent_activation="hard_sigmoid", use_bias=True,
        kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
        bias_initializer="zeros", unit_forget_bias=True, dropout=0.1, recurrent_dropout=0.1)
    out = lstm(np.ones((2, 5, 3), "float32"))
    assert out.shape == (2, 10)
    assert np.allclose(lstm.get_weights()[2][10:20], 1.0)  # unit_forget_bias

    labels = np_utils.to_categorical([0, 2, 1], 3)
    classifier = Sequential([Dense(3, activation="softmax", input_shape=(4,))])
    classifier.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    history = classifier.fit(np.ones((3, 4)), labels, batch_size=32, epochs=2, verbose=0,
                             validation_split=0.0, shuffle=True, initial_epoch=0)
    assert history.epoch == [0, 1] and set(history.history) == {"accuracy", "loss"}


def test_note_002_layer_methods_nodes_and_layer_families():
    from kerasedu import layers
    from kerasedu.models import Sequential

    layer = layers.Dense(32)
    config_ = layer.get_config()
    assert layers.Dense.from_config(config_).get_config() == config_
    rebuilt = layers.deserialize({"class_name": layer.__class__.__name__, "config": config_})
    assert rebuilt.units == 32

    model = Sequential()
    model.add(layers.Permute((2, 1), input_shape=(10, 64)))
    assert model.output_shape == (None, 64, 10)

    model = Sequential()
    model.add(layers.LocallyConnected1D(64, 3, input_shape=(10, 32)))
    assert model.output_shape == (None, 8, 64)
    model.add(layers.LocallyConnected1D(32, 3))
    assert model.output_shape == (None, 6, 32)

    model = Sequential()
    model.add(layers.LocallyConnected2D(64, (3, 3), input_shape=(32, 32, 3)))
    assert model.output_shape == (None, 30, 30, 64)
    assert model.count_params() == (30 * 30) * (3 * 3 * 3 * 64) + (30 * 30) * 64
    model.add(layers.LocallyConnected2D(32, (3, 3)))
    assert model.output_shape == (None, 28, 28, 32)

    model = Sequential()
    model.add(layers.Cropping2D(cropping=((2, 2), (4, 4)), input_shape=(28, 28, 3)))
    assert model.output_shape == (None, 24, 20, 3)
    model.add(layers.Conv2D(64, (3, 3), padding="same"))
    model.add(layers.Cropping2D(cropping=((2, 2), (2, 2))))
    assert model.output_shape == (None, 20, 16, 64)

    input1 = keras.layers.Input(shape=(16,))
    x1 = keras.layers.Dense(8, activation="relu")(input1)
    input2 = keras.layers.Input(shape=(32,))
    x2 = keras.layers.Dense(8, activation="relu")(input2)
    subtracted = keras.layers.subtract([x1, x2])
    out = keras.layers.Dense(4)(subtracted)
    model = keras.models.Model(inputs=[input1, input2], outputs=out)
    assert model([np.ones((2, 16)), np.ones((2, 32))]).shape == (2, 4)
    for merge in (keras.layers.multiply, keras.layers.average, keras.layers.maximum):
        assert merge([x1, x2]).shape == (None, 8)
    assert keras.layers.concatenate([x1, x2], axis=-1).shape == (None, 16)
    assert keras.layers.dot([x1, x2], axes=1, normalize=False).shape == (None, 1)

    model = Sequential()
    model.add(layers.TimeDistributed(layers.Dense(8), input_shape=(10, 16)))
    assert model.output_shape == (None, 10, 8)
    model.add(layers.TimeDistributed(layers.Dense(32)))
    assert model.output_shape == (None, 10, 32)
    model = Sequential()
    model.add(layers.TimeDistributed(layers.Conv2D(64, (3, 3)), input_shape=(10, 299, 299, 3)))
    assert model.output_shape == (None, 10, 297, 297, 64)

    model = Sequential()
    model.add(layers.Bidirectional(layers.LSTM(10, return_sequences=True), input_shape=(5, 10)))
    model.add(layers.Bidirectional(layers.LSTM(10)))
    model.add(layers.Dense(5))
    model.add(layers.Activation("softmax"))
    model.compile(loss="categorical_crossentropy", optimizer="rmsprop")
    assert model.output_shape == (None, 5)
    assert [l.output_shape for l in model.layers[:2]] == [(None, 5, 20), (None, 20)]

    for name in ("LeakyReLU", "PReLU", "ELU", "ThresholdedReLU", "Softmax", "ReLU",
                 "BatchNormalization", "GaussianNoise", "GaussianDropout", "AlphaDropout",
                 "SeparableConv1D", "SeparableConv2D", "Conv2DTranspose", "Conv3D", "Cropping1D",
                 "Cropping3D", "UpSampling1D", "UpSampling2D", "UpSampling3D", "ZeroPadding1D",
                 "ZeroPadding3D", "MaxPooling1D", "MaxPooling3D", "AveragePooling1D",
                 "AveragePooling2D", "AveragePooling3D", "GlobalMaxPooling1D",
                 "GlobalMaxPooling2D", "GlobalMaxPooling3D", "GlobalAveragePooling1D",
                 "GlobalAveragePooling2D", "GlobalAveragePooling3D", "SpatialDropout1D",
                 "SpatialDropout2D", "SpatialDropout3D", "Masking", "ActivityRegularization",
                 "Lambda", "RepeatVector", "Reshape", "Flatten", "Dropout"):
        assert isinstance(getattr(layers, name), type), name
    assert keras.layers.ReLU(max_value=6.0)(np.array([[-1.0, 9.0]])).numpy().tolist() == [[0, 6]]
    assert keras.layers.Softmax(axis=-1)(np.zeros((1, 4))).numpy().tolist() == [[0.25] * 4]


def test_note_003_keras2_custom_layer():
    from kerasedu.engine.topology import Layer

    class MyLayer(Layer):
        def __init__(self, output_dim, **kwargs):
            self.output_dim = output_dim
            super(MyLayer, self).__init__(**kwargs)

        def build(self, input_shape):
            self.kernel = self.add_weight(name="kernel", shape=(input_shape[1], self.output_dim),
                                          initializer="uniform", trainable=True)
            super(MyLayer, self).build(input_shape)

        def call(self, x):
            return K.dot(x, self.kernel)

        def compute_output_shape(self, input_shape):
            return (input_shape[0], self.output_dim)

    layer = MyLayer(3)
    assert layer(np.ones((2, 5))).shape == (2, 3)
    assert layer.trainable_weights == [layer.kernel] and layer.non_trainable_weights == []
    assert MyLayer(4)(keras.Input(shape=(7,))).shape == (None, 4)


def test_note_004_feature_extraction_with_convolutions():
    from kerasedu import layers
    initial_model = keras.Sequential([
        keras.Input(shape=(25, 25, 3)),
        layers.Conv2D(4, 5, strides=2, activation="relu"),
        layers.Conv2D(4, 3, activation="relu", name="my_intermediate_layer"),
        layers.Conv2D(4, 3, activation="relu"),
    ])
    feature_extractor = keras.Model(inputs=initial_model.inputs,
                                    outputs=[layer.output for layer in initial_model.layers])
    features = feature_extractor(np.ones((1, 25, 25, 3)))
    assert [f.shape for f in features] == [(1, 11, 11, 4), (1, 9, 9, 4), (1, 7, 7, 4)]
    one = keras.Model(inputs=initial_model.inputs,
                      outputs=initial_model.get_layer(name="my_intermediate_layer").output)
    assert np.allclose(one(np.ones((1, 25, 25, 3))).numpy(), features[1].numpy())
