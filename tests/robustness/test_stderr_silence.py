"""kerasedu writes nothing to stderr where numpy would warn: NaN and inf are values.

Each situation below runs in a fresh Python process whose stderr is read at the file-descriptor
level (so C-level and numba output would be seen too), with the numba kernels, with their numpy
twins (KERASEDU_KERNELS=numpy), with the twins on two of kerasedu's threads
(KERASEDU_THREADS=2) and with the speed floor off (KERASEDU_ACCELERATED=0). The
script prints what it computed, so the test also checks that NaN and inf came out as values:
the History holds them, TerminateOnNaN stops on them, predict returns them. A user's own
``np.seterr`` setting is the same after kerasedu's calls as before.
"""

import json
import os
import subprocess
import sys

import pytest

SCRIPT = r'''
import json, math, warnings
import numpy as np

np.seterr(all="raise")             # the user's own setting, which kerasedu must give back
warnings.simplefilter("always")    # every warning would be printed, not only the first

from kerasedu import (Input, Sequential, activations, callbacks, layers, losses, metrics, ops,
                      optimizers)
from kerasedu.backend import GradientTape, Variable
from kerasedu.utils import set_random_seed

set_random_seed(0)
rng = np.random.default_rng(0)
found = {}


def dense_model(optimizer):
    model = Sequential([Input((5,)), layers.Dense(16, activation="relu"), layers.Dense(1)])
    model.compile(optimizer, "mse", metrics=["mae"])
    return model


# A diverging training run: SGD(10.0) on unscaled data.
x = rng.normal(size=(64, 5)) * 1000
y = x.sum(axis=1, keepdims=True) * 50
found["diverging loss"] = dense_model(optimizers.SGD(10.0)).fit(
    x, y, epochs=4, verbose=0).history["loss"]
found["terminate on nan"] = dense_model(optimizers.SGD(10.0)).fit(
    x, y, epochs=10, verbose=0, callbacks=[callbacks.TerminateOnNaN()]).history["loss"]
adam = Sequential([Input((5,)), layers.Dense(8, activation="sigmoid"),
                   layers.Dense(3, activation="softmax")])
adam.compile(optimizers.Adam(1e3), "sparse_categorical_crossentropy", metrics=["accuracy"])
found["adam loss"] = adam.fit(x, rng.integers(0, 3, 64), epochs=3, verbose=0).history["loss"]

# sqrt's gradient at zero: an L2-normalize layer on an all-zero row.
normalize = layers.Lambda(lambda t: t / ops.sqrt(ops.sum(ops.square(t), axis=-1, keepdims=True)))
model = Sequential([Input((3,)), normalize, layers.Dense(1)])
model.compile("sgd", "mse")
found["l2 normalize on zeros"] = model.fit(np.zeros((4, 3)), np.ones((4, 1)),
                                           verbose=0).history["loss"]
w = Variable(np.zeros(3))
with GradientTape() as tape:
    norm = ops.sqrt(ops.sum(w * w))
found["sqrt gradient at 0"] = tape.gradient(norm, w).tolist()

# predict and evaluate on data with NaN and inf, through numba kernels and their twins.
data = np.array([[np.nan, 1.0, np.inf], [-np.inf, 0.0, 1.0]] * 4, "float32")
mlp = Sequential([Input((3,)), layers.Dense(4, activation="sigmoid"),
                  layers.BatchNormalization(), layers.Dense(2, activation="softmax")])
found["predict dense"] = mlp.predict(data, verbose=0).tolist()
images = np.full((2, 6, 6, 1), np.nan, "float32")
images[0, 0, 0, 0] = np.inf
cnn = Sequential([Input((6, 6, 1)), layers.Conv2D(2, 3), layers.MaxPooling2D(),
                  layers.Flatten(), layers.Dense(2, activation="softmax")])
found["predict cnn"] = cnn.predict(images, verbose=0).tolist()
cnn.compile("adam", "categorical_crossentropy", metrics=["accuracy"])
found["fit cnn"] = cnn.fit(images, np.eye(2), epochs=2, verbose=0).history["loss"]
sequences = np.full((2, 4, 3), 1e30, "float32")
sequences[0, 1] = np.nan
rnn = Sequential([Input((4, 3)), layers.LSTM(3, return_sequences=True), layers.GRU(2),
                  layers.Dense(1)])
found["predict rnn"] = rnn.predict(sequences, verbose=0).tolist()
rnn.compile("rmsprop", "mse")
found["fit rnn"] = rnn.fit(sequences, np.ones((2, 1)), verbose=0).history["loss"]
# Products large enough to overflow, split over kerasedu's threads (KERASEDU_THREADS=2).
huge = np.full((16, 4, 8), 3e38, "float32")
wide = Sequential([Input((4, 8)), layers.LSTM(16), layers.Dense(4)])
wide.compile("sgd", "mse")
found["fit rnn on huge values"] = wide.fit(huge, np.ones((16, 4)), verbose=0).history["loss"]
words = Sequential([Input((4,), dtype="int32"), layers.Embedding(10, 3), layers.Flatten(),
                    layers.Dense(1)])
words.compile("adam", "mse")
found["fit embedding"] = words.fit(np.ones((4, 4), int), np.full((4, 1), np.inf),
                                   verbose=0).history["loss"]

# Single ops, activations, losses and metrics.
def value(t):
    return np.asarray(t).tolist()

found["ops.log(0)"] = value(ops.log(0.0))
found["ops.divide(1, 0)"] = value(ops.divide(1, 0))
found["ops.divide(0., 0.)"] = value(ops.divide(0.0, 0.0))
found["activations.exponential(100.)"] = value(activations.exponential(100.0))
found["others"] = [value(v) for v in (
    ops.exp(1000.0), ops.sqrt(-1.0), ops.power(0.0, -1.0), ops.sigmoid(-1e4),
    ops.softmax(np.array([np.inf, 1.0])), ops.log_softmax(np.array([np.inf, 1.0])),
    activations.softplus(1e5), activations.elu(-1e5), ops.cast(np.array([1e300]), "float32"),
    ops.mean(np.zeros((0, 3)), axis=0), ops.var(np.zeros((0,))),
    ops.ones(2) / 0, ops.ones(2) ** -1e5, np.exp(ops.ones(2) * 1000),
    losses.binary_crossentropy(np.array([1.0]), np.array([0.0])),
    losses.mean_squared_logarithmic_error(np.array([-5.0]), np.array([-2.0])))]
for metric in (metrics.AUC(), metrics.Precision(), metrics.Accuracy(),
               metrics.MeanSquaredError(), metrics.Mean()):
    metric.update_state(np.array([0.0, 1.0]), np.array([np.nan, np.inf]))
    metric.result()
found["empty metrics"] = [value(m.result()) for m in (metrics.Mean(), metrics.Precision())]

# Zero-sample batches, in training and not.
for layer in (layers.BatchNormalization(), layers.LayerNormalization(), layers.Dense(2),
              layers.Conv2D(2, 3), layers.GlobalAveragePooling2D(), layers.MaxPooling2D()):
    layer(np.zeros((0, 6, 6, 2), "float32"), training=True)

# set_weights with complex values: refused, nothing printed.
dense = layers.Dense(2)
dense.build((None, 2))
try:
    dense.set_weights([np.ones((2, 2)) * (1 + 1j), np.zeros(2)])
except TypeError:
    found["complex refused"] = True

# The user's np.seterr is in force again.
try:
    np.log(np.zeros(1))
except FloatingPointError:
    found["user seterr kept"] = True
print(json.dumps(found, default=str))
'''

