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

from ..backend import ops
from ..backend.autodiff import gradients_as_recorded
from ..backend.tensor import Variable
from ..callbacks import Callback
from ..datasets import digits
from ..layer_machinery.input_layer import Input
from ..models.model import Model
from ..models.sequential import Sequential
from .common import GradingError, first_difference, values
from .language import tr
from .reference import reference_layer, reference_object
from .student import make, run


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


def _loss_gradient(function, y_true, y_pred):
    """The loss's values (float64) and its gradient with respect to y_pred, or a description
    of why there is none."""
    y_pred_var = Variable(y_pred, dtype="float64")
    loss = function(Variable(y_true, dtype="float64", trainable=False), y_pred_var)
    if not hasattr(loss, "shape") or not hasattr(loss, "value"):
        return None, tr("a {loss_type}, not a kerasedu Tensor", loss_type=type(loss).__name__)
    grad = gradients_as_recorded(ops.sum(loss), [y_pred_var])[0]
    return (None if grad is None else np.array(grad, dtype=float)), None


def check_loss_function(student_fn, reference, shape, kind="regression", seed=0, zeros=False,
                        rtol=1e-4, atol=1e-6):
    """``student_fn(y_true, y_pred)`` must return kerasedu.losses.<reference>'s per-sample
    values (shape ``shape[:-1]``) on random float32 data, and in float64 its gradient with
    respect to y_pred must equal the reference's. ``kind`` is 'regression' (any values) or
    'categorical' (one-hot targets, predicted probabilities; ``zeros=True`` puts a probability
    of exactly 0 on the true class, which clipping must handle)."""
    ref_fn = reference_object(reference, "losses")
    rng = np.random.default_rng(seed)
    y_true, y_pred = _targets(kind, tuple(shape), rng, zeros)
    name = _name(student_fn)
    where = (tr("{name}(y_true, y_pred) on {kind} data of shape {shape} (seed {seed}, a "
                "predicted probability of 0 for the true class)", name=name, kind=kind,
                shape=tuple(shape), seed=seed) if zeros else
             tr("{name}(y_true, y_pred) on {kind} data of shape {shape} (seed {seed})",
                name=name, kind=kind, shape=tuple(shape), seed=seed))
    want = values(ref_fn(y_true.astype("float32"), y_pred.astype("float32")))
    want_grad, _ = _loss_gradient(ref_fn, y_true, y_pred)
    got = run(student_fn, y_true.astype("float32"), y_pred.astype("float32"), what=where,
              convert=values, not_written=tr("{name} is not written yet (it raised "
                                             "NotImplementedError).", name=name))
    if got.shape != want.shape:
        raise GradingError(
            tr("{where} returned shape {got_shape}, expected {want_shape}: return one loss per "
               "sample (reduce over the last axis only).", where=where, got_shape=got.shape,
               want_shape=want.shape))
    if not np.all(np.isfinite(got)):
        raise GradingError(tr("{where} returned non-finite values {got}: clip y_pred to "
                              "[epsilon, 1 - epsilon] before taking its log.", where=where,
                              got=got))
    if not np.allclose(got, want, rtol=rtol, atol=atol):
        raise GradingError(tr("{where} returned the wrong values: {difference}.\n  "
                              "expected: {want}\n  received: {got}", where=where,
                              difference=first_difference(got, want),
                              want=np.round(want.ravel()[:5], 5),
                              got=np.round(got.ravel()[:5], 5)))
    grad, wrong_type = run(_loss_gradient, student_fn, y_true, y_pred,
                           what=tr("{where} in float64", where=where))
    if wrong_type:
        raise GradingError(
            tr("{where} returned {wrong_type}, so no gradient can reach y_pred: compute the loss "
               "with kerasedu ops.", where=where, wrong_type=wrong_type))
    if grad is None:
        raise GradingError(tr("No gradient reaches y_pred in {where}: compute the loss with "
                              "kerasedu ops (ops.square, ops.mean, ops.log, ...), not numpy.",
                              where=where))
    if not np.allclose(grad, want_grad, rtol=1e-4, atol=1e-7):
        raise GradingError(tr("The gradient of {where} with respect to y_pred is wrong: "
                              "{difference}.", where=where,
                              difference=first_difference(grad, want_grad)))


# ---------------------------------------------------------------------- optimizers

