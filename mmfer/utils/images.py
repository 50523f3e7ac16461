"""Reading users' images: any size of JPEG / PNG, grayscale or with alpha, EXIF rotation
honoured; what cannot be read is named, never a traceback."""
import glob
import os
import os.path as osp
from typing import List, Optional

import cv2
import numpy as np

IMAGE_EXTENSIONS = ('.jpg', '.jpeg', '.png', '.bmp', '.webp', '.tif', '.tiff')


def list_images(pattern: str) -> List[str]:
    """The image files of ``pattern``: one file, a folder (its images, sorted) or a glob.

    Raises:
        FileNotFoundError: nothing matches (the message says what was looked for).
    """
    if osp.isdir(pattern):
        files = sorted(osp.join(pattern, f) for f in os.listdir(pattern)
                       if f.lower().endswith(IMAGE_EXTENSIONS))
        if not files:
            raise FileNotFoundError(f'{pattern}: no image ({", ".join(IMAGE_EXTENSIONS)}) in '
                                    'this folder')
        return files
    if osp.isfile(pattern):
        return [pattern]
    files = sorted(f for f in glob.glob(pattern, recursive=True) if osp.isfile(f))
    if not files:
        raise FileNotFoundError(f'{pattern}: no such file or folder, and no file matches it')
    return files


def read_image(path: str) -> Optional[np.ndarray]:
    """(H, W, 3) uint8 BGR, rotated as its EXIF orientation says (OpenCV's ``IMREAD_COLOR``
    does that, and makes grayscale and 16-bit images 8-bit BGR); None if it cannot be read."""
    try:
        image = cv2.imread(path, cv2.IMREAD_COLOR)
    except cv2.error:
        return None
    return image if image is not None and image.size else None
