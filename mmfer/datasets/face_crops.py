"""Ground-truth face crops of a COCO file of mmfer's, in memory: for the expression
pre-training of the expression branch and for the crop-classifier benchmark."""
import json
import os.path as osp
from typing import Tuple

import cv2
import numpy as np
import torch


def load_face_crops(ann_file: str, img_dir: str, size: int = 64,
                    margin: float = 0.0) -> Tuple[torch.Tensor, torch.Tensor]:
    """Every annotated face, its box widened by ``margin`` of its size on each side (clipped
    to the image), resized to ``size`` x ``size``.

    Returns:
        tuple: crops (N, 3, size, size) float in [0, 1], RGB; labels (N,) in 0..6.

    Raises:
        ValueError: the file has no face; OSError: an image cannot be read (named).
    """
    with open(ann_file, encoding='utf-8') as f:
        coco = json.load(f)
    images = {img['id']: img for img in coco['images']}
    crops, labels = [], []
    cache = {}
    for ann in coco['annotations']:
        path = osp.join(img_dir, images[ann['image_id']]['file_name'])
        if path not in cache:
            cache = {path: cv2.imread(path)}
            if cache[path] is None:
                raise OSError(f'cannot read image {path}')
        img = cache[path]
        x, y, w, h = ann['bbox']
        x0, y0 = max(int(round(x - margin * w)), 0), max(int(round(y - margin * h)), 0)
        x1 = min(int(round(x + w * (1 + margin))), img.shape[1])
        y1 = min(int(round(y + h * (1 + margin))), img.shape[0])
        crops.append(cv2.resize(img[y0:y1, x0:x1, ::-1], (size, size)))
        labels.append(ann['category_id'] - 1)
    if not crops:
        raise ValueError(f'{ann_file}: no face annotation')
    x = torch.from_numpy(np.stack(crops)).permute(0, 3, 1, 2).float() / 255
    return x, torch.tensor(labels)
