"""mnist, fashion_mnist and cifar10 end to end against small fake files on a loopback server."""

import gzip
import hashlib
import io
import os
import pickle
import struct
import tarfile

import numpy as np
import pytest

from kerasedu.datasets import cifar10, fashion_mnist, mnist
from kerasedu.datasets.download import DownloadError


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def test_published_constants_are_the_keras_download_files():
    assert mnist.ORIGIN == "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
    assert mnist.FILE_HASH.startswith("731c5ac6")
    assert cifar10.ORIGIN == "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
    assert cifar10.FILE_HASH.startswith("6d958be0")
    assert sorted(fashion_mnist.FILE_HASHES) == [
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
        "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
    ]
    for file_hash in [mnist.FILE_HASH, cifar10.FILE_HASH, *fashion_mnist.FILE_HASHES.values()]:
        assert len(file_hash) == 64 and int(file_hash, 16) >= 0


@pytest.fixture
def fake_mnist(server, monkeypatch):
    rng = np.random.default_rng(1)
    arrays = {
        "x_train": rng.integers(0, 256, (6, 28, 28), dtype=np.uint8),
        "y_train": np.array([5, 0, 4, 1, 9, 2], dtype=np.uint8),
        "x_test": rng.integers(0, 256, (3, 28, 28), dtype=np.uint8),
        "y_test": np.array([7, 2, 1], dtype=np.uint8),
    }
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    server.files["/mnist.npz"] = buffer.getvalue()
    monkeypatch.setattr(mnist, "ORIGIN", server.url("/mnist.npz"))
    monkeypatch.setattr(mnist, "FILE_HASH", sha256(buffer.getvalue()))
    return arrays


def test_mnist_downloads_once_and_returns_the_arrays(fake_mnist, server, kerasedu_home):
    (x_train, y_train), (x_test, y_test) = mnist.load_data()
    again = mnist.load_data()

    assert x_train.dtype == np.uint8 and x_train.shape == (6, 28, 28)
    np.testing.assert_array_equal(x_train, fake_mnist["x_train"])
    np.testing.assert_array_equal(y_train, [5, 0, 4, 1, 9, 2])
    np.testing.assert_array_equal(x_test, fake_mnist["x_test"])
    np.testing.assert_array_equal(y_test, [7, 2, 1])
    np.testing.assert_array_equal(again[0][0], x_train)
    assert server.requests_for("/mnist.npz") == 1
    assert (kerasedu_home / "datasets" / "mnist.npz").is_file()


def test_mnist_rejects_a_file_that_is_not_the_published_one(fake_mnist, monkeypatch, kerasedu_home):
    monkeypatch.setattr(mnist, "FILE_HASH", "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1")
    with pytest.raises(ValueError, match="731c5ac6"):
        mnist.load_data()
    assert not (kerasedu_home / "datasets" / "mnist.npz").exists()


def test_mnist_offline_says_where_to_put_the_file(closed_port_url, monkeypatch, kerasedu_home):
    monkeypatch.setattr(mnist, "ORIGIN", closed_port_url)
    with pytest.raises(DownloadError) as error:
        mnist.load_data()
    assert closed_port_url in str(error.value)
    assert str(kerasedu_home / "datasets" / "mnist.npz") in str(error.value)


def test_mnist_uses_a_file_placed_by_hand_without_the_network(fake_mnist, server, monkeypatch,
                                                             closed_port_url, kerasedu_home):
    placed = kerasedu_home / "datasets" / "mnist.npz"
    placed.parent.mkdir(parents=True)
    placed.write_bytes(server.files["/mnist.npz"])
    monkeypatch.setattr(mnist, "ORIGIN", closed_port_url)

    (x_train, _), _ = mnist.load_data()

    np.testing.assert_array_equal(x_train, fake_mnist["x_train"])
    assert server.requests == []


def idx_gz(array, magic):
    header = struct.pack(">I", magic) + b"".join(struct.pack(">I", n) for n in array.shape)
    return gzip.compress(header + array.tobytes())


