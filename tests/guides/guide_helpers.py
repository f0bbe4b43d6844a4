"""What the guide tests share: running one snippet on kerasedu and on Keras, and the summary
text of a model."""

import numpy as np

import kerasedu


def summary_text(model, **kwargs):
    """The lines ``model.summary()`` prints (kerasedu's or Keras's)."""
    printed = []
    model.summary(print_fn=lambda text, line_break=True: printed.append(text), **kwargs)
    return "\n".join(printed).splitlines()


def on_both(snippet, keras):
    """``snippet(library)`` run with kerasedu, then with Keras, each with fresh layer names."""
    kerasedu.utils.clear_session()
    ours = snippet(kerasedu)
    keras.utils.clear_session()
    theirs = snippet(keras)
    return ours, theirs


def assert_same_summary(model, keras_model):
    ours, theirs = summary_text(model), summary_text(keras_model)
    assert ours == theirs, "\n".join(["kerasedu:"] + ours + ["Keras:"] + theirs)


def weight_facts(model):
    """(name, path, shape) of every weight, in order."""
    return [(w.name, w.path, tuple(w.shape)) for w in model.weights]


def digits(n=64, seed=0):
    """MNIST-shaped data, shrunk: n flattened 28x28 images in [0, 1] and their labels."""
    rng = np.random.default_rng(seed)
    return rng.random((n, 784), dtype="float32"), rng.integers(0, 10, n).astype("float32")
