"""AugMix: mix each batch with a blend of several randomly augmented copies of it, during
training (Hendrycks et al., 2020, "AugMix: A Simple Data Processing Method to Improve
Robustness and Uncertainty").

``num_chains`` chains are drawn; each applies up to ``chain_depth`` augmentations picked at
random from :mod:`.augmentations` (each step may also be skipped), all of strength ``factor``
(a number f in [0, 1] gives (0, f)). With chain weights w ~ Dirichlet(α, ..., α) and
m ~ Beta(α, α),

    output = clip(m·x + (1 − m)·Σ_k w_k·chain_k(x), low, high),   (low, high) = value_range

``all_ops=False`` leaves out the four colour augmentations (brightness, colour degeneration,
contrast, sharpness). Segmentation masks are mixed the same way, through the same chains
(the geometric steps move them by the nearest pixel, and the blend is unclipped, as in
Keras 3); bounding boxes pass unchanged, since a blend of moved copies has no single box.
At inference everything passes unchanged. Shapes unchanged; images come out as floats.

``get_random_transformation`` gives {"chain_mixing_weights": (num_chains,) w,
"weight_sample": m, "chain_transforms": for each chain, a list of {"layer_name",
"transformation"}}.
"""

import numbers

import numpy as np

from ....backend import ops
from ....backend.ops.random import SeedGenerator, generator_for
from ..image_layer import (AFFINE_INTERPOLATIONS, BaseImagePreprocessingLayer,
                           as_float_images, choice, value_range_of)
from .augmentations import COLOUR, GEOMETRIC_AND_TONE, augmentation_layers


class AugMix(BaseImagePreprocessingLayer):
    """Blend the images with chains of random augmentations of them."""

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, value_range=(0, 255), num_chains=3, chain_depth=3, factor=0.3,
                 alpha=1.0, all_ops=True, interpolation="bilinear", seed=None,
                 data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = tuple(value_range_of(value_range, self))
        for name, value in (("num_chains", num_chains), ("chain_depth", chain_depth)):
            if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
                raise ValueError(f"{self._who()}`{name}` must be a positive integer. "
                                 f"Received: {name}={value!r}")
        if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real) or alpha <= 0:
            raise ValueError(f"{self._who()}`alpha` (of the Dirichlet and Beta mixing "
                             f"weights) must be a number > 0. Received: alpha={alpha!r}")
        self.num_chains, self.chain_depth = int(num_chains), int(chain_depth)
        self._set_factor(factor)
        self.alpha = alpha
        self.all_ops = bool(all_ops)
        self.interpolation = choice(interpolation, AFFINE_INTERPOLATIONS, "interpolation", self)
        self.seed = seed
        self.generator = SeedGenerator(seed)
        names = GEOMETRIC_AND_TONE + (COLOUR if self.all_ops else ())
        self.augmentations = augmentation_layers(names, self.factor, self.value_range,
                                                 interpolation, seed, self.data_format)

    def get_random_transformation(self, images, training=True, seed=None):
        if not training:
            return None
        seed = self.generator if seed is None else seed
        generator = generator_for(seed)
        names = list(self.augmentations)
        chains = []
        for _ in range(self.num_chains):
            steps = (generator.integers(0, len(names) + 1) for _ in range(self.chain_depth))
            chains.append([{"layer_name": names[step], "transformation":
                            self.augmentations[names[step]].get_random_transformation(
                                images, training=True, seed=seed)}
                           for step in steps if step < len(names)])      # else: skipped
        return {"chain_mixing_weights": generator.dirichlet(
                    [self.alpha] * self.num_chains).astype(np.float32),
                "weight_sample": np.float32(generator.beta(self.alpha, self.alpha)),
                "chain_transforms": chains}

    def _mix(self, method, values, transformation):
        """m·values + (1 − m)·Σ_k w_k·chain_k(values), each chain through ``method``."""
        weights = np.asarray(ops.convert_to_numpy(transformation["chain_mixing_weights"]))
        kept = float(np.asarray(ops.convert_to_numpy(transformation["weight_sample"])))
        mixed = ops.zeros_like(values)
        for weight, chain in zip(weights, transformation["chain_transforms"]):
            augmented = values
            for step in chain:
                augmented = getattr(self.augmentations[step["layer_name"]], method)(
                    augmented, step["transformation"], training=True)
            mixed = mixed + ops.cast(augmented, values.dtype) * float(weight)
        return values * kept + mixed * (1.0 - kept)

    def transform_images(self, images, transformation, training=True):
        images = as_float_images(self, images)
        if not training or transformation is None:
            return images
        outputs = self._mix("transform_images", images, transformation)
        return ops.cast(ops.clip(outputs, *self.value_range), self.compute_dtype)

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        if not training or transformation is None:
            return segmentation_masks
        return self._mix("transform_segmentation_masks",
                         as_float_images(self, segmentation_masks), transformation)

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        return bounding_boxes

    def get_config(self):
        return {**super().get_config(), "value_range": self.value_range,
                "num_chains": self.num_chains, "chain_depth": self.chain_depth,
                "factor": self.factor, "alpha": self.alpha, "all_ops": self.all_ops,
                "interpolation": self.interpolation, "seed": self.seed}
