"""BatchNormalization: normalize each channel with the statistics of the batch.

For each channel c (the entries along ``axis``; the features of (N, F) inputs, the colour
channels of (N, H, W, C) images):

    output = gamma_c · (x − mean_c) / sqrt(var_c + epsilon) + beta_c

Which mean and variance (Keras's rule):

* training (``layer(x, training=True)``, or inside ``fit``) and ``layer.trainable``: the batch's
  own statistics, over every axis but ``axis`` (N for (N, F); N, H, W for images), with the
  biased variance (divided by n). Each such call also updates the running averages

      moving_mean     = moving_mean · momentum + batch_mean · (1 − momentum)
      moving_variance = moving_variance · momentum + batch_variance · (1 − momentum)

* otherwise (training=False or None, e.g. ``predict``, or a frozen layer with
  ``trainable=False`` even inside ``fit``): the moving statistics, so the layer is a fixed
  affine map of its input, and nothing is updated.

Weights: gamma and beta (trainable, shape (C,)), then moving_mean and moving_variance
(non-trainable, updated by the calls above, never by gradients). Shapes: output = input.

With a mask (N, T) for (N, T, C) sequences, masked timesteps are left out of the batch
statistics. ``renorm=True`` is batch renormalization (Ioffe, 2017): in training the batch
statistics are corrected towards the moving ones by factors r and d (clipped by
``renorm_clipping``), treated as constants for the gradient.
"""

import numbers

from ... import initializers
from ...backend import config, ops
from ...layer_machinery.input_spec import InputSpec
from ...layer_machinery.layer import Layer
from ...serialization import serialize_keras_object
from ..validation import number
from ..weight_options import add_configured_weight, set_weight_options


