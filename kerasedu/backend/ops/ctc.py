"""Connectionist temporal classification (CTC): the loss of a label sequence, and decoding.

A network emits, at each of T time steps, scores over the classes and a *blank*
(``mask_index``). A path of T symbols reads as a label sequence once repeated symbols are
merged and blanks removed ("aa-ab-" -> "aab"). The CTC loss is −log of the total probability of
all paths that read as the target.

The forward algorithm sums those paths step by step over the extended target, the labels with
blanks between and around them (l₁ l₂ -> − l₁ − l₂ −, length S = 2L + 1). With α_t(s) the log
probability of the paths that have read the first s symbols after step t:

    α_t(s) = logsumexp(α_{t−1}(s), α_{t−1}(s − 1), α_{t−1}(s − 2) [if ext_s ≠ − and ext_s ≠ ext_{s−2}])
             + log p_t(ext_s)
    loss   = −logsumexp(α_T(S − 1), α_T(S − 2))

It is written with differentiable ops (a step of logsumexp per time step), so the gradient with
respect to the logits comes from the tape: the forward-backward algorithm, done by autodiff.
Log zero is −1e5, as in Keras, so that no NaN arises.
"""

import numpy as np

from ..tensor import Tensor
from ._inputs import no_gradient, tensor_of, value_of, without_gradient
from .math import add, cast, where
from .nn import log_softmax, log_softmax_values
from .reduction import logsumexp
from .shape import concatenate, getitem, stack, take_slice
from .indexing import take_along_axis

LOG_ZERO = -1e5


def _lengths(lengths, batch, name):
    values = np.asarray(value_of(lengths)).astype(np.int64).reshape(-1)
    if values.shape != (batch,):
        raise ValueError(f"ctc: {name} must have one length per sample ({batch}), received "
                         f"shape {values.shape}.")
    return values


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    """The CTC loss of each sample: target (batch, L) integer labels, output (batch, T, C)
    logits, target_length and output_length (batch,) -> (batch,) losses."""
    labels = np.asarray(value_of(target)).astype(np.int64)
    logits = tensor_of(output)
    if logits.ndim != 3 or labels.ndim != 2 or labels.shape[0] != logits.shape[0]:
        raise ValueError(f"ctc_loss expects target (batch, max_label_length) and output "
                         f"(batch, max_time, num_classes); received {labels.shape} and "
                         f"{logits.shape}.")
    if logits.dtype.kind != "f" or logits.dtype.itemsize < 4:
        logits = cast(logits, "float32")
    batch, steps, classes = logits.shape
    label_lengths = _lengths(target_length, batch, "target_length")
    time_lengths = _lengths(output_length, batch, "output_length")
    extended = np.full((batch, 2 * labels.shape[1] + 1), mask_index, np.int64)
    extended[:, 1::2] = labels
    width = extended.shape[1]
    previous = np.concatenate([np.full((batch, 2), -1), extended[:, :-2]], axis=1)
    skip_allowed = (extended != mask_index) & (extended != previous)
    log_probs = log_softmax(logits, axis=-1)
    emissions = take_along_axis(log_probs, np.broadcast_to(extended[:, None, :],
                                                           (batch, steps, width)), axis=-1)
    dtype = log_probs.dtype
    start = np.full((batch, width), LOG_ZERO, dtype)
    start[:, :2] = 0
    alpha = add(tensor_of(start), take_slice(emissions, 1, 0, 1)[:, 0]) if steps else None
    alpha = where(np.arange(width) < 2, alpha, np.asarray(LOG_ZERO, dtype)) if steps else None
    pad = np.full((batch, 1), LOG_ZERO, dtype)
    for t in range(1, steps):
        stay = alpha
        step = concatenate([pad, take_slice(alpha, 1, 0, width - 1)], axis=1)
        jump = concatenate([pad, pad, take_slice(alpha, 1, 0, width - 2)], axis=1)
        jump = where(skip_allowed, jump, np.asarray(LOG_ZERO, dtype))
        moved = add(logsumexp(stack([stay, step, jump], axis=0), axis=0),
                    getitem(emissions, (slice(None), t)))
        alpha = where((t < time_lengths)[:, None], moved, alpha)
    last = 2 * label_lengths
    rows = np.arange(batch)
    ends = stack([getitem(alpha, (rows, last)),
                  where(label_lengths > 0, getitem(alpha, (rows, np.maximum(last - 1, 0))),
                        np.asarray(LOG_ZERO, dtype))], axis=0)
    return -logsumexp(ends, axis=0)


