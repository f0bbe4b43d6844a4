"""Checks of im2col for 2-D inputs, and of a convolution written with it (problem set 9).

* :func:`check_im2col`: a student's ``im2col(x, kernel_size, strides=(1, 1), padding="valid")``
  for ``x`` of shape (N, H, W, C) must return the patch matrix (N·OH·OW, KH·KW·C): one row per
  window, rows in the order (n, oh, ow), each row the window's entries in the order (kh, kw, c)
  of a Keras kernel (KH, KW, C, filters), zeros where a "same" window reaches past the edge.
  It is compared with kerasedu's own (:func:`kerasedu.backend.ops.conv_products.conv_patches`);
  a window read in the order (kw, kh, c), or rows in the order (n, ow, oh), is named as such.
* :func:`check_conv2d` and :func:`check_conv2d_gradients`: a student's
  ``conv2d(x, kernel, bias, strides=(1, 1), padding="valid", patches=im2col)`` must compute
  ``patches(x, ...) @ kernel as a (KH·KW·C, filters) matrix + bias`` reshaped to
  (N, OH, OW, filters), with kerasedu ops on the kernel and bias so that the tape reaches them.
  The checks pass it kerasedu's im2col as ``patches`` (a mistake in im2col is charged once) and
  compare its values with kerasedu's ``Conv2D`` holding the same weights, and its gradients with
  central differences of kerasedu's convolution, in float64.
"""

import numpy as np

from ..backend import Tensor, Variable
from ..backend.autodiff import gradients_as_recorded
from ..backend.gradcheck import numerical_gradient
from ..backend.ops import conv_products
from .common import GradingError, first_difference, shape_text, values
from .language import tr
from .reference import reference_layer
from .student import run


def _pair(v):
    return (int(v), int(v)) if np.ndim(v) == 0 else tuple(int(i) for i in v)


def reference_im2col(x, kernel_size, strides=(1, 1), padding="valid"):
    """kerasedu's patch matrix (N·OH·OW, KH·KW·C) of a (N, H, W, C) array."""
    return conv_products.conv_patches(np.asarray(x), _pair(kernel_size), _pair(strides),
                                      padding=padding)[0]


def _call_text(x_shape, kernel_size, strides, padding):
    return tr("im2col(x, kernel_size={kernel_size}, strides={strides}, padding={padding!r}) "
              "with x of shape {x_shape}", kernel_size=tuple(kernel_size),
              strides=tuple(strides), padding=padding, x_shape=shape_text(x_shape))


def _reordered(x, kernel_size, strides, padding, transpose_window=False, transpose_rows=False):
    """The reference patch matrix with its window read (kw, kh, c) or its rows (n, ow, oh)."""
    want = reference_im2col(x, kernel_size, strides, padding)
    kh, kw = kernel_size
    c = x.shape[-1]
    if transpose_window:
        want = want.reshape(-1, kh, kw, c).transpose(0, 2, 1, 3).reshape(want.shape)
    if transpose_rows:
        oh, ow = _out_size(x.shape, kernel_size, strides, padding)
        want = want.reshape(x.shape[0], oh, ow, -1).transpose(0, 2, 1, 3).reshape(want.shape)
    return want


