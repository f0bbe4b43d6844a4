"""Keras 2's import paths, as older tutorials and the study notes write them, with ``keras``
replaced by ``kerasedu``: each names the same object as kerasedu's own path.

The last test reads every ``kerasedu`` import in the chapters, problem sets and seed-note
tests and imports it, so that a moved module cannot break a notebook's first cell.
"""

import ast
import importlib
import json
import re
from pathlib import Path

import numpy as np
import pytest

import kerasedu
from kerasedu import layers, models

ROOT = Path(__file__).resolve().parents[1]

LAYER_MACHINERY = {"Layer": layers.Layer, "Input": layers.Input, "InputLayer": layers.InputLayer,
                   "InputSpec": layers.InputSpec}

# module -> {name: the object it must be}
KERAS2_PATHS = {
    "kerasedu.engine": {**LAYER_MACHINERY, "Model": models.Model,
                        "Sequential": models.Sequential, "Functional": models.Functional,
                        "KerasTensor": kerasedu.KerasTensor},
    "kerasedu.engine.topology": {**LAYER_MACHINERY,
                                 "Node": kerasedu.layer_machinery.Node},
    "kerasedu.engine.base_layer": {"Layer": layers.Layer, "InputSpec": layers.InputSpec},
    "kerasedu.engine.input_layer": {"Input": layers.Input, "InputLayer": layers.InputLayer},
    "kerasedu.engine.input_spec": {"InputSpec": layers.InputSpec},
    "kerasedu.engine.node": {"Node": kerasedu.layer_machinery.Node},
    "kerasedu.engine.keras_tensor": {"KerasTensor": kerasedu.KerasTensor},
    "kerasedu.engine.training": {"Model": models.Model},
    "kerasedu.engine.sequential": {"Sequential": models.Sequential},
    "kerasedu.engine.functional": {"Functional": models.Functional},
    "kerasedu.models": {"Model": kerasedu.Model, "Sequential": kerasedu.Sequential,
                        "load_model": kerasedu.saving.load_model,
                        "save_model": kerasedu.saving.save_model,
                        "model_from_json": kerasedu.saving.model_from_json},
    "kerasedu.layers": LAYER_MACHINERY,
    "kerasedu.layers.experimental.preprocessing": {
        name: getattr(layers, name) for name in (
            "CenterCrop", "Normalization", "RandomContrast", "RandomCrop", "RandomFlip",
            "RandomRotation", "RandomTranslation", "RandomZoom", "Rescaling", "Resizing")},
    "kerasedu.layers.core": {
        name: getattr(layers, name) for name in (
            "Dense", "Activation", "Dropout", "Flatten", "Reshape", "Permute", "RepeatVector",
            "Lambda", "Masking", "ActivityRegularization", "SpatialDropout1D",
            "SpatialDropout2D", "SpatialDropout3D", "Input", "InputLayer")},
    "kerasedu.layers.convolutional": {
        name: getattr(layers, name) for name in (
            "Conv1D", "Conv2D", "Conv3D", "Convolution1D", "Convolution2D", "Convolution3D",
            "Conv2DTranspose", "Deconvolution2D", "SeparableConv1D", "SeparableConv2D",
            "DepthwiseConv2D", "Cropping1D", "Cropping2D", "Cropping3D", "UpSampling1D",
            "UpSampling2D", "UpSampling3D", "ZeroPadding1D", "ZeroPadding2D",
            "ZeroPadding3D")},
    "kerasedu.layers.pooling": {
        name: getattr(layers, name) for name in (
            "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D",
            "AveragePooling2D", "AveragePooling3D", "GlobalMaxPooling1D", "GlobalMaxPooling2D",
            "GlobalAveragePooling1D", "GlobalAveragePooling2D", "MaxPool2D", "AvgPool2D")},
    "kerasedu.layers.recurrent": {
        name: getattr(layers, name) for name in (
            "RNN", "SimpleRNN", "GRU", "LSTM", "SimpleRNNCell", "GRUCell", "LSTMCell",
            "StackedRNNCells")},
    "kerasedu.layers.merge": {
        name: getattr(layers, name) for name in (
            "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot",
            "add", "subtract", "multiply", "average", "maximum", "minimum", "concatenate",
            "dot")},
    "kerasedu.layers.normalization": {"BatchNormalization": layers.BatchNormalization},
    "kerasedu.layers.embeddings": {"Embedding": layers.Embedding},
    "kerasedu.layers.noise": {name: getattr(layers, name) for name in (
        "GaussianNoise", "GaussianDropout", "AlphaDropout")},
    "kerasedu.layers.advanced_activations": {name: getattr(layers, name) for name in (
        "LeakyReLU", "PReLU", "ELU", "ThresholdedReLU", "Softmax", "ReLU")},
    "kerasedu.layers.wrappers": {name: getattr(layers, name) for name in (
        "Wrapper", "TimeDistributed", "Bidirectional")},
    "kerasedu.layers.local": {name: getattr(layers, name) for name in (
        "LocallyConnected1D", "LocallyConnected2D")},
    "kerasedu.layers.convolutional_recurrent": {"ConvLSTM2D": layers.ConvLSTM2D},
    "kerasedu.utils": {"to_categorical": kerasedu.utils.to_categorical,
                       "CustomObjectScope": kerasedu.saving.CustomObjectScope,
                       "get_custom_objects": kerasedu.saving.get_custom_objects,
                       "Sequence": kerasedu.utils.Sequence},
    "kerasedu.utils.np_utils": {"to_categorical": kerasedu.utils.to_categorical,
                                "normalize": kerasedu.utils.normalize},
    "kerasedu.utils.generic_utils": {
        "get_custom_objects": kerasedu.saving.get_custom_objects,
        "CustomObjectScope": kerasedu.saving.CustomObjectScope,
        "custom_object_scope": kerasedu.saving.custom_object_scope,
        "serialize_keras_object": kerasedu.saving.serialize_keras_object,
        "deserialize_keras_object": kerasedu.saving.deserialize_keras_object,
        "Progbar": kerasedu.utils.Progbar},
    "kerasedu.utils.data_utils": {"Sequence": kerasedu.utils.Sequence,
                                  "get_file": kerasedu.utils.get_file},
    "kerasedu.utils.vis_utils": {"plot_model": kerasedu.utils.plot_model},
    "kerasedu.preprocessing.sequence": {"pad_sequences": kerasedu.utils.pad_sequences},
}

