"""Training the landmark prior branch (MobileFaceNet) on landmark regression.

No landmark weights can be downloaded here, so the LPB gets its prior from the landmarks in
mmfer's COCO files: RAF-DB's 5 manual landmarks, or the synthetic set's. Each face is cropped
(its box widened by ``margin``), resized to 112x112, and the network regresses the landmarks
in crop coordinates normalised to [0, 1], standardised by the training set's mean shape and
spread (the head ends in a BatchNorm1d, whose outputs start at zero mean and unit variance); the
checkpoint is written in POSTER++'s layout, which ``DualBranchBackbone(lpb_checkpoint=...)``
loads, with the standardisation in its ``meta``.
"""
import json
import os.path as osp
from typing import Dict, List

import cv2
import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset

from mmfer.datasets.expressions import LANDMARK_FLIP_INDICES, NUM_LANDMARKS
from mmfer.models.backbones.mobilefacenet import INPUT_SIZE, MobileFaceNet
from mmfer.utils.io import write_atomic

MEAN = np.array([123.675, 116.28, 103.53], dtype=np.float32)  # RGB, as the detectors use
STD = np.array([58.395, 57.12, 57.375], dtype=np.float32)


class FaceLandmarkCrops(Dataset):
    """Face crops (3, 112, 112) with their landmarks (5, 2) in [0, 1] and visibility (5,).

    Args:
        ann_file (str): a COCO file written by mmfer (keypoints = the 5 landmarks).
        img_dir (str): the folder the file's ``file_name`` entries are relative to.
        margin (float): how much each side of the box is widened, relative to its size.
        augment (bool): random horizontal flips and box jitter.
    """

    def __init__(self, ann_file: str, img_dir: str, margin: float = 0.1,
                 augment: bool = False) -> None:
        with open(ann_file, encoding='utf-8') as f:
            coco = json.load(f)
        files = {img['id']: img['file_name'] for img in coco['images']}
        self.samples = [(osp.join(img_dir, files[a['image_id']]), a['bbox'],
                         np.asarray(a['keypoints'], np.float32).reshape(-1, 3))
                        for a in coco['annotations'] if a.get('num_keypoints', 0) > 0]
        if not self.samples:
            raise ValueError(f'{ann_file}: no annotation with landmarks')
        self.margin = margin
        self.augment = augment
        self.rng = np.random.default_rng(0)

    def __len__(self) -> int:
        return len(self.samples)

    def _crop_box(self, index: int, jitter: np.ndarray):
        """The crop (x0, y0, x1, y1) of face ``index``: its box widened by margin + jitter."""
        x, y, w, h = self.samples[index][1]
        return (x - (self.margin + jitter[0]) * w, y - (self.margin + jitter[1]) * h,
                x + w + (self.margin + jitter[2]) * w, y + h + (self.margin + jitter[3]) * h)

    def landmarks(self, index: int):
        """Landmarks (5, 2) in the un-augmented crop's [0, 1] units and visibility (5,), without
        reading the image."""
        x0, y0, x1, y1 = self._crop_box(index, np.zeros(4))
        keypoints = self.samples[index][2]
        points = (keypoints[:, :2] - [x0, y0]) / [x1 - x0, y1 - y0]
        return (torch.from_numpy(points.astype(np.float32)),
                torch.from_numpy((keypoints[:, 2] > 0).astype(np.float32)))

    def all_landmarks(self):
        """Every face's landmarks (N, 5, 2) and visibility (N, 5), as :meth:`landmarks`."""
        points, visible = zip(*(self.landmarks(i) for i in range(len(self))))
        return torch.stack(points), torch.stack(visible)

    def landmark_statistics(self):
        """Mean (5, 2) and standard deviation (5, 2) of the visible landmarks, in [0, 1] units.
        """
        points, visible = self.all_landmarks()
        weight = visible[..., None]
        count = weight.sum(0).clamp(min=1)
        mean = (points * weight).sum(0) / count
        std = (((points - mean) ** 2 * weight).sum(0) / count).sqrt().clamp(min=1e-3)
        return mean, std

    def __getitem__(self, index: int):
        path, _, keypoints = self.samples[index]
        img = cv2.imread(path)
        if img is None:
            raise OSError(f'cannot read image {path}')
        jitter = self.rng.uniform(-0.05, 0.05, 4) if self.augment else np.zeros(4)
        x0, y0, x1, y1 = self._crop_box(index, jitter)
        scale = np.array([INPUT_SIZE / (x1 - x0), INPUT_SIZE / (y1 - y0)], np.float32)
        affine = np.array([[scale[0], 0, -x0 * scale[0]], [0, scale[1], -y0 * scale[1]]],
                          np.float32)
        crop = cv2.warpAffine(img, affine, (INPUT_SIZE, INPUT_SIZE), flags=cv2.INTER_LINEAR,
                              borderMode=cv2.BORDER_CONSTANT)[:, :, ::-1]
        points = (keypoints[:, :2] - [x0, y0]) * scale / INPUT_SIZE
        visible = (keypoints[:, 2] > 0).astype(np.float32)
        if self.augment and self.rng.random() < 0.5:
            crop = crop[:, ::-1]
            points = points[list(LANDMARK_FLIP_INDICES)] * [-1, 1] + [1, 0]
            visible = visible[list(LANDMARK_FLIP_INDICES)]
        image = (np.ascontiguousarray(crop, dtype=np.float32) - MEAN) / STD
        return (torch.from_numpy(image).permute(2, 0, 1), torch.from_numpy(points.astype(
            np.float32)), torch.from_numpy(visible))


