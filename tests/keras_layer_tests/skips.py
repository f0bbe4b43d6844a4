"""The Keras layer tests that are not run on kerasedu, each with the reason.

Keys are ``<module under keras/src/layers>::<class>::<test>`` patterns (fnmatch). A
parameterized test's name ends in its case's name, so a pattern ends in ``*`` when it means
every case. Each group says why kerasedu does not do what those tests check; everything not
listed here runs, and must pass.
"""

from fnmatch import fnmatchcase

SKIPS = {
    # Keras 3 can store weights as int8, int4 or float8 (GPTQ, AWQ, custom quantizers) to run
    # large models on small devices. kerasedu keeps float weights only.
    "quantization (int8, int4, float8, GPTQ, AWQ): kerasedu has no quantized weights": [
        "*::test_*quantiz*", "*::test_*int8*", "*::test_*int4*", "*::test_*float8*",
        "*::test_*gptq*", "*::test_*awq*", "*::test_not_implemented_error_*",
        "*::test_legacy_load_own_variables*",    # its stores are quantized layouts
        "attention/multi_head_attention_test.py::*::test_dtype_policy_map",  # int8 policies
    ],
    "LoRA (low-rank adapters for fine-tuning large models): kerasedu has none": [
        "*::test_*lora*",
    ],
    # mixed_float16 speeds up GPUs; numpy on a CPU computes float16 no faster than float32.
    # kerasedu.dtype_policies refuses the mixed policies with a message that says so.
    "mixed precision (float16 computations on float32 weights, AutocastScope)": [
        "layer_test.py::LayerTest::test_autocast*",
        "layer_test.py::LayerTest::test_mixed_precision*",
        "layer_test.py::LayerTest::test_dtype_policy_setter",
        "*::test_large_value_within_autocast_scope",
        "*::test_mixed_precision_large_input_no_nan",
        "layer_test.py::LayerTest::test_keras_mask_with_autocast",
        # bfloat16 (numpy has no such dtype) and quantized policies such as int8_from_float32
        "layer_test.py::LayerTest::test_serialize_dtype",
        # its first half (float32) passes; its second half builds a mixed_float16 cell
        "rnn/dropout_rnn_cell_test.py::DropoutRNNCellTest::test_basics",
    ],
    "rematerialization (recomputing activations to save accelerator memory)": [
        "*::test_*remat*",
    ],
    "sparse and ragged tensors: kerasedu's tensors are dense numpy arrays": [
        "*::test_*sparse*", "*::test_*ragged*",
        "reshaping/flatten_test.py::FlattenTest::test_flatten_dense",   # sparse inputs
    ],
    # kerasedu takes the Keras 2 spellings that older tutorials use, silently: a deprecation
    # warning reaches the student's stderr, which nbgrader scores as a failed test cell.
    "Keras 2 spellings accepted without a warning or an error": [
        "core/input_layer_test.py::InputLayerTest::test_input_shape_deprecated",
        "layer_test.py::LayerTest::test_add_weight_string_as_first_positional_arg",
        # Keras 2 passed non-tensor positional arguments (call(x, True)) through to call
        "layer_test.py::LayerTest::test_positional_arg_error",
    ],
    # Keras 3's image layers take {"images", "labels", "bounding_boxes", "segmentation_masks"}
    # dicts for object detection and segmentation, and move the boxes and masks with the
    # pixels. One line per Keras test file: each goes when its layers move boxes as Keras's do.
    "bounding boxes and dict inputs to image layers (object detection, segmentation)": [
        "preprocessing/image_preprocessing/rand_augment_test.py::*bounding_box*",
        "preprocessing/image_preprocessing/random_perspective_test.py::*bounding_box*",
        "preprocessing/image_preprocessing/random_shear_test.py::*bounding_box*",
        "preprocessing/image_preprocessing/random_translation_test.py::*bounding_box*",
        "preprocessing/image_preprocessing/random_zoom_test.py::*bounding_box*",
    ],
    "tf.data and grain pipelines: TensorFlow and grain are not kerasedu dependencies": [
        "*::test_*tf_data*", "*::test_*grain*",
        "preprocessing/normalization_test.py::NormalizationTest::test_normalization_adapt2",
        # Keras's DataLayer, the base that lets a layer run inside those pipelines by
        # switching its backend to TensorFlow
        "preprocessing/data_layer_test.py::*",
        # RandAugment's draws mapped over a tf.data.Dataset
        "preprocessing/image_preprocessing/rand_augment_test.py::*::test_graph_issue",
        # they call tf.data or tf.constant; the values test_correctness expects are asserted
        # in tests/layers/test_hashing_layers.py
        "preprocessing/hashed_crossing_test.py::HashedCrossingTest::test_static_shape_preserved",
        "preprocessing/hashed_crossing_test.py::HashedCrossingTest::test_correctness*",
        "preprocessing/integer_lookup_test.py::IntegerLookupTest::test_adapt_with_steps",
        "preprocessing/text_vectorization_test.py::TextVectorizationTest::test_adapt_with_steps",
        "preprocessing/text_vectorization_test.py::TextVectorizationTest::"
        "test_static_output_sequence_length_from_dense",
        # their standardize and split callables are tf.strings ops; the same cases with numpy
        # callables are in tests/layers/test_text_vectorization.py
        "preprocessing/text_vectorization_test.py::TextVectorizationTest::test_custom_splitting",
        "preprocessing/text_vectorization_test.py::TextVectorizationTest::"
        "test_custom_standardize_callable",
    ],
    # Keras 3 backends pick fused kernels (cuDNN, flash attention) and offer a stateless,
    # JAX-style call; these tests check that machinery, which a numpy library has no use for.
    "backend internals (cuDNN and fused-kernel selection, flash attention, stateless_call)": [
        "rnn/bidirectional_test.py::*::test_fused_*_eligibility",
        "rnn/bidirectional_test.py::*::test_keeps_use_cudnn",
        "*::test_*flash_attention*",
        "layer_test.py::LayerTest::test_stateless_call",
    ],
    # Keras 3.10's private mechanism for passing arguments other than `training` and `mask`
    # from a layer to the layers it calls; kerasedu passes `training` and `mask`.
    "call-context arguments (Layer._register_call_context_args)": [
        "layer_test.py::LayerTest::test_*call_context_arg*",
        "layer_test.py::LayerTest::test_context_arg*",
    ],
    # keras.utils.FeatureSpace, a dict-of-features front end over these layers that builds a
    # tf.data pipeline; it is a utility, not a layer, and kerasedu does not have it.
    "keras.utils.FeatureSpace (tf.data feature pipelines) is not in kerasedu": [
        "preprocessing/feature_space_test.py::*",
    ],
    "Keras's private state tracker (Layer._tracker and its locking)": [
        "layer_test.py::LayerTest::test_tracker_locking",
        "layer_test.py::LayerTest::test_layer_variable_tracking_correct",
        "layer_test.py::LayerTest::test_remove_weight",   # Layer._untrack_variable
    ],
    # Keras 3.15 clips the saturation (a fraction in [0, 1]) to value_range, (0, 255) by
    # default, so that full saturation gives out-of-range (negative) pixels; this test asserts
    # that saturation of 255. kerasedu clips it to [0, 1] (RandomSaturation's docstring).
    "RandomSaturation: a saturation above 1 after full saturation": [
        "preprocessing/image_preprocessing/random_saturation_test.py::*::"
        "test_random_saturation_full_saturation",
    ],
}


# Tests that fail on kerasedu today, grouped by the missing behaviour. They run as strict
# expected failures: one that starts passing fails the suite until it leaves this list.
KNOWN_FAILURES = {
}


def test_key(module, cls, test):
    """``<module under keras/src/layers>::<class>::<test>``, the key the lists match."""
    path = module.removeprefix("keras_wheel_tests.layers.").replace(".", "/")
    return f"{path}.py::{cls}::{test}"


def _matching(groups, key):
    for reason, patterns in groups.items():
        if any(fnmatchcase(key, pattern) for pattern in patterns):
            return reason
    return None


def reason_to_skip(module, cls, test):
    """The reason a Keras test is skipped, or None when it runs."""
    return _matching(SKIPS, test_key(module, cls, test))


def known_failure(module, cls, test):
    """Why a Keras test is expected to fail on kerasedu today, or None."""
    return _matching(KNOWN_FAILURES, test_key(module, cls, test))
