"""Weights in a numpy archive, ``name.weights.npz``: the layout of the HDF5 files, one array
per ``<path>/vars/<key>``, for readers who want to look inside with ``np.load`` alone.

    np.load("model.weights.npz").files
    ['layers/dense/vars/0', 'layers/dense/vars/1', 'optimizer/vars/0', ...]

Keras 3 reads only ``.weights.h5``; save to that name to take weights to Keras. kerasedu 0.1
wrote another ``.npz`` layout, which :mod:`kerasedu.saving.legacy_files` reads.
"""

import zipfile

import numpy as np

from .h5_store import VARS, WeightsFileError


def write_npz(entries, fileobj):
    """Write ``entries``, a list of ``(path, name, {key: array})``, into a binary file."""
    arrays = {}
    for path, _, store in entries:
        for key, value in store.items():
            arrays[f"{path}/{VARS}/{key}" if path else f"{VARS}/{key}"] = np.asarray(value)
    np.savez(fileobj, **arrays)


def load_arrays(source, description):
    """{name: array} of an ``.npz`` file (a path or a binary file object)."""
    try:
        with np.load(source, allow_pickle=False) as archive:
            return {name: archive[name] for name in archive.files}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError) as error:
        raise WeightsFileError(
            f"Cannot read {description}: expected a weights archive written by "
            f"model.save_weights('name.weights.npz'), but the file is damaged, truncated or of "
            f"another kind ({type(error).__name__}: {error}).") from None


def stored_from_arrays(arrays, description):
    """``{path: {key: array}}``, as :func:`kerasedu.saving.h5_store.read_h5` gives it."""
    stored = {}
    for name, value in arrays.items():
        path, separator, key = name.rpartition(f"{VARS}/")
        if not separator or (path and not path.endswith("/")):
            raise WeightsFileError(
                f"Cannot read {description}: it is an .npz archive, but not one of kerasedu's "
                f"weights files (its array {name!r} is not named '<path>/vars/<number>').")
        stored.setdefault(path.rstrip("/"), {})[key] = value
    return stored
