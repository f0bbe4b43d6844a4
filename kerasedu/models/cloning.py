"""clone_model: the same architecture with new weights."""

from ..layers.serialization import deserialize
from ..serialization import serialize_keras_object


def clone_model(model, input_tensors=None, clone_function=None):
    """A new model with the same architecture and NEW weights (freshly initialized).

    Works for Sequential and functional models, and for subclassed models whose get_config()
    returns their constructor arguments. Copy the weights over with
    ``clone.set_weights(model.get_weights())`` if you want them too.
    """
    if input_tensors is not None or clone_function is not None:
        raise ValueError(
            "kerasedu's clone_model() clones the whole model as it is: input_tensors and "
            "clone_function are not supported. Build the new model by hand instead.")
    config = serialize_keras_object(model)
    config.pop("compile_config", None)       # a clone is not compiled, as in Keras
    return deserialize(config)
