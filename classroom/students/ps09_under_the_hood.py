"""Simulated students of problem set 9 (an op of one's own on the tape, a numerical gradient
checker, a backward pass by hand, im2col and a convolution), in the format of
classroom/students/ (``KINDS = {name: (edit, failing, why)}``).

Right answers written two more ways (loops over every window and flat views; numpy's sliding
windows and a checker that calls its own op's unbroadcast), and one mistake at a time: a backward
rule without its unbroadcast, a vector-Jacobian product that forgets the upstream gradient, a
checker with a one-sided difference, a checker that nudges in float32, an im2col whose window is
read column by column, a sum that drops the stretched axes, a trace that counts one use of a
twice-used input, and a convolution that takes the kernel out of the tape.
"""

from .answers import answers, mistake

_OP = ("test_unbroadcast", "test_op_values", "test_op_vjp", "test_op_broadcasting")
_CHECKER = ("test_numerical_gradient", "test_gradient_check")
_TRACE = ("test_trace_forward", "test_trace_backward")
_CONV = ("test_im2col", "test_conv2d", "test_conv2d_gradients")
_ALL = _OP + _CHECKER + _TRACE + _CONV

# Right, with loops: over the axes to sum, over the flattened elements, over every window.
_LOOPS = {
    "unbroadcast_impl": '''
def sum_to_shape(grad, shape):
    """grad summed over the axes broadcasting added or stretched, with the given shape."""
    result = np.asarray(grad)
    while result.ndim > len(shape):
        result = result.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and result.shape[axis] != 1:
            result = result.sum(axis=axis, keepdims=True)
    return result
''',
    "op_impl": '''
def hypot(a, b):
    """sqrt(a² + b²) elementwise, with broadcasting, recorded on the tape."""
    a = ops.convert_to_tensor(a)
    b = ops.convert_to_tensor(b)
    out = np.sqrt(a.value ** 2 + b.value ** 2).astype(np.result_type(a.value, b.value))

    def backward(g):
        scale = g / out
        return sum_to_shape(scale * a.value, a.shape), sum_to_shape(scale * b.value, b.shape)

    return record(out, (a, b), backward, "hypot")
''',
    "checker_impl": '''
def numerical_gradient(f, x, h=1e-6):
    """The central-difference gradient of f (array -> number) at x, in float64."""
    point = np.array(x, dtype=np.float64, copy=True)
    flat = point.reshape(-1)
    grad = np.empty(flat.size)
    for k in range(flat.size):
        original = flat[k]
        flat[k] = original + h
        f_plus = f(point)
        flat[k] = original - h
        f_minus = f(point)
        flat[k] = original
        grad[k] = (f_plus - f_minus) / (2.0 * h)
    return grad.reshape(point.shape)
''',
    "gradient_check_impl": '''
def gradient_check(function, *arrays, numerical=numerical_gradient):
    """The relative errors between the tape's and the numerical gradients, one per input."""
    arrays = [np.asarray(a, dtype="float64") for a in arrays]
    variables = [Variable(a, dtype="float64") for a in arrays]
    out = function(*variables)
    w = np.random.default_rng(0).normal(size=out.shape)
    tape = gradients(ops.sum(out * w), variables)
    errors = []
    for i in range(len(arrays)):
        a = tape[i] if tape[i] is not None else np.zeros(arrays[i].shape)

        def f(v):
            args = [Tensor(arr) for arr in arrays]
            args[i] = Tensor(v)
            return float((function(*args).numpy() * w).sum())

        n = numerical(f, arrays[i])
        scale = max(float((np.abs(a) + np.abs(n)).max()), 1e-12)
        errors.append(float(np.abs(a - n).max()) / scale)
    return errors
''',
    "im2col_impl": '''
def output_size(size, kernel, stride, padding):
    """The number of window positions along an axis of the given size."""
    if padding == "valid":
        return (size - kernel) // stride + 1
    return (size + stride - 1) // stride


def im2col(x, kernel_size, strides=(1, 1), padding="valid"):
    """The patch matrix (N·OH·OW, KH·KW·C) of the images x (N, H, W, C)."""
    n, h, w, c = x.shape
    kh, kw = kernel_size
    sh, sw = strides
    oh, ow = output_size(h, kh, sh, padding), output_size(w, kw, sw, padding)
    if padding == "same":
        pad_h = max((oh - 1) * sh + kh - h, 0)
        pad_w = max((ow - 1) * sw + kw - w, 0)
        top, left = pad_h // 2, pad_w // 2
        padded = np.zeros((n, h + pad_h, w + pad_w, c), x.dtype)
        padded[:, top:top + h, left:left + w, :] = x
        x = padded
    rows = []
    for b in range(n):
        for i in range(oh):
            for j in range(ow):
                window = x[b, i * sh:i * sh + kh, j * sw:j * sw + kw, :]
                rows.append(window.reshape(-1))
    return np.stack(rows)
''',
    "conv_impl": '''
def conv2d(x, kernel, bias, strides=(1, 1), padding="valid", patches=im2col):
    """Conv2D's output (N, OH, OW, filters) as patches(x) @ kernel + bias."""
    kh, kw, c, filters = kernel.shape
    cols = patches(x, (kh, kw), strides, padding)
    out = cols @ ops.reshape(kernel, (-1, filters)) + bias
    n = x.shape[0]
    oh = output_size(x.shape[1], kh, strides[0], padding)
    return ops.reshape(out, (n, oh, -1, filters))
''',
}