def _textbook_adam(initial, all_grads, learning_rate=0.001, beta_1=0.9, beta_2=0.999,
                   epsilon=1e-7):
    """Parameters after each step of Adam written with bias-corrected averages,
    w -= η·m̂/(√v̂ + ε): the textbook form, which differs from Keras's when ε matters."""
    params = [p.copy() for p in initial]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    history = []
    for t, grads in enumerate(all_grads, start=1):
        for p, g, m_i, v_i in zip(params, grads, m, v):
            m_i += (g - m_i) * (1 - beta_1)
            v_i += (g * g - v_i) * (1 - beta_2)
            p -= learning_rate * (m_i / (1 - beta_1 ** t)) / (
                np.sqrt(v_i / (1 - beta_2 ** t)) + epsilon)
        history.append([p.copy() for p in params])
    return history


def check_optimizer(student_cls, reference, kwargs=None, shapes=((3, 2), (4,)), steps=5,
                    seed=0):
    """``student_cls(**kwargs).apply(grads, params)`` must update the float64 numpy arrays
    ``params`` in place exactly as kerasedu.optimizers.<reference>(**kwargs) updates the same
    weights, for ``steps`` steps of random gradients."""
    kwargs = dict(kwargs or {})
    ref = reference_object(reference, "optimizers")(**kwargs)
    rng = np.random.default_rng(seed)
    initial = [rng.normal(size=s) for s in shapes]
    all_grads = [[rng.normal(size=s) for s in shapes] for _ in range(steps)]
    variables = [Variable(v.copy(), dtype="float64") for v in initial]
    expected = []
    for grads in all_grads:
        ref.apply([g.copy() for g in grads], variables)
        expected.append([v.numpy().copy() for v in variables])
    text = f"{student_cls.__name__}({', '.join(f'{k}={v!r}' for k, v in kwargs.items())})"
    optimizer = make(student_cls, (), kwargs, what=student_cls.__name__)
    params = [v.copy() for v in initial]
    for step, (grads, want) in enumerate(zip(all_grads, expected), start=1):
        before = [p.copy() for p in params]
        got = run(lambda: (optimizer.apply([g.copy() for g in grads], params),
                           [np.array(p, dtype=float) for p in params])[1],
                  what=tr("{text}.apply(grads, params) at step {step}", text=text, step=step),
                  not_written=tr("{text}.apply is not written yet (it raised "
                                 "NotImplementedError).", text=text))
        if all(np.array_equal(b, p) for b, p in zip(before, got)):
            raise GradingError(
                tr("{text}.apply(grads, params) did not change params at step {step}: update the "
                   "arrays in place (params[i] -= ..., or params[i][...] = ...); assigning to a "
                   "local name does not change the caller's arrays.", text=text, step=step))
        for i, (p, w) in enumerate(zip(got, want)):
            if p.shape != w.shape or not np.allclose(p, w, rtol=1e-5, atol=1e-7):
                earlier = ("" if step == 1 else tr(" (step 1 was right)") if step == 2
                           else tr(" (steps 1 to {step} were right)", step=step - 1))
                raise GradingError(
                    tr("After step {step} of {text} (parameter shapes {map}, seed {seed}), "
                       "parameter {i} is wrong{earlier}: {difference}.", step=step,
                       text=text, map=list(map(tuple, shapes)), seed=seed, i=i, earlier=earlier,
                       difference=first_difference(p, w))
                    + _adam_hint(reference, kwargs, initial, all_grads, step, got))


def _adam_hint(reference, kwargs, initial, all_grads, step, got):
    """A hint when a wrong Adam step is the textbook form of Adam."""
    if reference != "Adam":
        return ""
    textbook = _textbook_adam(initial, all_grads[:step], **kwargs)[-1]
    if all(np.allclose(p, t, rtol=1e-5, atol=1e-7) for p, t in zip(got, textbook)):
        return (tr(" Your step is the textbook form, w -= η·m̂/(√v̂ + ε) with bias-corrected "
                   "averages m̂ and v̂; this problem grades Keras's form, w -= α·m/(√v + ε) with "
                   "α = η·√(1 − β₂ᵗ)/(1 − β₁ᵗ), where ε is added to √v itself."))
    return ""


# ---------------------------------------------------------------------- early stopping

def _tiny_model():
    return Sequential([Input(shape=(2,)), reference_layer("Dense")(1)])


def _epoch_weights(model, epoch):
    """Weights whose every value is ``epoch + 1``: the epoch can be read back from them."""
    return [np.full(w.shape, epoch + 1.0, dtype="float32") for w in model.weights]


def _which_epoch(model):
    value = float(model.weights[0].numpy().ravel()[0])
    return int(round(value)) - 1


def _drive(callback, model, val_losses):
    """Run the hooks of ``fit`` by hand; returns (the epoch after which training stopped or
    None, the epoch whose weights the model ends with)."""
    model.stop_training = False
    callback.set_model(model)
    callback.set_params({"verbose": 0, "epochs": len(val_losses), "steps": 1})
    stopped = None
    callback.on_train_begin({})
    for epoch, value in enumerate(val_losses):
        callback.on_epoch_begin(epoch, {})
        model.set_weights(_epoch_weights(model, epoch))
        callback.on_epoch_end(epoch, {"loss": 1.0, "val_loss": float(value)})
        if model.stop_training:
            stopped = epoch
            break
    callback.on_train_end({})
    return stopped, _which_epoch(model)


