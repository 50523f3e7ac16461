import math

import pytest
import torch

from mmfer.models.losses import DDFLoss


def kl_times_t2(student, teacher, t=5.0):
    return torch.nn.functional.kl_div(torch.log_softmax(student / t, 1),
                                      torch.softmax(teacher / t, 1),
                                      reduction='none').sum(1) * t * t


def test_matches_the_hand_computed_value():
    # student (0.5, 0.5), teacher (0.75, 0.25) at T = 5: KL = 0.75 ln 1.5 + 0.25 ln 0.5
    t = 5.0
    teacher = torch.tensor([[t * math.log(3), 0.0]] * 2)
    student = torch.zeros(2, 2)
    weight = torch.tensor([0.5, 1.0])
    pos = torch.tensor([True, False])
    loss = DDFLoss(temperature=t, loss_weight=1.0)(student, teacher, weight, pos)
    kl = (0.75 * math.log(1.5) + 0.25 * math.log(0.5)) * t * t
    # one positive and one negative edge: both parts weigh sqrt(1) = 1
    assert loss.item() == pytest.approx((0.5 * kl + 1.0 * kl) / 2, rel=1e-5)


def test_is_zero_when_the_student_agrees_and_positives_weigh_by_sqrt_counts():
    logits = torch.randn(12, 33, generator=torch.Generator().manual_seed(0))
    loss = DDFLoss()
    zero = loss(logits, logits, torch.ones(12), torch.zeros(12, dtype=torch.bool))
    # float32 rounding of log_softmax against softmax, scaled by T^2 = 25 and the weight 1.5
    assert zero.item() == pytest.approx(0.0, abs=1e-5)
    student = torch.zeros(12, 33)
    pos = torch.tensor([True] * 4 + [False] * 8)
    weight = torch.cat([torch.full((4,), 2.0), torch.ones(8)])
    value = loss(student, logits, weight, pos)
    kl = kl_times_t2(student, logits)
    n_pos, n_neg = math.sqrt(4), math.sqrt(8)
    expected = ((kl[:4] * 2).mean() * n_pos + kl[4:].mean() * n_neg) / (n_pos + n_neg)
    assert value.item() == pytest.approx(1.5 * expected.item(), rel=1e-5)


def test_given_counts_replace_the_masks_counts():
    """Denoising outputs use the matching branch's counts (few matched, many unmatched)."""
    teacher, student = torch.randn(6, 33), torch.randn(6, 33)
    pos = torch.tensor([True] * 3 + [False] * 3)
    weight = torch.rand(6)
    kl = kl_times_t2(student, teacher) * weight
    value = DDFLoss(loss_weight=1.0)(student, teacher, weight, pos, counts=(4, 1196))
    expected = (kl[:3].mean() * 2 + kl[3:].mean() * math.sqrt(1196)) / (2 + math.sqrt(1196))
    assert value.item() == pytest.approx(expected.item(), rel=1e-5)
    default = DDFLoss(loss_weight=1.0)(student, teacher, weight, pos)
    assert default.item() == pytest.approx(kl.mean().item(), rel=1e-5)
    # a zero count drops its part instead of dividing by zero
    only_neg = DDFLoss(loss_weight=1.0)(student, teacher, weight, pos, counts=(0, 5))
    assert only_neg.item() == pytest.approx(kl[3:].mean().item(), rel=1e-5)
