"""Nuisance factors for the robustness sweep (:mod:`.sweep`): one factor at a time, each at a
few levels, applied to a test image with its faces.

An image comes as a dict: ``img`` (H, W, 3) uint8 BGR, ``bboxes`` (N, 4) x1 y1 x2 y2 and
``keypoints`` (N, 5, 3) (x, y, visibility) in its pixels. Geometric factors run MMDetection's own
transforms (``Rotate``, ``Resize`` + ``Pad``), which move the boxes with the image, and their
recorded homography moves the landmarks; the others change pixels only. ``landmark_prior``
leaves the detector's input alone and perturbs only what the landmark branch reads
(:class:`LandmarkPriorPerturbation`).
"""
import math
from typing import Callable, Dict, List, NamedTuple, Optional

import cv2
import numpy as np
import torch
import torch.nn.functional as F
from mmdet.datasets.transforms import Pad, Resize, Rotate
from mmdet.structures.bbox import HorizontalBoxes

BORDER = 128  # the grey of the border a geometric transform leaves


class Level(NamedTuple):
    """One level of a factor: its label, and what it does (None: the clean image)."""
    label: str
    value: object


def _geometric(sample: dict, transforms: List) -> dict:
    """Run MMDetection transforms on the image and its boxes; move the landmarks by the
    homography they record."""
    img = sample['img']
    results = dict(img=img.copy(), img_shape=img.shape[:2], ori_shape=img.shape[:2],
                   gt_bboxes=HorizontalBoxes(torch.as_tensor(sample['bboxes'],
                                                             dtype=torch.float32)),
                   gt_bboxes_labels=np.zeros(len(sample['bboxes']), np.int64),
                   homography_matrix=np.eye(3, dtype=np.float32))
    for transform in transforms:
        results = transform(results)
    points = sample['keypoints'].copy()
    xy1 = np.concatenate([points[..., :2], np.ones(points.shape[:-1] + (1,))], -1)
    moved = xy1 @ np.asarray(results['homography_matrix'], np.float64).T
    points[..., :2] = moved[..., :2] / moved[..., 2:]
    return dict(sample, img=results['img'], bboxes=results['gt_bboxes'].numpy(),
                keypoints=points)


def rotation(sample: dict, degrees: float) -> dict:
    """In-plane rotation about the image centre (positive: counter-clockwise)."""
    return _geometric(sample, [Rotate(prob=1.0, level=0, min_mag=float(abs(degrees)),
                                      max_mag=float(abs(degrees)),
                                      reversal_prob=float(degrees < 0),
                                      img_border_value=BORDER)])


def scale(sample: dict, factor: float) -> dict:
    """Faces ``factor`` times their size: the image shrunk and padded back to its size."""
    h, w = sample['img'].shape[:2]
    return _geometric(sample, [Resize(scale_factor=factor, keep_ratio=True),
                               Pad(size=(w, h), pad_val=dict(img=BORDER))])


def _patch(img: np.ndarray, center: np.ndarray, side: float) -> None:
    x0, y0 = (center - side / 2).round().astype(int)
    x1, y1 = (center + side / 2).round().astype(int)
    img[max(y0, 0):max(y1, 0), max(x0, 0):max(x1, 0)] = BORDER


def occlusion(sample: dict, part: str, fraction: float,
              rng: Optional[np.random.Generator] = None) -> dict:
    """A grey square of ``fraction`` of the face's width over the eyes or the mouth, placed
    from the face's landmarks (landmarks 0-1 are the eyes, 3-4 the mouth corners), or at a
    random place in the face where it has none."""
    img = sample['img'].copy()
    rng = rng or np.random.default_rng(0)
    for box, points in zip(sample['bboxes'], sample['keypoints']):
        side = fraction * (box[2] - box[0])
        which = [0, 1] if part == 'eyes' else [3, 4]
        if (points[which, 2] > 0).all():
            centers = points[which, :2]
            if part == 'eyes':  # one patch per eye
                for center in centers:
                    _patch(img, center, side)
                continue
            center = centers.mean(0)
        else:
            center = rng.uniform(box[:2] + side / 2, box[2:] - side / 2)
        _patch(img, center, side)
    return dict(sample, img=img)


def illumination(sample: dict, kind: str) -> dict:
    """``gamma-0.5`` / ``gamma-2`` (lighter / darker), ``strong-light`` (over-exposed and
    clipped), ``backlight`` (the faces darkened, the rest lightened)."""
    img = sample['img'].astype(np.float32) / 255
    if kind.startswith('gamma-'):
        img = img ** float(kind.split('-')[1])
    elif kind == 'strong-light':
        img = img * 1.8 + 0.15
    elif kind == 'backlight':
        faces = np.zeros(img.shape[:2], bool)
        for x0, y0, x1, y1 in sample['bboxes'].round().astype(int):
            faces[max(y0, 0):y1, max(x0, 0):x1] = True
        img = np.where(faces[..., None], img * 0.35, img * 0.6 + 0.4)
    else:
        raise ValueError(f'unknown illumination {kind!r}')
    return dict(sample, img=(np.clip(img, 0, 1) * 255).round().astype(np.uint8))


