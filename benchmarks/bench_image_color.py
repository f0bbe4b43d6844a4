"""Colour image layers in training mode (RandomHue, Equalization, ...): kerasedu against
Keras 3 (JAX backend, called eagerly on numpy images), on the same batch, printed as ratios.

    python benchmarks/bench_image_color.py

The batch of bench_image_augmentation.py (32 images of 32×32×3, pixels in [0, 255]); for
each layer the best of 30 timed calls after warm-up, the two libraries alternating for three
rounds. Ratio: kerasedu time / Keras time (below 1: kerasedu is faster).
"""

import os
import sys

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "jax")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_conv import best_time  # noqa: E402
from bench_image_augmentation import SHAPE, keras_step  # noqa: E402
from kerasedu import layers  # noqa: E402

CASES = [("RandomGrayscale", {}), ("RandomHue", {"factor": 0.5}),
         ("RandomSaturation", {"factor": (0.2, 0.5)}), ("RandomInvert", {}),
         ("Solarization", {"threshold_factor": 0.5}), ("RandomPosterization", {"factor": 4}),
         ("AutoContrast", {}), ("Equalization", {}), ("RandomSharpness", {"factor": 0.5}),
         ("RandomColorDegeneration", {"factor": 0.5}),
         ("RandomColorJitter", {"brightness_factor": 0.2, "contrast_factor": 0.2,
                                "saturation_factor": (0.3, 0.6), "hue_factor": 0.2}),
         ("RandomGaussianBlur", {"kernel_size": 5})]


def best_of_rounds(steps, rounds=3):
    """{library: the best time over ``rounds`` rounds}, the libraries measured in turn."""
    best = dict.fromkeys(steps, float("inf"))
    for _ in range(rounds):
        for key, step in steps.items():
            best[key] = min(best[key], best_time(step))
    return best


def main():
    import keras
    x = np.random.default_rng(0).uniform(0, 255, size=SHAPE).astype("float32")
    print(f"{SHAPE} float32, training=True; {os.cpu_count()} cores; load average "
          f"{os.getloadavg()[0]:.2f}; best of 3 rounds x 30 calls")
    print(f"{'layer':<26}{'kerasedu ms':>12}{'Keras ms':>10}{'ratio':>8}")
    for name, kwargs in CASES:
        ours = getattr(layers, name)(**kwargs)
        best = best_of_rounds({"kerasedu": lambda: ours(x, training=True),
                               "keras": keras_step(keras, name, kwargs, x)})
        print(f"{name:<26}{best['kerasedu'] * 1e3:>12.2f}{best['keras'] * 1e3:>10.2f}"
              f"{best['kerasedu'] / best['keras']:>8.2f}")


if __name__ == "__main__":
    main()
