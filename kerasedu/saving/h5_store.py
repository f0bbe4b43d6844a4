"""Weights in Keras 3's HDF5 layout: ``model.weights.h5`` inside a ``.keras`` file, and
``name.weights.h5`` files.

Each object that has state (the model, each layer, the optimizer) has a group at the path that
Keras's walk over attributes gives it (see :mod:`kerasedu.saving.object_walk`), and in it a
group ``vars`` whose attribute ``name`` is the object's name and whose datasets ``"0"``,
``"1"``, ... are its own variables, in the order of ``save_own_variables``::

    vars                       {name: "sequential"}       (the model's own: usually none)
    layers/dense/vars/0        the first Dense layer's kernel
    layers/dense/vars/1        its bias
    layers/dense_1/vars/0      the second Dense layer's kernel
    optimizer/vars/0           the optimizer's step count, then its learning rate, slots...

Open one with ``h5py.File(path)`` to look inside. Reading refuses what Keras refuses for
safety: links to other files or places, external or virtual datasets.
"""

import h5py
import numpy as np

VARS = "vars"


class WeightsFileError(ValueError):
    """A weights file that cannot be read, or that does not fit the model."""


def write_h5(entries, target):
    """Write ``entries``, a list of ``(path, name, {key: array})``, as an HDF5 file into
    ``target`` (a file name or a binary file object)."""
    with h5py.File(target, "w") as f:
        for path, name, arrays in entries:
            group = f.create_group(f"{path}/{VARS}" if path else VARS)
            if name is not None:
                group.attrs["name"] = name
            for key, value in arrays.items():
                group[key] = np.asarray(value)


def read_h5(source, description):
    """``{path: {key: array}}`` for every ``vars`` group in the HDF5 file ``source`` (a file
    name or a binary file object); ``description`` names the file in errors."""
    try:
        with h5py.File(source, "r") as f:
            stored = {}
            _read_group(f, "", stored, description)
            return stored
    except WeightsFileError:
        raise
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise WeightsFileError(
            f"Cannot read {description}: expected an HDF5 weights file in Keras 3's layout "
            f"(as model.save_weights('name.weights.h5') writes), but it is damaged, truncated "
            f"or of another kind ({type(error).__name__}: {error}).") from None


def _read_group(group, path, stored, description):
    for key in group:
        link = group.get(key, getlink=True)
        if not isinstance(link, h5py.HardLink):
            raise WeightsFileError(f"Cannot read {description}: it holds a link "
                                   f"({type(link).__name__}) at '{path}/{key}', which is "
                                   f"refused for safety.")
        child = group[key]
        child_path = f"{path}/{key}" if path else key
        if key == VARS and isinstance(child, h5py.Group):
            stored[path] = {name: _read_dataset(child, name, child_path, description)
                            for name in child}
        elif isinstance(child, h5py.Group):
            _read_group(child, child_path, stored, description)


def _read_dataset(group, name, path, description):
    dataset = group.get(name)
    if not isinstance(dataset, h5py.Dataset) or not isinstance(
            group.get(name, getlink=True), h5py.HardLink):
        raise WeightsFileError(f"Cannot read {description}: '{path}/{name}' is not a "
                               f"dataset of numbers.")
    if dataset.external or dataset.is_virtual:
        raise WeightsFileError(f"Cannot read {description}: '{path}/{name}' keeps its data "
                               f"outside the file, which is refused for safety.")
    return np.asarray(dataset[()])
