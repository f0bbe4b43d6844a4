"""Simulated students of problem set 7 (a Conv2D, pooling layers and a CNN of one's own), in
the format of classroom/students/ (``KINDS = {name: (edit, failing, why)}``).

Right answers written two more ways (loops over the kernel window; patches stacked on a new
axis and one tensordot, with pooling written without a shared helper), and one mistake at a
time: a kernel stored in PyTorch's axis order, 'same' padding computed as 'valid', output sizes
off by one (rounding down for 'same', a stride formula without its + 1), the dilation left out
of the output size, average pooling that counts the padding, no bias, and a CNN made of
kerasedu's own layers.
"""

from .answers import answers, mistake

_CONV = ("test_conv_build", "test_conv_call", "test_conv_strides", "test_conv_same",
         "test_conv_dilation", "test_conv_output_shape", "test_conv_gradients")
_ALL = _CONV + ("test_max_pooling", "test_average_pooling", "test_cnn")

# The class line and __init__ of the released cell, which every answer keeps.
_CONV_INIT = '''
class Conv2D(Layer):
    """2-D convolution, channels last: (batch, h, w, in_channels) -> (batch, h', w', filters)."""

    def __init__(self, filters, kernel_size, strides=1, padding="valid", dilation_rate=1,
                 activation=None, use_bias=True, **kwargs):
        super().__init__(**kwargs)
        self.filters = filters
        self.kernel_size = pair(kernel_size)
        self.strides = pair(strides)
        self.padding = padding.lower()
        self.dilation_rate = pair(dilation_rate)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
'''

# Right, with a loop over the kernel window (one matrix product per tap), the padding worked
# out per axis by a helper method, and the output shape built as a list.
_WINDOW_LOOPS = {
    "conv_impl": _CONV_INIT + '''

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(*self.kernel_size, input_shape[-1], self.filters),
                                      initializer="glorot_uniform", name="kernel")
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(shape=(self.filters,), initializer="zeros", name="bias")

    def _out_and_pads(self, n, k, s, d):
        span = d * (k - 1) + 1
        if self.padding == "valid":
            return (n - span) // s + 1, 0, 0
        out = (n + s - 1) // s
        total = max((out - 1) * s + span - n, 0)
        return out, total // 2, total - total // 2

    def call(self, x):
        sizes = [self._out_and_pads(x.shape[axis + 1], self.kernel_size[axis],
                                    self.strides[axis], self.dilation_rate[axis])
                 for axis in range(2)]
        (out_h, top, bottom), (out_w, left, right) = sizes
        x = ops.pad(x, [(0, 0), (top, bottom), (left, right), (0, 0)])
        sh, sw = self.strides
        dh, dw = self.dilation_rate
        y = None
        for a in range(self.kernel_size[0]):
            for b in range(self.kernel_size[1]):
                window = x[:, a * dh:a * dh + sh * (out_h - 1) + 1:sh,
                           b * dw:b * dw + sw * (out_w - 1) + 1:sw, :]
                term = ops.matmul(window, self.kernel[a, b])
                y = term if y is None else y + term
        if self.bias is not None:
            y = y + self.bias
        return self.activation(y)

    def compute_output_shape(self, input_shape):
        shape = [input_shape[0]]
        for axis in range(2):
            n = input_shape[axis + 1]
            shape.append(None if n is None else self._out_and_pads(
                n, self.kernel_size[axis], self.strides[axis], self.dilation_rate[axis])[0])
        return shape + [self.filters]
''',
    "pooling_impl": '''
def pooling_windows(layer, inputs, fill=0.0):
    """The ph * pw slices (batch, out_h, out_w, channels) of the input, one per cell of the
    pooling window, after padding with `fill` for padding="same"."""
    out_h, out_w = layer.output_sizes(inputs.shape[1], inputs.shape[2])
    widths = [(0, 0)]
    for n, out, k, s in zip(inputs.shape[1:3], (out_h, out_w), layer.pool_size, layer.strides):
        total = max((out - 1) * s + k - n, 0) if layer.padding == "same" else 0
        widths.append((total // 2, total - total // 2))
    widths.append((0, 0))
    padded = ops.pad(inputs, widths, constant_values=fill)
    sh, sw = layer.strides
    windows = []
    for a in range(layer.pool_size[0]):
        for b in range(layer.pool_size[1]):
            windows.append(padded[:, a:a + sh * (out_h - 1) + 1:sh,
                                  b:b + sw * (out_w - 1) + 1:sw, :])
    return windows


class MaxPooling2D(Pooling2D):
    def call(self, inputs):
        windows = pooling_windows(self, inputs, fill=float("-inf"))
        result = windows[0]
        for window in windows[1:]:
            result = ops.maximum(result, window)
        return result


class AveragePooling2D(Pooling2D):
    def call(self, inputs):
        windows = pooling_windows(self, inputs)
        counts = pooling_windows(self, np.ones((1,) + tuple(inputs.shape[1:3]) + (1,),
                                               dtype="float32"))
        total, count = windows[0], counts[0]
        for window, cells in zip(windows[1:], counts[1:]):
            total, count = total + window, count + cells
        return total / ops.cast(count, inputs.dtype)
''',
}