class BatchNormalization(Layer):
    """Normalize with batch statistics in training and moving statistics otherwise."""

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones",
                 moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, renorm=False, renorm_clipping=None,
                 renorm_momentum=0.99, synchronized=False, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
            raise TypeError(
                f"BatchNormalization expects an integer `axis`, the channel axis: -1 for "
                f"channels_last inputs, 1 for channels_first. Received: axis={axis!r}")
        if synchronized:
            raise ValueError(
                "Argument synchronized=True is only supported with the TensorFlow backend. "
                "kerasedu trains on one device, so leave synchronized=False.")
        self.axis = int(axis)
        self.momentum = number(momentum, "momentum", self, minimum=0, maximum=1)
        self.epsilon = number(epsilon, "epsilon", self, above=0)
        self.center = bool(center)
        self.scale = bool(scale)
        self.synchronized = False
        set_weight_options(self, "beta", beta_initializer, beta_regularizer, beta_constraint)
        set_weight_options(self, "gamma", gamma_initializer, gamma_regularizer,
                           gamma_constraint)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.renorm = bool(renorm)
        self.renorm_clipping = _check_renorm_clipping(renorm_clipping) if renorm \
            else renorm_clipping
        self.renorm_momentum = number(renorm_momentum, "renorm_momentum", self, minimum=0,
                                      maximum=1)
        self.supports_masking = True
        self.gamma = self.beta = self.moving_mean = self.moving_variance = None

    # ------------------------------------------------------------------ build

    def _channel_axis(self, input_shape):
        rank = len(input_shape)
        if not -rank <= self.axis < rank:
            raise ValueError(
                f"Layer '{self.name}' was created with axis={self.axis}, which is out of range "
                f"for inputs of rank {rank} (input shape {tuple(input_shape)}). Use axis=-1 "
                f"for channels_last inputs or axis=1 for channels_first.")
        return self.axis % rank

    def build(self, input_shape):
        axis = self._channel_axis(input_shape)
        channels = input_shape[axis]
        if channels is None:
            raise ValueError(
                f"Layer '{self.name}' needs to know the number of channels (axis {self.axis}) "
                f"to create its weights, but received input_shape={tuple(input_shape)}.")
        shape = (channels,)
        if self.scale:
            self.gamma = add_configured_weight(self, "gamma", shape)
        if self.center:
            self.beta = add_configured_weight(self, "beta", shape)
        self.moving_mean = self.add_weight(
            shape=shape, name="moving_mean", initializer=self.moving_mean_initializer,
            trainable=False)
        self.moving_variance = self.add_weight(
            shape=shape, name="moving_variance",
            initializer=self.moving_variance_initializer, trainable=False)
        if self.renorm:
            variance = self.moving_variance.numpy()
            self.moving_stddev = self.add_weight(
                shape=shape, name="moving_stddev", initializer=ops.sqrt(variance).numpy(),
                trainable=False)
            self.renorm_mean = self.add_weight(
                shape=shape, name="renorm_mean", initializer=self.moving_mean.numpy(),
                trainable=False)
            self.renorm_stddev = self.add_weight(
                shape=shape, name="renorm_stddev", initializer=ops.sqrt(variance).numpy(),
                trainable=False)
        self.input_spec = InputSpec(ndim=len(input_shape), axes={self.axis: channels})
        self._reduction_axes = tuple(i for i in range(len(input_shape)) if i != axis)

    # ------------------------------------------------------------------ call

    def call(self, inputs, training=None, mask=None):
        if mask is not None and len(mask.shape) != inputs.ndim - 1:
            raise ValueError(
                f"The mask provided should be one dimension less than the inputs. Received: "
                f"mask.shape={tuple(mask.shape)}, inputs.shape={tuple(inputs.shape)}")
        axis = self.axis % inputs.ndim
        gamma, beta = self.gamma, self.beta
        if training and self.trainable:
            mean, variance = self._moments(inputs, mask)
            if self.renorm:
                gamma, beta = self._renormalize(mean, variance, gamma, beta)
            else:
                self._update_moving_statistics(mean, variance)
        else:
            # Constants: the moving statistics are updated by the calls above, never by
            # gradients.
            mean = ops.stop_gradient(self.moving_mean)
            variance = ops.stop_gradient(self.moving_variance)
        return self._normalize(inputs, mean, variance, gamma, beta, axis)

    def _normalize(self, inputs, mean, variance, gamma, beta, axis):
        """gamma · (x − mean) / sqrt(variance + epsilon) + beta, per channel along ``axis``.

        Computed as x · scale + shift with the per-channel vectors

            scale = gamma / sqrt(variance + epsilon)      shift = beta − mean · scale

        which is the same thing with two operations on the full input instead of four; it
        also shows that with fixed statistics the layer is an affine map of its input.
        """
        shape = [1] * inputs.ndim
        shape[axis] = inputs.shape[axis]
        scale = ops.divide(1.0, ops.sqrt(ops.add(ops.cast(variance, inputs.dtype),
                                                 self.epsilon)))
        if gamma is not None:
            scale = ops.multiply(scale, ops.cast(gamma, inputs.dtype))
        shift = ops.negative(ops.multiply(ops.cast(mean, inputs.dtype), scale))
        if beta is not None:
            shift = ops.add(shift, ops.cast(beta, inputs.dtype))
        return ops.add(ops.multiply(inputs, ops.reshape(scale, shape)),
                       ops.reshape(shift, shape))

    def _moments(self, inputs, mask):
        """Batch mean and biased variance per channel (masked timesteps left out)."""
        axes = self._reduction_axes
        if mask is None:
            mean = ops.mean(inputs, axis=axes, keepdims=True)
            variance = ops.mean(ops.square(ops.subtract(inputs, mean)), axis=axes)
            return ops.reshape(mean, (-1,)), variance
        keep = ops.broadcast_to(ops.expand_dims(ops.cast(mask, "bool"), -1), inputs.shape)
        count = ops.add(ops.sum(ops.cast(keep, inputs.dtype), axis=axes, keepdims=True),
                        config.epsilon())
        mean = ops.divide(ops.sum(ops.where(keep, inputs, 0.0), axis=axes, keepdims=True),
                          count)
        centered = ops.where(keep, ops.subtract(inputs, mean), 0.0)
        variance = ops.divide(ops.sum(ops.square(centered), axis=axes, keepdims=True), count)
        return ops.reshape(mean, (-1,)), ops.reshape(variance, (-1,))

    def _update_moving_statistics(self, mean, variance):
        """Move the running averages towards the batch statistics (plain numpy values)."""
        m = self.momentum
        mean, variance = ops.stop_gradient(mean).numpy(), ops.stop_gradient(variance).numpy()
        self.moving_mean.assign(self.moving_mean.numpy() * m + mean * (1.0 - m))
        self.moving_variance.assign(self.moving_variance.numpy() * m + variance * (1.0 - m))

    def _renormalize(self, mean, variance, gamma, beta):
        """Batch renormalization: the corrected scale and offset, and the statistic updates."""
        stddev = ops.sqrt(ops.add(variance, self.epsilon))
        renorm_stddev = ops.maximum(ops.stop_gradient(self.renorm_stddev),
                                    float(self.epsilon) ** 0.5)
        r = ops.stop_gradient(ops.divide(stddev, renorm_stddev))
        d = ops.stop_gradient(ops.divide(ops.subtract(mean, ops.stop_gradient(self.renorm_mean)),
                                         renorm_stddev))
        clipping = self.renorm_clipping or {}
        if clipping.get("rmin") is not None:
            r = ops.maximum(r, clipping["rmin"])
        if clipping.get("rmax") is not None:
            r = ops.minimum(r, clipping["rmax"])
        if clipping.get("dmax") is not None:
            d = ops.clip(d, -clipping["dmax"], clipping["dmax"])
        # (x̂·r + d)·gamma + beta  =  x̂·(r·gamma) + (d·gamma + beta)
        new_gamma = r if gamma is None else ops.multiply(r, gamma)
        new_beta = d if gamma is None else ops.multiply(d, gamma)
        if beta is not None:
            new_beta = ops.add(new_beta, beta)
        m, rm = self.momentum, self.renorm_momentum
        mean_value = ops.stop_gradient(mean).numpy()
        stddev_value = ops.stop_gradient(stddev).numpy()
        self.renorm_mean.assign(self.renorm_mean.numpy() * rm + mean_value * (1.0 - rm))
        self.renorm_stddev.assign(self.renorm_stddev.numpy() * rm + stddev_value * (1.0 - rm))
        self.moving_mean.assign(self.moving_mean.numpy() * m + mean_value * (1.0 - m))
        moving_stddev = self.moving_stddev.numpy() * m + stddev_value * (1.0 - m)
        self.moving_stddev.assign(moving_stddev)
        self.moving_variance.assign(
            ops.relu(moving_stddev * moving_stddev - self.epsilon).numpy())
        return new_gamma, new_beta

    def compute_output_shape(self, input_shape):
        self._channel_axis(input_shape)
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "axis": self.axis,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": serialize_keras_object(self.beta_initializer),
            "gamma_initializer": serialize_keras_object(self.gamma_initializer),
            "moving_mean_initializer": serialize_keras_object(self.moving_mean_initializer),
            "moving_variance_initializer": serialize_keras_object(
                self.moving_variance_initializer),
            "beta_regularizer": serialize_keras_object(self.beta_regularizer),
            "gamma_regularizer": serialize_keras_object(self.gamma_regularizer),
            "beta_constraint": serialize_keras_object(self.beta_constraint),
            "gamma_constraint": serialize_keras_object(self.gamma_constraint),
            "synchronized": self.synchronized,
            "renorm": self.renorm,
            "renorm_clipping": self.renorm_clipping,
            "renorm_momentum": self.renorm_momentum,
        }


def _check_renorm_clipping(clipping):
    clipping = dict(clipping or {})
    unknown = set(clipping) - {"rmax", "rmin", "dmax"}
    if unknown:
        raise ValueError(
            f"Received invalid keys for `renorm_clipping` argument: {clipping}. Supported "
            f"values: ['rmax', 'rmin', 'dmax'].")
    rmax, rmin, dmax = clipping.get("rmax"), clipping.get("rmin"), clipping.get("dmax")
    if rmax is not None and rmin is not None and rmax < rmin:
        raise ValueError(
            f"rmax should be greater than rmin in the `renorm_clipping` argument. Received: "
            f"rmax={rmax}, rmin={rmin}.")
    if dmax is not None and dmax < 0:
        raise ValueError(
            f"dmax should be non-negative in the `renorm_clipping` argument. Received: "
            f"dmax={dmax}.")
    return clipping
