"""kerasedu.ops has every public name of Keras 3's keras.ops, in every namespace, with Keras's
signatures: the same parameter names, order, kinds and defaults.

A name kerasedu deliberately leaves out goes in OMITTED with the reason; a signature that
deliberately differs goes in SIGNATURE_DIFFERENCES. Both lists fail once their entry is no
longer needed, so they stay true.
"""

import inspect
import types

import pytest

import kerasedu

pytestmark = pytest.mark.parity

NAMESPACES = ["", "numpy", "nn", "linalg", "image"]

# "namespace.name": why kerasedu leaves it out. Empty: every keras.ops name exists. (Arguments
# that ask for what kerasedu does not have, such as sparse=True or flash_attention=True, are
# accepted by name and raise an error that says so.)
OMITTED = {}

# "namespace.name": why kerasedu's signature differs from Keras's.
SIGNATURE_DIFFERENCES = {}


def _public(module):
    return sorted(name for name in dir(module) if not name.startswith("_")
                  and not isinstance(getattr(module, name), types.ModuleType))


def _namespace(root, path):
    return root if not path else getattr(root, path)


def _keras_names(keras):
    return {f"{space}.{name}".lstrip("."): (space, name)
            for space in NAMESPACES for name in _public(_namespace(keras.ops, space))}


def test_keras_has_the_namespaces_listed(keras):
    spaces = sorted(name for name in dir(keras.ops) if not name.startswith("_")
                    and isinstance(getattr(keras.ops, name), types.ModuleType))
    assert sorted(s for s in NAMESPACES if s) == spaces


def test_every_keras_ops_name_exists_in_kerasedu(keras):
    missing = [key for key, (space, name) in _keras_names(keras).items()
               if not hasattr(_namespace(kerasedu.ops, space), name) and key not in OMITTED]
    assert missing == [], f"kerasedu.ops lacks {len(missing)} keras.ops names: {missing}"


def test_omissions_are_still_omitted(keras):
    names = _keras_names(keras)
    stale = [key for key in OMITTED if key not in names
             or hasattr(_namespace(kerasedu.ops, names[key][0]), names[key][1])]
    assert stale == [], f"Remove these entries from OMITTED: {stale}"


def test_kerasedu_namespaces_hold_no_modules_but_the_namespaces():
    modules = [name for name in dir(kerasedu.ops) if not name.startswith("_")
               and isinstance(getattr(kerasedu.ops, name), types.ModuleType)]
    assert sorted(modules) == ["image", "linalg", "nn", "numpy", "random"]


def _parameters(function):
    return [(p.name, p.kind, p.default) for p in inspect.signature(function).parameters.values()]


def test_signatures_match_keras(keras):
    different = []
    for key, (space, name) in _keras_names(keras).items():
        ours = getattr(_namespace(kerasedu.ops, space), name, None)
        theirs = getattr(_namespace(keras.ops, space), name)
        if ours is None or key in SIGNATURE_DIFFERENCES:
            continue
        if _parameters(ours) != _parameters(theirs):
            different.append(f"{key}: keras{inspect.signature(theirs)} "
                             f"kerasedu{inspect.signature(ours)}")
    assert different == [], "\n".join(different)


def test_namespaces_hold_the_same_functions_as_the_top_level(keras):
    """ops.numpy.sum is ops.sum, as in Keras (image's functions live only in ops.image)."""
    for space in ("numpy", "nn", "linalg"):
        for name in _public(_namespace(keras.ops, space)):
            if hasattr(keras.ops, name):
                assert getattr(getattr(kerasedu.ops, space), name) is getattr(kerasedu.ops,
                                                                              name), name
