"""The book covers everything in the study notes the project grew from.

Those notes (Chinese study notes on the Keras 2 layer API) are the checklist of what a reader
must be able to do after reading the book. ``COVERAGE`` maps each of their topics to the chapter
notebook and the section heading that teaches it, and to words that section must contain. The
test checks that the heading exists in that chapter and that its section (everything up to the
next heading of the same or a higher level) mentions each word.

Chapters 5 to 10 are written later. Their entries name the chapter file and the words; their
heading is ``None`` until the chapter exists, and the test is skipped while the file is missing.
When you write one of those chapters, fill in its headings here: a ``None`` heading then fails,
so that the table is completed along with the chapter.
"""

import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")

ROOT = Path(__file__).resolve().parents[2]

# topic: (chapter file, section heading, words the section must contain)
COVERAGE = {
    # --- Layer methods and attributes (notes 000, 002)
    "Layer.get_weights / set_weights": (
        "01_layers.ipynb", "### Reading and writing weights",
        ["get_weights", "set_weights"]),
    "weights created lazily, model.weights empty before build": (
        "01_layers.ipynb", "### When weights are created",
        ["build", "model.weights"]),
    "Layer.get_config / from_config / layers.deserialize (both dict formats)": (
        "01_layers.ipynb", "### Rebuilding a layer from its configuration",
        ["from_config", "layers.deserialize", '"class_name"', "build_config"]),
    "Input arguments: shape, batch_shape, name, dtype, sparse, tensor": (
        "01_layers.ipynb", "## 1.6 Eager Tensors and symbolic KerasTensors",
        ["shape=", "batch_shape", "name", "dtype", "sparse", "tensor"]),
    "Input(shape) vs Input(batch_shape), input_shape / input_dim": (
        "02_shapes.ipynb", "## 2.1 The batch dimension and None",
        ["batch_shape", "input_shape=", "batch_input_shape=", "input_dim="]),
    "Keras tensor attributes (_keras_shape, _keras_history)": (
        "01_layers.ipynb", "## 1.6 Eager Tensors and symbolic KerasTensors",
        ["_keras_history", "_keras_shape", "KerasTensor"]),
    "layer nodes and shared layers (input/output, get_input_at, ...)": (
        "03_models.ipynb", "## 3.6 Shared layers and nodes",
        ["get_input_at", "get_output_at", "get_input_shape_at", "get_output_shape_at",
         "shared.input"]),

    # --- Layers used in the notes (000, 001)
    "Dense arguments (units, activation, use_bias, initializers)": (
        "01_layers.ipynb", "## 1.2 Dense: the formula and the shapes",
        ["kernel", "bias", "units"]),
    "activation functions (softmax, elu, softplus, softsign, relu, tanh, sigmoid, "
    "hard_sigmoid, linear)": (
        "01_layers.ipynb", "## 1.3 Activations",
        ["softmax", "elu", "softplus", "softsign", "relu", "tanh", "sigmoid", "hard_sigmoid",
         "linear"]),
    "Activation layer": (
        "01_layers.ipynb", "## 1.3 Activations", ["Activation("]),
    "advanced activations (LeakyReLU, PReLU, ELU, Softmax, ReLU)": (
        "01_layers.ipynb", "### Activation layers with settings",
        ["LeakyReLU", "PReLU", "ELU", "Softmax", "ReLU"]),
    "Add layer (functional model with two inputs)": (
        "03_models.ipynb", "## 3.5 Several inputs and several outputs",
        ["layers.Add", "inputs=[product, customer]"]),
    "Conv2D arguments (filters, kernel_size, strides, padding, dilation_rate)": (
        "02_shapes.ipynb", "## 2.2 Convolution",
        ["filters", "kernel_size", "strides", "padding", "dilation_rate"]),
    "data_format channels_last vs channels_first": (
        "02_shapes.ipynb", "## 2.7 Channels first or channels last",
        ["channels_last", "channels_first", "data_format"]),
    "MaxPooling2D arguments (pool_size, strides, padding)": (
        "02_shapes.ipynb", "## 2.3 Pooling",
        ["MaxPooling2D", "pool_size", "strides", '"same"']),
    "pooling layers: max, average, global": (
        "02_shapes.ipynb", "## 2.3 Pooling",
        ["MaxPooling2D", "AveragePooling2D", "GlobalAveragePooling2D", "GlobalMaxPooling1D"]),
    "ZeroPadding2D, Cropping2D, UpSampling2D": (
        "02_shapes.ipynb", "## 2.4 Padding, cropping and upsampling",
        ["ZeroPadding2D", "Cropping2D", "UpSampling2D"]),
    "core layers: Flatten, Reshape, Permute, RepeatVector": (
        "02_shapes.ipynb", "## 2.5 Reshaping layers",
        ["Flatten", "Reshape", "-1", "Permute((2, 1)", "RepeatVector"]),
    "core layers: Lambda": (
        "04_custom_layers.ipynb", "## 4.8 Lambda layers", ["layers.Lambda"]),
    "BatchNorm subclass and super(self.__class__, self)": (
        "04_custom_layers.ipynb",
        "## 4.11 The frozen BatchNorm pattern, and the super(self.__class__) trap",
        ["BatchNormalization", "super(self.__class__, self)", "training=False",
         "RecursionError"]),

    # --- Writing your own layer (002, 003)
    "writing your own layer: build / call / compute_output_shape": (
        "04_custom_layers.ipynb", "## 4.1 The skeleton of a layer",
        ["def build", "def call", "def compute_output_shape", "K.dot",
         "kerasedu.engine.topology"]),
    "add_weight (Keras 2 keywords and Keras 3 style)": (
        "04_custom_layers.ipynb", "## 4.1 The skeleton of a layer",
        ["add_weight(", 'name="kernel",\n            shape=', "shape=(input_shape[-1]",
         "initializer="]),
    "trainable_weights / non_trainable_weights, freezing": (
        "04_custom_layers.ipynb", "## 4.5 Trainable and non-trainable weights",
        ["trainable_weights", "non_trainable_weights", "trainable=False", "assign"]),
    "regularizers and add_loss": (
        "04_custom_layers.ipynb", "## 4.6 Adding losses",
        ["regularizer", "add_loss", "losses"]),
    "custom layer config round trip": (
        "04_custom_layers.ipynb", "## 4.7 Configuration: saving and rebuilding your layer",
        ["get_config", "from_config", "custom_objects"]),
    "custom layer trains (gradients without backward code)": (
        "04_custom_layers.ipynb", "## 4.4 Training your layer",
        ["GradientTape", "compile", "fit"]),
    "shape check when compute_output_shape disagrees with call": (
        "04_custom_layers.ipynb", "## 4.9 When compute_output_shape and call disagree",
        ["compute_output_shape", "ValueError"]),

    # --- Models (004)
    "Sequential: list of layers, add, pop, layers, name": (
        "03_models.ipynb", "## 3.1 Sequential: a stack of layers",
        ["Sequential(", ".add(", ".pop()", "model.layers", "name="]),
    "specifying the input shape in advance (Input, input_shape)": (
        "03_models.ipynb", "## 3.2 When does a Sequential model get its weights?",
        ["Input(shape=", "input_shape=", "summary()", "unbuilt"]),
    "summary()": (
        "03_models.ipynb", "## 3.3 Reading summary() line by line",
        ["Param #", "Total params", "Trainable params", "Non-trainable params"]),
    "when Sequential is not appropriate; the functional API": (
        "03_models.ipynb", "## 3.4 The functional API",
        ["Model(inputs=", "Connected to"]),
    "add() + summary() debugging workflow": (
        "02_shapes.ipynb", "## 2.6 The debugging workflow: add() and summary()",
        ["Input(shape=(250, 250, 3))", "Conv2D(32, 5, strides=2", "summary()",
         "GlobalMaxPooling2D"]),
    "feature extraction with Model(inputs, [layer.output ...]) and get_layer": (
        "03_models.ipynb", "## 3.8 Feature extraction: looking inside a model",
        ["initial_model.inputs", "layer.output for layer in", "get_layer(name="]),
    "models used as layers": (
        "03_models.ipynb", "## 3.7 Models are layers", ["encoder"]),

    # --- Topics of the later chapters (headings filled in when they are written)
    "merge layers: Add, Subtract, Multiply, Average, Maximum, Concatenate, Dot and "
    "their functional forms": (
        "05_merge.ipynb", "## 5.3 Layers and their functional forms",
        ["Add", "Subtract", "Multiply", "Average", "Maximum", "Concatenate", "Dot",
         "subtract("]),
    "compile arguments (optimizer, loss, metrics, sample_weight_mode)": (
        "06_training.ipynb", "## 6.2 compile: optimizer, loss and metrics",
        ["optimizer", "loss", "metrics", "sample_weight_mode"]),
    "fit arguments: validation_split taken before shuffling": (
        "06_training.ipynb", "## 6.8 The validation_split trap",
        ["validation_split", "shuffle"]),
    "fit arguments: class_weight, sample_weight (temporal), initial_epoch": (
        "06_training.ipynb", "## 6.3 fit: every argument",
        ["class_weight", "sample_weight", "temporal", "initial_epoch"]),
    "convolution layers: Conv1D, Conv2D, SeparableConv, Conv2DTranspose, Conv3D": (
        "07_cnn.ipynb", "## 7.6 Other convolution layers",
        ["Conv1D", "Conv2D", "SeparableConv2D", "Conv2DTranspose", "Conv3D"]),
    "locally connected layers": (
        "07_cnn.ipynb", "### Locally connected layers",
        ["LocallyConnected1D", "LocallyConnected2D"]),
    "Embedding arguments (input_dim, output_dim, mask_zero, input_length)": (
        "08_sequences.ipynb", "## 8.2 Embedding: a lookup table of vectors",
        ["Embedding", "input_dim", "output_dim", "mask_zero"]),
    "recurrent layers (SimpleRNN, GRU, LSTM; return_sequences, dropout)": (
        "08_sequences.ipynb", "## 8.3 Recurrent layers",
        ["SimpleRNN", "GRU", "LSTM", "return_sequences", "recurrent_dropout"]),
    "wrappers: TimeDistributed, Bidirectional": (
        "08_sequences.ipynb", "## 8.5 Bidirectional and TimeDistributed",
        ["TimeDistributed", "Bidirectional"]),
    "Masking": (
        "08_sequences.ipynb", "## 8.4 Masking: padded steps carry the state forward",
        ["Masking", "mask_zero"]),
    "normalization: BatchNormalization": (
        "09_normalization_regularization.ipynb", "## 9.2 BatchNormalization, by the numbers",
        ["BatchNormalization", "moving_mean", "training"]),
    "Dropout, SpatialDropout, ActivityRegularization": (
        "09_normalization_regularization.ipynb", "## 9.5 Regularization layers",
        ["Dropout", "SpatialDropout2D", "ActivityRegularization"]),
    "noise layers: GaussianNoise, GaussianDropout, AlphaDropout": (
        "09_normalization_regularization.ipynb", "## 9.5 Regularization layers",
        ["GaussianNoise", "GaussianDropout", "AlphaDropout"]),
    "under the hood: the backend, Tensors and gradients": (
        "10_under_the_hood.ipynb", "## 10.1 A Tensor is an array with a memory",
        ["Tensor", "gradient"]),
}


