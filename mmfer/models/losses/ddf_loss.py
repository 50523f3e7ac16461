"""D-FINE's Decoupled Distillation Focal (DDF) loss: the last layer teaches the earlier ones."""
import torch
import torch.nn.functional as F
from torch import Tensor, nn

from mmfer.registry import MODELS


@MODELS.register_module()
class DDFLoss(nn.Module):
    """Temperature-scaled KL from the final layer's edge distributions to an earlier layer's.

    Every edge's KL (times T^2) is weighted by its query's quality (the IoU for matched
    queries, the teacher's top class score for the others); matched and unmatched edges are
    averaged separately and combined with weights sqrt(n_pos * s) and sqrt(n_neg * s),
    s = 8 / batch size, so that the few matched queries are not drowned by the many others.
    """

    def __init__(self, temperature: float = 5.0, loss_weight: float = 1.5) -> None:
        super().__init__()
        self.temperature, self.loss_weight = temperature, loss_weight

    def forward(self, corners: Tensor, teacher: Tensor, weight: Tensor, pos_mask: Tensor,
                batch_size: int) -> Tensor:
        """Args:
            corners, teacher: (E, reg_max + 1) student and teacher edge logits.
            weight: (E,) per-edge weight; pos_mask: (E,) bool, edges of matched queries.
            batch_size: images in the batch.
        """
        t = self.temperature
        kl = F.kl_div(F.log_softmax(corners / t, dim=1), F.softmax(teacher.detach() / t, dim=1),
                      reduction='none').sum(-1)
        kl = kl * weight.detach() * t * t
        scale = 8.0 / batch_size
        parts = [(kl[m].mean(), (m.sum() * scale) ** 0.5) for m in (pos_mask, ~pos_mask)
                 if m.any()]
        if not parts:
            return corners.sum() * 0
        total = sum(loss * n for loss, n in parts) / sum(n for _, n in parts)
        return self.loss_weight * torch.as_tensor(total)
