"""Learning-rate schedules: the learning rate as a function of the optimizer's step count.

Pass one as ``learning_rate`` and the optimizer evaluates it at every step (step = the number of
updates applied so far, starting at 0). With η₀ the initial learning rate and s the step:

    ExponentialDecay        η₀ · rate^(s / decay_steps)        (exponent floored if staircase)
    InverseTimeDecay        η₀ / (1 + rate · s / decay_steps)  (s / decay_steps floored if staircase)
    PiecewiseConstantDecay  values[0] while s ≤ b₀, values[i] while b₍ᵢ₋₁₎ < s ≤ bᵢ,
                            values[-1] after the last boundary
    PolynomialDecay         (η₀ − η_end) · (1 − min(s, d)/d)^power + η_end
    CosineDecay             η₀ · ((1 − α) · ½(1 + cos(π · min(s, d)/d)) + α)
                            with warmup: a straight line from η₀ to warmup_target over
                            warmup_steps, then the cosine decay from warmup_target

Calling a schedule returns a scalar Tensor of the learning rate's float type.
"""

import math

import numpy as np

from ..backend.config import floatx
from ..backend.tensor import Tensor
from ..serialization import deserialize_keras_object, serialize_keras_object


def _step_value(step, dtype):
    return np.asarray(getattr(step, "value", step)).astype(dtype)


def _dtype_of(value):
    """floatx() for Python numbers (as Keras converts them), else the array's float type."""
    dtype = getattr(value, "dtype", None)
    return np.dtype(dtype) if dtype is not None and np.dtype(dtype).kind == "f" \
        else np.dtype(floatx())


def _check_decay_steps(decay_steps):
    if decay_steps <= 0:
        raise ValueError(f"Argument `decay_steps` must be > 0. Received: decay_steps={decay_steps}")


class LearningRateSchedule:
    """Base class: subclasses define ``__call__(step)`` and ``get_config()``."""

    def __call__(self, step):
        raise NotImplementedError(
            f"Learning rate schedule '{type(self).__name__}' must override __call__(self, step).")

    def get_config(self):
        raise NotImplementedError(
            f"Learning rate schedule '{type(self).__name__}' must override get_config() to be "
            f"serializable.")

    @classmethod
    def from_config(cls, config):
        """A new schedule from ``get_config()``'s output."""
        return cls(**config)

    def __repr__(self):
        arguments = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items() if k != "name")
        return f"{type(self).__name__}({arguments})"


class ExponentialDecay(LearningRateSchedule):
    """η₀ · decay_rate^(step / decay_steps); with staircase the exponent is floored."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="ExponentialDecay"):
        _check_decay_steps(decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step):
        dtype = _dtype_of(self.initial_learning_rate)
        progress = _step_value(step, dtype) / dtype.type(self.decay_steps)
        if self.staircase:
            progress = np.floor(progress)
        rate = np.power(dtype.type(self.decay_rate), progress)
        return Tensor(np.asarray(dtype.type(self.initial_learning_rate) * rate, dtype))

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "decay_rate": self.decay_rate,
                "staircase": self.staircase, "name": self.name}


class InverseTimeDecay(LearningRateSchedule):
    """η₀ / (1 + decay_rate · step / decay_steps); with staircase step / decay_steps is floored."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="InverseTimeDecay"):
        _check_decay_steps(decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step):
        dtype = _dtype_of(self.initial_learning_rate)
        progress = _step_value(step, dtype) / dtype.type(self.decay_steps)
        if self.staircase:
            progress = np.floor(progress)
        denominator = dtype.type(1) + dtype.type(self.decay_rate) * progress
        return Tensor(np.asarray(dtype.type(self.initial_learning_rate) / denominator, dtype))

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "decay_rate": self.decay_rate,
                "staircase": self.staircase, "name": self.name}


