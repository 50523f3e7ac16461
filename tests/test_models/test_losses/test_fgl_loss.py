import math

import pytest
import torch

from mmfer.models.layers.fdr import bbox2distance, distance2bbox, weighting_function
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


def test_bbox2distance_inverts_distance2bbox():
    project = weighting_function(32, 0.5, 4.0)
    gen = torch.Generator().manual_seed(0)
    ref = torch.cat([0.3 + 0.4 * torch.rand(20, 2, generator=gen),
                     0.2 + 0.2 * torch.rand(20, 2, generator=gen)], 1)
    cx, cy, w, h = ref.unbind(1)
    jitter = 0.05 * torch.randn(20, 4, generator=gen)
    target = torch.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], 1) + jitter
    index, w_right, w_left = bbox2distance(ref, target, project, 4.0)
    left = index.long()
    assert torch.allclose(w_left + w_right, torch.ones_like(w_left))
    distance = (project[left] * w_left + project[left + 1] * w_right).view(20, 4)
    boxes = distance2bbox(ref, distance, 4.0)
    expected = torch.cat([(target[:, :2] + target[:, 2:]) / 2, target[:, 2:] - target[:, :2]], 1)
    assert torch.allclose(boxes, expected, atol=1e-5)


def test_weighting_function_is_symmetric_and_bounded():
    w = weighting_function(32, 0.5, 4.0)
    assert w.numel() == 33 and w[16] == 0
    assert torch.allclose(w, -w.flip(0)) and w[0] == -4 and w[-1] == 4
    assert (w[1:] > w[:-1]).all()
    with pytest.raises(ValueError, match='reg_max'):
        weighting_function(7, 0.5, 4.0)
