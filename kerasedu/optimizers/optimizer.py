"""The Optimizer base class: turning gradients into weight updates, step after step.

One training step, ``optimizer.apply(grads, variables)`` (or ``apply_gradients(zip(grads,
variables))``), does, with η the current learning rate:

1. build, on the first call: create the optimizer's own state ("slots", such as Adam's moments)
   for each variable, in a fixed order;
2. clip the gradients (``clipnorm``, ``global_clipnorm`` or ``clipvalue``, see
   :mod:`kerasedu.optimizers.clipping`);
3. decoupled weight decay (``weight_decay`` = λ):  w ← w − η·λ·w;
4. the optimizer's own rule, ``update_step(gradient, variable, η)`` for each variable;
5. the variable's ``constraint``, if it has one:  w ← constraint(w);
6. ``iterations`` += 1.

All state lives in Variables listed by ``optimizer.variables``: ``iterations``, the learning
rate (unless it is a schedule), then the slots. ``get_weights()`` / ``set_weights()`` (or
``save_own_variables`` / ``load_own_variables``) save and restore it, so that training resumes
exactly where it stopped.

A new optimizer takes its own hyperparameters and hands the common arguments (``**kwargs``:
weight_decay, clipnorm, ..., name) to ``Optimizer.__init__``; it overrides ``build(var_list)``
(call ``super().build(var_list)`` first, then create slots with ``add_optimizer_variables``) and
``update_step``, written with ``assign``, ``assign_add``, ``assign_sub`` and
``assign_moving_average`` as its formula reads.
"""

import numbers
import re

import numpy as np

from ..backend.autodiff import no_grad
from ..backend.config import floatx
from ..backend.quiet import quietly
from ..backend.tensor import Tensor, Variable
from ..initializers import initial_value
from ..naming import default_name
from ..serialization import serialize_keras_object
from . import schedules
from .clipping import clip_gradients


def _is_number(value):
    return (isinstance(value, (numbers.Real, np.number)) and not isinstance(value, bool)) or (
        isinstance(value, (Tensor, np.ndarray)) and np.ndim(value) == 0)