def _out_size(x_shape, kernel_size, strides, padding):
    if padding == "same":
        return tuple(-(-n // s) for n, s in zip(x_shape[1:3], strides))
    return tuple((n - k) // s + 1 for n, k, s in zip(x_shape[1:3], kernel_size, strides))


def check_im2col(student_fn, cases, seed=0):
    """For each case (x_shape, kernel_size, strides, padding) the student's im2col of random
    float32 data must have shape (N·OH·OW, KH·KW·C) and kerasedu's values, leaving x as it
    was."""
    rng = np.random.default_rng(seed)
    for x_shape, kernel_size, strides, padding in cases:
        kernel_size, strides = _pair(kernel_size), _pair(strides)
        x = rng.normal(size=x_shape).astype(np.float32)
        given = x.copy()
        where = _call_text(x_shape, kernel_size, strides, padding)
        got = run(student_fn, given, kernel_size, strides=strides, padding=padding, what=where,
                  convert=values)
        if not np.array_equal(given, x):
            raise GradingError(tr("{where} changed x: pad a copy (np.pad returns a new array).",
                                  where=where))
        oh, ow = _out_size(x_shape, kernel_size, strides, padding)
        rows, width = x_shape[0] * oh * ow, kernel_size[0] * kernel_size[1] * x_shape[-1]
        if got.shape != (rows, width):
            size = (tr("OH = ceil(H / sh), OW = ceil(W / sw), with the zeros split between the "
                       "two sides (the extra one after)") if padding == "same" else
                    tr("OH = (H − KH) // sh + 1, OW = (W − KW) // sw + 1"))
            raise GradingError(
                tr("{where} returned shape {got_shape}; expected ({rows}, {width}): one row per "
                   "window (N · OH · OW = {n} · {oh} · {ow}) and KH · KW · C = {width} "
                   "columns. With padding={padding!r}, {size}.", where=where, got_shape=got.shape,
                   rows=rows, width=width, n=x_shape[0], oh=oh, ow=ow, padding=padding,
                   size=size))
        want = reference_im2col(x, kernel_size, strides, padding)
        if np.allclose(got, want):
            continue
        hint = tr("Row r holds the window at output position (n, oh, ow), starting at input row "
                  "oh · sh and column ow · sw (of the padded input).")
        if np.allclose(got, _reordered(x, kernel_size, strides, padding, transpose_window=True)):
            hint = (tr("Your rows read each window column by column, (kw, kh, c); a Keras kernel "
                       "is (KH, KW, C, filters), so read it row by row: window[kh, kw, c] "
                       "flattened in that order, e.g. x[n, i:i + KH, j:j + KW, :].reshape(-1)."))
        elif np.allclose(got, _reordered(x, kernel_size, strides, padding, transpose_rows=True)):
            hint = tr("Your rows go (n, ow, oh); they must go (n, oh, ow), row-major like the "
                      "output.")
        raise GradingError(tr("{where} returned the wrong values: {difference}. {hint}",
                              where=where, difference=first_difference(got, want), hint=hint))


# ---------------------------------------------------------------------- conv2d

def _conv_case(x_shape, kernel_size, filters, seed, dtype):
    rng = np.random.default_rng(seed)
    kernel_size = _pair(kernel_size)
    x = rng.normal(size=x_shape).astype(dtype)
    kernel = rng.normal(scale=0.5, size=kernel_size + (x_shape[-1], filters)).astype(dtype)
    bias = rng.normal(size=(filters,)).astype(dtype)
    return x, kernel, bias


def _run_conv(student_fn, x, kernel, bias, strides, padding, where):
    calls = []

    def patches(*args, **kwargs):
        calls.append(1)
        return reference_im2col(*args, **kwargs)

    out = run(student_fn, x, kernel, bias, strides=strides, padding=padding, patches=patches,
              what=where)
    if not calls:
        raise GradingError(tr("{where} did not call patches, the im2col it receives: compute the "
                              "patch matrix with patches(x, kernel_size, strides, padding).",
                              where=where))
    return out


def check_conv2d(student_fn, cases, seed=0):
    """For each case (x_shape, kernel_size, filters, strides, padding), the student's conv2d
    (given kerasedu's im2col) must return (N, OH, OW, filters) holding what kerasedu's
    ``Conv2D(filters, kernel_size, strides, padding)`` with the same kernel and bias computes."""
    for number, (x_shape, kernel_size, filters, strides, padding) in enumerate(cases):
        x, kernel, bias = _conv_case(x_shape, kernel_size, filters, seed + number, np.float32)
        strides = _pair(strides)
        where = (tr("conv2d(x, kernel, bias, strides={strides}, padding={padding!r}) with x of "
                    "shape {x_shape} and a kernel of shape {kernel_shape}", strides=strides,
                    padding=padding, x_shape=shape_text(x_shape),
                    kernel_shape=shape_text(kernel.shape)))
        got = values(_run_conv(student_fn, x, kernel, bias, strides, padding, where))
        layer = reference_layer("Conv2D")(filters, kernel.shape[:2], strides=strides,
                                          padding=padding)
        layer.build((None,) + tuple(x_shape[1:]))
        layer.set_weights([kernel, bias])
        want = values(layer(x))
        if got.shape != want.shape:
            raise GradingError(
                tr("{where} returned shape {got_shape}; Conv2D returns {want_shape}, (N, OH, OW, "
                   "filters). Reshape the (N · OH · OW, filters) product to it.", where=where,
                   got_shape=got.shape, want_shape=want.shape))
        if not np.allclose(got, want, rtol=1e-4, atol=1e-4):
            raise GradingError(
                tr("{where} computes the wrong values: {difference}. Multiply the patches "
                   "by the kernel reshaped to (KH · KW · C, filters), whose rows are in the same "
                   "(kh, kw, c) order, then add the bias to every row.", where=where,
                   difference=first_difference(got, want)))


def check_conv2d_gradients(student_fn, cases, seed=0):
    """In float64, the tape's gradients of sum(w · conv2d(...)) with respect to the kernel and
    the bias (Variables) must equal central differences of kerasedu's own convolution."""
    for number, (x_shape, kernel_size, filters, strides, padding) in enumerate(cases):
        x, kernel, bias = _conv_case(x_shape, kernel_size, filters, seed + number, np.float64)
        strides = _pair(strides)
        where = (tr("conv2d(x, kernel, bias, strides={strides}, padding={padding!r}) with x of "
                    "shape {x_shape}, kernel and bias float64 Variables", strides=strides,
                    padding=padding, x_shape=shape_text(x_shape)))
        variables = [Variable(kernel, dtype="float64"), Variable(bias, dtype="float64")]
        out = _run_conv(student_fn, x, *variables, strides, padding, where)

        def conv(k, b):
            return conv_products.conv(x, k, strides, padding=padding) + b
        w = np.random.default_rng(seed + 50 + number).normal(size=conv(kernel, bias).shape)
        if not isinstance(out, Tensor) or tuple(out.shape) != w.shape:
            raise GradingError(tr("{where} returned {out_type} of shape {shape}; it must return "
                                  "a kerasedu Tensor of shape {w_shape}. conv2d's values test "
                                  "says more.", where=where, out_type=type(out).__name__,
                                  shape=shape_text(np.shape(out)), w_shape=w.shape))
        analytic = run(gradients_as_recorded, out, variables, output_gradient=w,
                       what=tr("Differentiating {where}", where=where))
        numerical = [numerical_gradient(lambda k: float(np.sum(w * conv(k, bias))), kernel),
                     numerical_gradient(lambda b: float(np.sum(w * conv(kernel, b))), bias)]
        for name, a, n in zip(("kernel", "bias"), analytic, numerical):
            if a is None:
                raise GradingError(
                    tr("No gradient reaches the {name} through {where}: compute the product and "
                       "the sum with kerasedu ops on the kernel and bias themselves (ops.matmul, "
                       "ops.reshape, +), without converting them to numpy arrays.", name=name,
                       where=where))
            if not np.allclose(a, n, rtol=1e-5, atol=1e-7):
                raise GradingError(
                    tr("The gradient with respect to the {name} through {where} does not match "
                       "the numerical gradient: {difference}.", name=name, where=where,
                       difference=first_difference(a, n)))
