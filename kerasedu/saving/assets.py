"""A model's assets in a ``.keras`` file: files a layer keeps beside its weights, such as a
lookup layer's learned vocabulary (``vocabulary.txt``), laid out as Keras 3 lays them out:

    assets/<object path>/<file>        (assets/layers/string_lookup/vocabulary.txt)

where the object path is the one weights use (see :mod:`.object_walk`). A layer takes part by
defining ``save_assets(directory)``, which writes its files into an empty directory, and
``load_assets(directory)``, which reads them back; ``load_assets`` runs after the weights are
restored, as in Keras.
"""

import os
import tempfile

from .object_walk import saveable_objects

ASSETS_DIR = "assets"


def _prefix(path):
    return f"{ASSETS_DIR}/{path}/" if path else f"{ASSETS_DIR}/"


def write_assets(model, archive):
    """Add every asset of ``model`` to the open zip ``archive``."""
    for path, obj in saveable_objects(model):
        if not hasattr(obj, "save_assets"):
            continue
        with tempfile.TemporaryDirectory() as directory:
            obj.save_assets(directory)
            for root, _, files in os.walk(directory):
                for name in sorted(files):
                    full = os.path.join(root, name)
                    inner = os.path.relpath(full, directory).replace(os.sep, "/")
                    with open(full, "rb") as file:
                        archive.writestr(_prefix(path) + inner, file.read())


def read_assets(model, archive):
    """Give each layer of ``model`` that has assets in the open zip ``archive`` its files."""
    names = archive.namelist()
    for path, obj in saveable_objects(model):
        if not hasattr(obj, "load_assets"):
            continue
        prefix = _prefix(path)
        mine = [n for n in names if n.startswith(prefix) and not n.endswith("/")
                and "/" not in n[len(prefix):]]
        if not mine:
            continue
        with tempfile.TemporaryDirectory() as directory:
            for name in mine:
                with open(os.path.join(directory, name[len(prefix):]), "wb") as file:
                    file.write(archive.read(name))
            obj.load_assets(directory)
