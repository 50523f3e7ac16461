"""D-FINE's Decoupled Distillation Focal (DDF) loss: the last layer teaches the earlier ones."""
from typing import Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from mmfer.registry import MODELS


@MODELS.register_module()
class DDFLoss(nn.Module):
    """Temperature-scaled KL from the final layer's edge distributions to an earlier layer's.

    Every edge's KL (times T^2) is weighted by its query's quality (the IoU for matched
    queries, the teacher's top class score for the others); matched and unmatched edges are
    averaged separately and combined with weights sqrt(n_pos) and sqrt(n_neg), so that the
    few matched queries are not drowned by the many others. (D-FINE also multiplies both
    counts by 8 / batch size, which cancels in the ratio.)

    The counts default to those of ``pos_mask``; the reference passes the matching branch's
    counts to the denoising outputs, whose own split is half positive by construction.
    """

    def __init__(self, temperature: float = 5.0, loss_weight: float = 1.5) -> None:
        super().__init__()
        self.temperature, self.loss_weight = temperature, loss_weight

    def forward(self, corners: Tensor, teacher: Tensor, weight: Tensor, pos_mask: Tensor,
                counts: Optional[Tuple[float, float]] = None) -> Tensor:
        """Args:
            corners, teacher: (E, reg_max + 1) student and teacher edge logits.
            weight: (E,) per-edge weight; pos_mask: (E,) bool, edges of matched queries.
            counts: (n_pos, n_neg) that weigh the two means; default: the mask's counts.
        """
        t = self.temperature
        kl = F.kl_div(F.log_softmax(corners / t, dim=1), F.softmax(teacher.detach() / t, dim=1),
                      reduction='none').sum(-1)
        kl = kl * weight.detach() * t * t
        if counts is None:
            counts = (float(pos_mask.sum()), float((~pos_mask).sum()))
        parts = [(kl[m].mean(), float(n) ** 0.5) for m, n in zip((pos_mask, ~pos_mask), counts)
                 if m.any() and n > 0]
        if not parts:
            return corners.sum() * 0
        total = sum(loss * n for loss, n in parts) / sum(n for _, n in parts)
        return self.loss_weight * torch.as_tensor(total)