class PiecewiseConstantDecay(LearningRateSchedule):
    """values[i] for the step interval (boundaries[i−1], boundaries[i]]; len(values) =
    len(boundaries) + 1."""

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                f"The length of boundaries should be 1 less than the length of values. "
                f"Received: boundaries={boundaries} of length {len(boundaries)}, and "
                f"values={values} of length {len(values)}.")
        self.boundaries = boundaries
        self.values = values
        self.name = name

    def __call__(self, step):
        dtype = _dtype_of(self.values[0])
        step = np.asarray(getattr(step, "value", step))
        interval = int(np.sum(step > np.asarray(self.boundaries)))
        return Tensor(np.asarray(self.values[interval], dtype))

    def get_config(self):
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


class PolynomialDecay(LearningRateSchedule):
    """(η₀ − η_end)·(1 − s/d)^power + η_end, s = min(step, d); with cycle, d grows to the next
    multiple of decay_steps instead."""

    def __init__(self, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0,
                 cycle=False, name="PolynomialDecay"):
        _check_decay_steps(decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name

    def __call__(self, step):
        dtype = _dtype_of(self.initial_learning_rate)
        step = _step_value(step, dtype)
        decay_steps = dtype.type(self.decay_steps)
        if self.cycle:
            cycles = dtype.type(1) if step == 0 else np.ceil(step / decay_steps)
            decay_steps = decay_steps * cycles
        else:
            step = np.minimum(step, decay_steps)
        start, end = dtype.type(self.initial_learning_rate), dtype.type(self.end_learning_rate)
        fraction_left = dtype.type(1) - step / decay_steps
        return Tensor(np.asarray((start - end) * np.power(fraction_left, dtype.type(self.power))
                                 + end, dtype))

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "end_learning_rate": self.end_learning_rate,
                "power": self.power, "cycle": self.cycle, "name": self.name}


class CosineDecay(LearningRateSchedule):
    """Cosine decay from η₀ (or from ``warmup_target`` after a linear warmup) to α·η₀ over
    ``decay_steps``, then constant."""

    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, name="CosineDecay",
                 warmup_target=None, warmup_steps=0):
        _check_decay_steps(decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_target = warmup_target
        self.warmup_steps = warmup_steps

    def _decay(self, step, decay_steps, start, dtype):
        angle = dtype.type(math.pi) * step / decay_steps
        cosine = dtype.type(0.5) * (dtype.type(1) + np.cos(angle))
        alpha = dtype.type(self.alpha)
        return start * ((dtype.type(1) - alpha) * cosine + alpha)

    def __call__(self, step):
        dtype = _dtype_of(self.initial_learning_rate)
        start = dtype.type(self.initial_learning_rate)
        decay_steps = dtype.type(self.decay_steps)
        step = _step_value(step, dtype)
        if self.warmup_target is None:
            value = self._decay(np.minimum(step, decay_steps), decay_steps, start, dtype)
            return Tensor(np.asarray(value, dtype))
        target, warmup_steps = dtype.type(self.warmup_target), dtype.type(self.warmup_steps)
        step = np.minimum(step, decay_steps + warmup_steps)
        if step < warmup_steps:
            value = (target - start) * (step / warmup_steps) + start
        else:
            value = self._decay(step - warmup_steps, decay_steps, target, dtype)
        return Tensor(np.asarray(value, dtype))

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "alpha": self.alpha, "name": self.name,
                "warmup_target": self.warmup_target, "warmup_steps": self.warmup_steps}


ALL_OBJECTS = {cls.__name__: cls for cls in (LearningRateSchedule, ExponentialDecay,
                                             InverseTimeDecay, PiecewiseConstantDecay,
                                             PolynomialDecay, CosineDecay)}


def serialize(learning_rate_schedule):
    """A schedule as a config dict."""
    return serialize_keras_object(learning_rate_schedule)


def deserialize(config, custom_objects=None):
    """The schedule described by ``config``."""
    return deserialize_keras_object(config, module_objects=ALL_OBJECTS,
                                    custom_objects=custom_objects,
                                    printable_module_name="learning rate schedule")
