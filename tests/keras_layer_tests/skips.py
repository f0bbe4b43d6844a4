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
    ],
    "rematerialization (recomputing activations to save accelerator memory)": [
        "*::test_*remat*",
    ],
    "sparse and ragged tensors: kerasedu's tensors are dense numpy arrays": [
        "*::test_*sparse*", "*::test_*ragged*",
    ],
    "tf.data and grain pipelines: TensorFlow and grain are not kerasedu dependencies": [
        "*::test_*tf_data*", "*::test_*grain*",
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
    "Keras's private state tracker (Layer._tracker and its locking)": [
        "layer_test.py::LayerTest::test_tracker_locking",
        "layer_test.py::LayerTest::test_layer_variable_tracking_correct",
    ],
}


def reason_to_skip(module, cls, test):
    """The reason a Keras test is skipped, or None when it runs."""
    key = f"{module.removeprefix('keras_wheel_tests.layers.').replace('.', '/')}.py::{cls}::{test}"
    for reason, patterns in SKIPS.items():
        if any(fnmatchcase(key, pattern) for pattern in patterns):
            return reason
    return None
