"""Image ops (``kerasedu.ops.image``): colour, resizing, geometric transforms, filters,
framing and similarity. Images are (H, W, C) or batches (N, H, W, C) ("channels_last"; with
``data_format="channels_first"``, (C, H, W) and (N, C, H, W))."""

from .color import hsv_to_rgb, rgb_to_grayscale, rgb_to_hsv
from .filters import gaussian_blur, sobel_edges
from .framing import crop_images, extract_patches, extract_patches_3d, pad_images
from .quality import psnr, ssim
from .resizing import resize, scale_and_translate
from .sampling import map_coordinates
from .transforms import affine_transform, elastic_transform, perspective_transform