MODES = {
    "numba kernels": {},
    "numpy twins": {"KERASEDU_KERNELS": "numpy"},
    "speed floor off": {"KERASEDU_ACCELERATED": "0"},
    "numpy twins on two threads": {"KERASEDU_KERNELS": "numpy", "KERASEDU_THREADS": "2"},
}


@pytest.mark.slow
@pytest.mark.parametrize("mode", sorted(MODES))
def test_nothing_reaches_stderr_and_nan_flows_as_values(mode):
    env = {**os.environ, **MODES[mode], "PYTHONWARNINGS": "always"}
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            env=env, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stderr == ""
    found = json.loads(result.stdout.strip().splitlines()[-1])
    inf = float("inf")
    assert any(not abs(loss) < inf for loss in found["diverging loss"])
    stopped = found["terminate on nan"]
    assert len(stopped) < 10 and not abs(stopped[-1]) < inf     # stopped on NaN or inf
    assert found["sqrt gradient at 0"] and all(g != g for g in found["sqrt gradient at 0"])
    assert all(loss != loss for loss in found["l2 normalize on zeros"])
    for key in ("predict dense", "predict cnn", "predict rnn"):
        values = [v for row in found[key] for v in row]
        assert any(v != v for v in values), key
    assert found["ops.log(0)"] == -inf
    assert found["ops.divide(1, 0)"] == inf
    assert found["ops.divide(0., 0.)"] != found["ops.divide(0., 0.)"]
    assert found["activations.exponential(100.)"] == inf
    assert found["complex refused"] and found["user seterr kept"]


# ------------------------------------------------------------ every op, in this process

