"""Datasets, as in ``keras.datasets``: ``load_data()`` returns ``(x_train, y_train), (x_test, y_test)``.

``digits`` is bundled and works offline; ``mnist``, ``fashion_mnist`` and ``cifar10`` download
once into ``$KERASEDU_HOME/datasets`` (default ``~/.kerasedu/datasets``) with ``download.get_file``;
``synthetic`` generates small toy datasets (spirals, sequences, sine waves).
"""

from kerasedu.datasets import cifar10, digits, download, fashion_mnist, mnist, synthetic

__all__ = ["cifar10", "digits", "download", "fashion_mnist", "mnist", "synthetic"]
