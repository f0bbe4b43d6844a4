"""The Metric class: a running statistic over the batches of an epoch.

A metric keeps its state in non-trainable Variables (totals, counts, confusion-matrix cells):

    m = SomeMetric()
    m.update_state(y_true, y_pred)           # add a batch
    m.update_state(y_true2, y_pred2)         # ... and another
    m.result()                               # the statistic so far, a Tensor
    m.reset_state()                          # zero the state for the next epoch

``m(y_true, y_pred)`` updates and returns the result in one call. Metrics are computed with
numpy: no gradient flows through them.
"""

import numpy as np

from ..backend.config import floatx
from ..backend.tensor import Tensor, Variable
from ..initializers import initial_value
from ..naming import default_name


def as_array(x, dtype=None):
    """The numpy value of a Tensor, array, list or number."""
    return np.asarray(getattr(x, "value", x), dtype=dtype)


class Metric:
    """Base class of stateful metrics.

    Subclasses create their state in ``__init__`` with ``self.add_variable(...)`` and define
    ``update_state(*args, **kwargs)`` and ``result()``.

    Args:
        name: the key shown in logs and History; the snake_case class name by default.
        dtype: float type of the state (floatx() when None).
    """

    _tracked_as_metric = True    # a layer holding it lists it in layer.metrics

    def __init__(self, name=None, dtype=None):
        self.name = name or default_name(self)
        self.dtype = str(dtype or floatx())
        self._variables = []

    def add_variable(self, shape=(), initializer="zeros", dtype=None, aggregation="sum",
                     name=None):
        """A new non-trainable state Variable, tracked in ``self.variables``.

        Keras 2's ``add_weight(name, shape, ...)`` order is accepted through :meth:`add_weight`.
        """
        dtype = dtype or self.dtype
        name = name or f"variable_{len(self._variables)}"
        variable = Variable(initial_value(initializer, tuple(shape or ()), dtype, "metric"),
                            dtype=dtype, trainable=False, name=name, path=f"{self.name}/{name}")
        self._variables.append(variable)
        return variable

    def add_weight(self, name=None, shape=(), initializer="zeros", dtype=None, **kwargs):
        """Keras 2 spelling of :meth:`add_variable` (name first)."""
        if not isinstance(name, (str, type(None))):
            name, shape = None, name
        return self.add_variable(shape=shape, initializer=initializer, dtype=dtype, name=name)

    @property
    def variables(self):
        """The state Variables, in creation order."""
        return list(self._variables)

    def reset_state(self):
        """Zero every state variable."""
        for variable in self._variables:
            variable.assign(np.zeros(variable.shape, variable.dtype))

    def reset_states(self):
        """Keras 2 spelling of :meth:`reset_state`."""
        self.reset_state()

    def update_state(self, *args, **kwargs):
        """Accumulate statistics from one batch (subclasses define it)."""
        raise NotImplementedError(
            f"Metric '{type(self).__name__}' must define update_state(self, y_true, y_pred, "
            f"sample_weight=None).")

    def result(self):
        """The metric's value from the state so far (subclasses define it)."""
        raise NotImplementedError(f"Metric '{type(self).__name__}' must define result(self).")

    def __call__(self, *args, **kwargs):
        """``update_state(*args, **kwargs)``, then the result."""
        self.update_state(*args, **kwargs)
        return self.result()

    def get_config(self):
        """The constructor arguments."""
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config):
        """A new metric from ``get_config()``'s output."""
        return cls(**config)

    def _tensor(self, value):
        return Tensor(np.asarray(value, dtype=self.dtype))

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"
