"""Simulated students of problem set 2 (shape arithmetic and parameter counts), in the format
of classroom/students/ (``KINDS = {name: (edit, failing, why)}``).

Right answers written three ways, and the usual mistakes of shape arithmetic: floor instead of
ceiling for "same" padding, dilation forgotten, ``/`` instead of ``//``, unknown sizes (None)
not handled, 0-based Permute, a Reshape whose call ignores its target, a bias counted where
there is none, a layer built to count it. The conv helper is shared by Parts A and B, as the problem
suggests, so a mistake in it costs the tests of both.
"""

from .answers import answers, mistake

_CONV = ("test_conv_valid", "test_conv_strides", "test_conv_dilation", "test_conv_random")
_POOL = ("test_pool", "test_pool_random")
_ALL = _CONV + _POOL + ("test_cropping", "test_zero_padding", "test_upsampling",
                        "test_reshape", "test_permute", "test_flatten", "test_repeat_vector",
                        "test_param_dict", "test_param_count")

# Right, with math.ceil and math.floor, lists for shapes, a loop for Flatten and numpy for
# Reshape.
_MATH = {
    "conv_impl": '''
def conv_output_length(n, kernel, stride, padding, dilation=1):
    if n is None:
        return None
    if padding == "same":
        return math.ceil(n / stride)
    span = (kernel - 1) * dilation + 1
    return math.floor((n - span) / stride) + 1


def conv2d_output_shape(input_shape, filters, kernel_size, strides=(1, 1), padding="valid",
                        dilation_rate=(1, 1)):
    sizes = [conv_output_length(input_shape[1 + i], kernel_size[i], strides[i], padding,
                                dilation_rate[i]) for i in range(2)]
    return [input_shape[0], *sizes, filters]
''',
    "pool_impl": '''
def pool2d_output_shape(input_shape, pool_size, strides=None, padding="valid"):
    strides = strides or pool_size
    sizes = [conv_output_length(input_shape[1 + i], pool_size[i], strides[i], padding)
             for i in range(2)]
    return [input_shape[0], *sizes, input_shape[3]]
''',
    "resize_impl": '''
def _grow(size, amount):
    return None if size is None else size + amount


def cropping2d_output_shape(input_shape, cropping):
    return [input_shape[0], _grow(input_shape[1], -sum(cropping[0])),
            _grow(input_shape[2], -sum(cropping[1])), input_shape[3]]


def zero_padding2d_output_shape(input_shape, padding):
    return [input_shape[0], _grow(input_shape[1], sum(padding[0])),
            _grow(input_shape[2], sum(padding[1])), input_shape[3]]


def upsampling2d_output_shape(input_shape, size):
    batch, height, width, channels = input_shape
    height = height * size[0] if height is not None else None
    width = width * size[1] if width is not None else None
    return [batch, height, width, channels]
''',
    "reshape_impl": '''
class Reshape(Layer):
    """Give every sample the shape target_shape (one entry may be -1)."""

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = tuple(target_shape)

    def _resolve(self, input_shape):
        total = int(np.prod(input_shape[1:]))
        target = list(self.target_shape)
        if -1 in target:
            known = int(np.prod([d for d in target if d != -1]))
            target[target.index(-1)] = total // known
        return tuple(target)

    def call(self, inputs):
        target = self._resolve(tuple(inputs.shape))
        return ops.reshape(inputs, (inputs.shape[0], *target))

    def compute_output_shape(self, input_shape):
        return [input_shape[0], *self._resolve(input_shape)]
''',
    "rearrange_impl": '''
def permute_output_shape(input_shape, dims):
    return [input_shape[0]] + [input_shape[d] for d in dims]


def flatten_output_shape(input_shape):
    size = 1
    for d in input_shape[1:]:
        if d is None:
            return [input_shape[0], None]
        size *= d
    return [input_shape[0], size]


def repeat_vector_output_shape(input_shape, n):
    batch, features = input_shape
    return [batch, n, features]
''',
}

