"""Shared by the parity tests of layers: the same layer in kerasedu and in Keras 3 (JAX), given
the same weights, and the gradients of the same loss taken in each library.

The loss is Σ w·layer(*inputs) for a fixed random weighting w of the output, so that every
output value matters; Keras's gradients come from ``jax.grad`` through ``stateless_call``.
"""

import numpy as np

from kerasedu.backend import Variable, gradients


def copy_weights(ours, theirs, rng, scale=0.5):
    """Random values for every weight of both (built) layers, after checking that their
    weights have the same names, shapes and order."""
    assert _paths_within(ours) == _paths_within(theirs)
    assert [tuple(w.shape) for w in ours.weights] == [tuple(w.shape) for w in theirs.weights]
    values = [rng.normal(scale=scale, size=tuple(w.shape)).astype(str(w.dtype))
              for w in ours.weights]
    ours.set_weights(values)
    theirs.set_weights(values)
    return values


def _positional(xs):
    return tuple(xs)


def kerasedu_loss_gradients(layer, inputs, weighting, pack=_positional, **call_kwargs):
    """(output, [d loss / d input], [d loss / d trainable weight]) in kerasedu; the layer is
    called as ``layer(*pack(inputs), **call_kwargs)``."""
    variables = [Variable(np.asarray(x)) for x in inputs]
    output = layer(*pack(variables), **call_kwargs)
    output = _first(output)
    grads = gradients(output, variables + list(layer.trainable_weights),
                      output_gradient=weighting)
    return output.numpy(), grads[:len(inputs)], grads[len(inputs):]


def keras_loss_gradients(layer, inputs, weighting, pack=_positional, **call_kwargs):
    """The same in Keras 3 on JAX."""
    import jax
    import jax.numpy as jnp

    trainable = [v.value for v in layer.trainable_variables]
    non_trainable = [v.value for v in layer.non_trainable_variables]

    def loss(trainable_values, xs):
        output, _ = layer.stateless_call(trainable_values, non_trainable, *pack(xs),
                                         **call_kwargs)
        output = _first(output)
        return jnp.sum(output * weighting), output

    (_, output), (weight_grads, input_grads) = jax.value_and_grad(
        loss, argnums=(0, 1), has_aux=True)(trainable, [jnp.asarray(x) for x in inputs])
    return np.asarray(output), [np.asarray(g) for g in input_grads], \
        [np.asarray(g) for g in weight_grads]


def assert_same_loss_gradients(ours, theirs, inputs, rng, rtol=1e-4, atol=1e-5,
                               pack=_positional, **call_kwargs):
    """The outputs and the gradients of Σ w·output agree between the two libraries (the
    layers are called as ``layer(*pack(inputs), **call_kwargs)``)."""
    output = _first(ours(*pack(inputs), **call_kwargs))
    weighting = rng.normal(size=tuple(output.shape)).astype(str(output.dtype))
    out_ours, inputs_ours, weights_ours = kerasedu_loss_gradients(
        ours, inputs, weighting, pack, **call_kwargs)
    out_theirs, inputs_theirs, weights_theirs = keras_loss_gradients(
        theirs, inputs, weighting, pack, **call_kwargs)
    np.testing.assert_allclose(out_ours, out_theirs, rtol=rtol, atol=atol, err_msg="output")
    for name, mine, keras_grad in zip(
            [f"input {i}" for i in range(len(inputs))] + [w.path for w in ours.trainable_weights],
            inputs_ours + weights_ours, inputs_theirs + weights_theirs, strict=True):
        mine = np.zeros_like(keras_grad) if mine is None else mine
        np.testing.assert_allclose(mine, keras_grad, rtol=rtol, atol=atol,
                                   err_msg=f"gradient of {name}")


def _first(output):
    """The attention output of a layer that also returns its scores."""
    return output[0] if isinstance(output, (tuple, list)) else output


def _paths_within(layer):
    """The weights' paths below the layer ('query/kernel' for 'mha/query/kernel'): the
    layers' own names are numbered automatically, so they differ."""
    return [w.path.removeprefix(f"{layer.name}/") for w in layer.weights]