def _callback_text(student_cls, kwargs):
    callback = reference_object("Callback", "callbacks")
    if not (isinstance(student_cls, type) and issubclass(student_cls, callback)):
        raise GradingError(tr("{student_cls!r} should subclass kerasedu.callbacks.Callback.",
                              student_cls=student_cls))
    return f"{student_cls.__name__}({', '.join(f'{k}={v!r}' for k, v in kwargs.items())})"


def check_early_stopping(student_cls, val_losses, kwargs=None, runs=1):
    """Drive the student's callback and kerasedu.callbacks.EarlyStopping (mode 'min', same
    arguments) through epochs whose val_loss values are ``val_losses``, setting the model's
    weights to a different value each epoch. Both must stop after the same epoch (or not at
    all) and leave the model with the weights of the same epoch. With ``runs`` > 1 the same
    callback object trains several times: on_train_begin must reset its state."""
    kwargs = dict(kwargs or {})
    text = _callback_text(student_cls, kwargs)
    ref = reference_object("EarlyStopping", "callbacks")(mode="min", **kwargs)
    student = make(student_cls, (), kwargs)
    for attempt in range(runs):
        want = _drive(ref, _tiny_model(), val_losses)
        model = _tiny_model()
        got = run(_drive, student, model, val_losses,
                  what=tr("{text}, driven through the epochs {val_losses},", text=text,
                          val_losses=list(val_losses)),
                  not_written=tr("{text} is not written yet (it raised NotImplementedError).",
                                 text=text))
        if got != want:
            again = tr(" (training run {attempt} with the same callback object)",
                       attempt=attempt + 1) if attempt else ""
            raise GradingError(
                tr("With val_loss = {val_losses} (epochs numbered from 0), {text} should "
                   "{want}; yours {got}{again}.", val_losses=list(val_losses), text=text,
                   want=_should(*want), got=_did(*got), again=again)
                + (tr(" Reset the callback's state in on_train_begin.") if attempt else ""))


def _should(stop, weights):
    """What an early-stopping callback should do, in words."""
    if stop is None:
        return tr("run every epoch and end with the weights of epoch {weights}", weights=weights)
    return tr("stop after epoch {stop} and end with the weights of epoch {weights}", stop=stop,
              weights=weights)


def _did(stop, weights):
    """What the student's callback did, in words."""
    if stop is None:
        return tr("ran every epoch and ended with the weights of epoch {weights}",
                  weights=weights)
    return tr("stopped after epoch {stop} and ended with the weights of epoch {weights}",
              stop=stop, weights=weights)


def _fit_problem(seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(64, 3)).astype("float32")
    y = (x @ rng.normal(size=(3, 1)) + rng.normal(scale=0.5, size=(64, 1))).astype("float32")
    x_val = rng.normal(size=(32, 3)).astype("float32")
    y_val = rng.normal(size=(32, 1)).astype("float32")
    return x, y, x_val, y_val


class _EpochWeights(Callback):
    """Remembers the model's weights at the end of every epoch (it runs before the callback
    under test, so it sees them before that callback changes anything)."""

    def on_train_begin(self, logs=None):
        self.weights = []

    def on_epoch_end(self, epoch, logs=None):
        self.weights.append([np.array(w) for w in self.model.get_weights()])


def _fit_with(callback, seed, epochs, learning_rate):
    """(epochs run, final weights, val_loss per epoch, weights after each epoch) of a small
    regression trained with ``callback``."""
    x, y, x_val, y_val = _fit_problem(seed)
    rng = np.random.default_rng(seed + 1)
    model = Sequential([Input(shape=(3,)), reference_layer("Dense")(1)])
    model.set_weights([rng.normal(size=w.shape).astype("float32") for w in model.weights])
    model.compile(optimizer=reference_object("SGD", "optimizers")(learning_rate), loss="mse")
    recorder = _EpochWeights()
    history = model.fit(x, y, batch_size=16, epochs=epochs, validation_data=(x_val, y_val),
                        shuffle=False, verbose=0, callbacks=[recorder, callback])
    return (len(history.history["loss"]), [np.array(w) for w in model.get_weights()],
            [float(v) for v in history.history["val_loss"]], recorder.weights)


