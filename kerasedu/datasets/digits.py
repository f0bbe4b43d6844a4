"""UCI handwritten digits: 1,797 images of 8x8 pixels, bundled with kerasedu (no download).

The data are the test part of E. Alpaydin and C. Kaynak's "Optical Recognition of Handwritten
Digits" (UCI Machine Learning Repository, CC BY 4.0), in the copy scikit-learn distributes; see
``data/DIGITS_LICENSE.txt`` for provenance.
"""

import os

import numpy as np

DATA_PATH = os.path.join(os.path.dirname(__file__), "data", "digits.csv.gz")
NUM_SAMPLES = 1797
IMAGE_SHAPE = (8, 8)


def load_data(test_split=0.2, seed=113):
    """Loads the digits dataset, shuffled with ``seed`` and split like ``keras.datasets.boston_housing``.

    Args:
        test_split: fraction of the 1,797 images kept for the test set, in ``[0, 1)``.
        seed: seed of the shuffle before the split; the same seed always gives the same split.

    Returns:
        Tuple of NumPy arrays: ``(x_train, y_train), (x_test, y_test)``.

        **x_train, x_test**: ``uint8`` arrays of shape ``(N, 8, 8)``, pixel values from 0 to 16
        (each pixel counts the dark pixels in a 4x4 block of a 32x32 scan).

        **y_train, y_test**: ``uint8`` arrays of shape ``(N,)``, the digit shown, 0 to 9.

        With the default ``test_split=0.2``, ``N`` is 1,437 for training and 360 for test.

    Example:

    ```python
    (x_train, y_train), (x_test, y_test) = kerasedu.datasets.digits.load_data()
    x_train = x_train.reshape(-1, 8, 8, 1) / 16.0   # channels last, values in [0, 1]
    ```
    """
    if not 0 <= test_split < 1:
        raise ValueError(f"test_split must be in [0, 1); received test_split={test_split}.")
    table = np.loadtxt(DATA_PATH, delimiter=",", dtype=np.uint8)
    x = table[:, :-1].reshape((-1,) + IMAGE_SHAPE)
    y = table[:, -1]

    order = np.arange(len(x))
    np.random.RandomState(seed).shuffle(order)
    x, y = x[order], y[order]

    n_train = int(len(x) * (1 - test_split))
    return (x[:n_train], y[:n_train]), (x[n_train:], y[n_train:])
