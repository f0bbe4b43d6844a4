"""Simulated students of problem set 4 (merge layers), in the format of classroom/students/
(``KINDS = {name: (edit, failing, why)}``).

Right answers written two more ways, and one mistake at a time: shapes never validated, an
error message without the shapes, an Average that divides by two, a Dot that normalizes along
the last axis instead of the summed one, a Dot built on ops.batch_dot, and a Dot whose
compute_output_shape forgets the trailing axis of size 1.
"""

from .answers import answers, mistake

_ADD = ("test_add_average_values", "test_add_average_shapes", "test_add_average_errors")
_CONCATENATE = ("test_concatenate_values", "test_concatenate_shapes",
                "test_concatenate_errors")
_DOT = ("test_dot_values", "test_dot_normalize", "test_dot_shapes", "test_dot_errors")
_ALL = _ADD + _CONCATENATE + _DOT

# Right, with reduce and ops.add, a mean over a stacked axis, lists for shapes, and a Dot that
# sums the broadcast product instead of calling matmul.
_REDUCE = {
    "shape_helpers_impl": '''
def as_shape_list(layer, input_shape):
    name = type(layer).__name__
    if not isinstance(input_shape, (list, tuple)) or not all(
            isinstance(shape, (list, tuple)) for shape in input_shape):
        raise ValueError(f"{name} must be called on a list of inputs; received input_shape="
                         f"{input_shape}")
    if len(input_shape) < 2:
        raise ValueError(f"{name} needs at least 2 inputs; received input_shape={input_shape}")
    return [tuple(shape) for shape in input_shape]


def check_same_shapes(layer, shapes):
    if len({tuple(shape[1:]) for shape in shapes}) > 1:
        raise ValueError(f"{type(layer).__name__}: the inputs must have the same shape, "
                         f"received {shapes}")
''',
    "add_average_impl": '''
import functools


class Add(Layer):
    def build(self, input_shape):
        check_same_shapes(self, as_shape_list(self, input_shape))

    def call(self, inputs):
        return functools.reduce(ops.add, inputs)

    def compute_output_shape(self, input_shape):
        shapes = as_shape_list(self, input_shape)
        check_same_shapes(self, shapes)
        return list(shapes[0])


class Average(Add):
    def call(self, inputs):
        return ops.mean(ops.stack(list(inputs), axis=0), axis=0)
''',
    "concatenate_impl": '''
class Concatenate(Layer):
    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def _output_shape(self, input_shape):
        shapes = as_shape_list(self, input_shape)
        ranks = {len(shape) for shape in shapes}
        if len(ranks) != 1:
            raise ValueError(f"Concatenate: inputs of different ranks, received {shapes}")
        axis = self.axis if self.axis >= 0 else self.axis + len(shapes[0])
        rest = {tuple(d for i, d in enumerate(shape) if i not in (0, axis)) for shape in shapes}
        if len(rest) != 1:
            raise ValueError(f"Concatenate(axis={self.axis}): the shapes must match except "
                             f"along the axis, received {shapes}")
        output = list(shapes[0])
        output[axis] = sum(shape[axis] for shape in shapes)
        return output

    def build(self, input_shape):
        self._output_shape(input_shape)

    def call(self, inputs):
        return ops.concatenate(inputs, axis=self.axis)

    def compute_output_shape(self, input_shape):
        return self._output_shape(input_shape)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}
''',
    "dot_impl": '''
class Dot(Layer):
    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        self.axes = axes
        self.normalize = normalize

    def _axes(self, rank1, rank2):
        first, second = (self.axes, self.axes) if isinstance(self.axes, int) else self.axes
        return (first + rank1 if first < 0 else first, second + rank2 if second < 0 else second)

    def _output_shape(self, input_shape):
        shapes = as_shape_list(self, input_shape)
        if len(shapes) != 2:
            raise ValueError(f"Dot takes exactly 2 inputs, received input shapes {shapes}")
        (first, second), (a, b) = shapes, self._axes(len(shapes[0]), len(shapes[1]))
        if first[a] != second[b]:
            raise ValueError(f"Dot(axes={self.axes}): sizes {first[a]} and {second[b]} "
                             f"differ; received input shapes {shapes}")
        kept = [d for i, d in enumerate(first) if i not in (0, a)]
        kept += [d for i, d in enumerate(second) if i not in (0, b)]
        return [first[0]] + (kept or [1])

    def build(self, input_shape):
        self._output_shape(input_shape)

    def call(self, inputs):
        x1, x2 = inputs
        a, b = self._axes(len(x1.shape), len(x2.shape))
        if self.normalize:
            x1 = x1 / ops.sqrt(ops.maximum(ops.sum(x1 * x1, axis=a, keepdims=True), 1e-14))
            x2 = x2 / ops.sqrt(ops.maximum(ops.sum(x2 * x2, axis=b, keepdims=True), 1e-14))
        left = ops.moveaxis(x1, a, -1)
        right = ops.moveaxis(x2, b, -1)
        if len(left.shape) == 2:
            left = ops.expand_dims(left, 1)
        if len(right.shape) == 2:
            right = ops.expand_dims(right, 1)
        product = ops.sum(ops.expand_dims(left, 2) * ops.expand_dims(right, 1), axis=-1)
        shape = self._output_shape([tuple(x1.shape), tuple(x2.shape)])
        return ops.reshape(product, tuple(shape))

    def compute_output_shape(self, input_shape):
        return self._output_shape(input_shape)
''',
}

