"""ActivityRegularization: pass inputs through and add l1·Σ|x| + l2·Σx² to the losses."""

from ...layer_machinery.layer import Layer
from ...regularizers import L1L2
from ..validation import number


class ActivityRegularization(Layer):
    """Identity layer whose output activity is penalised (the penalty is divided by the batch
    size, as for every activity regularizer)."""

    def __init__(self, l1=0.0, l2=0.0, **kwargs):
        super().__init__(**kwargs)
        self.l1 = number(l1, "l1", self, minimum=0)
        self.l2 = number(l2, "l2", self, minimum=0)
        self.activity_regularizer = L1L2(l1=self.l1, l2=self.l2)
        self.supports_masking = True
        self._build_at_init()

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = {**super().get_config(), "l1": self.l1, "l2": self.l2}
        config.pop("activity_regularizer", None)   # l1 and l2 say it
        return config
