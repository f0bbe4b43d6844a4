"""A functional model's architecture as a dict (get_config) and back (from_config).

The dict lists each layer's own config plus its ``inbound_nodes``: for every call of the layer
inside the model, the arguments, with each symbolic tensor written as
``{"class_name": "__keras_tensor__", "config": {"shape", "dtype", "keras_history":
[layer name, node index, tensor index]}}``, and ``input_layers`` / ``output_layers`` in the
structure the model was given (one reference, or a list or dict of them). This is Keras 3's
format, numbering included: in ``input_layers`` and ``output_layers`` (only there) a functional
model used as a layer counts its own graph as node 0, so its first call is node 1. Rebuilding
calls the layers again in an order where every tensor a call needs already exists; the new
model has fresh weights of the same shapes.
"""

from ..layer_machinery import nest
from ..layer_machinery.keras_tensor import KerasTensor
from ..layers.serialization import deserialize
from ..serialization import deserialize_keras_object, serialize_keras_object
from .model import Model


def _model_node_indices(model):
    """For each layer, the positions of its nodes that belong to this model: {id(node): i}."""
    indices = {}
    for layer in model._operations:
        inside = [node for node in layer._inbound_nodes if any(node is n for n in model._nodes)]
        for i, node in enumerate(inside):
            indices[id(node)] = i
    return indices


def _own_graph_nodes(layer):
    """1 for a functional model, whose own graph Keras counts as node 0 in a model's
    input_layers and output_layers; else 0."""
    functional = Model._functional_class
    return 1 if functional is not None and isinstance(layer, functional) else 0


def _tensor_reference(tensor, node_indices, model_edge=False):
    layer, node_index, tensor_index = tensor._keras_history
    node = layer._inbound_nodes[node_index]
    shift = _own_graph_nodes(layer) if model_edge else 0
    return [layer.name, node_indices[id(node)] + shift, tensor_index]


def functional_config(model):
    """The architecture of functional ``model`` as JSON-ready data (see the module docstring)."""
    node_indices = _model_node_indices(model)

    def encode(value):
        if isinstance(value, KerasTensor):
            return {"class_name": "__keras_tensor__",
                    "config": {"shape": list(value.shape), "dtype": value.dtype,
                               "keras_history": _tensor_reference(value, node_indices)}}
        return serialize_keras_object(value)

    layer_configs = []
    for layer in model._operations:
        data = serialize_keras_object(layer)
        data["name"] = layer.name
        data["inbound_nodes"] = []
        for node in layer._inbound_nodes:
            if id(node) not in node_indices or not node.input_tensors:
                continue
            kwargs = {k: nest.map_structure(encode, v) for k, v in node.kwargs.items()}
            args = [node.inputs, *node.extra_args]
            data["inbound_nodes"].append({"args": nest.map_structure(encode, args),
                                          "kwargs": kwargs})
        layer_configs.append(data)

    def references(structure):
        return nest.map_structure(lambda t: _tensor_reference(t, node_indices, True), structure)
    return {
        "name": model.name,
        "trainable": model.trainable,
        "layers": layer_configs,
        "input_layers": references(model._input_structure),
        "output_layers": references(model._output_structure),
    }


def functional_from_config(cls, config, custom_objects=None):
    """A new model of class ``cls`` (Functional, or a subclass) from ``functional_config``'s
    dict: each layer deserialized, then called again on the tensors its calls need."""
    layers, pending, tensors = {}, [], {}
    for layer_data in config["layers"]:
        layer_config = {k: v for k, v in layer_data.items() if k != "inbound_nodes"}
        layer_config.pop("build_config", None)
        layer = deserialize(layer_config, custom_objects=custom_objects)
        name = layer_data["name"]
        layers[name] = layer
        if not layer_data["inbound_nodes"]:
            tensors[(name, 0, 0)] = layer.output
        for node_index, node_data in enumerate(layer_data["inbound_nodes"]):
            pending.append((layer, (name, node_index), node_data))

    def decode(value):
        if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
            key = tuple(value["config"]["keras_history"])
            if key not in tensors:
                raise LookupError(key)
            return tensors[key]
        if isinstance(value, dict) and "class_name" in value and "config" in value:
            return deserialize_keras_object(value)
        if isinstance(value, dict):
            return {k: decode(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return type(value)(decode(v) for v in value)
        return value

    while pending:
        progressed = False
        for item in list(pending):
            layer, (name, node_index), node_data = item
            try:
                args = decode(node_data["args"])
                kwargs = decode(node_data.get("kwargs", {}))
            except LookupError:
                continue
            extra = tuple(args[1:]) + tuple(kwargs.pop("_extra_args", ()))
            outputs = layer(args[0], *extra, **kwargs)
            for tensor_index, tensor in enumerate(nest.flatten(outputs)):
                tensors[(name, node_index, tensor_index)] = tensor
            pending.remove(item)
            progressed = True
        if not progressed:
            raise ValueError(
                "Cannot rebuild the model: some layer calls need tensors that no other call "
                "produces. The config is incomplete or was edited by hand.")

    def tensors_of(references):
        if isinstance(references, list) and len(references) == 3 and \
                isinstance(references[0], str):
            name, node_index, tensor_index = references
            return tensors[(name, node_index - _own_graph_nodes(layers[name]), tensor_index)]
        if isinstance(references, dict):
            return {key: tensors_of(value) for key, value in references.items()}
        return [tensors_of(value) for value in references]
    return cls(tensors_of(config["input_layers"]), tensors_of(config["output_layers"]),
               name=config.get("name"), trainable=config.get("trainable", True))
