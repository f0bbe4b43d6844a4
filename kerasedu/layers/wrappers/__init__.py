"""Layer wrappers (Keras 2's ``keras.layers.wrappers``): Bidirectional, TimeDistributed."""

from .bidirectional import Bidirectional
from .time_distributed import TimeDistributed
from .wrapper import Wrapper
