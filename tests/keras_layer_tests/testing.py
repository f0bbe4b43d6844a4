"""A stand-in for ``keras.testing.TestCase``, written on kerasedu's public API.

Keras's layer tests subclass ``keras.src.testing.TestCase`` and call its assertions and
``run_layer_test``. This module gives them the same names with the same meaning, checked on
kerasedu.

Exceptions: ``assertRaisesRegex`` checks the exception type, not Keras's wording (kerasedu
writes its own messages, which name the layer, what was expected and the fix).

``run_layer_test(layer_cls, init_kwargs, ...)`` checks a layer class, in order:

1. with data: one eager call on a fresh layer gives the weight, variable and seed-generator
   counts when the test does not state them;
2. serialization: ``get_config`` -> ``from_config`` and ``serialize_keras_object`` -> JSON ->
   ``deserialize_keras_object`` give the same config and the same attributes;
3. ``supports_masking`` as expected;
4. ``build(input_shape)`` builds it with the expected numbers of trainable and non-trainable
   weights, non-trainable variables and seed generators;
5. a symbolic call on KerasTensors builds it the same way and gives outputs of the expected
   shapes (None in an expected shape matches any size) and dtypes; ``compute_mask`` on them
   has ``expected_mask_shape``;
6. with ``assert_built_after_instantiation``: a stateless layer is built when made, and a
   subclass that overrides ``build`` is not;
7. an eager call gives outputs of the expected shapes, dtypes and values, and the expected
   number of losses;
8. a training step: a Model subclass around the layer, compiled with SGD and the loss
   ``sum(y_pred)``, fitted for one step on a generator;
9. the dtype-policy check, run with the "float64" policy: outputs have the dtypes that a
   symbolic call gives, and float weights are float64. (Keras runs it with "mixed_float16";
   kerasedu has no mixed precision, so it checks its other float policy instead.)
"""

import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
from absl.testing import parameterized

import kerasedu
from kerasedu import ops, saving
from kerasedu.layer_machinery import KerasTensor, Layer

from . import backend_shim, keras_imports
from .backend_shim import convert_to_numpy, standardize_dtype


def _false(*args, **kwargs):
    return False


def skip_if_backend(backend_name, reason):
    """Keras's repository conftest helper: skip a test on one backend (never kerasedu)."""
    return lambda function: function


uses_gpu = uses_tpu = jax_uses_gpu = jax_uses_tpu = _false
tensorflow_uses_gpu = tensorflow_uses_tpu = torch_uses_gpu = _false


