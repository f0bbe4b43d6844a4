"""STFTSpectrogram: the short-time Fourier transform of each channel of a signal, as a layer
whose Fourier kernels are weights (fixed with ``trainable=False``, or fine-tuned).

A signal (batch, time, channels) is cut into frames of ``frame_length`` samples every
``frame_step``; each frame, windowed, is compared with the cosines and sines of
F = fft_length // 2 + 1 frequencies (the kernels of ``kerasedu.initializers.STFT``). That is a
1-D convolution of each channel with ``real_kernel`` and ``imag_kernel`` (frame_length, 1, F):

    re, im = conv(x_c, real_kernel), conv(x_c, imag_kernel)        (batch, frames, F) each
    mode "real": re   "imag": im   "angle": atan2(im, re)   "stft": [re, im] (2F bins)
         "magnitude": √max(re² + im², ε)     "log": log max(magnitude, ε)
         "psd": re² + im², doubled for every bin but the first and the last

frames = (time − frame_length) // frame_step + 1 ("valid") or ⌈time / frame_step⌉ ("same").
Output (F' = the bins above; C channels):

    channels_last   (batch, frames, C·F')   or with expand_dims (batch, frames, F', C)
    channels_first  (batch, C·F', frames)   or with expand_dims (batch, C, frames, F')

(the C·F' axis holds channel 0's bins, then channel 1's, ...). Every step is a
differentiable op, so the kernels train like any other weights.
"""

import math
import numbers

from ....backend import config, ops
from ....layer_machinery.input_spec import InputSpec
from ....layer_machinery.layer import Layer
from ...convolutional import arguments as args
from ....initializers.stft import STFT, check_window

MODES = ("log", "magnitude", "psd", "real", "imag", "angle", "stft")


