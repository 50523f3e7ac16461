import math

import pytest
import torch

from mmfer.models.losses import MALLoss


def bce(logit, target):
    p = 1 / (1 + math.exp(-logit))
    return -(target * math.log(p) + (1 - target) * math.log(1 - p))


def test_matches_the_hand_computed_value():
    # one matched query (class 0, IoU 0.5), two classes; gamma 1.5
    logits = torch.tensor([[[0.0, 1.0]]])
    loss = MALLoss(gamma=1.5)(logits, torch.tensor([[0]]), torch.tensor([[0.5]]), avg_factor=1)
    p1 = 1 / (1 + math.exp(-1.0))
    expected = bce(0.0, 0.5 ** 1.5) * 1.0 + bce(1.0, 0.0) * p1 ** 1.5
    assert loss.item() == pytest.approx(expected, rel=1e-5)  # 0.693147 + 0.820885


def test_unmatched_queries_are_pure_negatives_and_avg_factor_divides():
    logits = torch.tensor([[[2.0, -1.0], [0.5, 0.0]]])
    labels = torch.tensor([[2, 2]])  # background for both
    loss = MALLoss(gamma=2.0, loss_weight=3.0)(logits, labels, torch.zeros(1, 2), avg_factor=4)
    expected = sum(bce(x, 0.0) * (1 / (1 + math.exp(-x))) ** 2 for x in (2.0, -1.0, 0.5, 0.0))
    assert loss.item() == pytest.approx(3.0 * expected / 4, rel=1e-5)


def test_a_positive_weight_does_not_shrink_with_its_iou():
    logits = torch.zeros(1, 1, 1, requires_grad=True)
    MALLoss()(logits, torch.tensor([[0]]), torch.tensor([[0.1]])).backward()
    # d BCE / d logit = p - target = 0.5 - 0.1^1.5, with weight 1 (not the target)
    assert logits.grad.item() == pytest.approx(0.5 - 0.1 ** 1.5, rel=1e-5)


def test_rejects_labels_outside_the_classes():
    with pytest.raises(ValueError, match='labels must lie in'):
        MALLoss()(torch.zeros(1, 1, 7), torch.tensor([[9]]), torch.ones(1, 1))
