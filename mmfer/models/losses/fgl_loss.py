"""D-FINE's Fine-Grained Localization (FGL) loss on the edge distributions."""
import torch.nn.functional as F
from torch import Tensor, nn

from mmfer.registry import MODELS


@MODELS.register_module()
class FGLLoss(nn.Module):
    """Cross-entropy towards the two bins around each edge's target, weighted by the IoU.

    An edge whose target lies at fractional bin index ``i + f`` (see ``bbox2distance``)
    contributes ``iou * ((1 - f) * CE(logits, i) + f * CE(logits, i + 1))``; the sum is divided
    by ``avg_factor`` (the number of target boxes).
    """

    def __init__(self, loss_weight: float = 0.15) -> None:
        super().__init__()
        self.loss_weight = loss_weight

    def forward(self, corners: Tensor, index: Tensor, weight_right: Tensor,
                weight_left: Tensor, iou: Tensor, avg_factor: float = 1.0) -> Tensor:
        """Args:
            corners: (E, reg_max + 1) logits of E = 4 * boxes edges.
            index, weight_right, weight_left: (E,) from ``bbox2distance``.
            iou: (E,) the IoU of each edge's box with its target.
        """
        left = index.long()
        loss = (F.cross_entropy(corners, left, reduction='none') * weight_left +
                F.cross_entropy(corners, left + 1, reduction='none') * weight_right)
        return self.loss_weight * (loss * iou.detach()).sum() / max(float(avg_factor), 1.0)
