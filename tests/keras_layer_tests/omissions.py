"""The ``keras.layers`` names kerasedu does not have, each with the reason.

:mod:`.test_layer_names` fails for any public Keras layer name that kerasedu lacks and that is
not listed here (and for any name listed here that kerasedu has, so the list stays true).
Their Keras tests live outside ``keras/src/layers`` (in ``keras/src/utils``), so none of the
layer tests run here is about them.

Every omission is deliberate: these layers run another framework's code, which kerasedu, a
Keras written in numpy, cannot run.
"""

# name -> reason
OMITTED_LAYERS = {
    # Wrappers around other frameworks' modules: kerasedu computes with numpy and has its own
    # tape, so a JAX, Flax, PyTorch or TensorFlow SavedModel module cannot run inside it.
    "JaxLayer": "wraps a JAX function; kerasedu does not run JAX",
    "FlaxLayer": "wraps a Flax module; kerasedu does not run JAX",
    "TorchModuleWrapper": "wraps a torch.nn.Module; kerasedu does not run PyTorch",
    "TFSMLayer": "loads a TensorFlow SavedModel; kerasedu does not run TensorFlow",
}