class Optimizer:
    """Base class of optimizers.

    Args:
        learning_rate: a float, a LearningRateSchedule, or a function of no arguments.
            Keras 2's ``lr=`` is accepted too.
        weight_decay: λ for decoupled weight decay (None: no decay).
        clipnorm, clipvalue, global_clipnorm: gradient clipping (at most one of them).
        loss_scale_factor: gradients are divided by it before use.
        name: defaults to the snake_case class name ('adam', 'adam_1', ...).
        decay: Keras 2's time-based decay: η / (1 + decay · iterations).
    """

    def __init__(self, learning_rate, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        if "lr" in kwargs:
            learning_rate = kwargs.pop("lr")
        self.decay = float(kwargs.pop("decay", 0.0) or 0.0)
        if kwargs:
            raise ValueError(f"Argument(s) not recognized: {kwargs}")
        if use_ema:
            raise ValueError("kerasedu's optimizers do not implement use_ema=True.")
        if gradient_accumulation_steps:
            raise ValueError("kerasedu's optimizers do not implement gradient_accumulation_steps.")
        clip_arguments = [a for a in (clipnorm, clipvalue, global_clipnorm) if a is not None]
        if len(clip_arguments) > 1:
            raise ValueError(
                f"Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. "
                f"Received: clipnorm={clipnorm}, clipvalue={clipvalue}, "
                f"global_clipnorm={global_clipnorm}")
        self.name = name or default_name(self)
        self.weight_decay = weight_decay
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.global_clipnorm = global_clipnorm
        self.use_ema = use_ema
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = gradient_accumulation_steps
        self.built = False
        self._variables = []
        self._trainable_variables = []
        self._variable_index = {}
        self._excluded_from_decay = set()
        self._excluded_name_pattern = None
        self._iterations = self.add_variable((), dtype="int64", name="iteration")
        self._learning_rate = self._learning_rate_from(learning_rate)

    # The learning rate.
    def _learning_rate_from(self, value):
        if isinstance(value, schedules.LearningRateSchedule):
            return value
        if _is_number(value):
            variable = Variable(np.asarray(float(np.asarray(getattr(value, "value", value))),
                                           floatx()),
                                trainable=False, name="learning_rate",
                                path=f"{self.name}/learning_rate")
            self._variables.insert(1, variable)
            return variable
        if callable(value):
            return value
        raise ValueError(
            f"Argument `learning_rate` should be a float, a LearningRateSchedule, or a callable "
            f"(that takes no arguments and returns the learning rate). Received instead: "
            f"learning_rate={value!r}")

    @property
    def learning_rate(self):
        """The current learning rate: a float Variable (settable), or the schedule's value."""
        rate = self._learning_rate
        if isinstance(rate, schedules.LearningRateSchedule):
            return rate(self._iterations)
        if isinstance(rate, Variable):
            return rate
        return rate()

    @learning_rate.setter
    def learning_rate(self, value):
        current = self._learning_rate
        if isinstance(value, schedules.LearningRateSchedule) or (
                callable(value) and not _is_number(value)):
            if isinstance(current, Variable):
                self._variables.remove(current)
            self._learning_rate = value
        elif isinstance(current, schedules.LearningRateSchedule):
            raise TypeError(
                "This optimizer was created with a `LearningRateSchedule` object as its "
                "`learning_rate` constructor argument, hence its learning rate is not settable. "
                "If you need the learning rate to be settable, you should instantiate the "
                "optimizer with a float `learning_rate` argument.")
        elif isinstance(current, Variable):
            current.assign(np.asarray(getattr(value, "value", value), current.dtype))
        else:
            self._learning_rate = self._learning_rate_from(value)

    lr = learning_rate  # Keras 2's name

    def _current_learning_rate(self):
        """η for this step as a numpy scalar (Keras 2's ``decay`` applied)."""
        rate = np.asarray(getattr(self.learning_rate, "value", self.learning_rate))
        if self.decay:
            rate = rate * (1.0 / (1.0 + self.decay * float(self._iterations.value)))
        return rate

    @property
    def iterations(self):
        """The number of steps applied so far (an integer Variable)."""
        return self._iterations

    # State.
    @property
    def variables(self):
        """All state Variables: iterations, learning rate, then the slots in build order."""
        return list(self._variables)

    def add_variable(self, shape, initializer="zeros", dtype=None, aggregation="none",
                     name=None):
        """A new non-trainable state Variable, tracked in ``self.variables``."""
        dtype = dtype or floatx()
        name = name or "variable"
        variable = Variable(initial_value(initializer, tuple(shape), dtype, "optimizer"),
                            dtype=dtype, trainable=False, name=name, path=f"{self.name}/{name}")
        self._variables.append(variable)
        return variable

    def add_variable_from_reference(self, reference_variable, name=None, initializer="zeros"):
        """A slot shaped like ``reference_variable``, named '<its path>_<name>'."""
        prefix = getattr(reference_variable, "path", None) or reference_variable.name
        return self.add_variable(reference_variable.shape, initializer=initializer,
                                 dtype=reference_variable.dtype,
                                 name=f"{prefix.replace('/', '_')}_{name or 'var'}")

    def add_optimizer_variables(self, var_list, name, initializer="zeros"):
        """One slot per variable for ``name`` (a list), or for each of several names (a tuple
        of lists). Slots are created variable by variable, in the order of ``name``."""
        names = [name] if isinstance(name, str) else list(name)
        slots = tuple([] for _ in names)
        for variable in var_list:
            for i, slot_name in enumerate(names):
                slots[i].append(self.add_variable_from_reference(variable, slot_name,
                                                                 initializer))
        return slots[0] if isinstance(name, str) else slots

    def build(self, var_list):
        """Remember the variables this optimizer updates; subclasses then create their slots."""
        self._trainable_variables = list(var_list)
        self._variable_index = {id(v): i for i, v in enumerate(var_list)}
        self.built = True

    def _get_variable_index(self, variable):
        return self._variable_index[id(variable)]

    def get_weights(self):
        """The values of ``self.variables``, as numpy arrays."""
        return [variable.numpy() for variable in self._variables]

    def set_weights(self, weights):
        """Restore values from ``get_weights()``; build the optimizer first."""
        if not self.built:
            raise ValueError(
                "You are calling set_weights() on an optimizer that has not yet been built. "
                "Call optimizer.build(model.trainable_variables) first.")
        weights = list(weights)
        if len(weights) != len(self._variables):
            raise ValueError(
                f"Optimizer '{self.name}' has {len(self._variables)} variables, but "
                f"set_weights() received {len(weights)} values.")
        for variable, value in zip(self._variables, weights):
            if tuple(np.shape(value)) != tuple(variable.shape):
                raise ValueError(
                    f"Optimizer variable {variable.path} has shape {variable.shape}, not "
                    f"compatible with provided weight shape {np.shape(value)}.")
        for variable, value in zip(self._variables, weights):
            variable.assign(value)

    def save_own_variables(self, store):
        """Write the state into ``store`` under the keys '0', '1', ..."""
        for i, variable in enumerate(self._variables):
            store[str(i)] = variable.numpy()

    def load_own_variables(self, store):
        """Read the state written by :meth:`save_own_variables`."""
        self.set_weights([store[str(i)] for i in range(len(store))])

    # Weight decay.
    def exclude_from_weight_decay(self, var_list=None, var_names=None):
        """Skip weight decay for these variables, or for variables whose name contains any of
        ``var_names`` (call before the first step)."""
        if self.built:
            raise ValueError("`exclude_from_weight_decay()` can only be configured before the "
                             "optimizer is built.")
        self._excluded_from_decay = {id(v) for v in var_list or ()}
        self._excluded_name_pattern = (re.compile("|".join(map(re.escape, var_names)))
                                       if var_names else None)

    def _uses_weight_decay(self, variable):
        if id(variable) in self._excluded_from_decay:
            return False
        pattern = self._excluded_name_pattern
        return pattern is None or pattern.search(variable.name) is None

    def _apply_weight_decay(self, variables, learning_rate):
        if self.weight_decay is None:
            return
        for variable in variables:
            if self._uses_weight_decay(variable):
                dtype = variable.dtype
                decay = np.asarray(self.weight_decay, dtype) * np.asarray(learning_rate, dtype)
                variable.assign(variable.value - variable.value * decay)

    # Applying gradients.
    def _known_variables(self, grads, trainable_variables):
        if trainable_variables is None:
            if not self.built:
                raise ValueError(
                    "When passing `grads` without `variables`, the optimizer must already be "
                    "built on a list of variables. Call `optimizer.build(trainable_variables)` "
                    "first.")
            trainable_variables = self._trainable_variables
        trainable_variables = list(trainable_variables)
        if len(grads) != len(trainable_variables):
            raise ValueError(
                f"Received {len(grads)} gradients for {len(trainable_variables)} variables: "
                f"pass one gradient per variable, in the same order.")
        if not self.built:
            self.build(trainable_variables)
        for variable in trainable_variables:
            if id(variable) not in self._variable_index:
                raise ValueError(
                    f"Unknown variable: {getattr(variable, 'path', variable)}. This optimizer "
                    f"can only be called for the variables it was originally built with. When "
                    f"working with a new set of variables, create a new optimizer.")
        return trainable_variables

    @staticmethod
    def _as_gradient(gradient, variable):
        gradient = np.asarray(getattr(gradient, "value", gradient), dtype=variable.dtype)
        if gradient.shape != tuple(variable.shape):
            raise ValueError(
                f"The gradient for variable '{getattr(variable, 'path', variable.name)}' has "
                f"shape {gradient.shape}, but the variable has shape {tuple(variable.shape)}.")
        return gradient

    @quietly
    def apply(self, grads, trainable_variables=None):
        """One step: update each variable from its gradient (numpy arrays or Tensors).

        Gradients that are None are skipped. ``trainable_variables`` may be left out once the
        optimizer is built.
        """
        grads = list(grads)
        if not grads:
            return
        variables = self._known_variables(grads, trainable_variables)
        pairs = [(self._as_gradient(g, v), v) for g, v in zip(grads, variables) if g is not None]
        if not pairs:
            raise ValueError("No gradients provided for any variable.")
        grads, variables = [g for g, _ in pairs], [v for _, v in pairs]
        with no_grad():
            if self.loss_scale_factor is not None:
                grads = [g / g.dtype.type(self.loss_scale_factor) for g in grads]
            grads = clip_gradients(grads, self.clipnorm, self.global_clipnorm, self.clipvalue)
            learning_rate = self._current_learning_rate()
            self._apply_weight_decay(variables, learning_rate)
            self._update_steps(grads, variables, learning_rate)
            for variable in variables:
                if getattr(variable, "constraint", None) is not None:
                    variable.assign(variable.constraint(variable))
        self._iterations.assign_add(1)

    @quietly
    def apply_gradients(self, grads_and_vars):
        """``apply`` for an iterable of (gradient, variable) pairs; returns ``iterations``."""
        pairs = list(grads_and_vars)
        if not pairs:
            return self._iterations
        grads, variables = zip(*pairs)
        self.apply(grads, variables)
        return self._iterations

    def _update_steps(self, grads, variables, learning_rate):
        for gradient, variable in zip(grads, variables):
            self.update_step(gradient, variable, learning_rate)

    def update_step(self, gradient, variable, learning_rate):
        """Update ``variable`` (a Variable) from ``gradient`` (a numpy array of its shape)."""
        raise NotImplementedError(
            f"Optimizer '{type(self).__name__}' must define update_step(self, gradient, "
            f"variable, learning_rate).")

    def assign(self, variable, value):
        """variable ← value."""
        variable.assign(value)

    def assign_add(self, variable, value):
        """variable ← variable + value."""
        variable.assign_add(value)

    def assign_sub(self, variable, value):
        """variable ← variable − value."""
        variable.assign_sub(value)

    def assign_moving_average(self, average, value, rate):
        """average ← average + (value − average)·rate: a running mean of ``value`` that
        forgets at ``rate`` (1 − β). Adam's two moments are such averages, of g and of g²."""
        self.assign_add(average, (value - average.value) * rate)

    def finalize_variable_values(self, var_list):
        """Called at the end of fit; nothing to do without a moving average of the weights."""

    # Configuration.
    def get_config(self):
        """The constructor arguments (a schedule is serialized to a dict)."""
        rate = self._learning_rate
        if isinstance(rate, schedules.LearningRateSchedule):
            learning_rate = schedules.serialize(rate)
        elif isinstance(rate, Variable):
            learning_rate = float(rate.value)
        else:
            learning_rate = serialize_keras_object(rate)
        config = {
            "name": self.name,
            "learning_rate": learning_rate,
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
            "use_ema": self.use_ema,
            "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency,
            "loss_scale_factor": self.loss_scale_factor,
            "gradient_accumulation_steps": self.gradient_accumulation_steps,
        }
        if self.decay:
            config["decay"] = self.decay
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """A new optimizer (without state) from ``get_config()``'s output."""
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = schedules.deserialize(config["learning_rate"],
                                                            custom_objects=custom_objects)
        return cls(**config)

    def __repr__(self):
        rate = self._learning_rate
        shown = float(rate.value) if isinstance(rate, Variable) else rate
        return f"<{type(self).__name__} name={self.name} learning_rate={shown}>"