# Right, param_count by the layer's class name and its config, the dict written as numbers.
_BY_CONFIG = {
    "params_dict_impl": '''
expected_params = {"conv_1": 160, "pool_1": 0, "conv_2": 4608, "bn": 128, "flatten": 0,
                   "dropout": 0, "output": 54090}
''',
    "param_count_impl": '''
def param_count(layer, input_shape):
    config = layer.get_config()
    channels = input_shape[-1]
    kind = type(layer).__name__
    if kind == "Dense":
        return channels * config["units"] + config["units"] * config["use_bias"]
    if kind == "Conv2D":
        height, width = config["kernel_size"]
        return (height * width * channels + config["use_bias"]) * config["filters"]
    if kind == "BatchNormalization":
        return 4 * channels
    return 0
''',
}

_CONV_HELPER = "conv_impl"

KINDS = {
    "full": (answers({}), (), "every answer right, as in the solution"),
    "full_math": (answers(_MATH), (),
                  "right, with math.ceil and math.floor, lists for shapes, a loop for Flatten "
                  "and numpy for Reshape"),
    "full_by_config": (answers(_BY_CONFIG), (),
                       "right, param_count from the layer's class name and get_config, the "
                       "counts written as numbers"),
    "blank": (lambda code: {}, _ALL, "the released notebook as it is"),
    "stderr_in_helper": (mistake(_CONV_HELPER, (
        "    if n is None:\n        return None\n",
        "    import sys\n    print('debug:', n, kernel, stride, padding, dilation, "
        "file=sys.stderr)\n    if n is None:\n        return None\n")), (),
        "right, with a debug print to stderr left in the conv helper that Parts A and B use"),
    "same_floors": (mistake(_CONV_HELPER, ("return -(-n // stride)", "return n // stride")),
                    ("test_conv_strides", "test_conv_random", "test_pool", "test_pool_random"),
                    "'same' padding rounds down (n // s): wrong whenever the stride does not "
                    "divide the size, in the helper Parts A and B share"),
    "no_dilation": (mistake(_CONV_HELPER, ("effective = dilation * (kernel - 1) + 1",
                                           "effective = kernel")),
                    ("test_conv_dilation", "test_conv_random"),
                    "the conv helper forgets the dilation (pooling has none)"),
    "true_division": (mistake(_CONV_HELPER, ("return -(-n // stride)",
                                             "return math.ceil(n / stride)"),
                              ("return (n - effective) // stride + 1",
                               "return (n - effective) / stride + 1")),
                      ("test_conv_valid", "test_conv_strides", "test_conv_dilation",
                       "test_conv_random", "test_pool", "test_pool_random"),
                      "'valid' sizes with / (floats such as 26.0) in the shared helper"),
    "none_unaware": (mistake(_CONV_HELPER, ("    if n is None:\n        return None\n", "")),
                     ("test_conv_random", "test_pool", "test_pool_random"),
                     "the conv helper does arithmetic with an unknown size (None)"),
    "reshape_call_ignores_target": (mistake("reshape_impl", (
        "return ops.reshape(inputs, (inputs.shape[0],) + self._resolve(inputs.shape))",
        "return ops.reshape(inputs, (inputs.shape[0], -1))")),
        ("test_reshape",), "Reshape's call flattens each sample instead of using target_shape"),
    "permute_from_zero": (mistake("rearrange_impl", (
        "tuple(input_shape[d] for d in dims)", "tuple(input_shape[d - 1] for d in dims)")),
        ("test_permute",), "Permute's dims counted from 0, as if the batch axis were not there"),
    "flatten_none": (mistake("rearrange_impl", (
        "return (input_shape[0], None if None in rest else math.prod(rest))",
        "return (input_shape[0], math.prod(rest))")),
        ("test_flatten",), "Flatten multiplies an unknown size (None)"),
    "dict_counts_a_missing_bias": (mistake("params_dict_impl", (
        '"conv_2": 3 * 3 * 16 * 32,', '"conv_2": 3 * 3 * 16 * 32 + 32,')),
        ("test_param_dict",), "counts a bias for conv_2, which has use_bias=False"),
    "count_ignores_use_bias": (mistake("param_count_impl", (
        "+ (layer.filters if layer.use_bias else 0)", "+ layer.filters")),
        ("test_param_count",), "param_count counts a Conv2D bias even with use_bias=False"),
    "count_builds_the_layer": (answers({"param_count_impl": '''
def param_count(layer, input_shape):
    layer.build(input_shape)
    return layer.count_params()
'''}), ("test_param_count",), "param_count builds the layer and asks it, which the problem "
                               "forbids"),
}
