"""Cases (see ops_cases) of Fourier transforms, frames and the STFT, and image ops. Complex
values travel as (real, imaginary) pairs. Images are small (a few pixels a side) and
channels-last unless a case says otherwise; sampling points are kept off pixel centres, where
bilinear interpolation has kinks."""

import numpy as np

from ops_cases import Case, In, positive

ROTATE = np.array([0.9, -0.3, 0.4, 0.25, 1.1, -0.35, 0.02, -0.01])


def images(shape, low=0.0, high=1.0):
    return In(shape, low, high)


def _transform(rng):
    return ROTATE + rng.uniform(-0.02, 0.02, size=8)


def _affine(rng):
    """A transform without the projective terms c0, c1: Keras 3.15 on JAX leaves out the
    division by k = c0·x + c1·y + 1 that its documentation states (kerasedu divides)."""
    return np.concatenate([_transform(rng)[:6], [0.0, 0.0]])


def _coordinates(rng):
    """Points of a 4×5 grid read off-centre, some outside it (so fill modes matter)."""
    points = rng.uniform(-1.3, 4.3, size=(2, 3, 2))
    points[1] *= 5 / 4
    return np.where(np.abs(points - np.round(points)) < 0.1, points + 0.23, points)


CASES = {
    "fft": Case(lambda o, r, i: o.fft((r, i)), (2, 5), (2, 5)),
    "fft2": Case(lambda o, r, i: o.fft2((r, i)), (2, 3, 4), (2, 3, 4), keras_atol=1e-5),
    "ifft2": Case(lambda o, r, i: o.ifft2((r, i)), (3, 4), (3, 4)),
    "rfft": Case(lambda o, x: o.rfft(x), (2, 6)),
    "rfft_padded": Case(lambda o, x: o.rfft(x, fft_length=7), (2, 5)),
    "rfft_cut": Case(lambda o, x: o.rfft(x, fft_length=4), (6,)),
    "irfft": Case(lambda o, r, i: o.irfft((r, i)), (2, 4), (2, 4)),
    "irfft_odd": Case(lambda o, r, i: o.irfft((r, i), fft_length=7), (2, 4), (2, 4),
                      ),
    "irfft_of_rfft": Case(lambda o, x: o.irfft(o.rfft(x), fft_length=6), (2, 6)),
    "extract_sequences": Case(lambda o, x: o.extract_sequences(x, 4, 2), (2, 9)),
    "stft": Case(lambda o, x: o.stft(x, 6, 3, 8), (2, 16), keras_atol=1e-4),
    "stft_hamming_uncentred": Case(lambda o, x: o.stft(x, 5, 2, 5, window="hamming",
                                                       center=False), (13,), keras_atol=1e-4),
    "stft_no_window": Case(lambda o, x: o.stft(x, 4, 2, 4, window=None), (10,),
                           keras_atol=1e-4),
    "istft": Case(lambda o, r, i: o.istft((r, i), 6, 3, 8), (2, 5, 5), (2, 5, 5),
                  keras_atol=1e-4),
    "istft_of_stft": Case(lambda o, x: o.istft(o.stft(x, 8, 2, 8), 8, 2, 8, length=14),
                          (14,), keras_atol=1e-4),
    "istft_hamming": Case(lambda o, r, i: o.istft((r, i), 5, 2, 6, window="hamming",
                                                  center=False), (4, 4), (4, 4),
                          keras_atol=1e-4),
    "rgb_to_grayscale": Case(lambda o, x: o.image.rgb_to_grayscale(x), images((2, 3, 3, 3))),
    "rgb_to_hsv": Case(lambda o, x: o.image.rgb_to_hsv(x), images((1, 2, 3, 3)),
                       keras_atol=1e-5),
    "hsv_to_rgb": Case(lambda o, x: o.image.hsv_to_rgb(x), images((1, 2, 3, 3), 0.05, 0.95),
                       keras_atol=1e-5),
    "gaussian_blur": Case(lambda o, x: o.image.gaussian_blur(  # Keras 3.15 reads no data
        x, (3, 5), (1.0, 0.7), data_format="channels_last"),     # format as channels_first
        images((1, 4, 5, 2))),
    "gaussian_blur_first": Case(lambda o, x: o.image.gaussian_blur(
        x, (3, 3), (0.8, 1.2), data_format="channels_first"), images((2, 3, 4, 5))),
    "sobel_edges": Case(lambda o, x: o.image.sobel_edges(x), images((1, 4, 4, 1))),
    "crop_images": Case(lambda o, x: o.image.crop_images(x, 1, 0, target_height=2,
                                                         target_width=3), images((1, 4, 4, 2))),
    "pad_images": Case(lambda o, x: o.image.pad_images(x, 1, 2, 0, 1), images((1, 2, 3, 2))),
    "extract_patches": Case(lambda o, x: o.image.extract_patches(x, 2), images((1, 4, 4, 2))),
    "extract_patches_same": Case(lambda o, x: o.image.extract_patches(
        x, (2, 3), strides=(1, 2), padding="same"), images((1, 4, 5, 1))),
    "extract_patches_3d": Case(lambda o, x: o.image.extract_patches_3d(x, 2),
                               images((1, 4, 4, 4, 1))),
    "psnr": Case(lambda o, a, b: o.psnr(a, b, 1.0), images((2, 3, 3, 1)),
                 images((2, 3, 3, 1)), rtol=1e-4),
    "ssim": Case(lambda o, a, b: o.image.ssim(a, b, filter_size=3), images((2, 5, 5, 1)),
                 images((2, 5, 5, 1)), rtol=1e-4, keras_atol=1e-4),
    "resize_bilinear": Case(lambda o, x: o.image.resize(x, (5, 3)), images((1, 3, 4, 2))),
    "resize_nearest": Case(lambda o, x: o.image.resize(x, (6, 2), interpolation="nearest"),
                           images((1, 3, 4, 1))),
    "resize_bicubic": Case(lambda o, x: o.image.resize(x, (5, 6), interpolation="bicubic"),
                           images((1, 3, 4, 1)), keras_atol=1e-5),
    "resize_lanczos3_antialias": Case(lambda o, x: o.image.resize(
        x, (2, 3), interpolation="lanczos3", antialias=True), images((1, 5, 6, 1)),
        keras_atol=1e-5),
    "resize_crop_to_aspect": Case(lambda o, x: o.image.resize(
        x, (2, 2), crop_to_aspect_ratio=True), images((1, 3, 5, 1))),
    "resize_pad_to_aspect": Case(lambda o, x: o.image.resize(
        x, (4, 4), pad_to_aspect_ratio=True), images((1, 2, 4, 1))),
    "scale_and_translate": Case(lambda o, x: o.image.scale_and_translate(
        x, (1, 5, 4, 1), np.array([1.6, 0.8], x.dtype), np.array([0.3, -0.2], x.dtype),
        (1, 2), "linear"), images((1, 3, 5, 1)), keras_atol=1e-5),
    "map_coordinates": Case(lambda o, x, c: o.image.map_coordinates(x, c, 1),
                            images((4, 5)), In(make=_coordinates)),
    "map_coordinates_nearest_fill": Case(lambda o, x, c: o.image.map_coordinates(
        x, c, 1, fill_mode="nearest"), images((4, 5)), In(make=_coordinates)),
    "map_coordinates_wrap": Case(lambda o, x, c: o.image.map_coordinates(
        x, c, 1, fill_mode="wrap"), images((4, 5)), In(make=_coordinates)),
    "map_coordinates_mirror": Case(lambda o, x, c: o.image.map_coordinates(
        x, c, 1, fill_mode="mirror"), images((4, 5)), In(make=_coordinates)),
    "map_coordinates_reflect": Case(lambda o, x, c: o.image.map_coordinates(
        x, c, 1, fill_mode="reflect"), images((4, 5)), In(make=_coordinates)),
    "affine_transform": Case(lambda o, x, t: o.image.affine_transform(x, t),
                             images((1, 4, 5, 2)), In(make=_affine), keras_atol=1e-5),
    "affine_transform_projective": Case(lambda o, x, t: o.image.affine_transform(x, t),
                                        images((1, 4, 5, 2)), In(make=_transform),
                                        keras=False),           # see _affine
    "affine_transform_reflect_first": Case(lambda o, x, t: o.image.affine_transform(
        x, t, fill_mode="reflect", data_format="channels_first"), images((1, 2, 4, 4)),
        In(make=_affine), keras_atol=1e-5),
    "affine_transform_nearest_batch": Case(lambda o, x, t: o.image.affine_transform(
        x, o.stack([t, t * 0.9]), interpolation="nearest", fill_mode="nearest"),
        images((2, 4, 4, 1)), In(make=_affine), gradient=False),
    "elastic_transform": Case(lambda o, x: o.image.elastic_transform(  # Keras's random
        x, alpha=2.0, sigma=1.0, seed=3), images((1, 5, 5, 1)), keras=False),  # fields differ
    "perspective_transform": Case(lambda o, x, s: o.image.perspective_transform(
        x, s, np.array([[[0, 0], [3, 0], [0, 3], [3, 3]]], x.dtype)),
        images((1, 4, 4, 1)), In(make=lambda rng: np.array(
            [[[0.2, 0.1], [3.1, 0.3], [0.1, 2.8], [2.9, 3.2]]]) + rng.uniform(
            -0.03, 0.03, size=(1, 4, 2))), rtol=1e-4, keras_atol=1e-4),
}
