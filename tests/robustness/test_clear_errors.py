"""Bad input fails at once, with a message that names the layer or function, what it expected,
what it received, and a fix; and nothing has changed when it fails. Lists of numbers are data,
as numpy arrays are.
"""

import numpy as np
import pytest

from kerasedu import Input, Sequential, callbacks, layers, ops

# (make the mistake, error type, what the message must contain, in order: who, expected,
# received, fix)
LAYER_MISTAKES = {
    "Softmax(axis=9)": (
        lambda: layers.Softmax(axis=9, name="probs")(np.ones((2, 3))), ValueError,
        ["Layer 'probs'", "an axis of the inputs", "rank 2", "axis=9"]),
    "BatchNormalization(momentum='x')": (
        lambda: layers.BatchNormalization(momentum="x", name="bn"), ValueError,
        ["Layer 'bn'", "`momentum` must be a number", "Received: momentum='x'"]),
    "strings into Dense": (
        lambda: layers.Dense(2, name="head")(np.array([["a", "b"]])), TypeError,
        ["Layer 'head'", "takes real numbers", "received strings", "np.asarray(values, "
                                                                   "dtype='float32')"]),
    "None in a list into Dense": (
        lambda: layers.Dense(2, name="head")([[1.0, None]]), TypeError,
        ["Layer 'head'", "takes real numbers", "Python objects"]),
    "complex numbers into Dense": (
        lambda: layers.Dense(2, name="head")(np.ones((1, 2)) * 1j), TypeError,
        ["Layer 'head'", "complex numbers", "np.real(values)"]),
    "ragged list into Dense": (
        lambda: layers.Dense(2, name="head")([[1.0, 2.0], [3.0]]), ValueError,
        ["Layer 'head'", "rectangular array", "[[1.0, 2.0], [3.0]]", "same length"]),
    "Tensor item assignment": (
        lambda: ops.ones(3).__setitem__(0, 0.0), TypeError,
        ["cannot be changed in place", "ops.where(mask, new_values, t)", "v.assign"]),
}


@pytest.mark.parametrize("mistake", sorted(LAYER_MISTAKES))
def test_layer_mistakes_are_explained(mistake):
    make, error_type, parts = LAYER_MISTAKES[mistake]
    with pytest.raises(error_type) as error:
        make()
    message = str(error.value)
    for part in parts:
        assert part in message, (part, message)


def test_lists_of_numbers_are_data_for_layers_and_models():
    rows = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    dense = layers.Dense(2)
    assert np.array_equal(dense(rows), dense(np.array(rows, "float32")))
    model = Sequential([Input((3,)), layers.Dense(2)])
    assert np.array_equal(model(rows), model(np.array(rows, "float32")))
    assert model(rows).dtype == np.float32


class _Recorder(callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.calls = []

    def on_train_begin(self, logs=None):
        self.calls.append("train_begin")


def _model(loss="mse", units=2):
    model = Sequential([Input((3,)), layers.Dense(units)])
    model.compile("sgd", loss)
    return model


X = np.random.default_rng(0).normal(size=(8, 3)).astype("float32")
Y = np.ones((8, 2), "float32")

# argument -> (its bad value, the example of a good value the message gives)
FIT_MISTAKES = {
    "batch_size=-3": ("batch_size", -3, "a positive integer", "batch_size=32"),
    "batch_size=0": ("batch_size", 0, "a positive integer", "batch_size=32"),
    "batch_size=2.5": ("batch_size", 2.5, "a positive integer", "batch_size=32"),
    "batch_size='32'": ("batch_size", "32", "a positive integer", "batch_size=32"),
    "epochs=-1": ("epochs", -1, "a whole number >= 0", "epochs=10"),
    "epochs=2.5": ("epochs", 2.5, "a whole number >= 0", "epochs=10"),
    "negative class weight": ("class_weight", {0: 1.0, 1: -2.0}, "numbers >= 0",
                              "class_weight={0: 1.0, 1: 5.0}"),
    "class weight NaN": ("class_weight", {0: float("nan")}, "numbers >= 0",
                         "class_weight={0: 1.0, 1: 5.0}"),
    "validation_split=1.5": ("validation_split", 1.5, "between 0 and 1",
                             "validation_split=0.2"),
    "verbose=5": ("verbose", 5, "'auto', 0", "verbose=0"),
    "steps_per_epoch=0": ("steps_per_epoch", 0, "a positive integer", "steps_per_epoch=10"),
    "shuffle='yes'": ("shuffle", "yes", "True, False or 'batch'", "shuffle=True"),
}


@pytest.mark.parametrize("mistake", sorted(FIT_MISTAKES))
def test_fit_arguments_are_checked_before_anything_runs(mistake):
    name, value, expected, example = FIT_MISTAKES[mistake]
    model = _model()
    before = model.get_weights()
    recorder = _Recorder()
    with pytest.raises(ValueError) as error:
        model.fit(X, Y, **{"verbose": 0, name: value}, callbacks=[recorder])
    message = str(error.value)
    for part in ("fit()", f"`{name}`", expected, f"Received: {name}={value!r}", example):
        assert part in message, (part, message)
    assert recorder.calls == []
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))


