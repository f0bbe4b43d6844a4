"""Dropout for recurrent cells: one mask per sequence, reused at every timestep.

Ordinary dropout draws a new mask for every value it sees. Inside a recurrent layer that would
mean a new mask at every timestep, and the recurrent connection (h_{t-1} → h_t) would be hit by
different noise at each step, which stops the layer from learning long dependencies. Keras
(following Gal and Ghahramani, 2016) draws the masks once per call of the layer and reuses them
for every step of the sequence:

    x_t     → x_t · dropout_mask                (``dropout``, on the inputs)
    h_{t-1} → h_{t-1} · recurrent_dropout_mask   (``recurrent_dropout``, on the state)

Each mask holds 0 with probability ``rate`` and 1/(1 − rate) otherwise, so expected values do
not change. Cells that use separate matrices per gate draw one mask per gate
(``dropout_mask_count``). The RNN layer calls ``reset_dropout_mask()`` after each sequence.
"""

from ...backend import ops


class DropoutRNNCell:
    """Mixin for cells with ``dropout``, ``recurrent_dropout`` and a ``seed_generator``."""

    dropout_mask_count = None

    def _draw_mask(self, like, rate):
        ones = ops.ones_like(like)
        if self.dropout_mask_count is None:
            return ops.dropout(ones, rate, seed=self.seed_generator)
        return [ops.dropout(ones, rate, seed=self.seed_generator)
                for _ in range(self.dropout_mask_count)]

    def get_dropout_mask(self, step_input):
        """The input mask of this sequence (drawn on first use), or None without dropout."""
        if getattr(self, "_dropout_mask", None) is None and self.dropout > 0:
            self._dropout_mask = self._draw_mask(step_input, self.dropout)
        return getattr(self, "_dropout_mask", None)

    def get_recurrent_dropout_mask(self, state):
        """The state mask of this sequence (drawn on first use), or None without dropout."""
        if getattr(self, "_recurrent_dropout_mask", None) is None and self.recurrent_dropout > 0:
            self._recurrent_dropout_mask = self._draw_mask(state, self.recurrent_dropout)
        return getattr(self, "_recurrent_dropout_mask", None)

    def reset_dropout_mask(self):
        """Forget the input mask, so that the next sequence draws a new one."""
        self._dropout_mask = None

    def reset_recurrent_dropout_mask(self):
        """Forget the state mask, so that the next sequence draws a new one."""
        self._recurrent_dropout_mask = None


def stacked_masks(masks):
    """A mask or a list of per-gate masks as one (G, N, width) numpy array (None stays None)."""
    if masks is None:
        return None
    masks = masks if isinstance(masks, (list, tuple)) else [masks]
    return ops.stack(masks, axis=0).numpy()
