"""Advanced activation layers (Keras 2's ``keras.layers.advanced_activations``): ReLU,
LeakyReLU, ELU, PReLU (learned slopes), ThresholdedReLU (Keras 2) and Softmax."""

from .elu import ELU
from .leaky_relu import LeakyReLU
from .prelu import PReLU
from .relu import ReLU
from .softmax import Softmax
from .thresholded_relu import ThresholdedReLU

__all__ = ["ELU", "LeakyReLU", "PReLU", "ReLU", "Softmax", "ThresholdedReLU"]