# Right, with the patches stacked on a new axis and one ops.tensordot with the whole kernel,
# and pooling layers that reduce stacked windows themselves (no shared helper is used).
_STACKED_PATCHES = {
    "conv_impl": _CONV_INIT + '''

    def build(self, input_shape):
        kernel_shape = tuple(self.kernel_size) + (int(input_shape[-1]), self.filters)
        self.kernel = self.add_weight(name="kernel", shape=kernel_shape)
        if self.use_bias:
            self.bias = self.add_weight(name="bias", shape=(self.filters,),
                                        initializer="zeros")

    def call(self, inputs):
        kh, kw = self.kernel_size
        out = self.compute_output_shape(inputs.shape)
        pads = []
        for n, o, k, s, d in zip(inputs.shape[1:3], out[1:3], self.kernel_size,
                                 self.strides, self.dilation_rate):
            need = (o - 1) * s + d * (k - 1) + 1 - n
            pads.append((max(need, 0) // 2, max(need, 0) - max(need, 0) // 2))
        x = ops.pad(inputs, [(0, 0)] + pads + [(0, 0)])
        patches = []
        for a in range(kh):
            for b in range(kw):
                top, left = a * self.dilation_rate[0], b * self.dilation_rate[1]
                patches.append(x[:, top::self.strides[0], left::self.strides[1], :]
                               [:, :out[1], :out[2], :])
        stacked = ops.stack(patches, axis=3)           # (batch, out_h, out_w, kh*kw, C)
        kernel = ops.reshape(self.kernel, (kh * kw, -1, self.filters))
        y = ops.tensordot(stacked, kernel, axes=([3, 4], [0, 1]))
        if self.use_bias:
            y = y + self.bias
        return self.activation(y)

    def compute_output_shape(self, input_shape):
        def size(n, k, s, d):
            if n is None:
                return None
            if self.padding == "same":
                return -(-n // s)
            return (n - (k - 1) * d - 1) // s + 1
        h, w = (size(n, k, s, d) for n, k, s, d in zip(
            input_shape[1:3], self.kernel_size, self.strides, self.dilation_rate))
        return (input_shape[0], h, w, self.filters)
''',
    "pooling_impl": '''
def pooling_windows(layer, inputs, fill=0.0):
    """The ph * pw slices (batch, out_h, out_w, channels) of the input, one per cell of the
    pooling window, after padding with `fill` for padding="same"."""
    out_h, out_w = layer.output_sizes(inputs.shape[1], inputs.shape[2])
    (ph, pw), (sh, sw) = layer.pool_size, layer.strides
    extra_h = max((out_h - 1) * sh + ph - inputs.shape[1], 0) * (layer.padding == "same")
    extra_w = max((out_w - 1) * sw + pw - inputs.shape[2], 0) * (layer.padding == "same")
    x = ops.pad(inputs, [(0, 0), (extra_h // 2, extra_h - extra_h // 2),
                         (extra_w // 2, extra_w - extra_w // 2), (0, 0)],
                constant_values=fill)
    return [x[:, a::sh, b::sw, :][:, :out_h, :out_w, :] for a in range(ph) for b in range(pw)]


class MaxPooling2D(Pooling2D):
    def call(self, inputs):
        stacked = ops.stack(pooling_windows(self, inputs, -1e30), axis=-1)
        return ops.max(stacked, axis=-1)


class AveragePooling2D(Pooling2D):
    def call(self, inputs):
        sums = ops.sum(ops.stack(pooling_windows(self, inputs), axis=-1), axis=-1)
        if self.padding == "valid":
            return sums / (self.pool_size[0] * self.pool_size[1])
        ones = ops.ones_like(inputs[:1, :, :, :1])
        return sums / ops.sum(ops.stack(pooling_windows(self, ones), axis=-1), axis=-1)
''',
}