def _greedy(scores, lengths, merge_repeated, mask_index):
    batch, steps, _ = scores.shape
    best = np.argmax(scores, axis=-1)
    score = np.where(np.arange(steps) < lengths[:, None], np.max(scores, axis=-1), 0)
    best = np.where(np.arange(steps) < lengths[:, None], best, mask_index)
    if merge_repeated:
        repeat = np.concatenate([np.zeros((batch, 1), bool), best[:, 1:] == best[:, :-1]], 1)
        best = np.where(repeat, mask_index, best)
    decoded = np.full((batch, steps), -1, np.int32)
    for b in range(batch):
        kept = best[b][best[b] != mask_index]
        decoded[b, :kept.size] = kept
    return decoded[None], -np.sum(score, axis=1, keepdims=True).astype(scores.dtype)


def _beam_search(log_probs, length, beam_width, top_paths, mask_index):
    """Prefix beam search for one sample: {prefix: (log p ending in blank, log p ending in a
    label)}, extended by every class at each step and cut to the ``beam_width`` best."""
    classes = log_probs.shape[-1]
    beams = {(): (0.0, -np.inf)}
    for t in range(length):
        row = log_probs[t]
        grown = {}

        def add_to(prefix, blank, label):
            old_blank, old_label = grown.get(prefix, (-np.inf, -np.inf))
            grown[prefix] = (np.logaddexp(old_blank, blank), np.logaddexp(old_label, label))
        for prefix, (blank, label) in beams.items():
            total = np.logaddexp(blank, label)
            add_to(prefix, total + row[mask_index], -np.inf)
            for c in range(classes):
                if c == mask_index:
                    continue
                if prefix and prefix[-1] == c:
                    add_to(prefix, -np.inf, label + row[c])          # the same label, merged
                    add_to(prefix + (c,), -np.inf, blank + row[c])   # a new one after a blank
                else:
                    add_to(prefix + (c,), -np.inf, total + row[c])
        ranked = sorted(grown.items(), key=lambda item: -np.logaddexp(*item[1]))
        beams = dict(ranked[:beam_width])
    ranked = sorted(beams.items(), key=lambda item: -np.logaddexp(*item[1]))[:top_paths]
    return [(prefix, float(np.logaddexp(*scores))) for prefix, scores in ranked]


_TRAIN_WITH = "Train with ops.ctc_loss, which is differentiable."


@no_gradient
def ctc_decode(inputs, sequence_lengths, strategy="greedy", beam_width=100, top_paths=1,
               merge_repeated=True, mask_index=0):
    """The most likely label sequences for inputs (batch, T, C) of scores.

    "greedy": the best class at each step, repeats merged (``merge_repeated``) and blanks
    dropped; the score is −Σ of the chosen scores. "beam_search": prefix beam search over the
    log-softmax of the inputs, keeping ``beam_width`` prefixes; the ``top_paths`` best, with
    their log probabilities as scores. Returns (decoded (top_paths, batch, T) padded with −1,
    scores (batch, top_paths))."""
    scores = np.asarray(value_of(inputs))
    if scores.ndim != 3:
        raise ValueError(f"ctc_decode expects inputs of shape (batch, max_time, num_classes), "
                         f"received {scores.shape}.")
    scores = scores.astype(np.float32) if scores.dtype.itemsize < 4 or scores.dtype.kind != "f" \
        else scores
    lengths = _lengths(sequence_lengths, scores.shape[0], "sequence_lengths")
    if strategy == "greedy":
        decoded, score = _greedy(scores, lengths, merge_repeated, mask_index)
        return Tensor(decoded), without_gradient(score, (inputs,), "ctc_decode", _TRAIN_WITH)
    if strategy != "beam_search":
        raise ValueError(f"ctc_decode: strategy must be 'greedy' or 'beam_search', received "
                         f"{strategy!r}.")
    log_probs = log_softmax_values(scores, axis=-1)
    batch, steps, _ = scores.shape
    decoded = np.full((top_paths, batch, steps), -1, np.int32)
    path_scores = np.full((batch, top_paths), -np.inf, scores.dtype)
    for b in range(batch):
        for rank, (prefix, score) in enumerate(_beam_search(log_probs[b], lengths[b],
                                                            beam_width, top_paths, mask_index)):
            decoded[rank, b, :len(prefix)] = prefix
            path_scores[b, rank] = score
    return Tensor(decoded), without_gradient(path_scores, (inputs,), "ctc_decode", _TRAIN_WITH)