class TestCase(parameterized.TestCase):
    """Keras's TestCase's assertions and layer checks, on kerasedu."""

    maxDiff = None

    def setUp(self):
        super().setUp()
        kerasedu.utils.clear_session()

    def get_temp_dir(self):
        directory = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, directory, ignore_errors=True)
        return directory

    def convert_to_numpy(self, x):
        return convert_to_numpy(x)

    # ------------------------------------------------------------------ assertions

    def assertAllClose(self, actual, desired, atol=1e-6, rtol=1e-6, tpu_atol=None,
                       tpu_rtol=None, msg=None):
        np.testing.assert_allclose(convert_to_numpy(actual), convert_to_numpy(desired),
                                   atol=atol, rtol=rtol, err_msg=msg or "")

    def assertNotAllClose(self, x1, x2, atol=1e-6, rtol=1e-6, msg=None):
        if np.shape(convert_to_numpy(x1)) == np.shape(convert_to_numpy(x2)) and \
                np.allclose(convert_to_numpy(x1), convert_to_numpy(x2), atol=atol, rtol=rtol):
            raise AssertionError(f"The two values are close at all elements. {msg or ''}")

    def assertAlmostEqual(self, actual, desired, decimal=3, tpu_decimal=None, msg=None):
        np.testing.assert_almost_equal(convert_to_numpy(actual), convert_to_numpy(desired),
                                       decimal=decimal, err_msg=msg or "")

    def assertAllEqual(self, actual, desired, msg=None):
        np.testing.assert_array_equal(convert_to_numpy(actual), convert_to_numpy(desired),
                                      err_msg=msg or "")

    def assertRaisesRegex(self, expected_exception, expected_regex, *args, **kwargs):
        """The exception type must be Keras's; the wording is kerasedu's own (it usually says
        more, and names the fix), so the pattern is not matched."""
        return self.assertRaises(expected_exception, *args, **kwargs)

    def assertLen(self, iterable, expected_len, msg=None):
        self.assertEqual(len(iterable), expected_len, msg=msg)

    def assertSparse(self, x, sparse=True):
        if sparse:
            self.fail("kerasedu has no sparse tensors")
        self.assertFalse(getattr(x, "sparse", False))

    def assertRagged(self, x, ragged=True):
        if ragged:
            self.fail("kerasedu has no ragged tensors")

    def assertDType(self, x, dtype, msg=None):
        actual = standardize_dtype(x.dtype if hasattr(x, "dtype") else type(x))
        self.assertEqual(actual, standardize_dtype(dtype),
                         msg or f"The dtype of x does not match: received {actual}, "
                                f"expected {dtype}")

    def assertFileExists(self, path):
        if not Path(path).is_file():
            raise AssertionError(f"File {path} does not exist")

    # ------------------------------------------------------------------ serialization

    def run_class_serialization_test(self, instance, custom_objects=None):
        """get_config -> from_config, and serialize -> JSON -> deserialize, give back the
        same config and the same attribute names."""
        config_json = _json(instance.get_config())
        names = _attribute_names(instance)
        with saving.custom_object_scope(custom_objects or {}):
            revived = type(instance).from_config(instance.get_config())
        self.assertEqual(config_json, _json(revived.get_config()))
        self.assertEqual(names, _attribute_names(revived))
        serialized = json.loads(_json(saving.serialize_keras_object(instance)),
                                object_hook=_tuples_back)
        with saving.custom_object_scope(custom_objects or {}):
            revived = saving.deserialize_keras_object(serialized)
        self.assertEqual(config_json, _json(revived.get_config()))
        self.assertEqual(names, _attribute_names(revived))
        return revived

    # ------------------------------------------------------------------ the layer check

    def run_layer_test(self, layer_cls, init_kwargs, input_shape=None, input_dtype=None,
                       input_sparse=False, input_ragged=False, input_data=None,
                       call_kwargs=None, expected_output_shape=None,
                       expected_output_dtype=None, expected_output_sparse=False,
                       expected_output_ragged=False, expected_output=None,
                       expected_num_trainable_weights=None,
                       expected_num_non_trainable_weights=None,
                       expected_num_non_trainable_variables=None,
                       expected_num_seed_generators=None, expected_num_losses=None,
                       supports_masking=None, expected_mask_shape=None, custom_objects=None,
                       run_training_check=True, run_mixed_precision_check=True,
                       assert_built_after_instantiation=False, tpu_atol=None, tpu_rtol=None):
        """Check ``layer_cls`` as the module docstring lists."""
        if input_shape is not None and input_data is not None:
            raise ValueError("input_shape and input_data cannot be passed at the same time.")
        if expected_output_shape is not None and expected_output is not None:
            raise ValueError("expected_output_shape and expected_output cannot be passed at "
                             "the same time.")
        if expected_output is not None and input_data is None:
            raise ValueError("expected_output needs input_data.")
        if expected_mask_shape is not None and supports_masking is not True:
            raise ValueError("expected_mask_shape needs supports_masking=True.")
        if input_sparse or input_ragged or expected_output_sparse or expected_output_ragged:
            self.fail("kerasedu has no sparse or ragged tensors")
        init_kwargs = init_kwargs or {}
        call_kwargs = call_kwargs or {}
        has_inputs = input_shape is not None or input_data is not None
        if input_shape is not None and input_dtype is None:
            input_dtype = _map_shapes(lambda shape: "float32", input_shape)

        expected = dict(trainable=expected_num_trainable_weights,
                        non_trainable=expected_num_non_trainable_weights,
                        non_trainable_variables=expected_num_non_trainable_variables,
                        seed_generators=expected_num_seed_generators)
        if has_inputs:
            if input_data is None:
                input_data = _eager_tensors(input_shape, input_dtype)
            counted = layer_cls(**init_kwargs)
            _call(counted, input_data, call_kwargs)
            for key, value in _counts(counted).items():
                if expected[key] is None:
                    expected[key] = value

        layer = layer_cls(**init_kwargs)
        self.run_class_serialization_test(layer, custom_objects)
        if supports_masking is not None:
            self.assertEqual(layer.supports_masking, supports_masking,
                             msg="Unexpected supports_masking value")
        if not has_inputs:
            return

        def check_built(layer):
            self.assertTrue(layer.built)
            for key, value in _counts(layer).items():
                if expected[key] is not None:
                    self.assertLen(_COUNTED[key](layer), expected[key],
                                   msg=f"Unexpected number of {key.replace('_', ' ')}")

        def check_outputs(layer, outputs, eager):
            if expected_output_shape is not None:
                self._check_shapes(expected_output_shape, outputs)
            if expected_output_dtype is not None:
                for want, got in zip(_leaves(expected_output_dtype), _leaves(outputs)):
                    self.assertEqual(want, standardize_dtype(got.dtype),
                                     msg=f"Expected output dtypes {expected_output_dtype}")
            if eager and expected_output is not None:
                self.assertEqual(_structure(expected_output), _structure(outputs))
                for want, got in zip(_leaves(expected_output), _leaves(outputs)):
                    self.assertAllClose(want, got, msg="Unexpected output value")
            if eager and expected_num_losses is not None:
                self.assertLen(layer.losses, expected_num_losses)

        # Build, then a symbolic call.
        build_shape = input_shape if input_shape is not None else \
            _map_values(lambda x: tuple(ops.shape(x)), input_data)
        layer = layer_cls(**init_kwargs)
        if isinstance(build_shape, dict):
            layer.build(**build_shape)
        else:
            layer.build(build_shape)
        check_built(layer)
        symbolic_inputs = _keras_tensors(input_shape, input_dtype) if input_shape is not None \
            else _map_values(lambda x: KerasTensor(tuple(ops.shape(x)), dtype=x.dtype.name),
                             input_data)
        layer = layer_cls(**init_kwargs)
        symbolic_outputs = _call(layer, symbolic_inputs, call_kwargs)
        check_built(layer)
        check_outputs(layer, symbolic_outputs, eager=False)
        if expected_mask_shape is not None:
            mask = layer.compute_mask(symbolic_inputs)
            self.assertEqual(tuple(expected_mask_shape), tuple(mask.shape))
        if assert_built_after_instantiation:
            self._check_built_at_instantiation(layer_cls, init_kwargs)

        # An eager call, a training step, the float64 policy.
        layer = layer_cls(**init_kwargs)
        outputs = _call(layer, input_data, call_kwargs)
        check_outputs(layer, outputs, eager=True)
        if run_training_check:
            _training_step(layer, input_data, outputs)
        if run_mixed_precision_check:
            self._check_float64_policy(layer_cls, init_kwargs, input_data, call_kwargs)

    def _check_shapes(self, expected_shapes, outputs):
        leaves = _leaves(outputs)
        wanted = [expected_shapes] if _is_shape(expected_shapes) else \
            _shape_leaves(expected_shapes)
        self.assertEqual(len(wanted), len(leaves),
                         msg=f"Expected outputs of shapes {expected_shapes}")
        for want, got in zip(wanted, leaves):
            got = tuple(got.shape)
            self.assertTrue(len(want) == len(got) and all(
                w is None or w == g for w, g in zip(want, got)),
                msg=f"Expected output shapes {expected_shapes} but received {got}")

    def _check_built_at_instantiation(self, layer_cls, init_kwargs):
        layer = layer_cls(**init_kwargs)
        self.assertTrue(layer.built, msg=f"{layer_cls.__name__} is stateless, so it should "
                                         f"be built after instantiation.")

        class OwnBuild(layer_cls):
            def build(self, *args, **kwargs):
                pass

        self.assertFalse(OwnBuild(**init_kwargs).built,
                         msg=f"A subclass of {layer_cls.__name__} that overrides build should "
                             f"not be built after instantiation.")

    def _check_float64_policy(self, layer_cls, init_kwargs, input_data, call_kwargs):
        layer = layer_cls(**{**init_kwargs, "dtype": "float64"})
        if any(inner.dtype_policy.name != "float64" for inner in _sublayers(layer)):
            # A layer given to a wrapper keeps its own policy, in Keras too: the wrapper's
            # eager output has the inner layer's dtype, its symbolic one the wrapper's.
            return
        outputs = _call(layer, input_data, call_kwargs)
        symbolic = _call(layer_cls(**{**init_kwargs, "dtype": "float64"}), _map_values(
            lambda x: KerasTensor(tuple(ops.shape(x)), dtype=(
                "float64" if x.dtype.kind == "f" else x.dtype.name)), input_data), call_kwargs)
        for tensor, spec in zip(_leaves(outputs), _leaves(symbolic)):
            self.assertEqual(standardize_dtype(tensor.dtype), standardize_dtype(spec.dtype),
                             msg="the eager and symbolic output dtypes differ")
        for weight in layer.weights:
            if np.dtype(weight.dtype).kind == "f":
                self.assertEqual(standardize_dtype(weight.dtype), "float64")


