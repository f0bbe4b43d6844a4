"""Calls of keras.ops written once for two checks: float64 gradients against central
differences (tests/backend) and values, shapes and dtypes against Keras 3 (tests/parity).

The tables live in ops_cases_*.py, one per family; :func:`all_cases` gathers them. A case is
``Case(call, *inputs)``: ``call(o, *arrays)`` calls the ops of the library ``o``
(kerasedu.ops or keras.ops) on arrays made from ``inputs``; each input is a shape (values
uniform in [-2, 2)) or an ``In`` for other values. Every input is differentiated.
"""

import importlib

import numpy as np


class In:
    """An input of ``shape``: values uniform in [low, high) kept 0.1 away from the points
    ``away_from``; or ``make(rng)`` for values of another kind."""

    def __init__(self, shape=(), low=-2.0, high=2.0, away_from=(), make=None):
        self.shape, self.low, self.high, self.away_from, self.make = (shape, low, high,
                                                                       away_from, make)

    def draw(self, rng, dtype):
        if self.make is not None:
            return np.asarray(self.make(rng)).astype(dtype)
        x = rng.uniform(self.low, self.high, size=self.shape)
        for point in self.away_from:
            close = np.abs(x - point) < 0.1
            x[close] = point + np.where(x[close] >= point, 0.1, -0.1)
        return x.astype(dtype)


class Case:
    """One call: ``call(o, *arrays)``, its inputs, and the tolerances of the two checks."""

    def __init__(self, call, *inputs, rtol=1e-5, atol=1e-6, keras_rtol=1e-5, keras_atol=1e-5,
                 gradient=True, keras=True):
        self.call, self.inputs = call, [i if isinstance(i, In) else In(i) for i in inputs]
        self.rtol, self.atol, self.keras_rtol, self.keras_atol = rtol, atol, keras_rtol, keras_atol
        self.gradient, self.keras = gradient, keras

    def arrays(self, seed, dtype):
        rng = np.random.default_rng(seed)
        return [i.draw(rng, dtype) for i in self.inputs]


def distinct(shape, spread=4.0):
    """Values with no two closer than 0.05 (sorting, maxima: no ties to split a gradient)."""
    def make(rng):
        size = int(np.prod(shape))
        return (rng.permutation(size) * spread / size - spread / 2 + 0.02).reshape(shape)
    return In(make=make)


def spd(n, batch=()):
    """Symmetric positive-definite matrices, well conditioned."""
    def make(rng):
        a = rng.uniform(-1, 1, size=batch + (n, n))
        return a @ np.swapaxes(a, -1, -2) + n * np.eye(n)
    return In(make=make)


def well_conditioned(shape):
    """Matrices a identity-dominated distance from singular, distinct singular values."""
    def make(rng):
        a = rng.uniform(-1, 1, size=shape)
        n = min(shape[-2:])
        a[..., :n, :n] += np.diag(np.arange(1, n + 1) * 1.5)
        return a
    return In(make=make)


def symmetric_gaps(n):
    """Symmetric matrices with eigenvalues at least 1 apart."""
    def make(rng):
        q, _ = np.linalg.qr(rng.normal(size=(n, n)))
        return q @ np.diag(np.arange(n) * 1.5 + 0.5) @ q.T
    return In(make=make)


def positive(shape, low=0.3, high=2.0):
    return In(shape, low, high)


TABLES = ("arrays", "linalg", "nn", "signal_image", "statistics")


def all_cases():
    """{"table.name": case} of every table ops_cases_<table>.py."""
    cases = {}
    for table in TABLES:
        module = importlib.import_module(f"ops_cases_{table}")
        cases.update({f"{table}.{name}": case for name, case in module.CASES.items()})
    return cases