class STFTSpectrogram(Layer):
    """Spectrograms of each channel of (batch, time, channels) signals, by convolution."""

    def __init__(self, mode="log", frame_length=256, frame_step=None, fft_length=None,
                 window="hann", periodic=False, scaling="density", padding="valid",
                 expand_dims=False, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.frame_length = args.positive_int(self, frame_length, "frame_length")
        if frame_step is not None and (not isinstance(frame_step, numbers.Integral) or
                                       not 1 <= frame_step <= self.frame_length):
            raise self._error(f"`frame_step` should be a positive integer not greater than "
                              f"`frame_length`. Received frame_step={frame_step!r}, "
                              f"frame_length={frame_length}. Use frame_step=None for half the "
                              f"frame length.")
        if fft_length is not None and (not isinstance(fft_length, numbers.Integral) or
                                       fft_length < self.frame_length):
            raise self._error(f"`fft_length` should be not less than `frame_length`. Received "
                              f"fft_length={fft_length!r}, frame_length={frame_length}. Use "
                              f"fft_length=None for the next power of two.")
        self._choice("mode", mode, MODES)
        self._choice("scaling", scaling, (None, "density", "spectrum"))
        self._choice("padding", padding, ("valid", "same"))
        try:
            check_window(window)
        except ValueError as error:
            raise self._error(str(error)) from None
        self.mode, self.window, self.periodic = mode, window, periodic
        self.frame_step, self.fft_length = frame_step, fft_length
        self._frame_step = frame_step or self.frame_length // 2 or 1
        self._fft_length = fft_length or 2 ** math.ceil(math.log2(self.frame_length))
        self.scaling, self.padding, self.expand_dims = scaling, padding, expand_dims
        self.data_format = args.data_format(self, data_format)
        self.input_spec = InputSpec(ndim=3)

    def _error(self, message):
        return ValueError(f"Layer '{self.name}' (STFTSpectrogram): {message}")

    def _choice(self, name, value, allowed):
        if value not in allowed:
            raise self._error(f"`{name}` must be one of {allowed}. Received: {name}={value!r}.")

    def build(self, input_shape):
        shape = (self.frame_length, 1, self._fft_length // 2 + 1)
        for side in ("real", "imag"):
            if self.mode != {"real": "imag", "imag": "real"}[side]:
                setattr(self, f"{side}_kernel", self.add_weight(
                    name=f"{side}_kernel", shape=shape,
                    initializer=STFT(side, self.window, self.scaling, self.periodic)))

    def _convolve(self, inputs, kernel):
        """Each channel convolved with ``kernel``: (batch, C, frames, F). The sums run in
        float64 and are rounded once to the input's dtype, so that a channel's spectrogram is
        the same whichever channels and batch come with it (a float32 product's rounding
        depends on the shapes BLAS is given)."""
        signals = inputs if self.data_format == "channels_first" else \
            ops.transpose(inputs, (0, 2, 1))                           # (batch, C, time)
        batch, channels, time = signals.shape
        columns = ops.reshape(ops.cast(signals, "float64"), (batch * channels, time, 1))
        outputs = ops.conv(columns, ops.cast(kernel, "float64"), strides=self._frame_step,
                           padding=self.padding, data_format="channels_last")
        outputs = ops.cast(outputs, inputs.dtype)
        return ops.reshape(outputs, (batch, channels) + tuple(outputs.shape[1:]))

    def _arrange(self, outputs):
        """(batch, C, frames, F') to the layout of the module docstring."""
        batch, channels, frames, bins = outputs.shape
        if self.expand_dims:
            return outputs if self.data_format == "channels_first" else \
                ops.transpose(outputs, (0, 2, 3, 1))
        if self.data_format == "channels_first":
            return ops.reshape(ops.transpose(outputs, (0, 1, 3, 2)),
                               (batch, channels * bins, frames))
        return ops.reshape(ops.transpose(outputs, (0, 2, 1, 3)), (batch, frames, channels * bins))

    def call(self, inputs):
        if inputs.dtype.name not in ("float16", "float32", "float64"):
            raise TypeError(
                f"Layer '{self.name}' (STFTSpectrogram): invalid input type. Expected "
                f"`float16`, `float32` or `float64`. Received: input type={inputs.dtype}. "
                f"Convert the signal first, e.g. x.astype('float32').")
        if self.mode in ("real", "imag"):
            return self._arrange(self._convolve(inputs, getattr(self, f"{self.mode}_kernel")))
        bins = self.real_kernel.shape[-1]        # both parts in one convolution, then split
        both = self._convolve(inputs, ops.concatenate([self.real_kernel, self.imag_kernel], -1))
        real, imag = both[..., :bins], both[..., bins:]
        if self.mode == "angle":
            return self._arrange(ops.arctan2(imag, real))
        if self.mode == "stft":
            return self._arrange(both)
        power = ops.add(ops.square(real), ops.square(imag))
        if self.mode == "psd":
            inner = ops.pad(power[..., 1:-1], [(0, 0), (0, 0), (0, 0), (1, 1)])
            return self._arrange(ops.add(power, inner))
        magnitude = self._arrange(ops.sqrt(ops.maximum(power, config.epsilon())))
        if self.mode == "magnitude":
            return magnitude
        return ops.log(ops.maximum(magnitude, config.epsilon()))

    def compute_output_shape(self, input_shape):
        args.check_rank(self, input_shape, 1)
        batch = input_shape[0]
        time, channels = (input_shape[2], input_shape[1]) if \
            self.data_format == "channels_first" else (input_shape[1], input_shape[2])
        frames = args.conv_output_spatial(
            self, (batch, time, 1), (self.frame_length,), (self._frame_step,), self.padding,
            (1,), "channels_last", what="frame")[0]
        bins = (self._fft_length // 2 + 1) * (2 if self.mode == "stft" else 1)
        if self.expand_dims:
            return (batch, frames, bins, channels) if self.data_format == "channels_last" \
                else (batch, channels, frames, bins)
        features = None if channels is None else channels * bins
        return (batch, frames, features) if self.data_format == "channels_last" \
            else (batch, features, frames)

    def get_config(self):
        window = self.window
        if not isinstance(window, (str, tuple, list, type(None))):
            window = ops.convert_to_numpy(window).tolist()
        return {**super().get_config(), "mode": self.mode, "frame_length": self.frame_length,
                "frame_step": self.frame_step, "fft_length": self.fft_length,
                "window": window, "periodic": self.periodic, "scaling": self.scaling,
                "padding": self.padding, "data_format": self.data_format,
                "expand_dims": self.expand_dims}
