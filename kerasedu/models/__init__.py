"""Models: Sequential, Model (functional), and saving/loading whole models."""

from ..engine.functional import Functional
from ..engine.model import Model
from ..engine.sequential import Sequential
from ..saving.saving_lib import load_model, model_from_json, save_model


def clone_model(model, input_tensors=None, clone_function=None):
    """A new model with the same architecture and NEW weights (freshly initialized).

    Works for Sequential and functional models, and for subclassed models whose get_config()
    returns their constructor arguments. Copy the weights over with
    ``clone.set_weights(model.get_weights())`` if you want them too.
    """
    from ..layers.serialization import deserialize
    from ..serialization import serialize_keras_object
    if input_tensors is not None or clone_function is not None:
        raise ValueError(
            "kerasedu's clone_model() clones the whole model as it is: input_tensors and "
            "clone_function are not supported. Build the new model by hand instead.")
    config = serialize_keras_object(model)
    config.pop("compile_config", None)
    return deserialize(config)


__all__ = ["Functional", "Model", "Sequential", "clone_model", "load_model", "model_from_json",
           "save_model"]
