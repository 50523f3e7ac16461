"""DEIM's Matchability-Aware Loss (MAL) for the class scores."""
from typing import Optional

import torch.nn.functional as F
from torch import Tensor, nn

from mmfer.registry import MODELS


@MODELS.register_module()
class MALLoss(nn.Module):
    """Binary cross-entropy towards ``IoU ** gamma`` at the matched class, 0 elsewhere.

    For a score p = sigmoid(logit), one-hot label y and the matched box's IoU q:
    target t = y * q^gamma, weight w = y + (1 - y) * p^gamma (p detached), and
    loss = sum(w * BCE(logit, t)) / avg_factor. Unlike VFL, a positive's weight does not shrink
    with its IoU, so low-quality matches (which Dense O2O produces) still train their class.

    Args:
        gamma: the IoU exponent and the negatives' focusing exponent (1.5 in DEIM).
        alpha: optional extra factor on the negatives' weight (DEIM's ``mal_alpha``; None: 1).
        loss_weight: the loss's weight.
    """

    def __init__(self, gamma: float = 1.5, alpha: Optional[float] = None,
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        self.gamma, self.alpha, self.loss_weight = gamma, alpha, loss_weight

    def forward(self, logits: Tensor, labels: Tensor, ious: Tensor,
                avg_factor: float = 1.0) -> Tensor:
        """Args:
            logits: (..., C) class logits.
            labels: (...) long, the matched class, or C (background) for unmatched queries.
            ious: (...) IoU of each matched query's box with its target (ignored elsewhere).
            avg_factor: the number of target boxes.
        """
        num_classes = logits.shape[-1]
        if labels.min() < 0 or labels.max() > num_classes:
            raise ValueError(f'labels must lie in [0, {num_classes}], got '
                             f'[{int(labels.min())}, {int(labels.max())}]')
        onehot = F.one_hot(labels, num_classes + 1)[..., :num_classes].to(logits.dtype)
        target = onehot * ious.detach().to(logits.dtype).clamp(0, 1).unsqueeze(-1).pow(self.gamma)
        neg_weight = logits.detach().sigmoid().pow(self.gamma)
        if self.alpha is not None:
            neg_weight = self.alpha * neg_weight
        weight = neg_weight * (1 - onehot) + onehot
        loss = F.binary_cross_entropy_with_logits(logits, target, weight=weight, reduction='sum')
        return self.loss_weight * loss / max(float(avg_factor), 1.0)