@pytest.mark.parametrize("method", ["evaluate", "predict"])
@pytest.mark.parametrize("batch_size", [-3, 0, 2.5])
def test_evaluate_and_predict_check_their_batch_size(method, batch_size):
    model = _model()
    arguments = (X, Y) if method == "evaluate" else (X,)
    with pytest.raises(ValueError, match=rf"{method}\(\): `batch_size` must be a positive "
                                         rf"integer.*Received: batch_size={batch_size}"):
        getattr(model, method)(*arguments, batch_size=batch_size, verbose=0)


def test_a_sparse_label_that_is_not_a_class_index_is_refused():
    model = _model("sparse_categorical_crossentropy", units=3)
    before = model.get_weights()
    labels = np.array([0, 1, 2.5, 0, 1, 2, 0, 1])
    with pytest.raises(ValueError, match=r"sparse_categorical_crossentropy: labels are class "
                                         r"indices .* received 2\.5\. Pass integer labels"):
        model.fit(X, labels, verbose=0)
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))
    model.fit(X, labels.round().astype(int) % 3, verbose=0)        # whole numbers: fine
    model.fit(X, np.array([0.0, 1.0, 2.0, 0.0, 1.0, 2.0, 0.0, 1.0]), verbose=0)


@pytest.mark.parametrize("targets, received", [
    (np.full((8, 2), "a"), "received strings"),
    (np.array([[1.0, None]] * 8, dtype=object), "received Python objects"),
])
def test_targets_that_are_not_numbers_name_the_loss(targets, received):
    model = _model()
    before = model.get_weights()
    with pytest.raises(TypeError, match=rf"Loss 'mse' \(y_true, the targets\) takes real "
                                        rf"numbers, but {received}"):
        model.fit(X, targets, verbose=0)
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))


def _numeric_arguments():
    """(layer name, argument) for every argument of every layer whose default is a number."""
    import inspect
    import numbers

    from .layer_recipes import RECIPES
    found = []
    for name, (make, _) in sorted(RECIPES.items()):
        cls = getattr(layers, name)
        if type(make()) is not cls:
            continue                        # a recipe that wraps the layer (cells in an RNN)
        for argument, parameter in inspect.signature(cls.__init__).parameters.items():
            default = parameter.default
            if isinstance(default, numbers.Real) and not isinstance(default, bool):
                found.append((name, argument))
    return found


@pytest.mark.parametrize("name, argument", _numeric_arguments())
def test_a_string_for_a_number_names_the_argument(name, argument):
    """Every numeric constructor argument of every layer: a string is refused, at construction
    or at the first call, with a message that names the argument (never a numpy error)."""
    from .layer_recipes import RECIPES
    from .test_zero_sample_batches import batch

    make, shapes = RECIPES[name]
    config = {**make().get_config(), argument: "x"}
    with pytest.raises((ValueError, TypeError)) as error:
        getattr(layers, name).from_config(config)(batch(name, shapes, 2))
    assert argument in str(error.value), str(error.value)


# data of different lengths -> (x, y, sample_weight) and what the message must name
CARDINALITY_MISTAKES = {
    "ragged target list": (X[:3], [[1.0, 2.0], [3.0]], None, ["x has 3", "y[0] has 2",
                                                                  "y[1] has 1", "pad_sequences"]),
    "one target too many": (X[:3], np.zeros((4, 2)), None, ["x has 3 and y has 4"]),
    "short sample weights": (X, Y, np.ones(5), ["x has 8", "y has 8",
                                                "sample_weight has 5"]),
}


@pytest.mark.parametrize("mistake", sorted(CARDINALITY_MISTAKES))
def test_data_of_different_lengths_names_each_array_and_its_length(mistake):
    x, y, sample_weight, parts = CARDINALITY_MISTAKES[mistake]
    model = _model()
    before = [w.copy() for w in model.get_weights()]
    with pytest.raises(ValueError) as error:
        model.fit(x, y, sample_weight=sample_weight, verbose=0)
    for part in ["Data cardinality is ambiguous", *parts]:
        assert part in str(error.value), (part, str(error.value))
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))
