"""CIFAR-10: 50,000 training and 10,000 test colour images of 32x32 pixels in 10 classes (downloaded once).

The archive is ``cifar-10-python.tar.gz`` from the CIFAR home page, the file Keras downloads. It is
kept in ``$KERASEDU_HOME/datasets``, checked against ``FILE_HASH``, and unpacked beside itself.
The batches inside are Python pickles; they are read with an unpickler that accepts nothing but
numpy arrays and plain Python values, so a tampered archive cannot run code.
"""

import os
import pickle

import numpy as np

from kerasedu.datasets.download import get_file

ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
FILE_HASH = "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"
BATCHES_DIR = "cifar-10-batches-py"
TRAIN_BATCHES = tuple(f"data_batch_{i}" for i in range(1, 6))
TEST_BATCH = "test_batch"
CLASS_NAMES = (
    "airplane", "automobile", "bird", "cat", "deer",
    "dog", "frog", "horse", "ship", "truck",
)

_ALLOWED_GLOBALS = {
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"),
}


class _ArrayUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) not in _ALLOWED_GLOBALS:
            raise pickle.UnpicklingError(f"CIFAR batch refers to {module}.{name}, which is not allowed.")
        return super().find_class(module, name)


def _load_batch(path):
    """``(images uint8 (n, 32, 32, 3), labels uint8 (n,))`` from one pickled CIFAR batch."""
    with open(path, "rb") as stream:
        batch = _ArrayUnpickler(stream, encoding="bytes").load()
    batch = {key.decode() if isinstance(key, bytes) else key: value for key, value in batch.items()}
    images = np.asarray(batch["data"], dtype=np.uint8).reshape(-1, 3, 32, 32)
    labels = np.asarray(batch["labels"], dtype=np.uint8)
    return images.transpose(0, 2, 3, 1), labels


def _load_batches(directory, names):
    images, labels = zip(*(_load_batch(os.path.join(directory, name)) for name in names))
    return np.ascontiguousarray(np.concatenate(images)), np.concatenate(labels).reshape(-1, 1)


def load_data():
    """Loads the CIFAR-10 dataset, downloading it (about 170 MB) on first use.

    Labels name objects: ``CLASS_NAMES[y]`` is one of airplane, automobile, bird, cat, deer,
    dog, frog, horse, ship, truck. Images are channels last.

    Returns:
        Tuple of NumPy arrays: ``(x_train, y_train), (x_test, y_test)``.

        **x_train**: ``uint8`` array of shape ``(50000, 32, 32, 3)``, RGB pixels 0 to 255.

        **y_train**: ``uint8`` array of shape ``(50000, 1)``, labels 0 to 9.

        **x_test**: ``uint8`` array of shape ``(10000, 32, 32, 3)``, RGB pixels 0 to 255.

        **y_test**: ``uint8`` array of shape ``(10000, 1)``, labels 0 to 9.

    Raises:
        DownloadError: the archive is not cached and this computer cannot download it; the message
            says where to copy it by hand.
    """
    extracted = get_file("cifar-10-python.tar.gz", origin=ORIGIN, file_hash=FILE_HASH, extract=True)
    directory = os.path.join(extracted, BATCHES_DIR)
    return _load_batches(directory, TRAIN_BATCHES), _load_batches(directory, (TEST_BATCH,))
