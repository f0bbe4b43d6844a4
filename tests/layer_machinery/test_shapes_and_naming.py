"""The helpers every floor shares: shapes and structures of shapes, and Keras's names."""

import numpy as np
import pytest

from kerasedu import losses, metrics, optimizers
from kerasedu.backend import config
from kerasedu.layer_machinery.shapes import (is_shape, map_shapes, shape_from_json,
                                             shape_leaves, shape_to_json)
from kerasedu.naming import default_name, object_name, to_snake_case


@pytest.mark.parametrize("value, expected", [
    ((None, 4), True), ([2, 3], True), ((), True), ((np.int64(2), None), True),
    ([(None, 4), (None, 3)], False), ({"a": (None, 4)}, False), ((2.0, 3), False),
    ("ab", False), (None, False),
])
def test_is_shape(value, expected):
    assert is_shape(value) is expected


def test_structures_of_shapes_map_flatten_and_round_trip_through_json():
    shapes = {"a": (None, 4), "b": [(2, 3), (None,)]}
    assert shape_leaves(shapes) == [(None, 4), (2, 3), (None,)]
    assert shape_to_json(shapes) == {"a": [None, 4], "b": [[2, 3], [None]]}
    assert shape_from_json(shape_to_json(shapes)) == shapes
    assert map_shapes(len, [(None, 4), [(1, 2, 3)]]) == [2, [3]]
    assert shape_from_json([None, 4]) == (None, 4)


@pytest.mark.parametrize("name, snake", [
    ("Conv2D", "conv2d"), ("MaxPooling2D", "max_pooling2d"), ("SimpleRNN", "simple_rnn"),
    ("LSTMCell", "lstm_cell"), ("MeanSquaredError", "mean_squared_error"),
    ("KLDivergence", "kl_divergence"), ("SparseTopKCategoricalAccuracy",
                                        "sparse_top_k_categorical_accuracy"),
    ("RMSprop", "rm_sprop"), ("AdamW", "adam_w"), ("AUC", "auc"),
])
def test_to_snake_case_follows_keras(name, snake):
    assert to_snake_case(name) == snake


def test_layers_losses_metrics_and_optimizers_name_themselves_the_same_way():
    config.clear_session()

    class Loss2D(losses.Loss):
        def call(self, y_true, y_pred):
            return y_pred

    class Metric2D(metrics.Metric):
        def update_state(self, y_true, y_pred, sample_weight=None):
            pass

        def result(self):
            return 0.0

    class SGD2D(optimizers.SGD):
        pass

    assert [Loss2D().name, Loss2D().name] == ["loss2d", "loss2d_1"]
    assert Metric2D().name == "metric2d" and SGD2D().name == "sgd2d"
    assert default_name(Loss2D(name="named")) == "loss2d_2"   # a given name takes no number
    assert object_name(losses.mean_squared_error) == "mean_squared_error"
    assert object_name(Loss2D(name="mine")) == "mine"
