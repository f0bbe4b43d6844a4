"""The ``keras.layers`` names kerasedu does not have, each with the reason.

:mod:`.test_layer_names` fails for any public Keras layer name that kerasedu lacks and that is
not listed here (and for any name listed here that kerasedu has, so the list stays true).
:mod:`.skips` skips the Keras tests of these layers with the same reason.

Two kinds of reason: deliberate omissions (kerasedu will not have them), and layers kerasedu
does not have yet (each says so).
"""

from fnmatch import fnmatchcase

NOT_YET = "not in kerasedu yet"

# name -> reason
OMITTED_LAYERS = {
    # Wrappers around other frameworks' modules: kerasedu computes with numpy and has its own
    # tape, so a JAX, Flax, PyTorch or TensorFlow SavedModel module cannot run inside it.
    "JaxLayer": "wraps a JAX function; kerasedu does not run JAX",
    "FlaxLayer": "wraps a Flax module; kerasedu does not run JAX",
    "TorchModuleWrapper": "wraps a torch.nn.Module; kerasedu does not run PyTorch",
    "TFSMLayer": "loads a TensorFlow SavedModel; kerasedu does not run TensorFlow",

    # Further image augmentation, bounding boxes and pipelines.
    "AugMix": NOT_YET, "CutMix": NOT_YET,
    "ContrastLimitedAdaptiveHistogramEqualization": NOT_YET, "MixUp": NOT_YET,
    "RandAugment": NOT_YET,
    "RandomElasticTransform": NOT_YET,
    "RandomErasing": NOT_YET,
    "RandomPerspective": NOT_YET,
    "RandomShear": NOT_YET, "MaxNumBoundingBoxes": NOT_YET,
    "Pipeline": NOT_YET,
}

# Keras test modules (under keras/src/layers) that test only omitted layers or their
# machinery -> the omitted layer whose reason applies.
TESTS_OF_OMITTED = {
    "core/identity_test.py": "Identity",
    "preprocessing/normalization_test.py": "Normalization",
    "preprocessing/rescaling_test.py": "Rescaling",
    "preprocessing/pipeline_test.py": "Pipeline",
    # its parameters name every Keras image layer, AugMix first: it loads only when all exist
    "preprocessing/image_preprocessing/base_image_preprocessing_layer_test.py": "AugMix",
    "preprocessing/image_preprocessing/bounding_boxes/*": "MaxNumBoundingBoxes",
    "preprocessing/image_preprocessing/max_num_bounding_box_test.py": "MaxNumBoundingBoxes",
    "preprocessing/image_preprocessing/aug_mix_test.py": "AugMix",
    "preprocessing/image_preprocessing/clahe_test.py":
        "ContrastLimitedAdaptiveHistogramEqualization",
    "preprocessing/image_preprocessing/cut_mix_test.py": "CutMix",
    "preprocessing/image_preprocessing/mix_up_test.py": "MixUp",
    "preprocessing/image_preprocessing/rand_augment_test.py": "RandAugment",
    "preprocessing/image_preprocessing/random_elastic_transform_test.py":
        "RandomElasticTransform",
    "preprocessing/image_preprocessing/random_erasing_test.py": "RandomErasing",
    "preprocessing/image_preprocessing/random_perspective_test.py": "RandomPerspective",
    "preprocessing/image_preprocessing/random_shear_test.py": "RandomShear",
}


def omitted_layer_tested_by(module_path):
    """The omitted layer a Keras test module tests, or None."""
    for pattern, layer in TESTS_OF_OMITTED.items():
        if fnmatchcase(module_path, pattern) and layer in OMITTED_LAYERS:
            return layer
    return None