def blur(sample: dict, sigma: float) -> dict:
    """A Gaussian blur of ``sigma`` times the mean face width / 100 pixels (so a level blurs a
    face alike whatever its size)."""
    width = float(np.mean(sample['bboxes'][:, 2] - sample['bboxes'][:, 0]))
    s = max(sigma * width / 100, 1e-3)
    return dict(sample, img=cv2.GaussianBlur(sample['img'], (0, 0), s))


#: every factor: its levels, clean first, and what a level does to a sample (None for
#: ``landmark_prior``, which perturbs the model's landmark branch instead)
FACTORS: Dict[str, List[Level]] = dict(
    rotation=[Level('0', None), Level('15', 15.0), Level('30', 30.0), Level('45', 45.0)],
    scale=[Level('1', None), Level('0.75', 0.75), Level('0.5', 0.5), Level('0.35', 0.35)],
    occlusion_eyes=[Level('0', None), Level('0.2', 0.2), Level('0.3', 0.3), Level('0.4', 0.4)],
    occlusion_mouth=[Level('0', None), Level('0.2', 0.2), Level('0.3', 0.3),
                     Level('0.4', 0.4)],
    illumination=[Level('clean', None), Level('gamma-0.5', 'gamma-0.5'),
                  Level('gamma-2', 'gamma-2'), Level('strong-light', 'strong-light'),
                  Level('backlight', 'backlight')],
    blur=[Level('0', None), Level('2', 2.0), Level('4', 4.0), Level('8', 8.0)],
    landmark_prior=[Level('clean', None), Level('shift-10%', ('shift', 0.1)),
                    Level('shift-25%', ('shift', 0.25)), Level('rotate-30', ('rotate', 30.0)),
                    Level('noise-0.5', ('noise', 0.5))],
)
IMAGE_FACTORS: Dict[str, Callable] = dict(
    rotation=rotation, scale=scale,
    occlusion_eyes=lambda s, v: occlusion(s, 'eyes', v),
    occlusion_mouth=lambda s, v: occlusion(s, 'mouth', v),
    illumination=illumination, blur=blur)


def apply(factor: str, value, sample: dict) -> dict:
    """``sample`` under one level of an image factor (the clean sample for ``value=None``)."""
    if value is None:
        return sample
    return IMAGE_FACTORS[factor](sample, value)


class LandmarkPriorPerturbation:
    """Perturb only the landmark prior branch's input, the detector's left clean: how much a
    model leans on its prior. A forward pre-hook on ``model.backbone.lpb`` (the MobileFaceNet)
    shifts its (B, 3, 112, 112) input by a fraction of its side, rotates it by degrees, or adds
    Gaussian noise of a standard deviation (in the input's normalised units).

    Use as a context manager: ``with LandmarkPriorPerturbation(model, ('shift', 0.1)): ...``.
    """

    def __init__(self, model, level) -> None:
        self.lpb = getattr(getattr(model, 'backbone', None), 'lpb', None)
        if self.lpb is None:
            raise ValueError(f'{type(model).__name__} has no landmark prior branch to perturb')
        self.kind, self.amount = level
        if self.kind not in ('shift', 'rotate', 'noise'):
            raise ValueError(f'unknown landmark-prior perturbation {self.kind!r}')
        self.handle = None

    def perturb(self, x: torch.Tensor) -> torch.Tensor:
        if self.kind == 'noise':
            gen = torch.Generator(device=x.device).manual_seed(0)
            return x + self.amount * torch.randn(x.shape, generator=gen, device=x.device)
        theta = torch.zeros(x.shape[0], 2, 3, dtype=x.dtype, device=x.device)
        if self.kind == 'shift':  # affine_grid works in [-1, 1]: a side is 2 units
            theta[:, 0, 0] = theta[:, 1, 1] = 1
            theta[:, 0, 2] = theta[:, 1, 2] = 2 * self.amount
        else:
            a = math.radians(self.amount)
            theta[:, 0, 0], theta[:, 0, 1] = math.cos(a), -math.sin(a)
            theta[:, 1, 0], theta[:, 1, 1] = math.sin(a), math.cos(a)
        grid = F.affine_grid(theta, list(x.shape), align_corners=False)
        return F.grid_sample(x, grid, align_corners=False)

    def __enter__(self):
        self.handle = self.lpb.register_forward_pre_hook(
            lambda module, args: (self.perturb(args[0]), *args[1:]))
        return self

    def __exit__(self, *exc) -> None:
        self.handle.remove()