def _public_ops():
    from kerasedu import ops
    return sorted(name for name, value in vars(ops).items()
                  if callable(value) and not name.startswith("_") and not isinstance(value, type)
                  and getattr(value, "__module__", "").startswith("kerasedu"))


EXTREMES = [[0.0, -1.0, 0.5, 3e38, -3e38, float("inf"), float("-inf"), float("nan")]] * 2


@pytest.mark.parametrize("name", _public_ops())
def test_every_op_and_its_gradient_compute_with_warnings_off(name):
    """With the user's np.seterr(all="raise"), an op that let numpy warn would raise
    FloatingPointError: every op, forward and backward, on values that overflow, divide by
    zero and make NaN, computes them as values."""
    import numpy as np

    from kerasedu import ops
    from kerasedu.backend import GradientTape, Variable

    op = getattr(ops, name)
    ran = False
    with np.errstate(all="raise"):
        x = Variable(np.array(EXTREMES, "float32"), name="x")
        for arguments in ((), (0,), (1.0,), (-1,), ((1, 2),), (0, 1), (x,), (x, x)):
            try:
                with GradientTape() as tape:
                    result = op(x, *arguments)
            except FloatingPointError:
                raise
            except Exception:        # not this op's arguments
                continue
            ran = True
            leaves = result if isinstance(result, (list, tuple)) else [result]
            floats = [t for t in leaves if getattr(getattr(t, "dtype", None), "kind", "") == "f"]
            if floats:
                try:
                    tape.gradient(ops.sum(ops.stack([ops.sum(t) for t in floats])), x)
                except FloatingPointError:
                    raise
                except (NotImplementedError, np.linalg.LinAlgError):
                    continue      # no gradient by design (it says so), or a singular matrix
    if not ran:
        pytest.skip(f"ops.{name} takes no single array")


# ------------------------------------------------------- every namespace of ops, in this process

def _namespaced_functions():
    from kerasedu import ops
    spaces = {"ops": ops, "ops.image": ops.image, "ops.random": ops.random, "ops.nn": ops.nn,
              "ops.linalg": ops.linalg, "ops.numpy": ops.numpy}
    return sorted(f"{label}.{name}" for label, space in spaces.items()
                  for name, value in vars(space).items()
                  if callable(value) and not name.startswith("_") and not isinstance(value, type)
                  and getattr(value, "__module__", "").startswith("kerasedu"))


@pytest.mark.parametrize("path", _namespaced_functions())
def test_every_function_of_every_ops_namespace_runs_quietly(path):
    """ops.image.resize, ops.random.normal and the rest run inside quietly, as the top-level
    ops do: a namespace someone adds later cannot be forgotten."""
    import kerasedu
    from kerasedu.backend.quiet import quietly

    space, name = path.rsplit(".", 1)
    function = getattr(eval(space, {"ops": kerasedu.ops}), name)
    assert function.__code__ is quietly(len).__code__, f"{path} is not wrapped by quietly"


IMAGE_CALLS = {
    "resize": ((6, 6),), "rgb_to_hsv": (), "hsv_to_rgb": (), "rgb_to_grayscale": (),
    "gaussian_blur": (), "sobel_edges": (), "crop_images": (1, 1, 2, 2),
    "pad_images": (1, 1, 6, 6), "extract_patches": (2,),
    "affine_transform": ([[1.0, 0.0, 0.5, 0.0, 1.0, 0.5, 0.0, 0.0]],),
    "perspective_transform": ([[0, 0], [3, 0], [0, 3], [3, 3]],
                              [[0, 0], [2, 0], [0, 2], [3, 3]]),
}


@pytest.mark.parametrize("name", sorted(IMAGE_CALLS))
def test_image_ops_compute_extreme_values_with_warnings_off(name):
    """An image holding inf, NaN and values near the float32 limit gives inf and NaN values,
    never a numpy warning (the user's np.seterr(all="raise") would turn one into an error)."""
    import numpy as np

    from kerasedu import ops

    image = np.array(EXTREMES[0] * 2, "float32").reshape(1, 4, 4, 1).repeat(3, axis=-1)
    with np.errstate(all="raise"):
        result = getattr(ops.image, name)(image, *IMAGE_CALLS[name])
    values = np.asarray(result[0] if isinstance(result, tuple) else result)
    assert values.size and not np.all(np.isfinite(values))


def test_random_ops_with_infinite_parameters_give_values_silently():
    import numpy as np

    from kerasedu import ops

    with np.errstate(all="raise"):
        normal = np.asarray(ops.random.normal((4,), stddev=np.inf, seed=1))
        scaled = np.asarray(ops.random.normal((4,), mean=3e38, stddev=3e38, seed=2))
    assert np.all(np.isinf(normal)) and not np.all(np.isfinite(scaled))
