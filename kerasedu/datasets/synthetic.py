"""Small generated datasets for the chapters: points on spirals, padded token sequences, sine waves.

Each function returns ``(x, y)`` as NumPy arrays, made from ``np.random.default_rng(seed)`` only,
so the same arguments always give the same arrays. Rows are in random order, so
``validation_split`` (which takes the last rows) sees every class.
"""

import numpy as np

SEQUENCE_TASKS = ("parity", "first", "last")


def spirals(n_per_class=100, n_classes=3, noise=0.2, seed=0):
    """Points on ``n_classes`` interleaved spiral arms in the plane, one class per arm.

    Along arm ``k`` a parameter ``t`` runs evenly from 0 to 1; the point has radius ``t`` and
    angle ``2*pi*k/n_classes + 4*t`` radians plus normal noise of standard deviation ``noise``.
    So the radius grows with the angle, and no straight line separates the classes.

    Returns:
        x: ``float32`` array of shape ``(n_per_class * n_classes, 2)``, inside the unit disc.
        y: ``int64`` array of shape ``(n_per_class * n_classes,)``, the arm, 0 to ``n_classes - 1``.
    """
    if n_per_class < 1 or n_classes < 1:
        raise ValueError(
            f"n_per_class and n_classes must be at least 1; received n_per_class={n_per_class}, "
            f"n_classes={n_classes}."
        )
    rng = np.random.default_rng(seed)
    t = np.tile(np.linspace(0.0, 1.0, n_per_class), n_classes)
    y = np.repeat(np.arange(n_classes, dtype=np.int64), n_per_class)
    angle = 2 * np.pi * y / n_classes + 4.0 * t + noise * rng.standard_normal(t.shape)
    x = np.stack([t * np.cos(angle), t * np.sin(angle)], axis=1).astype(np.float32)
    order = rng.permutation(len(y))
    return x[order], y[order]


def sequences(n_samples=1000, max_length=20, min_length=1, vocab_size=10, task="parity",
              padding="post", seed=0):
    """Token sequences of random length, padded with zeros, labelled by a simple rule.

    Each sequence has a length drawn evenly from ``min_length`` to ``max_length`` and tokens drawn
    evenly from 1 to ``vocab_size - 1``; 0 is only ever padding, so the data suit
    ``Embedding(vocab_size, ..., mask_zero=True)`` followed by a recurrent layer. ``padding="post"``
    puts the zeros after the tokens (a recurrent layer must then be told to skip them),
    ``"pre"`` before them, as ``pad_sequences`` does by default.

    Tasks (the label of a sequence of tokens ``s``):
        ``"parity"``: ``sum(s) % 2``, 0 or 1; it depends on every token.
        ``"first"``: ``s[0]``, 1 to ``vocab_size - 1``; it must be remembered to the end.
        ``"last"``: ``s[-1]``, 1 to ``vocab_size - 1``; the last real token, not the padding.

    Returns:
        x: ``int32`` array of shape ``(n_samples, max_length)``, token ids, 0 for padding.
        y: ``int64`` array of shape ``(n_samples,)``, the label.
    """
    if task not in SEQUENCE_TASKS:
        raise ValueError(f"task must be one of {SEQUENCE_TASKS}; received task={task!r}.")
    if padding not in ("pre", "post"):
        raise ValueError(f"padding must be 'pre' or 'post'; received padding={padding!r}.")
    if not 1 <= min_length <= max_length or vocab_size < 2:
        raise ValueError(
            "Need 1 <= min_length <= max_length and vocab_size >= 2; received "
            f"min_length={min_length}, max_length={max_length}, vocab_size={vocab_size}."
        )
    rng = np.random.default_rng(seed)
    lengths = rng.integers(min_length, max_length + 1, size=n_samples)
    tokens = rng.integers(1, vocab_size, size=(n_samples, max_length))
    positions = np.arange(max_length)
    start = 0 if padding == "post" else max_length - lengths
    begin = np.broadcast_to(start, lengths.shape)
    is_token = (positions >= begin[:, None]) & (positions < (begin + lengths)[:, None])
    x = np.where(is_token, tokens, 0).astype(np.int32)

    rows = np.arange(n_samples)
    if task == "parity":
        y = x.sum(axis=1) % 2
    elif task == "first":
        y = x[rows, begin]
    else:
        y = x[rows, begin + lengths - 1]
    return x, y.astype(np.int64)


def sine_waves(n_samples=1000, timesteps=50, noise=0.0, seed=0):
    """Stretches of sine waves; the target is the value one step after the stretch ends.

    Wave ``i`` is ``a * sin(w * t + p)`` at steps ``t = 0, 1, ..., timesteps`` with amplitude
    ``a`` in [0.5, 1], angular frequency ``w`` in [0.1, 0.5] radians a step (a period of about 13
    to 63 steps) and phase ``p`` in [0, 2*pi), all drawn evenly. The inputs get normal noise of
    standard deviation ``noise``; the targets are exact.

    Returns:
        x: ``float32`` array of shape ``(n_samples, timesteps, 1)``, the wave at steps
            0 to ``timesteps - 1``.
        y: ``float32`` array of shape ``(n_samples, 1)``, the wave at step ``timesteps``.
    """
    if timesteps < 1:
        raise ValueError(f"timesteps must be at least 1; received timesteps={timesteps}.")
    rng = np.random.default_rng(seed)
    amplitude = rng.uniform(0.5, 1.0, size=(n_samples, 1))
    frequency = rng.uniform(0.1, 0.5, size=(n_samples, 1))
    phase = rng.uniform(0.0, 2 * np.pi, size=(n_samples, 1))
    waves = amplitude * np.sin(frequency * np.arange(timesteps + 1) + phase)
    x = waves[:, :timesteps] + noise * rng.standard_normal((n_samples, timesteps))
    return x[:, :, None].astype(np.float32), waves[:, timesteps:].astype(np.float32)
