"""SpectralNormalization: divide a layer's kernel by its largest singular value.

A GAN's discriminator trains stably when it is Lipschitz-bounded: its outputs cannot change
faster than its inputs. A linear map W changes its input's length by at most σ(W), the largest
singular value of W (its spectral norm), so W / σ(W) is 1-Lipschitz (Miyato et al., 2018).

σ is estimated by power iteration on W reshaped to a matrix (rows, units) — units being the
kernel's last axis — with a vector u (1, units) kept between calls:

    v = normalize(u · Wᵀ)       (1, rows)
    u = normalize(v · W)        (1, units)       repeated ``power_iterations`` times
    σ = v · W · uᵀ              with u and v held constant for the gradient

``SpectralNormalization(layer)`` wraps any layer with a ``kernel`` (Dense, Conv2D, ...) or
``embeddings`` (Embedding) weight. In training (``training=True``, as in ``fit``) each call
updates u, stores W / σ(W) in the layer's kernel, and runs the layer with it; the gradient
reaches W through the division by σ(W), as it does in Keras 3 on JAX. A kernel of zeros is left
as it is. At inference the layer runs with the kernel as last stored. The shapes are the wrapped
layer's; the wrapper adds one non-trainable weight, ``vector_u``.
"""

import numbers

from ... import initializers
from ...backend import ops
from ...layer_machinery.input_spec import InputSpec
from ..validation import ArgumentTypeError
from ..wrappers.wrapper import Wrapper


class SpectralNormalization(Wrapper):
    """Keeps the spectral norm of the wrapped layer's kernel at 1 (updated in training)."""

    def __init__(self, layer, power_iterations=1, **kwargs):
        super().__init__(layer, **kwargs)
        if isinstance(power_iterations, bool) or \
                not isinstance(power_iterations, numbers.Integral) or power_iterations <= 0:
            kind = ValueError if isinstance(power_iterations, numbers.Real) and \
                not isinstance(power_iterations, bool) else ArgumentTypeError
            raise kind(
                f"Layer '{self.name}' (SpectralNormalization): `power_iterations` should be "
                f"greater than zero (an int). Received: `power_iterations="
                f"{power_iterations!r}`. Use power_iterations=1 (one step per training call "
                f"suffices, since u is kept between calls).")
        self.power_iterations = int(power_iterations)

    def build(self, input_shape):
        super().build(input_shape)
        self.input_spec = InputSpec(min_ndim=1, axes={-1: tuple(input_shape)[-1]})
        self._kernel_name = next(
            (name for name in ("kernel", "embeddings") if hasattr(self.layer, name)), None)
        if self._kernel_name is None:
            raise ValueError(
                f"Layer '{self.name}' (SpectralNormalization): {type(self.layer).__name__} "
                f"object has no attribute 'kernel' nor 'embeddings', so there is no weight "
                f"to normalize. Wrap a layer with a kernel (Dense, Conv2D, ...) or an "
                f"Embedding.")
        self.kernel = getattr(self.layer, self._kernel_name)
        self._track_variable(self.kernel)   # its own too, as in Keras: saved as the wrapper's "0"
        self.kernel_shape = tuple(self.kernel.shape)
        self.vector_u = self.add_weight(
            shape=(1, self.kernel_shape[-1]),
            initializer=initializers.TruncatedNormal(stddev=0.02), trainable=False,
            name="vector_u", dtype=self.kernel.dtype)

    def call(self, inputs, training=False):
        if not training or not ops.any(ops.not_equal(self.kernel, 0)).numpy():
            outputs = self.layer(inputs)
        else:
            vector_u, kernel = self.normalized_weights()
            self.vector_u.assign(vector_u)
            self.kernel.assign(kernel)
            outputs = self._call_with_kernel(inputs, kernel)
        if inputs.dtype.kind == "f" and outputs.dtype != inputs.dtype:
            outputs = ops.cast(outputs, inputs.dtype)
        return outputs

    def _call_with_kernel(self, inputs, kernel):
        """The wrapped layer on ``inputs`` with the tensor ``kernel`` in place of its weight,
        so that the gradient flows through the normalization back to the weight."""
        variable = getattr(self.layer, self._kernel_name)
        object.__setattr__(self.layer, self._kernel_name, kernel)
        try:
            return self.layer(inputs)
        finally:
            object.__setattr__(self.layer, self._kernel_name, variable)

    def normalized_weights(self):
        """(u, W / σ(W)) after ``power_iterations`` steps of power iteration from u."""
        weights = ops.reshape(self.kernel, (-1, self.kernel_shape[-1]))    # (rows, units)
        vector_u = ops.convert_to_tensor(self.vector_u.numpy())
        for _ in range(self.power_iterations):
            vector_v = ops.normalize(ops.matmul(vector_u, ops.transpose(weights)), axis=None)
            vector_u = ops.normalize(ops.matmul(vector_v, weights), axis=None)
        vector_u, vector_v = ops.stop_gradient(vector_u), ops.stop_gradient(vector_v)
        sigma = ops.matmul(ops.matmul(vector_v, weights), ops.transpose(vector_u))   # (1, 1)
        kernel = ops.reshape(ops.divide(self.kernel, sigma), self.kernel_shape)
        return ops.cast(vector_u, self.vector_u.dtype), ops.cast(kernel, self.kernel.dtype)

    def compute_output_shape(self, input_shape):
        return self.layer.compute_output_shape(input_shape)

    def get_config(self):
        return {**super().get_config(), "power_iterations": self.power_iterations}