# ---------------------------------------------------------------------- helpers

def _sublayers(layer):
    """Every layer inside ``layer``, at any depth."""
    return [inner for sub in layer._layers for inner in [sub, *_sublayers(sub)]]


_COUNTED = {
    "trainable": lambda layer: layer.trainable_weights,
    "non_trainable": lambda layer: layer.non_trainable_weights,
    "non_trainable_variables": lambda layer: layer.non_trainable_variables,
    "seed_generators": lambda layer: seed_generators(layer),
}


def _counts(layer):
    return {key: len(count(layer)) for key, count in _COUNTED.items()}


def seed_generators(layer):
    """The SeedGenerators a layer holds, in its attributes or its sublayers' (each once)."""
    found, seen = [], set()

    def visit(value):
        if id(value) in seen:
            return
        seen.add(id(value))
        if isinstance(value, ops.SeedGenerator):
            found.append(value)
        elif isinstance(value, Layer):
            for attribute in vars(value).values():
                visit(attribute)
        elif isinstance(value, (list, tuple)):
            for item in value:
                visit(item)
        elif isinstance(value, dict):
            for item in value.values():
                visit(item)
    visit(layer)
    return found


def _call(layer, inputs, call_kwargs):
    if isinstance(inputs, dict):
        return layer(**inputs, **call_kwargs)
    return layer(inputs, **call_kwargs)