def test_fashion_mnist_reads_the_four_idx_files(server, monkeypatch, kerasedu_home):
    rng = np.random.default_rng(2)
    x_train = rng.integers(0, 256, (4, 28, 28), dtype=np.uint8)
    y_train = np.array([9, 0, 0, 3], dtype=np.uint8)
    x_test = rng.integers(0, 256, (2, 28, 28), dtype=np.uint8)
    y_test = np.array([9, 2], dtype=np.uint8)
    files = {
        "train-images-idx3-ubyte.gz": idx_gz(x_train, 2051),
        "train-labels-idx1-ubyte.gz": idx_gz(y_train, 2049),
        "t10k-images-idx3-ubyte.gz": idx_gz(x_test, 2051),
        "t10k-labels-idx1-ubyte.gz": idx_gz(y_test, 2049),
    }
    for name, data in files.items():
        server.files["/fashion/" + name] = data
    monkeypatch.setattr(fashion_mnist, "ORIGIN_FOLDER", server.url("/fashion/"))
    monkeypatch.setattr(fashion_mnist, "FILE_HASHES", {n: sha256(d) for n, d in files.items()})

    (xa, ya), (xb, yb) = fashion_mnist.load_data()
    fashion_mnist.load_data()

    assert xa.shape == (4, 28, 28) and xa.dtype == np.uint8 and ya.dtype == np.uint8
    np.testing.assert_array_equal(xa, x_train)
    np.testing.assert_array_equal(ya, y_train)
    np.testing.assert_array_equal(xb, x_test)
    np.testing.assert_array_equal(yb, y_test)
    assert fashion_mnist.CLASS_NAMES[ya[0]] == "Ankle boot"
    assert len(server.requests) == 4
    assert sorted(os.listdir(kerasedu_home / "datasets" / "fashion-mnist")) == sorted(files)


def cifar_archive(batches):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, (images_nchw, labels) in batches.items():
            batch = {b"data": images_nchw.reshape(len(labels), -1), b"labels": list(labels)}
            data = pickle.dumps(batch, protocol=3)
            info = tarfile.TarInfo("cifar-10-batches-py/" + name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_cifar10_reads_every_batch_channels_last_with_column_labels(server, monkeypatch, kerasedu_home):
    rng = np.random.default_rng(3)
    batches = {
        name: (rng.integers(0, 256, (2, 3, 32, 32), dtype=np.uint8), [i, 9 - i])
        for i, name in enumerate(cifar10.TRAIN_BATCHES + (cifar10.TEST_BATCH,))
    }
    archive = cifar_archive(batches)
    server.files["/cifar.tar.gz"] = archive
    monkeypatch.setattr(cifar10, "ORIGIN", server.url("/cifar.tar.gz"))
    monkeypatch.setattr(cifar10, "FILE_HASH", sha256(archive))

    (x_train, y_train), (x_test, y_test) = cifar10.load_data()
    cifar10.load_data()

    assert x_train.shape == (10, 32, 32, 3) and x_train.dtype == np.uint8
    assert y_train.shape == (10, 1) and y_train.dtype == np.uint8
    assert x_test.shape == (2, 32, 32, 3) and y_test.shape == (2, 1)
    first_image_nchw = batches["data_batch_1"][0][0]
    np.testing.assert_array_equal(x_train[0], first_image_nchw.transpose(1, 2, 0))
    np.testing.assert_array_equal(x_train[0, 5, 7], first_image_nchw[:, 5, 7])
    np.testing.assert_array_equal(y_train[:, 0], [0, 9, 1, 8, 2, 7, 3, 6, 4, 5])
    np.testing.assert_array_equal(y_test[:, 0], [5, 4])
    assert server.requests_for("/cifar.tar.gz") == 1


class RunsCode:
    def __reduce__(self):
        return (os.getcwd, ())


def test_cifar10_batch_that_would_run_code_is_refused(tmp_path):
    path = tmp_path / "data_batch_1"
    path.write_bytes(pickle.dumps({b"data": RunsCode(), b"labels": [0]}, protocol=3))
    with pytest.raises(pickle.UnpicklingError, match="getcwd"):
        cifar10._load_batch(str(path))
