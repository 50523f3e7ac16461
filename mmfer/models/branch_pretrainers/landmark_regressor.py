"""Pre-training the landmark prior branch (MobileFaceNet) on landmark regression.

No landmark weights can be downloaded here, so the LPB gets its prior from the landmarks in
mmfer's COCO files (RAF-DB's 5 manual landmarks, or the synthetic set's): each face crop
(112 x 112) regresses its landmarks in crop units, standardised by the training set's mean shape
and spread (``LandmarkStatisticsHook`` sets them before training; the head ends in a
BatchNorm1d, whose outputs start at zero mean and unit variance).
"""
from typing import Dict, List, Optional, Union

import torch
import torch.nn.functional as F
from mmengine.model import BaseModel
from torch import Tensor

from mmfer.datasets.expressions import NUM_LANDMARKS
from mmfer.registry import MODELS

from ..backbones.mobilefacenet import MobileFaceNet


def normalised_mean_error(pred: Tensor, target: Tensor, visible: Tensor) -> Tensor:
    """Mean landmark distance over the inter-ocular distance (landmarks 0 and 1), per face.

    Shapes: pred, target (N, 5, 2), visible (N, 5) -> (N,).
    """
    dist = (pred - target).norm(dim=-1)
    inter_ocular = (target[:, 0] - target[:, 1]).norm(dim=-1).clamp(min=1e-6)
    return (dist * visible).sum(1) / visible.sum(1).clamp(min=1) / inter_ocular


@MODELS.register_module()
class LandmarkRegressor(BaseModel):
    """MobileFaceNet with its landmark head, trained with a smooth-L1 loss on visible landmarks.

    Inputs (B, 3, 112, 112), ImageNet-normalised RGB (the data preprocessor does it, as
    POSTER++'s MobileFaceNet expects); ``data_samples``: ``landmarks`` (B, 5, 2) in crop units
    and ``visible`` (B, 5). :meth:`export_branch` gives the weights in POSTER++'s layout, which
    ``DualBranchBackbone(lpb_checkpoint=...)`` loads, with the standardisation in its meta.

    Args:
        num_landmarks (int): landmarks regressed. Defaults to 5.
        data_preprocessor (dict, optional): mmengine's; ImageNet mean and std by default.
        init_cfg (dict, optional): mmengine initialisation config.
    """

    def __init__(self, num_landmarks: int = NUM_LANDMARKS,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        if data_preprocessor is None:
            data_preprocessor = dict(type='ImgDataPreprocessor',
                                     mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375])
        super().__init__(data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        self.mobilefacenet = MobileFaceNet(num_landmarks=num_landmarks)
        self.register_buffer('landmark_mean', torch.full((num_landmarks, 2), 0.5))
        self.register_buffer('landmark_std', torch.ones(num_landmarks, 2))

    def set_landmark_statistics(self, mean: Tensor, std: Tensor) -> None:
        """The mean shape (5, 2) and spread (5, 2) the regression targets are standardised by."""
        self.landmark_mean.copy_(mean)
        self.landmark_std.copy_(std)

    def landmarks(self, inputs: Tensor) -> Tensor:
        """Landmarks (B, 5, 2) in crop units."""
        return self.mobilefacenet.regress_landmarks(inputs) * self.landmark_std \
            + self.landmark_mean

    def forward(self, inputs: Tensor, data_samples: Optional[dict] = None,
                mode: str = 'tensor') -> Union[Tensor, Dict[str, Tensor], List[dict]]:
        """``'tensor'``: landmarks (B, 5, 2); ``'loss'``: ``loss_landmarks``; ``'predict'``:
        per crop ``nme`` (its normalised mean error)."""
        if mode == 'loss':
            pred = self.mobilefacenet.regress_landmarks(inputs)
            target = (data_samples['landmarks'] - self.landmark_mean) / self.landmark_std
            visible = data_samples['visible']
            loss = (F.smooth_l1_loss(pred, target, reduction='none').sum(-1) * visible).sum()
            return dict(loss_landmarks=loss / visible.sum().clamp(min=1))
        points = self.landmarks(inputs)
        if mode == 'predict':
            nme = normalised_mean_error(points, data_samples['landmarks'],
                                        data_samples['visible'])
            return [dict(nme=float(e)) for e in nme]
        return points

    def export_branch(self) -> dict:
        """``{'state_dict': POSTER++'s layout, 'meta': ...}``: what ``lpb_checkpoint`` loads
        (contiguous tensors, whatever memory format the run trained in)."""
        return dict(state_dict={k: v.detach().cpu().contiguous() for k, v in
                                self.mobilefacenet.state_dict().items()},
                    meta=dict(num_landmarks=self.mobilefacenet.num_landmarks,
                              landmark_mean=self.landmark_mean.tolist(),
                              landmark_std=self.landmark_std.tolist()))
