"""Models: Model, Functional (``Model(inputs, outputs)``), Sequential, cloning, saving.

    model = kerasedu.models.Sequential([...])       # or Model(inputs, outputs)
    model.summary()
    model.save("model.keras"); kerasedu.models.load_model("model.keras")
    twin = kerasedu.models.clone_model(model)       # same architecture, new weights

Importing this package also makes the models loadable by name (``Functional``, Keras 2's
``Model``, ``Sequential``) wherever layers are deserialized: nested in another model's config,
or in a saved file (where Keras 3's names for them are used).
"""

from ..layers.serialization import register_layer_classes
from ..saving import register_model_classes
from ..saving.saving_lib import load_model, model_from_json, save_model
from .cloning import clone_model
from .functional import Functional
from .model import Model
from .sequential import Sequential

register_layer_classes({"Functional": Functional, "Model": Functional, "Sequential": Sequential})
register_model_classes(Model, Functional, Sequential)

__all__ = ["Functional", "Model", "Sequential", "clone_model", "load_model", "model_from_json",
           "save_model"]
