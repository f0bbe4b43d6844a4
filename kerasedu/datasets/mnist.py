"""MNIST handwritten digits: 60,000 training and 10,000 test images of 28x28 pixels (downloaded once).

The file is the ``mnist.npz`` that Keras downloads; it is kept in ``$KERASEDU_HOME/datasets``
(default ``~/.kerasedu/datasets``) and checked against ``FILE_HASH`` before use.
"""

import numpy as np

from kerasedu.datasets.download import get_file

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
FILE_HASH = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"


def load_data(path="mnist.npz"):
    """Loads the MNIST dataset, downloading it on first use.

    Args:
        path: file name of the cached copy, relative to ``$KERASEDU_HOME/datasets``.

    Returns:
        Tuple of NumPy arrays: ``(x_train, y_train), (x_test, y_test)``.

        **x_train**: ``uint8`` array of shape ``(60000, 28, 28)``, grayscale pixels 0 to 255.

        **y_train**: ``uint8`` array of shape ``(60000,)``, digit labels 0 to 9.

        **x_test**: ``uint8`` array of shape ``(10000, 28, 28)``, grayscale pixels 0 to 255.

        **y_test**: ``uint8`` array of shape ``(10000,)``, digit labels 0 to 9.

    Raises:
        DownloadError: the file is not cached and this computer cannot download it; the message
            says where to copy the file by hand.

    License: Yann LeCun and Corinna Cortes hold the copyright of MNIST, a derivative of NIST's
    data sets, made available under the Creative Commons Attribution-Share Alike 3.0 license.
    """
    local_path = get_file(path, origin=ORIGIN, file_hash=FILE_HASH)
    with np.load(local_path, allow_pickle=False) as arrays:
        return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])
