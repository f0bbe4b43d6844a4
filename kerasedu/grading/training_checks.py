"""Checks of the training machinery (problem set 5).

* :func:`check_loss_function`: a loss ``f(y_true, y_pred)`` gives kerasedu.losses' per-sample
  values and gradients with respect to y_pred;
* :func:`check_optimizer`: an optimizer class whose ``apply(grads, params)`` updates numpy
  arrays in place follows kerasedu.optimizers step by step;
* :func:`check_early_stopping`: an early-stopping callback, driven by a scripted sequence of
  val_loss values, stops when kerasedu.callbacks.EarlyStopping stops and ends with the same
  weights;
* :func:`check_early_stopping_in_fit`: the same inside a real ``fit``;
* :func:`check_accuracy`: a trained model's accuracy on the digits test split.
"""

import numbers

import numpy as np

from ..backend import gradients
from .layer_checks import GradingError, _first_difference, _values
from .reference import reference_object


def _name(obj):
    return getattr(obj, "__name__", type(obj).__name__)


# ---------------------------------------------------------------------- losses

def _targets(kind, shape, rng, zeros):
    if kind == "regression":
        return rng.normal(size=shape), rng.normal(size=shape)
    if kind == "categorical":
        labels = rng.integers(0, shape[-1], size=shape[:-1])
        y_true = np.eye(shape[-1])[labels]
        logits = rng.normal(scale=2.0, size=shape)
        y_pred = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)
        if zeros:
            y_pred[..., 0] = 0.0
            y_pred /= y_pred.sum(axis=-1, keepdims=True)
            y_true = np.zeros(shape)
            y_true[..., 0] = 1.0
        return y_true, y_pred
    raise ValueError(f"kind must be 'regression' or 'categorical', received {kind!r}.")


def check_loss_function(student_fn, reference, shape, kind="regression", seed=0, zeros=False,
                        rtol=1e-4, atol=1e-6):
    """``student_fn(y_true, y_pred)`` must return kerasedu.losses.<reference>'s per-sample
    values (shape ``shape[:-1]``) on random float32 data, and in float64 its gradient with
    respect to y_pred must equal the reference's. ``kind`` is 'regression' (any values) or
    'categorical' (one-hot targets, predicted probabilities; ``zeros=True`` puts a probability
    of exactly 0 on the true class, which clipping must handle)."""
    from ..backend.tensor import Variable
    ref_fn = reference_object(reference, "losses")
    rng = np.random.default_rng(seed)
    y_true, y_pred = _targets(kind, tuple(shape), rng, zeros)
    name = _name(student_fn)
    where = (f"{name}(y_true, y_pred) on {kind} data of shape {tuple(shape)} (seed {seed}"
             f"{', a predicted probability of 0 for the true class' if zeros else ''})")
    try:
        got = _values(student_fn(y_true.astype("float32"), y_pred.astype("float32")))
    except NotImplementedError:
        raise GradingError(f"{name} is not written yet (it raised NotImplementedError).") \
            from None
    except Exception as error:
        raise GradingError(f"{where} raised {type(error).__name__}: {error}") from error
    want = _values(ref_fn(y_true.astype("float32"), y_pred.astype("float32")))
    if got.shape != want.shape:
        raise GradingError(
            f"{where} returned shape {got.shape}, expected {want.shape}: return one loss per "
            f"sample (reduce over the last axis only).")
    if not np.all(np.isfinite(got)):
        raise GradingError(f"{where} returned non-finite values {got}: clip y_pred to "
                           f"[epsilon, 1 - epsilon] before taking its log.")
    if not np.allclose(got, want, rtol=rtol, atol=atol):
        raise GradingError(f"{where} returned the wrong values: {_first_difference(got, want)}."
                           f"\n  expected: {np.round(want.ravel()[:5], 5)}\n  received: "
                           f"{np.round(got.ravel()[:5], 5)}")
    grads = []
    for fn in (student_fn, ref_fn):
        y_pred_var = Variable(y_pred, dtype="float64")
        loss = fn(Variable(y_true, dtype="float64", trainable=False), y_pred_var)
        if not hasattr(loss, "shape") or not hasattr(loss, "value"):
            raise GradingError(
                f"{where} returned a {type(loss).__name__}, not a kerasedu Tensor, so no "
                f"gradient can reach y_pred: compute the loss with kerasedu ops.")
        from ..backend import ops
        grads.append(gradients(ops.sum(loss), [y_pred_var])[0])
    if grads[0] is None:
        raise GradingError(f"No gradient reaches y_pred in {where}: compute the loss with "
                           f"kerasedu ops (ops.square, ops.mean, ops.log, ...), not numpy.")
    if not np.allclose(grads[0], grads[1], rtol=1e-4, atol=1e-7):
        raise GradingError(f"The gradient of {where} with respect to y_pred is wrong: "
                           f"{_first_difference(grads[0], grads[1])}.")


# ---------------------------------------------------------------------- optimizers

