"""Gradient clipping: limiting the size of a step before the optimizer takes it.

    clip_by_value(g, c)            each entry limited to [−c, c]
    clip_by_norm(g, c)             g · c / max(||g||, c)         (each gradient on its own)
    clip_by_global_norm(gs, c)     every g · c / max(G, c),  G = √(Σ over all gradients ||g||²)

Norm clipping keeps the direction of the step and shrinks only its length; global-norm clipping
shrinks all gradients by the same factor, so the direction of the whole step is kept too.
"""

import numpy as np


def clip_by_value(gradient, clip_value):
    """Each entry of ``gradient`` limited to [−clip_value, clip_value]."""
    return np.clip(gradient, -clip_value, clip_value).astype(gradient.dtype, copy=False)


def clip_by_norm(gradient, clip_norm):
    """``gradient`` rescaled to L2 norm at most ``clip_norm`` (unchanged when already shorter)."""
    clip_norm = gradient.dtype.type(clip_norm)
    norm = np.sqrt(np.sum(np.square(gradient)))
    return gradient * clip_norm / np.maximum(norm, clip_norm)


def global_norm(gradients):
    """√(Σ ||g||²) over all the gradients."""
    return np.sqrt(sum(np.sum(np.square(g)) for g in gradients))


def clip_by_global_norm(gradients, clip_norm):
    """All ``gradients`` scaled by clip_norm / max(global norm, clip_norm)."""
    norm = global_norm(gradients)
    scale = clip_norm / max(float(norm), clip_norm)
    return [g * g.dtype.type(scale) for g in gradients]


def clip_gradients(gradients, clipnorm=None, global_clipnorm=None, clipvalue=None):
    """``gradients`` clipped as an optimizer's arguments ask (at most one of them is set)."""
    if clipnorm and clipnorm > 0:
        return [clip_by_norm(g, clipnorm) for g in gradients]
    if global_clipnorm and global_clipnorm > 0:
        return clip_by_global_norm(gradients, global_clipnorm)
    if clipvalue and clipvalue > 0:
        return [clip_by_value(g, clipvalue) for g in gradients]
    return gradients
