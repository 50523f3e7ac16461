"""Pre-training the expression branch (HGNetV2) as a classifier of face crops.

DEIM starts its HGNetV2 from ImageNet weights, which cannot be downloaded here; for a short
run the expression branch can start instead from a classifier of the training split's own face
crops (``configs/pretrain/``): a few epochs that teach it the expressions before the detector
learns to find and match faces.
"""
from typing import Dict, List, Optional, Union

import timm
import torch.nn.functional as F
from mmengine.model import BaseModel
from torch import Tensor

from mmfer.registry import MODELS


@MODELS.register_module()
class ExpressionCropClassifier(BaseModel):
    """timm's HGNetV2 with a classifier head, trained with cross-entropy on face crops.

    Inputs (B, 3, S, S) in [0, 1] RGB (the detectors' convention; the data preprocessor
    scales the crops' bytes); ``data_samples['label']`` (B,) expression indices.
    :meth:`export_branch` gives the weights in timm's layout, which
    ``DualBranchBackbone(ebb_pretrained=...)`` loads (the classifier head is left out there).

    Args:
        arch (str): timm's HGNetV2 name, e.g. ``'hgnetv2_b0'``.
        num_classes (int): expressions. Defaults to 7.
        label_smoothing (float): cross-entropy's. Defaults to 0.1.
        data_preprocessor (dict, optional): mmengine's; scales the bytes to [0, 1].
        init_cfg (dict, optional): mmengine initialisation config.
    """

    def __init__(self, arch: str = 'hgnetv2_b0', num_classes: int = 7,
                 label_smoothing: float = 0.1, data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        if data_preprocessor is None:
            data_preprocessor = dict(type='ImgDataPreprocessor', mean=[0, 0, 0],
                                     std=[255, 255, 255])
        super().__init__(data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        self.arch, self.num_classes = arch, num_classes
        self.label_smoothing = label_smoothing
        self.classifier = timm.create_model(arch, pretrained=False, num_classes=num_classes)

    def forward(self, inputs: Tensor, data_samples: Optional[dict] = None,
                mode: str = 'tensor') -> Union[Tensor, Dict[str, Tensor], List[dict]]:
        """``'tensor'``: logits (B, C); ``'loss'``: ``loss_cls``; ``'predict'``: per crop
        ``pred_label`` and ``gt_label``."""
        logits = self.classifier(inputs)
        if mode == 'loss':
            return dict(loss_cls=F.cross_entropy(logits, data_samples['label'],
                                                 label_smoothing=self.label_smoothing))
        if mode == 'predict':
            return [dict(pred_label=int(p), gt_label=int(g))
                    for p, g in zip(logits.argmax(-1), data_samples['label'])]
        return logits

    def export_branch(self) -> dict:
        """``{'state_dict': timm's layout, 'meta': ...}``: what ``ebb_pretrained`` loads
        (contiguous tensors, whatever memory format the run trained in)."""
        return dict(state_dict={k: v.detach().cpu().contiguous() for k, v in
                                self.classifier.state_dict().items()},
                    meta=dict(arch=self.arch, num_classes=self.num_classes,
                              input='[0, 1] RGB'))

