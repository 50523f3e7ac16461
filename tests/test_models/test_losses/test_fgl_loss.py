import math

import pytest
import torch

from mmfer.models.losses import FGLLoss


def test_matches_the_hand_computed_value():
    # bin probabilities (0.25, 0.5, 0.25): CE(bin 0) = log 4, CE(bin 1) = log 2
    corners = torch.log(torch.tensor([[1.0, 2.0, 1.0]]))
    loss = FGLLoss(loss_weight=1.0)(corners, torch.tensor([0.0]), torch.tensor([0.25]),
                                    torch.tensor([0.75]), torch.tensor([0.8]), avg_factor=1)
    assert loss.item() == pytest.approx(0.8 * (0.75 * math.log(4) + 0.25 * math.log(2)),
                                        rel=1e-5)


def test_is_smallest_for_the_target_distribution_and_scales_with_weights():
    index, w_right, w_left = torch.tensor([1.0]), torch.tensor([0.3]), torch.tensor([0.7])
    loss = FGLLoss(loss_weight=0.15)
    target = torch.log(torch.tensor([[1e-6, 0.7, 0.3, 1e-6]]))
    other = torch.zeros(1, 4)
    one = loss(target, index, w_right, w_left, torch.ones(1))
    assert one < loss(other, index, w_right, w_left, torch.ones(1))
    assert loss(target, index, w_right, w_left, torch.ones(1), avg_factor=2) == one / 2