CASES = [(module, name) for module, names in KERAS2_PATHS.items() for name in names]


@pytest.mark.parametrize("module, name", CASES, ids=[f"{m}.{n}" for m, n in CASES])
def test_keras2_path_names_kerasedus_object(module, name):
    namespace = {}
    exec(f"from {module} import {name}", namespace)
    assert namespace[name] is KERAS2_PATHS[module][name]
    assert getattr(importlib.import_module(module), name) is KERAS2_PATHS[module][name]


def test_attribute_paths_of_the_study_notes():
    assert kerasedu.layers.core.Dense is layers.Dense
    assert kerasedu.layers.convolutional.Conv2D is layers.Conv2D
    assert kerasedu.layers.pooling.MaxPooling2D is layers.MaxPooling2D
    assert kerasedu.layers.recurrent.LSTM is layers.LSTM
    assert kerasedu.layers.embeddings.Embedding is layers.Embedding
    assert kerasedu.models.Model is kerasedu.Model and kerasedu.Model is models.Model


def test_a_keras2_tutorial_model_built_from_engine_paths():
    from kerasedu.engine.input_layer import Input
    from kerasedu.engine.topology import Layer
    from kerasedu.engine.training import Model

    class Scale(Layer):
        def build(self, input_shape):
            self.scale = self.add_weight(name="scale", shape=(input_shape[-1],),
                                         initializer="ones", trainable=True)

        def call(self, inputs):
            return inputs * self.scale

    x = Input(shape=(3,))
    model = Model(x, Scale()(x))
    assert type(model) is models.Functional
    assert model.output_shape == (None, 3)
    assert np.array_equal(model(np.arange(6.0).reshape(2, 3)).numpy(),
                          np.arange(6.0).reshape(2, 3))


def test_keras2_get_custom_objects_makes_an_activation_name_work():
    from kerasedu.utils.generic_utils import get_custom_objects

    def cube(x):
        return x * x * x

    get_custom_objects()["cube_for_paths_test"] = cube
    try:
        dense = layers.Dense(2, activation="cube_for_paths_test", kernel_initializer="ones")
        assert dense.activation is cube
        assert np.allclose(dense(np.ones((1, 3))).numpy(), 27.0)
    finally:
        del get_custom_objects()["cube_for_paths_test"]


def _kerasedu_imports(source):
    """Every ``from kerasedu... import ...`` and ``import kerasedu...`` in Python source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kerasedu"):
            found += [(node.module, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(alias.name, None) for alias in node.names
                      if alias.name.startswith("kerasedu")]
    return found


def _notebook_code(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            yield "\n".join(line for line in source.splitlines()
                            if not re.match(r"\s*[%!]", line))


def _reader_imports():
    sources = [code for pattern in ("chapters/*.ipynb", "solutions/*/*.ipynb",
                                    "exercises/*/*.ipynb")
               for path in sorted(ROOT.glob(pattern)) for code in _notebook_code(path)]
    sources.append((ROOT / "tests" / "test_seed_notes.py").read_text(encoding="utf-8"))
    imports = set()
    for source in sources:
        try:
            imports.update(_kerasedu_imports(source))
        except SyntaxError:
            continue      # a cell that is meant to fail, shown to the reader
    return sorted(imports, key=str)


def test_every_kerasedu_import_of_the_chapters_problem_sets_and_notes_works():
    imports = _reader_imports()
    assert ("kerasedu.engine.topology", "Layer") in imports
    broken = []
    for module, name in imports:
        try:
            imported = importlib.import_module(module)
            if name is not None and name != "*" and not hasattr(imported, name):
                importlib.import_module(f"{module}.{name}")
        except ImportError as error:
            broken.append(f"from {module} import {name}: {error}")
    assert broken == []


def test_the_preprocessing_layers_are_reached_as_keras_2_tutorials_write_it():
    augment = layers.experimental.preprocessing.RandomFlip("horizontal", seed=1)
    image = np.arange(12.0, dtype="float32").reshape(1, 2, 2, 3)
    assert np.array_equal(augment(image, training=False), image)
    flipped = np.asarray(augment(image, training=True))[0]
    assert any(np.array_equal(flipped, option) for option in (image[0], image[0, :, ::-1]))