# Right, with Dot written with ops.transpose and a loop over the inputs of Add.
_TRANSPOSE = {
    "dot_impl": '''
class Dot(Layer):
    """Sample-by-sample dot product of two inputs along the given axes."""

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        self.axes = axes
        self.normalize = normalize

    def _axes(self, rank1, rank2):
        axes = [self.axes, self.axes] if isinstance(self.axes, int) else list(self.axes)
        return axes[0] % rank1, axes[1] % rank2

    def _output_shape(self, input_shape):
        shapes = as_shape_list(self, input_shape)
        if len(shapes) != 2:
            raise ValueError(f"Dot takes exactly 2 inputs. Received input shapes: {shapes}")
        axis1, axis2 = self._axes(len(shapes[0]), len(shapes[1]))
        if shapes[0][axis1] != shapes[1][axis2]:
            raise ValueError(f"Dot(axes={self.axes}) sums axes of different sizes. Received "
                             f"input shapes: {shapes}")
        rest = [d for i, d in enumerate(shapes[0][1:], 1) if i != axis1] + \\
               [d for i, d in enumerate(shapes[1][1:], 1) if i != axis2]
        return tuple([shapes[0][0]] + (rest if rest else [1]))

    def build(self, input_shape):
        self._output_shape(input_shape)

    @staticmethod
    def _unit(x, axis):
        return x / ops.sqrt(ops.maximum(ops.sum(ops.square(x), axis=axis, keepdims=True),
                                        1e-14))

    def call(self, inputs):
        x1, x2 = inputs
        axis1, axis2 = self._axes(len(x1.shape), len(x2.shape))
        if self.normalize:
            x1, x2 = self._unit(x1, axis1), self._unit(x2, axis2)
        a = ops.moveaxis(x1, axis1, -1)
        b = ops.moveaxis(x2, axis2, -1)
        a = a if len(a.shape) == 3 else ops.expand_dims(a, 1)
        b = b if len(b.shape) == 3 else ops.expand_dims(b, 1)
        product = ops.matmul(a, ops.transpose(b, (0, 2, 1)))
        return ops.reshape(product, self._output_shape([tuple(x1.shape), tuple(x2.shape)]))

    def compute_output_shape(self, input_shape):
        return self._output_shape(input_shape)

    def get_config(self):
        return {**super().get_config(), "axes": self.axes, "normalize": self.normalize}
''',
}