def normalised_mean_error(pred: torch.Tensor, target: torch.Tensor,
                          visible: torch.Tensor) -> torch.Tensor:
    """Mean landmark distance over the inter-ocular distance (landmarks 0 and 1), per face."""
    dist = (pred - target).norm(dim=-1)
    inter_ocular = (target[:, 0] - target[:, 1]).norm(dim=-1).clamp(min=1e-6)
    return (dist * visible).sum(1) / visible.sum(1).clamp(min=1) / inter_ocular


def train_landmark_branch(train_ann: str, train_img_dir: str, test_ann: str, test_img_dir: str,
                          out_file: str, epochs: int = 30, batch_size: int = 32,
                          lr: float = 2e-3, force: bool = False, seed: int = 0,
                          log=print) -> Dict[str, List[float]]:
    """Train ``MobileFaceNet(num_landmarks=5)`` and save it in POSTER++'s layout.

    The checkpoint (``{'state_dict': ..., 'meta': ...}``) is written atomically; an existing
    ``out_file`` is only replaced with ``force``.

    Returns:
        dict: ``train_loss`` and ``test_nme`` per epoch.
    """
    if osp.exists(out_file) and not force:
        raise FileExistsError(f'{out_file} already exists; pass --force to overwrite it')
    torch.manual_seed(seed)
    train = FaceLandmarkCrops(train_ann, train_img_dir, augment=True)
    test = FaceLandmarkCrops(test_ann, test_img_dir)
    loader = DataLoader(train, batch_size=batch_size, shuffle=True, drop_last=len(train) >
                        batch_size)
    mean, std = train.landmark_statistics()
    model = MobileFaceNet(num_landmarks=NUM_LANDMARKS)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=1e-4)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=lr,
                                                    total_steps=epochs * len(loader))
    test_points, test_visible = test.all_landmarks()
    history = dict(train_loss=[], test_nme=[],
                   mean_shape_nme=float(normalised_mean_error(
                       mean.expand(len(test), -1, -1), test_points, test_visible).mean()))
    log(f'predicting the mean shape: test NME {history["mean_shape_nme"]:.4f}')
    for epoch in range(epochs):
        model.train()
        losses = []
        for images, points, visible in loader:
            pred = model.regress_landmarks(images)
            loss = (F.smooth_l1_loss(pred, (points - mean) / std, reduction='none').sum(-1)
                    * visible).sum() / visible.sum().clamp(min=1)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()
            losses.append(loss.item())
        nme = evaluate_landmark_branch(model, test, mean, std)
        history['train_loss'].append(float(np.mean(losses)))
        history['test_nme'].append(nme)
        log(f'epoch {epoch + 1}/{epochs}  loss {np.mean(losses):.4f}  test NME {nme:.4f}')
    checkpoint = dict(state_dict=model.state_dict(),
                      meta=dict(num_landmarks=NUM_LANDMARKS, epochs=epochs,
                                landmark_mean=mean.tolist(), landmark_std=std.tolist(),
                                test_nme=history['test_nme'][-1], train_ann=train_ann))
    write_atomic(out_file, lambda tmp: torch.save(checkpoint, tmp), force=force)
    return history


@torch.no_grad()
def evaluate_landmark_branch(model: MobileFaceNet, dataset: FaceLandmarkCrops,
                             mean: torch.Tensor, std: torch.Tensor) -> float:
    """Mean normalised error over ``dataset`` of ``model``, trained on landmarks standardised
    by ``mean`` and ``std`` (5, 2)."""
    model.eval()
    errors = [normalised_mean_error(model.regress_landmarks(images) * std + mean, points,
                                    visible)
              for images, points, visible in DataLoader(dataset, batch_size=64)]
    return float(torch.cat(errors).mean())
