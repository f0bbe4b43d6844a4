"""Image augmentation layers in training mode: kerasedu against Keras 3 (JAX backend, called
eagerly, as a layer is called on numpy images), on the same batch, printed as ratios.

    python benchmarks/bench_image_augmentation.py

A batch of 32 images of 32×32×3 (CIFAR-sized) through each layer with training=True, as fit
does once per step; best of 30 timed calls after warm-up, the libraries measured in turn
within one process, for three rounds (the best of the rounds is kept). Also the batch reader
under the affine layers, sample_images, against reading the images one at a time through
map_coordinates (the reference it is tested against).
"""

import os
import sys

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "jax")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_conv import best_time  # noqa: E402
from kerasedu import layers  # noqa: E402
from kerasedu.backend.ops.image.sampling import map_coordinates, sample_images  # noqa: E402

SHAPE = (32, 32, 32, 3)
CASES = [("RandomFlip", {}), ("RandomRotation", {"factor": 0.1}),
         ("RandomZoom", {"height_factor": 0.1}),
         ("RandomTranslation", {"height_factor": 0.1, "width_factor": 0.1}),
         ("RandomContrast", {"factor": 0.2}), ("RandomBrightness", {"factor": 0.2}),
         ("RandomCrop", {"height": 28, "width": 28}), ("Resizing", {"height": 48, "width": 48})]


def keras_step(keras, name, kwargs, x):
    layer = getattr(keras.layers, name)(**kwargs)
    data = keras.ops.convert_to_tensor(x)
    return lambda: np.asarray(layer(data, training=True))


def one_at_a_time(images, rows, cols):
    """The per-image reference: map_coordinates over (row, column, channel) for each image."""
    n, h, w, c = images.shape
    channel = np.broadcast_to(np.arange(c, dtype=np.float32), (h, w, c))
    for b in range(n):
        points = np.stack([np.broadcast_to(rows[b][..., None], (h, w, c)),
                           np.broadcast_to(cols[b][..., None], (h, w, c)), channel])
        map_coordinates(images[b], points, 1, "reflect", 0.0)


def main():
    try:
        import keras
    except ImportError:
        keras = None
    x = np.random.default_rng(0).uniform(0, 255, size=SHAPE).astype("float32")
    print(f"{SHAPE} float32, training=True; {os.cpu_count()} cores; load average "
          f"{os.getloadavg()[0]:.2f}; best of 3 rounds x 30 calls")
    print(f"{'layer':<20}{'kerasedu ms':>12}{'Keras ms':>10}{'ratio':>8}   "
          "(ratio: kerasedu time / Keras time)")
    for name, kwargs in CASES:
        ours = getattr(layers, name)(**kwargs)
        steps = {"kerasedu": lambda: ours(x, training=True)}
        if keras is not None:
            steps["keras"] = keras_step(keras, name, kwargs, x)
        best = {key: float("inf") for key in steps}
        for _ in range(3):                      # rounds, alternating the libraries
            for key, step in steps.items():
                best[key] = min(best[key], best_time(step))
        theirs = best.get("keras")
        print(f"{name:<20}{best['kerasedu'] * 1e3:>12.1f}"
              + (f"{theirs * 1e3:>10.1f}{best['kerasedu'] / theirs:>8.2f}" if theirs else ""))
    rows = np.random.default_rng(1).uniform(-3, 35, size=SHAPE[:3]).astype("float32")
    cols = np.random.default_rng(2).uniform(-3, 35, size=SHAPE[:3]).astype("float32")
    batch = best_time(lambda: sample_images(x, rows, cols, 1, "reflect", 0.0))
    single = best_time(lambda: one_at_a_time(x, rows, cols), repeats=5)
    print(f"sample_images on the batch: {batch * 1e3:.1f} ms; one image at a time through "
          f"map_coordinates: {single * 1e3:.1f} ms ({single / batch:.1f}x slower)")


if __name__ == "__main__":
    main()
