"""Fashion-MNIST: 60,000 training and 10,000 test images of clothing, 28x28 pixels (downloaded once).

The four IDX files are the ones Keras downloads; they are kept in
``$KERASEDU_HOME/datasets/fashion-mnist`` and each is checked against ``FILE_HASHES`` before use.
"""

import gzip
import os

import numpy as np

from kerasedu.datasets.download import get_file

ORIGIN_FOLDER = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
CACHE_SUBDIR = os.path.join("datasets", "fashion-mnist")
FILE_HASHES = {
    "train-labels-idx1-ubyte.gz": "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
    "train-images-idx3-ubyte.gz": "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
    "t10k-labels-idx1-ubyte.gz": "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
    "t10k-images-idx3-ubyte.gz": "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
}
CLASS_NAMES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)

_LABELS_HEADER_BYTES = 8
_IMAGES_HEADER_BYTES = 16


def _read_idx(fname, header_bytes):
    path = get_file(fname, origin=ORIGIN_FOLDER + fname, file_hash=FILE_HASHES[fname],
                    cache_subdir=CACHE_SUBDIR)
    with gzip.open(path, "rb") as stream:
        return np.frombuffer(stream.read(), np.uint8, offset=header_bytes).copy()


def load_data():
    """Loads the Fashion-MNIST dataset, downloading it on first use.

    Labels name clothing: ``CLASS_NAMES[y]`` is one of T-shirt/top, Trouser, Pullover, Dress,
    Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot.

    Returns:
        Tuple of NumPy arrays: ``(x_train, y_train), (x_test, y_test)``.

        **x_train**: ``uint8`` array of shape ``(60000, 28, 28)``, grayscale pixels 0 to 255.

        **y_train**: ``uint8`` array of shape ``(60000,)``, labels 0 to 9.

        **x_test**: ``uint8`` array of shape ``(10000, 28, 28)``, grayscale pixels 0 to 255.

        **y_test**: ``uint8`` array of shape ``(10000,)``, labels 0 to 9.

    Raises:
        DownloadError: a file is not cached and this computer cannot download it; the message
            says where to copy the file by hand.

    License: the copyright for Fashion-MNIST is held by Zalando SE; it is licensed under the MIT
    license.
    """
    y_train = _read_idx("train-labels-idx1-ubyte.gz", _LABELS_HEADER_BYTES)
    x_train = _read_idx("train-images-idx3-ubyte.gz", _IMAGES_HEADER_BYTES)
    y_test = _read_idx("t10k-labels-idx1-ubyte.gz", _LABELS_HEADER_BYTES)
    x_test = _read_idx("t10k-images-idx3-ubyte.gz", _IMAGES_HEADER_BYTES)
    x_train = x_train.reshape(len(y_train), 28, 28)
    x_test = x_test.reshape(len(y_test), 28, 28)
    return (x_train, y_train), (x_test, y_test)
