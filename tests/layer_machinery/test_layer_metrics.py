"""Layer.metrics and Layer.metrics_variables (Keras 3): the metrics a layer and its sublayers
hold as attributes, whose state is not among the weights, and which a model reports."""

import numpy as np

from kerasedu import Input, Model, layers, metrics


class Tracked(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(units)
        self.mean_output = metrics.Mean(name="mean_output")
        self.extra = [metrics.Sum(name="total")]

    def call(self, x):
        y = self.dense(x)
        self.mean_output.update_state(y)
        self.extra[0].update_state(y)
        return y


def test_a_layer_lists_its_own_and_its_sublayers_metrics():
    inner = Tracked(3)
    outer = layers.Layer()
    outer.inner = inner
    outer.own = metrics.MeanSquaredError(name="mse")
    assert [m.name for m in inner.metrics] == ["mean_output", "total"]
    assert [m.name for m in outer.metrics] == ["mse", "mean_output", "total"]
    assert len(outer.metrics_variables) == 2 + 2 + 1          # Mean: total, count; MSE too
    inner(np.ones((1, 2), "float32"))
    assert len(outer.weights) == 2                             # metric state is not a weight
    assert not {id(v) for v in outer.metrics_variables} & {id(w) for w in outer.weights}


def test_a_model_reports_a_layers_metrics_in_its_logs():
    inputs = Input((2,))
    tracked = Tracked(1, name="tracked")
    model = Model(inputs, tracked(inputs))
    model.compile("sgd", "mse")
    x = np.array([[1.0, 2.0], [3.0, 4.0]], "float32")
    history = model.fit(x, np.zeros((2, 1), "float32"), epochs=1, batch_size=2, verbose=0)
    assert {"loss", "mean_output", "total"} <= set(history.history)
    assert any(m is tracked.mean_output for m in model.metrics)
    model.reset_metrics()
    assert float(tracked.mean_output.result()) == 0.0
    predictions = model.predict(x, verbose=0)
    np.testing.assert_allclose(float(tracked.mean_output.result()), predictions.mean(),
                               rtol=1e-6)