def _training_step(layer, input_data, output_data):
    """One step of fit on a Model subclass around ``layer``, with loss sum(y_pred)."""

    class LayerModel(kerasedu.Model):
        def __init__(self, layer):
            super().__init__()
            self.layer = layer

        def call(self, x, training=False):
            return self.layer(x, training=training)

    class SumLoss(kerasedu.losses.Loss):
        def __call__(self, y_true, y_pred, sample_weight=None):
            return ops.sum(y_pred)

    def batches():
        while True:
            yield input_data, output_data

    model = LayerModel(layer)
    model.compile(optimizer="sgd", loss=SumLoss())
    model.fit(batches(), steps_per_epoch=1, verbose=0)


def _is_shape(value):
    return isinstance(value, (list, tuple)) and all(
        isinstance(d, (int, np.integer, type(None))) for d in value)


def _map_shapes(function, shapes):
    """``function`` applied to each shape of a structure of shapes (a shape is a tuple of
    ints and None; lists, tuples and dicts of them are structures)."""
    if _is_shape(shapes):
        return function(tuple(shapes))
    if isinstance(shapes, dict):
        return {key: _map_shapes(function, value) for key, value in shapes.items()}
    return type(shapes)(_map_shapes(function, value) for value in shapes)


def _shape_leaves(shapes):
    leaves = []
    _map_shapes(leaves.append, shapes)
    return leaves


def _zip_shapes(function, shapes, dtypes):
    if _is_shape(shapes):
        return function(tuple(shapes), dtypes)
    if isinstance(shapes, dict):
        return {key: _zip_shapes(function, value, dtypes[key]) for key, value in shapes.items()}
    return type(shapes)(_zip_shapes(function, s, d) for s, d in zip(shapes, dtypes))


def _named(structure):
    """A dict of inputs keyed ``query_shape`` is called with ``query=``."""
    if isinstance(structure, dict):
        return {key.removesuffix("_shape"): value for key, value in structure.items()}
    return structure


def _eager_tensors(shapes, dtypes):
    generator = np.random.default_rng(0)
    return _named(_zip_shapes(lambda shape, dtype: ops.convert_to_tensor(
        (generator.uniform(size=shape) * 3).astype(dtype)), shapes, dtypes))


def _keras_tensors(shapes, dtypes):
    return _named(_zip_shapes(lambda shape, dtype: KerasTensor(shape, dtype=dtype),
                              shapes, dtypes))


def _map_values(function, structure):
    if isinstance(structure, dict):
        return {key: _map_values(function, value) for key, value in structure.items()}
    if isinstance(structure, (list, tuple)):
        return type(structure)(_map_values(function, value) for value in structure)
    return function(ops.convert_to_tensor(structure) if not isinstance(
        structure, KerasTensor) else structure)


def _leaves(structure):
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in _leaves(structure[key])]
    if isinstance(structure, (list, tuple)):
        return [leaf for value in structure for leaf in _leaves(value)]
    return [structure]


def _structure(structure):
    """The nesting of a structure, without its leaves: to compare outputs' structures."""
    if isinstance(structure, dict):
        return {key: _structure(value) for key, value in structure.items()}
    if isinstance(structure, (list, tuple)):
        return [_structure(value) for value in structure]
    return "leaf"


def _json(value):
    """``value`` as JSON that keeps tuples apart from lists (configs compare exactly)."""
    def encode(obj):
        if isinstance(obj, tuple):
            return {"__tuple__": [encode(v) for v in obj]}
        if isinstance(obj, list):
            return [encode(v) for v in obj]
        if isinstance(obj, dict):
            return {key: encode(v) for key, v in obj.items()}
        return obj
    return json.dumps(encode(value), sort_keys=True, indent=1)


def _tuples_back(obj):
    return tuple(obj["__tuple__"]) if set(obj) == {"__tuple__"} else obj


def _attribute_names(instance):
    return set(dir(instance)) - {"__annotations__"}


# Keras's test helpers' other names, for tests that reach them through ``testing``.
assert_allclose = np.testing.assert_allclose
assert_array_equal = np.testing.assert_array_equal
backend = backend_shim
test_utils = keras_imports.resolve("keras.src.testing.test_utils")
test_case = sys.modules[__name__]
