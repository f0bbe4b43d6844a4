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
from .math import abs as abs_, add, clip, divide, exp, log, log1p, multiply, negative, subtract
from .nn import log_softmax, relu
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
    """Cross-entropy of integer labels ``target`` (shape of output without ``axis``)."""
    output = as_tensor(output)
    labels = np.asarray(getattr(target, "value", target))
    if labels.ndim == output.ndim and labels.shape[-1] == 1:
        labels = labels[..., 0]
    labels = labels.astype(np.int64)
    classes = output.shape[axis]
    if labels.size and (labels.min() < 0 or labels.max() >= classes):
        raise ValueError(
            f"sparse_categorical_crossentropy: labels must be in [0, {classes}) for an output "
            f"with {classes} classes; received labels from {labels.min()} to {labels.max()}.")
    if from_logits:
        log_p = log_softmax(output, axis=axis)
    else:
        eps = config.epsilon()
        log_p = log(clip(divide(output, sum_(output, axis=axis, keepdims=True)), eps, 1 - eps))
    ax = axis % output.ndim
    one_hot = np.moveaxis(np.eye(classes, dtype=output.dtype)[labels], -1, ax)
    return negative(sum_(multiply(log_p, one_hot), axis=ax))