def check_optimizer(student_cls, reference, kwargs=None, shapes=((3, 2), (4,)), steps=5,
                    seed=0):
    """``student_cls(**kwargs).apply(grads, params)`` must update the float64 numpy arrays
    ``params`` in place exactly as kerasedu.optimizers.<reference>(**kwargs) updates the same
    weights, for ``steps`` steps of random gradients."""
    from ..backend.tensor import Variable
    kwargs = dict(kwargs or {})
    ref_cls = reference_object(reference, "optimizers")
    rng = np.random.default_rng(seed)
    initial = [rng.normal(size=s) for s in shapes]
    variables = [Variable(v.copy(), dtype="float64") for v in initial]
    params = [v.copy() for v in initial]
    arguments = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    text = f"{student_cls.__name__}({arguments})"
    try:
        optimizer = student_cls(**kwargs)
    except Exception as error:
        raise GradingError(f"Creating {text} raised {type(error).__name__}: {error}") from error
    ref = ref_cls(**kwargs)
    for step in range(1, steps + 1):
        grads = [rng.normal(size=s) for s in shapes]
        before = [p.copy() for p in params]
        try:
            optimizer.apply([g.copy() for g in grads], params)
        except NotImplementedError:
            raise GradingError(f"{text}.apply is not written yet (it raised "
                               f"NotImplementedError).") from None
        except Exception as error:
            raise GradingError(f"{text}.apply(grads, params) raised {type(error).__name__} at "
                               f"step {step}: {error}") from error
        ref.apply([g.copy() for g in grads], variables)
        if all(np.array_equal(b, p) for b, p in zip(before, params)):
            raise GradingError(
                f"{text}.apply(grads, params) did not change params at step {step}: update the "
                f"arrays in place (params[i] -= ..., or params[i][...] = ...); assigning to a "
                f"local name does not change the caller's arrays.")
        for i, (p, v) in enumerate(zip(params, variables)):
            want = v.numpy()
            if p.shape != want.shape or not np.allclose(p, want, rtol=1e-5, atol=1e-7):
                earlier = ("" if step == 1 else " (step 1 was right)" if step == 2
                           else f" (steps 1 to {step - 1} were right)")
                raise GradingError(
                    f"After step {step} of {text} (parameter shapes {list(map(tuple, shapes))},"
                    f" seed {seed}), parameter {i} is wrong{earlier}: "
                    f"{_first_difference(p, want)}.")


# ---------------------------------------------------------------------- early stopping

def _tiny_model():
    from .. import layers
    from ..layer_machinery.input_layer import Input
    from ..models.sequential import Sequential
    return Sequential([Input(shape=(2,)), layers.Dense(1)])


def _epoch_weights(model, epoch):
    """Weights whose every value is ``epoch + 1``: the epoch can be read back from them."""
    return [np.full(w.shape, epoch + 1.0, dtype="float32") for w in model.weights]


def _which_epoch(model):
    value = float(model.weights[0].numpy().ravel()[0])
    return int(round(value)) - 1


def _drive(callback, model, val_losses, who):
    """Run the hooks of ``fit`` by hand; returns (the epoch after which training stopped or
    None, the epoch whose weights the model ends with)."""
    model.stop_training = False
    callback.set_model(model)
    callback.set_params({"verbose": 0, "epochs": len(val_losses), "steps": 1})
    stopped = None
    try:
        callback.on_train_begin({})
        for epoch, value in enumerate(val_losses):
            callback.on_epoch_begin(epoch, {})
            model.set_weights(_epoch_weights(model, epoch))
            callback.on_epoch_end(epoch, {"loss": 1.0, "val_loss": float(value)})
            if model.stop_training:
                stopped = epoch
                break
        callback.on_train_end({})
    except NotImplementedError:
        raise GradingError(f"{who} is not written yet (it raised NotImplementedError).") \
            from None
    except GradingError:
        raise
    except Exception as error:
        raise GradingError(f"{who} raised {type(error).__name__} while driven through the "
                           f"epochs {list(val_losses)}: {error}") from error
    return stopped, _which_epoch(model)


def check_early_stopping(student_cls, val_losses, kwargs=None, runs=1):
    """Drive the student's callback and kerasedu.callbacks.EarlyStopping (mode 'min', same
    arguments) through epochs whose val_loss values are ``val_losses``, setting the model's
    weights to a different value each epoch. Both must stop after the same epoch (or not at
    all) and leave the model with the weights of the same epoch. With ``runs`` > 1 the same
    callback object trains several times: on_train_begin must reset its state."""
    kwargs = dict(kwargs or {})
    arguments = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    text = f"{student_cls.__name__}({arguments})"
    if not (isinstance(student_cls, type) and any(
            k.__name__ == "Callback" and k.__module__.startswith("kerasedu.")
            for k in student_cls.__mro__)):
        raise GradingError(f"{student_cls!r} should subclass kerasedu.callbacks.Callback.")
    ref_cls = reference_object("EarlyStopping", "callbacks")
    try:
        student = student_cls(**kwargs)
    except Exception as error:
        raise GradingError(f"Creating {text} raised {type(error).__name__}: {error}") from error
    ref = ref_cls(mode="min", **kwargs)
    for run in range(runs):
        got = _drive(student, _tiny_model(), val_losses, text)
        want = _drive(ref, _tiny_model(), val_losses, "EarlyStopping")
        if got != want:
            again = f" (training run {run + 1} with the same callback object)" if run else ""
            raise GradingError(
                f"With val_loss = {list(val_losses)} (epochs numbered from 0), {text} should "
                f"{_outcome(want, 'stop', 'run', 'end')}; yours "
                f"{_outcome(got, 'stopped', 'ran', 'ended')}{again}."
                + (" Reset the callback's state in on_train_begin." if run else ""))


