"""Ops and operators on KerasTensors are recorded as operations of the graph, split as Keras 3
splits them (the call's tensors in the node, the op's options in the config), and run, save
and load with the model."""

import json

import numpy as np
import pytest

from kerasedu import Input, Model, layers, ops
from kerasedu.backend import config
from kerasedu.layer_machinery.operation_layer import OperationLayer
from kerasedu.models import load_model

X = np.random.default_rng(0).normal(size=(3, 4, 2)).astype("float32")


@pytest.fixture(autouse=True)
def fresh_names():
    config.clear_session()


def layer_config(model, name):
    return next(layer for layer in json.loads(json.dumps(model.get_config()))["layers"]
                if layer["name"] == name)


def test_ops_split_their_arguments_as_keras_does():
    x = Input((4, 2))
    model = Model(x, [ops.any(ops.not_equal(x, 0.0), -1), ops.cast(x > 0, "int32"),
                      ops.expand_dims(x[:, 0], axis=1), 1.0 - x])
    not_equal = layer_config(model, "not_equal")
    assert (not_equal["class_name"], not_equal["module"], not_equal["config"]) == \
        ("NotEqual", "keras.src.ops.numpy", {"name": "not_equal"})
    assert not_equal["inbound_nodes"][0]["args"][1] == 0.0
    assert layer_config(model, "any")["config"] == {"name": "any", "axis": -1,
                                                    "keepdims": False}
    assert layer_config(model, "cast")["config"] == {"name": "cast", "dtype": "int32"}
    assert layer_config(model, "expand_dims")["config"] == {"name": "expand_dims", "axis": 1}
    assert layer_config(model, "get_item")["inbound_nodes"][0]["args"][1] == [
        {"class_name": "__slice__", "config": {"start": None, "stop": None, "step": None}}, 0]
    subtract = layer_config(model, "subtract")["inbound_nodes"][0]["args"]
    assert subtract[0] == 1.0 and subtract[1]["class_name"] == "__keras_tensor__"
    found, positive, first, reflected = model(X)
    np.testing.assert_array_equal(found.numpy(), np.any(X != 0, axis=-1))
    np.testing.assert_array_equal(positive.numpy(), (X > 0).astype("int32"))
    assert positive.dtype == np.int32 and model.outputs[1].dtype == "int32"
    np.testing.assert_array_equal(first.numpy(), X[:, :1])
    np.testing.assert_allclose(reflected.numpy(), 1.0 - X)


def test_operators_match_keras_operations():
    x, y = Input((4, 2)), Input((4, 2))
    outputs = [x + y, x - 2.0, 3.0 * x, x / y, x // 2.0, x % 2.0, x ** 2, -x, abs(x),
               (x > 0) & (y < 0), (x >= 0) | (y <= 0), (x > 0) ^ (y > 0), ~(x != 0)]
    assert [type(t._keras_history[0]).__name__ for t in outputs] == [
        "Add", "Subtract", "Multiply", "TrueDivide", "FloorDivide", "Mod", "Power", "Negative",
        "Absolute", "LogicalAnd", "LogicalOr", "LogicalXor", "LogicalNot"]
    y_value = X[::-1].copy() + 0.5
    values = [v.numpy() for v in Model([x, y], outputs)([X, y_value])]
    expected = [X + y_value, X - 2, 3 * X, X / y_value, X // 2, X % 2, X ** 2, -X, abs(X),
                (X > 0) & (y_value < 0), (X >= 0) | (y_value <= 0), (X > 0) ^ (y_value > 0),
                ~(X != 0)]
    for value, want in zip(values, expected, strict=True):
        np.testing.assert_allclose(value, want, rtol=1e-6)


def test_an_op_keras_has_not_is_an_operation_layer_kerasedu_reads_back(tmp_path):
    x = Input((4, 2))
    y = ops.logaddexp(x, 1.0)
    layer = y._keras_history[0]
    assert type(layer) is OperationLayer and layer.get_config() == {
        "name": "logaddexp", "op_name": "logaddexp", "x2": 1.0}     # after the last tensor
    model = Model(x, y)
    model.save(tmp_path / "ops.keras")
    np.testing.assert_allclose(load_model(tmp_path / "ops.keras")(X).numpy(),
                               np.logaddexp(X, 1.0), rtol=1e-6)
    lines = []
    model.summary(print_fn=lines.append)
    assert any("logaddexp (Logaddexp)" in line for line in lines)


def test_shape_and_dtype_answer_from_the_keras_tensor():
    x = Input((4, 2), dtype="float32")
    assert ops.shape(x) == (None, 4, 2) and ops.dtype(x) == "float32"


def test_wrong_arguments_fail_as_the_op_would():
    x = Input((4, 2))
    with pytest.raises(TypeError, match="unexpected keyword argument 'axes'"):
        ops.any(x, axis=-1, axes=0)


def test_an_op_failing_on_values_fails_the_same_on_symbolic_tensors():
    x = Input((4, 2))
    with pytest.raises(ValueError):
        ops.reshape(x, (-1, 5))
    with pytest.raises(ValueError):
        ops.reshape(np.ones((3, 4, 2)), (-1, 5))


def test_an_operation_saved_by_kerasedu_0_1_still_loads():
    x = Input((4, 2))
    legacy = OperationLayer.from_config({"name": "add_2", "trainable": True,
                                         "dtype": "float32", "op_name": "add",
                                         "constant": 2.0, "constant_first": False})
    np.testing.assert_allclose(Model(x, legacy(x))(X).numpy(), X + 2.0)
    joined = OperationLayer.from_config({"name": "multiply_xy", "op_name": "multiply",
                                         "constant": None})
    np.testing.assert_allclose(Model(x, joined([x, x]))(X).numpy(), X * X)
