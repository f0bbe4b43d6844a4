"""Where each object's variables go in a weights file: Keras 3's walk over attributes.

Keras finds a model's state by walking its attributes, and the path it takes is the place in
the file. kerasedu walks its objects the same way, so the two read each other's files:

* an object with state (a layer, a model, an optimizer) saves its own variables at its path
  (``save_own_variables``), then its children are walked: a model's ``layers`` first (for
  Sequential and functional models), then every attribute in sorted order, private ones
  (``_name``) last; attributes that every Layer or Model has (its internal bookkeeping) are
  skipped;
* an attribute holding a layer or an optimizer adds its name to the path (``lstm/cell``,
  ``bidirectional/forward_layer``, ``optimizer``);
* a list, tuple or dict of them adds the snake_case class name of each, numbered as it
  repeats (``layers/dense``, ``layers/dense_1``, ``layers/conv2d``), and ``container``,
  ``container_1`` for lists inside;
* an object met a second time is not saved again.

A functional model's ``layers`` are taken in Keras's order (see :func:`keras_layer_order`),
which can differ from ``model.layers`` for graphs with several branches.
"""

from ..layer_machinery.graph import layers_by_depth
from ..layer_machinery.layer import Layer
from ..layer_machinery.operation_layer import OperationLayer
from ..naming import to_snake_case
from ..optimizers import Optimizer

_REFERENCE_ATTRIBUTES = {}
# The model classes, which live on a floor above this one: kerasedu.models registers them.
_MODELS = {"Model": None, "Functional": None, "Sequential": None}


def use_model_classes(model, functional, sequential):
    """Tell the walk which classes are Model, Functional and Sequential."""
    _MODELS.update(Model=model, Functional=functional, Sequential=sequential)


def _is_a(obj, name):
    return _MODELS[name] is not None and isinstance(obj, _MODELS[name])


def is_graph_model(model):
    """True for a Sequential or functional model (a graph of layers, built when made)."""
    return _is_a(model, "Functional") or _is_a(model, "Sequential")


def saveable_objects(model):
    """[(path, object)] for the model and everything with state under it, in Keras's order."""
    found, visited = [], set()
    _visit(model, "", found, visited)
    return found


def _is_saveable(obj):
    return isinstance(obj, (Layer, Optimizer))


def _visit(obj, path, found, visited):
    if id(obj) in visited:
        return
    visited.add(id(obj))
    found.append((path, obj))
    if isinstance(obj, Optimizer):
        return
    for name, child in _children(obj):
        child_path = f"{path}/{name}" if path else name
        if _is_saveable(child):
            _visit(child, child_path, found, visited)
        elif isinstance(child, (list, tuple, dict)):
            _visit_container(child, child_path, found, visited, set())


def _visit_container(container, path, found, visited, seen_containers):
    if id(container) in seen_containers:
        return
    seen_containers.add(id(container))
    used = {}
    items = list(container.values()) if isinstance(container, dict) else container
    for item in items:
        if _is_saveable(item):
            _visit(item, f"{path}/{_numbered(to_snake_case(type(item).__name__), used)}",
                   found, visited)
        elif isinstance(item, (list, tuple, dict)):
            _visit_container(item, f"{path}/{_numbered('container', used)}", found, visited,
                             seen_containers)


def _numbered(name, used):
    if name in used:
        used[name] += 1
        return f"{name}_{used[name]}"
    used[name] = 0
    return name


def _children(obj):
    """(attribute name, value) pairs in the order Keras visits them."""
    attributes = dict(vars(obj))
    skipped = _reference_attributes(_MODELS["Model"] if _is_a(obj, "Model") else Layer)
    names = [n for n in attributes if n not in skipped or n == "optimizer"]
    if is_graph_model(obj):
        yield "layers", keras_layer_order(obj)
    elif _is_a(obj, "Model"):
        attributes["layers"] = obj.layers
        names.append("layers")
    for name in sorted(names, key=lambda n: f"~{n}" if n.startswith("_") else n):
        yield name, attributes[name]


def _reference_attributes(cls):
    """The attributes every instance of ``cls`` has, which hold its bookkeeping."""
    if cls not in _REFERENCE_ATTRIBUTES:
        reference = cls(name=f"reference_{cls.__name__.lower()}")
        _REFERENCE_ATTRIBUTES[cls] = set(vars(reference)) | {"_input_layer"}
    return _REFERENCE_ATTRIBUTES[cls]


def keras_layer_order(model):
    """The layers of a Sequential or functional model in the order Keras 3 lists them.

    Sequential: in order. Functional: by depth, the largest number of layer calls between a
    layer and an output first; layers of the same depth in the order a depth-first walk back
    from the outputs first meets them. Operators on symbolic tensors (``x * 2``) are Keras
    operations, not layers, and are left out.
    """
    if _is_a(model, "Sequential"):
        return model.layers
    return [layer for layer in layers_by_depth(model.inputs, model.outputs)
            if not isinstance(layer, OperationLayer)]
