"""The Layer API of the seed notes: weights, config, nodes, naming and errors."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import kerasedu as keras
from kerasedu import layers
from kerasedu.backend import config


def test_weights_are_created_lazily_and_named():
    config.clear_session()
    layer = layers.Dense(3)
    assert layer.weights == [] and layer.get_weights() == []
    layer(np.ones((1, 4)))
    assert [w.path for w in layer.weights] == ["dense/kernel", "dense/bias"]
    assert [w.shape for w in layer.weights] == [(4, 3), (3,)]
    assert layers.Dense(1).name == "dense_1"
    config.clear_session()
    assert layers.Dense(1).name == "dense"


def test_get_and_set_weights_validate_before_assigning():
    layer = layers.Dense(3, name="d")
    layer(np.ones((2, 4)))
    kernel, bias = layer.get_weights()
    with pytest.raises(ValueError, match="with a weight list of length 1, but the layer was "
                                         "expecting 2 weights"):
        layer.set_weights([kernel])
    with pytest.raises(ValueError, match=r"Layer d weight shape \(3,\) is not compatible with "
                                         r"provided weight shape \(2,\)"):
        layer.set_weights([np.zeros((4, 3)), np.zeros(2)])
    assert np.array_equal(layer.get_weights()[0], kernel)  # nothing assigned
    layer.set_weights([np.ones((4, 3)), np.full(3, 2.0)])
    assert layer(np.ones((1, 4))).numpy().tolist() == [[6.0, 6.0, 6.0]]


def test_config_round_trips_in_both_serialization_formats():
    layer = layers.Dense(32, activation="relu", name="dense_cfg")
    config_ = layer.get_config()
    assert list(config_)[:3] == ["name", "trainable", "dtype"]
    rebuilt = layers.Dense.from_config(config_)
    assert rebuilt.get_config() == config_
    old_style = layers.deserialize({"class_name": "Dense", "config": config_})
    assert old_style.units == 32 and old_style.activation is keras.activations.relu
    layer(np.ones((2, 5)))
    data = layers.serialize(layer)
    assert data["class_name"] == "Dense" and data["build_config"] == {"input_shape": [2, 5]}
    restored = layers.deserialize(data)
    assert restored.built and restored.kernel.shape == (5, 32)


def test_count_params_before_build_says_how_to_build():
    with pytest.raises(ValueError, match=r"isn't built. You can build it manually via: "
                                         r"`layer.build\(input_shape\)`"):
        layers.Dense(2).count_params()
    layer = layers.Dense(2)
    layer.build((None, 3))
    assert layer.count_params() == 8 and layer.built


def test_bad_arguments_fail_at_once():
    with pytest.raises(ValueError, match=r"Unrecognized keyword arguments passed to Dense: "
                                         r"\{'foo': 1\}"):
        layers.Dense(3, foo=1)
    with pytest.raises(ValueError, match=r"expected a positive integer. Received: units=-3"):
        layers.Dense(-3)
    with pytest.raises(ValueError, match="relu"):
        layers.Dense(3, activation="relux")
    with pytest.raises(ValueError, match="glorot_uniform"):
        layers.Dense(3, kernel_initializer="glorot_unifrom")


def test_dense_input_errors_name_layer_expectation_and_input():
    layer = layers.Dense(3, name="dense_in")
    layer(np.ones((2, 4)))
    with pytest.raises(ValueError, match=r"Input 0 of layer 'dense_in' is incompatible with "
                                         r"the layer: expected axis -1 of input shape to have "
                                         r"value 4, but received input with shape \(2, 5\)"):
        layer(np.ones((2, 5)))
    with pytest.raises(ValueError, match="expected min_ndim=2, found ndim=1"):
        layers.Dense(3)(np.ones(4))


def test_build_failure_leaves_nothing_half_built():
    class Fragile(keras.layers.Layer):
        def build(self, input_shape):
            self.a = self.add_weight(shape=(2,), name="a")
            raise RuntimeError("boom")

    layer = Fragile()
    with pytest.raises(RuntimeError):
        layer(np.ones((1, 2)))
    assert layer.weights == [] and not layer.built


def test_shared_layer_nodes_and_the_single_node_errors():
    shared = layers.Dense(4, name="shared")
    a, b = keras.Input(shape=(3,), name="in_a"), keras.Input(shape=(5,), name="in_b")
    shared(a)
    with pytest.raises(ValueError):
        shared(b)  # built for 3 features
    other = layers.Dense(2, name="other_shared")
    x1, x2 = keras.Input(shape=(3,)), keras.Input(shape=(3,))
    y1, y2 = other(x1), other(x2)
    assert other.get_input_at(0) is x1 and other.get_input_at(1) is x2
    assert other.get_output_at(1) is y2
    assert other.get_input_shape_at(1) == (None, 3) and other.get_output_shape_at(0) == (None, 2)
    assert other.input_shape == (None, 3)  # same shape on both nodes: defined
    with pytest.raises(AttributeError, match=r"multiple inbound nodes, hence the notion of "
                                             r"\"layer input\" is ill-defined. Use "
                                             r"`get_input_at\(node_index\)` instead"):
        other.input
    with pytest.raises(AttributeError, match="get_output_at"):
        other.output
    with pytest.raises(AttributeError, match="has never been called"):
        layers.Dense(1).input


def test_keras2_module_paths():
    from kerasedu.engine.base_layer import Layer as BaseLayer
    from kerasedu.engine.topology import Layer as TopologyLayer
    from kerasedu.layers.core import Dense, Dropout, Flatten
    assert BaseLayer is TopologyLayer is keras.layers.Layer
    assert Dense is layers.Dense and Dropout is layers.Dropout and Flatten is layers.Flatten


CORE_LAYERS = [
    lambda: layers.Dense(5), lambda: layers.Dense(2, activation="tanh"),
    lambda: layers.Activation("softmax"), lambda: layers.Dropout(0.3),
    lambda: layers.Flatten(), lambda: layers.Reshape((-1,)), lambda: layers.Permute((2, 1)),
    lambda: layers.ActivityRegularization(0.1, 0.1), lambda: layers.Masking(),
    lambda: layers.Lambda(lambda x: x * 2), lambda: layers.SpatialDropout1D(0.2),
]


@pytest.mark.parametrize("make", CORE_LAYERS)
@settings(max_examples=10, deadline=None)
@given(batch=st.integers(1, 4), steps=st.integers(1, 5), features=st.integers(1, 6))
def test_symbolic_and_eager_shapes_agree(make, batch, steps, features):
    layer = make()
    symbolic = layer(keras.Input(shape=(steps, features))).shape
    eager = make()(np.ones((batch, steps, features), "float32")).shape
    assert symbolic[0] is None and tuple(symbolic[1:]) == tuple(eager[1:])


@settings(max_examples=10, deadline=None)
@given(batch=st.integers(1, 4), n=st.integers(1, 4), features=st.integers(1, 5))
def test_repeat_vector_shapes(batch, n, features):
    assert layers.RepeatVector(n)(keras.Input(shape=(features,))).shape == (None, n, features)
    out = layers.RepeatVector(n)(np.arange(batch * features, dtype="float32")
                                 .reshape(batch, features))
    assert out.shape == (batch, n, features)
    assert np.array_equal(out.numpy()[:, -1], out.numpy()[:, 0])