def _batch_dot(code):
    """The solution's Dot whose call hands the product to ops.batch_dot."""
    source = code["dot_impl"]
    start = source.index("        a = ops.moveaxis(x1, axis1, -1)")
    end = source.index("        return ops.reshape(product, shape)")
    return source[:start] + (
        "        product = ops.batch_dot(x1, x2, axes=(axis1, axis2))\n"
        "        shape = self._output_shape([tuple(x1.shape), tuple(x2.shape)])\n") + source[end:]


KINDS = {
    "full": (answers({}), (), "every answer right, as in the solution"),
    "full_reduce": (answers(_REDUCE), (),
                    "right, with functools.reduce(ops.add, ...), a mean over a stacked axis, "
                    "lists from compute_output_shape, and a Dot that sums a broadcast product"),
    "full_transpose": (answers(_TRANSPOSE), (),
                       "right, with a Dot written with ops.transpose and a helper for unit "
                       "vectors"),
    "blank": (lambda code: {}, _ALL, "the released notebook as it is"),
    "never_validates": (mistake("add_average_impl", (
        "        check_same_shapes(self, as_shape_list(self, input_shape))\n", "        pass\n"), (
        "        shapes = as_shape_list(self, input_shape)\n        check_same_shapes(self, "
        "shapes)\n        return shapes[0]\n", "        return tuple(input_shape[0])\n")),
        ("test_add_average_errors",),
        "Add and Average never validate their input shapes"),
    "message_without_shapes": (mistake("shape_helpers_impl", (
        'raise ValueError(f"{type(layer).__name__} needs inputs of the same shape. Received "\n'
        '                         f"input shapes: {shapes}")',
        'raise ValueError("the inputs must have the same shape")')),
        ("test_add_average_errors",),
        "Add's and Average's error does not say which shapes it received"),
    "average_halves": (mistake("add_average_impl", ("return output / len(inputs)",
                                                    "return output / 2")),
                       ("test_add_average_values",), "Average divides by 2, not by n"),
    "concatenate_first_axis": (mistake("concatenate_impl", (
        "return ops.concatenate(list(inputs), axis=self.axis)",
        "return ops.concatenate(list(inputs), axis=1)")),
        ("test_concatenate_values",), "Concatenate's call always joins along axis 1"),
    "dot_normalized_along_last_axis": (mistake("dot_impl", (
        "ops.sum(ops.square(x1), axis=axis1, keepdims=True)",
        "ops.sum(ops.square(x1), axis=-1, keepdims=True)"), (
        "ops.sum(ops.square(x2), axis=axis2, keepdims=True)",
        "ops.sum(ops.square(x2), axis=-1, keepdims=True)")),
        ("test_dot_normalize",),
        "Dot with normalize=True divides by the norm along the last axis, not the summed one"),
    "dot_uses_batch_dot": (lambda code: {**code, "dot_impl": _batch_dot(code)},
                           ("test_dot_values",),
                           "Dot's call is ops.batch_dot, which the problem asks to write"),
    "dot_shape_without_trailing_one": (mistake("dot_impl", (
        "return (shape1[0],) + (tuple(kept) if kept else (1,))",
        "return (shape1[0],) + tuple(kept)"), (
        "shape = self._output_shape([tuple(x1.shape), tuple(x2.shape)])",
        "kept = tuple(d for i, d in enumerate(x1.shape) if i not in (0, axis1)) + tuple(\n"
        "            d for i, d in enumerate(x2.shape) if i not in (0, axis2))\n"
        "        shape = (x1.shape[0],) + (kept or (1,))")),
        ("test_dot_shapes",),
        "Dot's compute_output_shape forgets the trailing axis of size 1 (call gets it right)"),
    "stderr_debug": (mistake("shape_helpers_impl", (
        "    name = type(layer).__name__\n",
        "    name = type(layer).__name__\n    import sys\n"
        "    print('debug:', name, input_shape, file=sys.stderr)\n")),
        (), "right, with a debug print to stderr left in the shared shape helper"),
}