def sections(path):
    """{heading line: the text of its section} for a notebook (markdown and code)."""
    nb = nbformat.read(path, as_version=4)
    lines, found = [], []
    for cell in nb.cells:
        in_fence = False
        for line in cell.source.splitlines() + [""]:
            if cell.cell_type == "markdown":         # code comments are not headings
                if line.lstrip().startswith(("```", ":::")):
                    in_fence = not in_fence
                elif not in_fence and re.match(r"#{1,6} ", line):
                    found.append((len(lines), len(line) - len(line.lstrip("#")), line))
            lines.append(line)
    result = {}
    for i, (number, level, line) in enumerate(found):
        end = next((n for n, lvl, _ in found[i + 1:] if lvl <= level), len(lines))
        result[_normalize(line)] = "\n".join(lines[number:end])
    return result


def _normalize(heading):
    """Headings as a reader sees them: markdown escapes removed, spaces collapsed."""
    return " ".join(heading.replace("\\", "").split())


@pytest.mark.parametrize("topic", list(COVERAGE))
def test_seed_topic_is_covered(topic):
    chapter, heading, words = COVERAGE[topic]
    path = ROOT / "chapters" / chapter
    if not path.exists():
        pytest.skip(f"{chapter} is not written yet")
    assert heading is not None, (
        f"{chapter} now exists: fill in the heading of the section that teaches "
        f"'{topic}' in tests/book/test_seed_coverage.py")
    found = sections(path)
    assert _normalize(heading) in found, (
        f"'{topic}' is mapped to the heading {heading!r}, which {chapter} does not have. "
        f"Its headings are: {list(found)}")
    text = found[_normalize(heading)]
    missing = [word for word in words if word not in text]
    assert missing == [], f"section {heading!r} of {chapter} never mentions {missing}"


def test_table_names_only_chapter_files():
    pattern = re.compile(r"^\d\d_[a-z_]+\.ipynb$")
    assert all(pattern.match(chapter) for chapter, _, _ in COVERAGE.values())