def _outcome(result, stop_word, run_word, end_word):
    stop, weights = result
    first = (f"{stop_word} after epoch {stop}" if stop is not None
             else f"{run_word} every epoch")
    return f"{first} and {end_word} with the weights of epoch {weights}"


def _fit_problem(seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(64, 3)).astype("float32")
    y = (x @ rng.normal(size=(3, 1)) + rng.normal(scale=0.5, size=(64, 1))).astype("float32")
    x_val = rng.normal(size=(32, 3)).astype("float32")
    y_val = rng.normal(size=(32, 1)).astype("float32")
    return x, y, x_val, y_val


def _fit_with(callback, seed, epochs, learning_rate):
    from .. import layers
    from ..layer_machinery.input_layer import Input
    from ..models.sequential import Sequential
    from ..optimizers import SGD
    x, y, x_val, y_val = _fit_problem(seed)
    rng = np.random.default_rng(seed + 1)
    model = Sequential([Input(shape=(3,)), layers.Dense(1)])
    model.set_weights([rng.normal(size=w.shape).astype("float32") for w in model.weights])
    model.compile(optimizer=SGD(learning_rate), loss="mse")
    history = model.fit(x, y, batch_size=16, epochs=epochs, validation_data=(x_val, y_val),
                        shuffle=False, verbose=0, callbacks=[callback])
    return len(history.history["loss"]), model.get_weights(), history.history["val_loss"]


def check_early_stopping_in_fit(student_cls, kwargs=None, seed=0, epochs=30, learning_rate=0.1):
    """In ``fit`` (a small regression whose val_loss stops improving), the student's callback
    must stop after as many epochs as EarlyStopping and leave the same weights."""
    kwargs = dict(kwargs or {})
    arguments = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    text = f"{student_cls.__name__}({arguments})"
    ref_cls = reference_object("EarlyStopping", "callbacks")
    try:
        got_epochs, got_weights, _ = _fit_with(student_cls(**kwargs), seed, epochs,
                                               learning_rate)
    except Exception as error:
        raise GradingError(f"model.fit(..., callbacks=[{text}]) raised {type(error).__name__}:"
                           f" {error}") from error
    want_epochs, want_weights, val_losses = _fit_with(ref_cls(mode="min", **kwargs), seed,
                                                      epochs, learning_rate)
    if got_epochs != want_epochs:
        raise GradingError(
            f"model.fit(..., epochs={epochs}, callbacks=[{text}]) ran {got_epochs} epochs, "
            f"expected {want_epochs}; the val_loss values were "
            f"{[round(float(v), 4) for v in val_losses]}.")
    for i, (g, w) in enumerate(zip(got_weights, want_weights)):
        if not np.allclose(g, w, rtol=1e-5, atol=1e-6):
            raise GradingError(
                f"After model.fit(..., callbacks=[{text}]) the model's weight {i} is wrong: "
                f"{_first_difference(g, w)}. With restore_best_weights=True, put back the "
                f"weights of the best epoch in on_train_end.")


# ---------------------------------------------------------------------- a trained model

def digits_test_data():
    """The digits test split as the problem set feeds it: x / 16 in float32, shape (360, 8, 8),
    and the integer labels."""
    from ..datasets import digits
    _, (x_test, y_test) = digits.load_data()
    return x_test.astype("float32") / 16.0, np.asarray(y_test)


def check_accuracy(model, minimum=0.9):
    """``model.predict`` on the digits test split (x / 16, shape (n, 8, 8)) must give class
    scores of shape (n, 10) whose argmax matches at least ``minimum`` of the labels.

    Returns None: nbgrader would read a number left as a test cell's value as partial credit.
    """
    from ..models.model import Model
    if not isinstance(model, Model):
        raise GradingError(f"model should be a kerasedu Model (Sequential or functional), "
                           f"received {type(model).__name__}.")
    x_test, y_test = digits_test_data()
    try:
        scores = np.asarray(model.predict(x_test, verbose=0))
    except Exception as error:
        raise GradingError(f"model.predict on the test digits (shape {x_test.shape}, values "
                           f"x / 16 in [0, 1]) raised {type(error).__name__}: {error}") from error
    if scores.shape != (len(x_test), 10):
        raise GradingError(f"model.predict returned shape {scores.shape} for {len(x_test)} test "
                           f"digits; expected ({len(x_test)}, 10), one score per class.")
    accuracy = float(np.mean(np.argmax(scores, axis=-1) == y_test))
    if not isinstance(minimum, numbers.Real) or accuracy < minimum:
        raise GradingError(f"The model's accuracy on the {len(x_test)} test digits is "
                           f"{accuracy:.3f}; it must be at least {minimum:.2f}.")
