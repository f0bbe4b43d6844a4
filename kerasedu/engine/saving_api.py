"""Model's saving methods: save, save_weights, load_weights, to_json.

They hand the work to :mod:`kerasedu.saving` (imported when called, since saving sits on a
higher floor than the engine).
"""


class SavingAPI:
    """Mixin giving Model its saving methods."""

    def save(self, filepath, overwrite=True, zipped=None, **kwargs):
        """Save the whole model to ``filepath`` (ending in ``.keras``); reload it with
        ``kerasedu.models.load_model``."""
        from ..saving import save_model
        save_model(self, filepath, overwrite=overwrite, zipped=zipped, **kwargs)

    def save_weights(self, filepath, overwrite=True, max_shard_size=None):
        """Save the weights and optimizer state to ``filepath`` (ending in ``.weights.h5``, or
        ``.weights.npz`` for the same in a numpy archive)."""
        from ..saving import save_weights
        save_weights(self, filepath, overwrite=overwrite, max_shard_size=max_shard_size)

    def load_weights(self, filepath, skip_mismatch=False, **kwargs):
        """Load weights saved by ``save_weights`` (``.weights.h5``, ``.weights.npz``) or
        ``save`` (``.keras``), here or in Keras 3, into this model, which must be built the same
        way."""
        from ..saving import load_weights
        if kwargs.pop("by_name", False):
            raise ValueError(
                "load_weights(by_name=True) is a Keras 2 option that kerasedu does not "
                "support: weights are matched by their place in the model, as in Keras 3.")
        if kwargs:
            raise ValueError(f"load_weights() got unexpected arguments {sorted(kwargs)}.")
        load_weights(self, filepath, skip_mismatch=skip_mismatch)

    def to_json(self, **kwargs):
        """The architecture (and compile arguments) as JSON text; ``json.dumps`` options such
        as ``indent=2`` are passed on. Rebuild with ``kerasedu.models.model_from_json``."""
        from ..saving import model_to_json
        return model_to_json(self, **kwargs)
