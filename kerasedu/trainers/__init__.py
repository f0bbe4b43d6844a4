"""The training loop: compile, fit, evaluate and predict."""

from .trainer import Trainer
