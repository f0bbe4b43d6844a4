"""Cross-entropies between targets and predictions, per sample (no averaging over the batch).

With probabilities p (from_logits=False) they are clipped to [ε, 1 − ε] first, as Keras does,
so log never sees 0:

    binary:      −(t·log p + (1 − t)·log(1 − p))                 elementwise
    categorical: −Σ t·log p      along ``axis`` (p is first rescaled to sum to 1)
    sparse:      −log p[label]   along ``axis``, labels are integers

With logits z (from_logits=True) the stable forms are used instead:
binary relu(z) − z·t + log(1 + e^−|z|), categorical −Σ t·log_softmax(z).
"""

import numpy as np

from .. import config
from ..autodiff import record
from .math import abs as abs_, add, clip, divide, exp, log, log1p, multiply, negative, subtract
from .nn import log_softmax, log_softmax_values, relu
from .reduction import sum as sum_
from .shape import as_tensor


def binary_crossentropy(target, output, from_logits=False):
    """Elementwise binary cross-entropy; same shape as its inputs."""
    target, output = as_tensor(target), as_tensor(output)
    if from_logits:
        return add(subtract(relu(output), multiply(output, target)),
                   log1p(exp(negative(abs_(output)))))
    eps = config.epsilon()
    p = clip(output, eps, 1 - eps)
    return negative(add(multiply(target, log(p)),
                        multiply(subtract(1.0, target), log(subtract(1.0, p)))))


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Cross-entropy of one-hot (or soft) targets against ``output`` along ``axis``."""
    target, output = as_tensor(target), as_tensor(output)
    if target.shape != output.shape:
        raise ValueError(
            f"categorical_crossentropy: target shape {target.shape} and output shape "
            f"{output.shape} must be equal. For integer labels use "
            f"sparse_categorical_crossentropy, or one-hot encode them with to_categorical.")
    if from_logits:
        return negative(sum_(multiply(target, log_softmax(output, axis=axis)), axis=axis))
    eps = config.epsilon()
    p = clip(divide(output, sum_(output, axis=axis, keepdims=True)), eps, 1 - eps)
    return negative(sum_(multiply(target, log(p)), axis=axis))


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Cross-entropy of integer labels ``target`` (shape of output without ``axis``).

    The same numbers as −Σ one_hot(label)·log p, computed as one op with its gradient written
    out (the loss of most classifiers, so it runs on every training step). Along ``axis``, for a
    sample with label l:

        probabilities p:  q = p / Σp,  loss = −log clip(q_l, ε, 1 − ε)
                          dloss/dp_j = −[ε ≤ q_l ≤ 1 − ε] · (δ_lj − q_l) / (q_l · Σp)
        logits z:         loss = −log_softmax(z)_l,   dloss/dz_j = softmax(z)_j − δ_lj
    """
    output = as_tensor(output)
    labels = np.asarray(getattr(target, "value", target))
    if labels.ndim == output.ndim and labels.shape[-1] == 1:
        labels = labels[..., 0]
    if labels.dtype.kind == "f" and not np.array_equal(labels, np.floor(labels)):
        wrong = labels[labels != np.floor(labels)].reshape(-1)[0]
        raise ValueError(
            f"sparse_categorical_crossentropy: labels are class indices (whole numbers 0, 1, "
            f"2, ...), but received {wrong}. Pass integer labels (np.asarray(y, dtype=int)); "
            f"for one-hot or soft labels use categorical_crossentropy.")
    labels = labels.astype(np.int64, copy=False)
    classes = output.shape[axis]
    if (labels.view(np.uint64) >= classes).any():     # a negative label wraps to a huge one
        raise ValueError(
            f"sparse_categorical_crossentropy: labels must be in [0, {classes}) for an output "
            f"with {classes} classes; received labels from {labels.min()} to {labels.max()}.")
    ax = axis % output.ndim
    values = output.value                                # classes last: (..., classes)
    if ax != output.ndim - 1:
        values = np.moveaxis(values, ax, -1)
    if values.dtype.kind != "f":
        values = values.astype(config.floatx())
    rows = values.reshape(-1, classes)                   # one row per sample
    samples, picked = np.arange(rows.shape[0]), labels.reshape(-1)
    if from_logits:
        log_p = log_softmax_values(rows)
        loss = -log_p[samples, picked]

        def gradient(g):
            grad = np.exp(log_p)
            grad[samples, picked] -= 1
            grad *= g[:, None]
            return grad
    else:
        eps = config.epsilon()
        total = np.sum(rows, axis=-1)
        q_label = rows[samples, picked] / total
        kept = np.minimum(np.maximum(q_label, eps), 1 - eps)
        loss = -np.log(kept)

        def gradient(g):
            inside = (q_label >= eps) & (q_label <= 1 - eps)
            scale = -(g * inside) / (kept * total)
            grad = np.empty_like(rows)
            grad[...] = (-scale * q_label)[:, None]
            grad[samples, picked] += scale
            return grad

    def backward(g):
        grad = gradient(np.asarray(g, values.dtype).reshape(-1))
        grad = grad.reshape(values.shape)
        return (grad if ax == output.ndim - 1 else np.moveaxis(grad, -1, ax),)
    return record(loss.astype(values.dtype, copy=False).reshape(labels.shape), (output,),
                  backward, "sparse_categorical_crossentropy")
