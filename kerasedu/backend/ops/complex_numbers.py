"""Complex numbers: their parts, their conjugates, and views between complex and real pairs.

    real(z) = a, imag(z) = b, conj(z) = a − ib, angle(z) = arctan2(b, a)   for z = a + ib
    polar(r, θ) = r·cos θ + i·r·sin θ
    view_as_complex(x): (..., 2) real pairs -> (...) complex;  view_as_real: the reverse

kerasedu differentiates real-valued computations only: these ops compute on complex tensors,
but a complex result has no gradient (asking for one through polar or view_as_complex raises an
error that says so). On real inputs real() and conj() are the identity and pass the gradient;
imag() is zero.
"""

import numpy as np

from ..tensor import Tensor
from ._elementwise import float_unary
from ._inputs import no_gradient, unpack, without_gradient
from .dtypes import float_result_type


_PAIRS = ("Complex results have no gradient; differentiable ops such as ops.fft take and give "
          "(real, imaginary) pairs of real tensors.")


def _value(x):
    return np.asarray(unpack(x)[1])


def _of_complex(value, z):
    """``value`` computed from the complex ``z``: if z came from an op whose gradient kerasedu
    lacks (polar, view_as_complex, eig), a gradient asked through ``value`` raises, naming it."""
    if not isinstance(z, Tensor):
        return Tensor(value)
    return without_gradient(value, (z,), getattr(z, "_op", None) or "a complex tensor", _PAIRS)


def real(x):
    """The real part of x (x itself, with its gradient, for real x)."""
    value = _value(x)
    if value.dtype.kind == "c":
        return _of_complex(np.real(value).copy(), x)
    return x if isinstance(x, Tensor) else Tensor(value)


def imag(x):
    """The imaginary part of x (zeros for real x)."""
    value = _value(x)
    if value.dtype.kind == "c":
        return _of_complex(np.imag(value).copy(), x)
    return Tensor(np.zeros_like(value))


def conjugate(x):
    """The complex conjugate a − ib (x itself, with its gradient, for real x)."""
    value = _value(x)
    if value.dtype.kind == "c":
        return _of_complex(np.conjugate(value), x)
    return x if isinstance(x, Tensor) else Tensor(value)


conj = conjugate


def angle(x):
    """The argument arctan2(imag, real) of x, in [−π, π] (0 or π for real x; no gradient:
    its derivative is zero for real x)."""
    value = _value(x)
    if value.dtype.kind == "c":
        return _of_complex(np.angle(value), x)
    return float_unary(value, np.angle, lambda v, out: np.zeros_like(v), "angle")


@no_gradient
def polar(abs_, angle):
    """The complex number with magnitude ``abs_`` and argument ``angle``: r·e^(iθ)."""
    r, theta = _value(abs_), _value(angle)
    dtype = np.dtype(float_result_type(r, theta))
    out = r.astype(dtype) * np.exp(1j * theta.astype(dtype))
    return without_gradient(out.astype(np.complex64 if dtype.itemsize <= 4 else np.complex128),
                            (abs_, angle), "polar", _PAIRS)


@no_gradient
def view_as_complex(x):
    """A real tensor whose last axis holds (real, imaginary) pairs as one complex tensor:
    (..., 2) -> (...)."""
    value = _value(x)
    if value.ndim == 0 or value.shape[-1] != 2:
        raise ValueError(f"view_as_complex expects a last axis of size 2 (real, imaginary), "
                         f"received shape {value.shape}.")
    if value.dtype.kind != "f":
        raise TypeError(f"view_as_complex expects float32 or float64 values, received "
                        f"{value.dtype}.")
    complex_dtype = np.complex64 if value.dtype.itemsize <= 4 else np.complex128
    return without_gradient(value[..., 0].astype(complex_dtype) + 1j * value[..., 1], (x,),
                            "view_as_complex", _PAIRS)


@no_gradient
def view_as_real(x):
    """A complex tensor as real (real, imaginary) pairs along a new last axis: (...) -> (..., 2)."""
    value = _value(x)
    if value.dtype.kind != "c":
        raise TypeError(f"view_as_real expects a complex tensor, received dtype {value.dtype}.")
    return _of_complex(np.stack([value.real, value.imag], axis=-1), x)


@no_gradient
def isreal(x):
    """True where x has no imaginary part (everywhere for real dtypes)."""
    return Tensor(np.isreal(_value(x)))