def check_early_stopping_in_fit(student_cls, kwargs=None, seed=0, epochs=30, learning_rate=0.1):
    """Inside ``fit`` (a small regression whose val_loss stops improving) the student's
    callback must do what it does when its hooks are called by hand with the val_loss values
    that fit produced: stop after the same epoch and leave the weights of the same epoch.
    (Whether those decisions are right is the other tests' business.)"""
    kwargs = dict(kwargs or {})
    text = _callback_text(student_cls, kwargs)
    student = make(student_cls, (), kwargs)
    ran, final, val_losses, per_epoch = run(
        _fit_with, student, seed, epochs, learning_rate,
        what=tr("model.fit(..., callbacks=[{text}])", text=text))
    stop, weights_epoch = run(_drive, make(student_cls, (), kwargs), _tiny_model(), val_losses,
                              what=tr("{text}, driven by hand through the epochs {val_losses},",
                                      text=text, val_losses=val_losses))
    want_epochs = len(val_losses) if stop is None else stop + 1
    if ran != want_epochs:
        raise GradingError(
            tr("model.fit(..., epochs={epochs}, callbacks=[{text}]) ran {ran} epochs, but the "
               "same callback driven by hand through those val_loss values {val_losses} stops "
               "after epoch {stop}: set self.model.stop_training = True in on_epoch_end, on the "
               "model fit trains.", epochs=epochs, text=text, ran=ran,
               val_losses=[round(v, 4) for v in val_losses], stop=stop))
    want = per_epoch[weights_epoch] if 0 <= weights_epoch < len(per_epoch) else per_epoch[-1]
    for i, (g, w) in enumerate(zip(final, want)):
        if not np.allclose(g, w, rtol=1e-5, atol=1e-6):
            raise GradingError(
                tr("After model.fit(..., callbacks=[{text}]) the model's weight {i} is not that "
                   "of epoch {weights_epoch}, which the same callback driven by hand ends with: "
                   "{difference}. Put the weights back with self.model.set_weights(...) in "
                   "on_train_end.", text=text, i=i, weights_epoch=weights_epoch,
                   difference=first_difference(g, w)))


# ---------------------------------------------------------------------- a trained model

def digits_test_data(channels=False):
    """The digits test split as the problem set feeds it: x / 16 in float32, shape (360, 8, 8)
    (with ``channels``, (360, 8, 8, 1), images for a CNN), and the integer labels."""
    _, (x_test, y_test) = digits.load_data()
    x_test = x_test.astype("float32") / 16.0
    return (x_test[..., None] if channels else x_test), np.asarray(y_test)


def _interrupted(model):
    """Whether the model's last fit stopped before its last epoch without being told to (an
    early-stopping callback sets model.stop_training): a cell interrupted mid-training."""
    history = model.history
    if history is None or not getattr(history, "epoch", None):
        return False
    epochs = getattr(history, "params", {}).get("epochs")
    return epochs is not None and history.epoch[-1] < epochs - 1 and not model.stop_training


def check_accuracy(model, minimum=0.9, channels=False):
    """``model.predict`` on the digits test split (x / 16, shape (n, 8, 8), or (n, 8, 8, 1) with
    ``channels``) must give class
    scores of shape (n, 10) whose argmax matches at least ``minimum`` of the labels, and the
    model's training must have finished: a fit interrupted by the time limit earns nothing.

    Returns None: nbgrader would read a number left as a test cell's value as partial credit.
    """
    if not isinstance(model, Model):
        raise GradingError(tr("model should be a kerasedu Model (Sequential or functional), "
                              "received {model_type}.", model_type=type(model).__name__))
    x_test, y_test = digits_test_data(channels)
    interrupted, scores = run(lambda: (bool(_interrupted(model)),
                                       values(model.predict(x_test, verbose=0))),
                              what=tr("model.predict on the test digits (shape {x_test_shape}, "
                                      "values x / 16 in [0, 1])", x_test_shape=x_test.shape))
    if interrupted:
        raise GradingError(
            tr("The training of `model` was interrupted before its last epoch (the grader stops "
               "a cell that runs longer than its time limit): train for fewer epochs, or a "
               "smaller model, so that the cell finishes well within the limit."))
    if scores.shape != (len(x_test), 10):
        raise GradingError(tr("model.predict returned shape {scores_shape} for {n_x_test} test "
                              "digits; expected ({n_x_test}, 10), one score per class.",
                              scores_shape=scores.shape, n_x_test=len(x_test)))
    accuracy = float(np.mean(np.argmax(scores, axis=-1) == y_test))
    if not isinstance(minimum, numbers.Real) or accuracy < minimum:
        raise GradingError(tr("The model's accuracy on the {n_x_test} test digits is "
                              "{accuracy:.3f}; it must be at least {minimum:.2f}.",
                              n_x_test=len(x_test), accuracy=accuracy, minimum=minimum))