_KERAS_CNN = '''
set_random_seed(0)
cnn = Sequential([
    Input(shape=(8, 8, 1)),
    layers.Conv2D(8, 3, activation="relu"),
    layers.MaxPooling2D(2),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
cnn.compile(optimizer=optimizers.Adam(learning_rate=0.01),
            loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = cnn.fit(x_train, y_train, epochs=4, batch_size=64, verbose=0)
'''

KINDS = {
    "full": (answers({}), (), "every answer right, as in the solution"),
    "full_window_loops": (answers(_WINDOW_LOOPS), (),
                          "right, with a loop over the kernel window (one matmul per tap), "
                          "padding worked out per axis, output shapes as lists, max pooling "
                          "by ops.maximum and counts of the cells inside from numpy"),
    "full_stacked_patches": (answers(_STACKED_PATCHES), (),
                             "right, with the patches stacked on a new axis and one tensordot, "
                             "call using compute_output_shape, and pooling padded with -1e30"),
    "blank": (lambda code: {}, _ALL, "the released notebook as it is"),
    "transposed_kernel": (mistake("conv_impl", (
        "shape=(kh, kw, input_shape[-1], self.filters)",
        "shape=(self.filters, input_shape[-1], kh, kw)"), (
        "ops.reshape(self.kernel, ", "ops.reshape(ops.transpose(self.kernel, (2, 3, 1, 0)), ")),
        ("test_conv_build",),
        "the kernel stored as (filters, in_channels, kh, kw), PyTorch's order, and transposed "
        "in call: the layout is wrong, the arithmetic right"),
    "same_computed_as_valid": (mistake("conv_impl", (
        "        if self.padding == \"same\":\n"
        "            pad_h = max((-(-height // sh) - 1) * sh + dh * (kh - 1) + 1 - height, 0)\n"
        "            pad_w = max((-(-width // sw) - 1) * sw + dw * (kw - 1) + 1 - width, 0)\n"
        "            inputs = ops.pad(inputs, [(0, 0), (pad_h // 2, pad_h - pad_h // 2),\n"
        "                                      (pad_w // 2, pad_w - pad_w // 2), (0, 0)])\n"
        "            height, width = height + pad_h, width + pad_w\n", "")),
        ("test_conv_same",),
        "call never pads: padding='same' computes what 'valid' does (compute_output_shape "
        "is right)"),
    "same_size_rounded_down": (mistake("conv_impl", (
        "sizes.append(-(-n // s))", "sizes.append(n // s)")),
        ("test_conv_output_shape",),
        "compute_output_shape rounds n / s down for 'same', one short for odd sizes"),
    "strided_size_without_plus_one": (mistake("conv_impl", (
        "sizes.append((n - d * (k - 1) - 1) // s + 1)", "sizes.append((n - d * (k - 1)) // s)")),
        ("test_conv_output_shape",),
        "compute_output_shape writes floor((n - k_d + 1) / s) for 'valid': right with stride 1, "
        "off by one with larger strides"),
    "output_size_without_dilation": (mistake("conv_impl", (
        "sizes.append((n - d * (k - 1) - 1) // s + 1)", "sizes.append((n - k) // s + 1)")),
        ("test_conv_output_shape",),
        "compute_output_shape leaves the dilation out of the effective kernel size"),
    "average_pooling_counts_padding": (mistake("pooling_impl", (
        "return total / count", "return total / (self.pool_size[0] * self.pool_size[1])")),
        ("test_average_pooling",),
        "AveragePooling2D divides by the pool's area, counting the padding of 'same'"),
    "no_bias": (mistake("conv_impl", (
        "        if self.use_bias:\n            self.bias = self.add_weight(name=\"bias\", "
        "shape=(self.filters,), initializer=\"zeros\")\n", ""), (
        "        if self.use_bias:\n            outputs = outputs + self.bias\n", "")),
        ("test_conv_build",),
        "Conv2D has no bias at all (build creates none, call adds none): only its weights are "
        "wrong"),
    "cnn_of_kerasedu_layers": (answers({"cnn_impl": _KERAS_CNN}), ("test_cnn",),
                               "the CNN is built from layers.Conv2D and layers.MaxPooling2D, "
                               "not from the student's own layers"),
    "stderr_debug": (mistake("conv_impl", (
        "        (kh, kw), (sh, sw), (dh, dw) = ",
        "        import sys\n        print('debug: call', inputs.shape, file=sys.stderr)\n"
        "        (kh, kw), (sh, sw), (dh, dw) = ")),
        (), "right, with a debug print to stderr left in Conv2D.call"),
}
