"""The faces of a detection dataset as square crops, for pre-training the two branches."""
import copy
from typing import List, Optional, Tuple

import cv2
import numpy as np
import torch
from mmengine.dataset import BaseDataset

from mmfer.registry import DATASETS
from mmfer.utils.dataset_config import innermost_dataset

from .expressions import EXPRESSION_CLASSES, LANDMARK_FLIP_INDICES


@DATASETS.register_module()
class FaceCropDataset(BaseDataset):
    """Every annotated face of a detection dataset, cropped to ``crop_size`` x ``crop_size``.

    ``faces`` is the config of a dataset of mmfer's (``RAFDBDataset``, ``SyntheticFERDataset``
    with its ``data_root``, ``ann_file``, ...; a wrapper such as ``MultiImageMixDataset`` is
    looked through), so that a branch pre-trains on exactly the faces its detector trains on (a
    synthetic set is generated on first use). Each face's box, widened by ``margin`` of its size
    on every side, is warped to the crop (the outside of the image is black).

    One item: ``inputs`` (3, S, S) uint8 RGB and ``data_samples``, a dict of ``label`` ()
    (expression index 0..6), ``landmarks`` (5, 2) in crop units ([0, 1] inside the crop) and
    ``visible`` (5,) (0 where a landmark is unlabelled). Augmentations, for training: a random
    horizontal flip (landmarks mirrored and their left / right swapped), box jitter (each side
    moved by up to ``box_jitter`` of the box's size) and photometric jitter (contrast x[0.8, 1.2],
    brightness +-0.1 of the range).

    Args:
        faces (dict): the detection dataset's config.
        crop_size (int): side of the crops in pixels.
        margin (float): how much each side of the box is widened, relative to its size.
        with_landmarks (bool): keep only faces with at least one labelled landmark.
        flip_prob (float): probability of a horizontal flip.
        box_jitter (float): the largest move of a box side, relative to the box's size.
        photometric (bool): brightness and contrast jitter.
        **kwargs: :class:`mmengine.dataset.BaseDataset`'s (``test_mode``, ``lazy_init``, ...).

    Examples:
        >>> dataset = FaceCropDataset(dict(type='SyntheticFERDataset',  # doctest: +SKIP
        ...     data_root='data/synthetic_fer', ann_file='annotations/synth_test.json',
        ...     data_prefix=dict(img='images/test/')), crop_size=64)
        >>> dataset[0]['inputs'].shape  # doctest: +SKIP
        torch.Size([3, 64, 64])
    """

    METAINFO = dict(classes=EXPRESSION_CLASSES)

    def __init__(self, faces: dict, crop_size: int = 64, margin: float = 0.1,
                 with_landmarks: bool = False, flip_prob: float = 0.0, box_jitter: float = 0.0,
                 photometric: bool = False, **kwargs) -> None:
        self.faces_cfg = copy.deepcopy(faces)
        self.crop_size, self.margin = crop_size, margin
        self.with_landmarks = with_landmarks
        self.flip_prob, self.box_jitter, self.photometric = flip_prob, box_jitter, photometric
        super().__init__(ann_file='', serialize_data=False, **kwargs)

    def load_data_list(self) -> List[dict]:
        source = DATASETS.build(dict(innermost_dataset(self.faces_cfg), pipeline=[]))
        self.num_bad_images = getattr(source, 'num_bad_images', 0)
        faces = []
        for i in range(len(source)):
            image = source.get_data_info(i)
            for instance in image['instances']:
                keypoints = instance['keypoints']
                if self.with_landmarks and not (keypoints[:, 2] > 0).any():
                    continue
                faces.append(dict(img_path=image['img_path'], bbox=list(instance['bbox']),
                                  label=int(instance['bbox_label']), keypoints=keypoints))
        if not faces:
            what = 'with landmarks' if self.with_landmarks else 'at all'
            raise ValueError(f'{source.ann_file}: no face {what}')
        return faces

    def crop_box(self, index: int, jitter: Optional[np.ndarray] = None) -> Tuple[float, ...]:
        """(x0, y0, x1, y1) of face ``index``'s crop: its box widened by margin (+ jitter)."""
        x1, y1, x2, y2 = self.get_data_info(index)['bbox']
        w, h = x2 - x1, y2 - y1
        j = np.zeros(4) if jitter is None else jitter
        return (x1 - (self.margin + j[0]) * w, y1 - (self.margin + j[1]) * h,
                x2 + (self.margin + j[2]) * w, y2 + (self.margin + j[3]) * h)

    def landmarks(self, index: int) -> Tuple[torch.Tensor, torch.Tensor]:
        """Face ``index``'s landmarks (5, 2) in the un-augmented crop's units and visibility
        (5,), without reading the image."""
        x0, y0, x1, y1 = self.crop_box(index)
        keypoints = self.get_data_info(index)['keypoints']
        points = (keypoints[:, :2] - [x0, y0]) / [x1 - x0, y1 - y0]
        return (torch.from_numpy(points.astype(np.float32)),
                torch.from_numpy((keypoints[:, 2] > 0).astype(np.float32)))

    def landmark_statistics(self) -> Tuple[torch.Tensor, torch.Tensor]:
        """Mean (5, 2) and standard deviation (5, 2) of the labelled landmarks, crop units."""
        points, visible = (torch.stack(t) for t in
                           zip(*(self.landmarks(i) for i in range(len(self)))))
        weight = visible[..., None]
        count = weight.sum(0).clamp(min=1)
        mean = (points * weight).sum(0) / count
        std = (((points - mean) ** 2 * weight).sum(0) / count).sqrt().clamp(min=1e-3)
        return mean, std

    def prepare_data(self, index: int) -> dict:
        info = self.get_data_info(index)
        img = cv2.imread(info['img_path'])
        if img is None:
            raise OSError(f'cannot read image {info["img_path"]}')
        jitter = None
        if self.box_jitter and not self.test_mode:
            jitter = np.random.uniform(-self.box_jitter, self.box_jitter, 4)
        x0, y0, x1, y1 = self.crop_box(index, jitter)
        size = self.crop_size
        scale = np.array([size / (x1 - x0), size / (y1 - y0)], np.float32)
        affine = np.array([[scale[0], 0, -x0 * scale[0]], [0, scale[1], -y0 * scale[1]]],
                          np.float32)
        crop = cv2.warpAffine(img, affine, (size, size), flags=cv2.INTER_LINEAR,
                              borderMode=cv2.BORDER_CONSTANT)[:, :, ::-1]
        keypoints = info['keypoints']
        points = (keypoints[:, :2] - [x0, y0]) * scale / size
        visible = (keypoints[:, 2] > 0).astype(np.float32)
        if not self.test_mode and np.random.rand() < self.flip_prob:
            crop = crop[:, ::-1]
            flip = list(LANDMARK_FLIP_INDICES)
            points, visible = points[flip] * [-1, 1] + [1, 0], visible[flip]
        crop = np.ascontiguousarray(crop)
        if self.photometric and not self.test_mode:
            gain, shift = np.random.uniform(0.8, 1.2), np.random.uniform(-25.5, 25.5)
            crop = np.clip((crop - 127.5) * gain + 127.5 + shift, 0, 255).astype(np.uint8)
        return dict(inputs=torch.from_numpy(crop).permute(2, 0, 1),
                    data_samples=dict(label=torch.tensor(info['label']),
                                      landmarks=torch.from_numpy(points.astype(np.float32)),
                                      visible=torch.from_numpy(visible)))