# Right, with numpy's sliding windows, an op that multiplies by the local derivative written as
# a division, and a trace with integers.
_WINDOWS = {
    "op_impl": '''
def hypot(a, b):
    """sqrt(a² + b²) elementwise, with broadcasting, recorded on the tape."""
    a, b = ops.convert_to_tensor(a), ops.convert_to_tensor(b)
    out = np.hypot(a.value, b.value)

    def backward(g):
        grad_a = unbroadcast(np.multiply(g, np.divide(a.value, out)), a.shape)
        grad_b = unbroadcast(np.multiply(g, np.divide(b.value, out)), b.shape)
        return grad_a, grad_b

    return record(out, (a, b), backward, "hypot")
''',
    "trace_impl": '''
by_hand = {"u": 6, "v": 5, "y": 5, "L": 23,
           "dL_dy": 10, "dL_dv": 10, "dL_du": 10,
           "dL_da": 10 * 3 + (-1), "dL_db": 10 * 2, "dL_dc": 10 + 2}
''',
    "im2col_impl": '''
def output_size(size, kernel, stride, padding):
    """The number of window positions along an axis of the given size."""
    return int(np.ceil(size / stride)) if padding == "same" else (size - kernel) // stride + 1


def im2col(x, kernel_size, strides=(1, 1), padding="valid"):
    """The patch matrix (N·OH·OW, KH·KW·C) of the images x (N, H, W, C)."""
    (kh, kw), (sh, sw) = kernel_size, strides
    h, w = x.shape[1], x.shape[2]
    oh, ow = output_size(h, kh, sh, padding), output_size(w, kw, sw, padding)
    extra_h = max((oh - 1) * sh + kh - h, 0)
    extra_w = max((ow - 1) * sw + kw - w, 0)
    x = np.pad(x, [(0, 0), (extra_h // 2, extra_h - extra_h // 2),
                   (extra_w // 2, extra_w - extra_w // 2), (0, 0)])
    windows = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(1, 2))
    windows = windows[:, ::sh, ::sw][:, :oh, :ow]      # (N, OH, OW, C, KH, KW)
    windows = windows.transpose(0, 1, 2, 4, 5, 3)      # (N, OH, OW, KH, KW, C)
    return windows.reshape(-1, kh * kw * x.shape[3])
''',
}

KINDS = {
    "full": (answers({}), (), "every answer right, as in the solution"),
    "full_loops": (answers(_LOOPS), (),
                   "right, with loops: the axes to sum, the flattened elements, every window; "
                   "the op calls the student's own sum_to_shape"),
    "full_windows": (answers(_WINDOWS), (),
                     "right, im2col with numpy's sliding windows, a trace written with integers"),
    "blank": (lambda code: {}, _ALL, "the released notebook as it is"),
    "op_no_unbroadcast": (mistake("op_impl", (
        "        return (unbroadcast(g * a.value / out, a.shape),\n"
        "                unbroadcast(g * b.value / out, b.shape))",
        "        return g * a.value / out, g * b.value / out")),
        ("test_op_broadcasting",), "the backward rule returns gradients of the output's shape: "
                                   "no unbroadcast"),
    "vjp_ignores_upstream": (mistake("op_impl", (
        "unbroadcast(g * a.value / out, a.shape)", "unbroadcast(a.value / out, a.shape)"), (
        "unbroadcast(g * b.value / out, b.shape)", "unbroadcast(b.value / out, b.shape)")),
        ("test_op_vjp",), "the backward rule returns the local derivatives, forgetting to "
                          "multiply them by the upstream gradient g"),
    "sum_to_shape_no_keepdims": (mistake("unbroadcast_impl", (
        "grad.sum(axis=stretched, keepdims=True)", "grad.sum(axis=stretched)")),
        ("test_unbroadcast",), "sums over the stretched axes without keeping them"),
    "checker_one_sided": (mistake("checker_impl", (
        "        x[i] = saved - h\n        down = f(x)\n        x[i] = saved\n"
        "        grad[i] = (up - down) / (2 * h)",
        "        x[i] = saved\n        down = f(x)\n        grad[i] = (up - down) / h")),
        ("test_numerical_gradient",), "a one-sided difference (f(x + h) − f(x)) / h"),
    "checker_float32": (mistake("checker_impl", (
        "    x = np.array(x, dtype=np.float64)\n    grad = np.zeros_like(x)",
        "    x = np.array(x, dtype=np.float32)\n    grad = np.zeros(x.shape)")),
        ("test_numerical_gradient",), "nudges and evaluates in float32 (the result is "
                                      "float64, the arithmetic is not)"),
    "trace_a_counted_once": (mistake("trace_impl", ('"dL_da": 29.0', '"dL_da": 30.0')),
                             ("test_trace_backward",),
                             "dL/da from u alone: the use of a in a · c is forgotten"),
    "im2col_window_transposed": (mistake("im2col_impl", (
        "cols = np.empty((n, oh, ow, kh, kw, c), dtype=x.dtype)",
        "cols = np.empty((n, oh, ow, kw, kh, c), dtype=x.dtype)"), (
        "cols[:, :, :, i, j, :]", "cols[:, :, :, j, i, :]")),
        ("test_im2col",), "each window read column by column, (kw, kh, c), where a Keras "
                          "kernel is (kh, kw, c)"),
    "conv_kernel_as_numpy": (mistake("conv_impl", (
        "ops.reshape(kernel, (kh * kw * c, filters))",
        "np.reshape(np.asarray(kernel), (kh * kw * c, filters))")),
        ("test_conv2d_gradients",), "the kernel converted to numpy: right values, no gradient"),
    "stderr_debug": (mistake("conv_impl", (
        "    cols = patches(x, (kh, kw), strides, padding)\n",
        "    cols = patches(x, (kh, kw), strides, padding)\n"
        "    import sys\n    print('debug: patches', cols.shape, file=sys.stderr)\n")),
        (), "right, with a debug print to stderr left in conv2d"),
}
