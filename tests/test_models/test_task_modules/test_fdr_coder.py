"""FDRCoder: D-FINE's weighting function, integral and distance <-> box, in one place."""
import pytest
import torch

from mmfer.models.task_modules import FDRCoder
from mmfer.registry import TASK_UTILS


def reference_weighting_function(reg_max, up, reg_scale):
    """D-FINE's ``weighting_function`` as written in its repository (dfine_utils.py)."""
    up = torch.tensor([up])
    upper_bound1 = abs(up[0]) * abs(reg_scale)
    upper_bound2 = abs(up[0]) * abs(reg_scale) * 2
    step = (upper_bound1 + 1) ** (2 / (reg_max - 2))
    left_values = [-(step) ** i + 1 for i in range(reg_max // 2 - 1, 0, -1)]
    right_values = [(step) ** i - 1 for i in range(1, reg_max // 2)]
    values = ([-upper_bound2] + left_values + [torch.zeros_like(up[0][None])] + right_values
              + [upper_bound2])
    return torch.cat([v.reshape(1) for v in values], 0)


@pytest.mark.parametrize('reg_max, up, reg_scale', [(32, 0.5, 4.0), (16, 0.5, 8.0), (8, 1.0, 2)])
def test_weights_equal_d_fines_to_the_last_bit(reg_max, up, reg_scale):
    coder = FDRCoder(reg_max, reg_scale, up)
    assert torch.equal(coder.weights(), reference_weighting_function(reg_max, up, reg_scale))


def test_weights_are_symmetric_bounded_increasing_and_reject_odd_bins():
    w = FDRCoder().weights()
    assert w.numel() == 33 and w[16] == 0
    assert torch.allclose(w, -w.flip(0)) and w[0] == -4 and w[-1] == 4
    assert (w[1:] > w[:-1]).all()
    with pytest.raises(ValueError, match='reg_max'):
        FDRCoder(reg_max=7)


def test_encode_inverts_decode():
    coder = TASK_UTILS.build(dict(type='FDRCoder'))
    project = coder.weights()
    gen = torch.Generator().manual_seed(0)
    ref = torch.cat([0.3 + 0.4 * torch.rand(20, 2, generator=gen),
                     0.2 + 0.2 * torch.rand(20, 2, generator=gen)], 1)
    cx, cy, w, h = ref.unbind(1)
    jitter = 0.05 * torch.randn(20, 4, generator=gen)
    target = torch.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], 1) + jitter
    index, w_right, w_left = coder.encode(ref, target)
    left = index.long()
    assert torch.allclose(w_left + w_right, torch.ones_like(w_left))
    distance = (project[left] * w_left + project[left + 1] * w_right).view(20, 4)
    boxes = coder.distance2bbox(ref, distance)
    expected = torch.cat([(target[:, :2] + target[:, 2:]) / 2, target[:, 2:] - target[:, :2]], 1)
    assert torch.allclose(boxes, expected, atol=1e-5)


def test_decode_of_a_peaked_distribution_moves_each_edge_by_its_bin():
    coder = FDRCoder()
    ref = torch.tensor([[0.5, 0.5, 0.4, 0.2]])
    corners = torch.full((1, 4, 33), -50.0)
    corners[0, :, 20] = 50.0  # every edge: bin 20, outwards by W(20) * size / c
    box = coder.decode(ref, corners.flatten(1))
    grow = coder.weights()[20].item() / 4.0
    assert torch.allclose(box, torch.tensor([[0.5, 0.5, 0.4 * (1 + 2 * grow),
                                              0.2 * (1 + 2 * grow)]]), atol=1e-5)
    assert box[0, 2] > ref[0, 2]


def test_targets_beyond_the_outer_bins_put_their_weight_on_the_outermost():
    coder = FDRCoder()
    ref = torch.tensor([[0.5, 0.5, 0.1, 0.1]])
    # left edge far outside the reference: beyond the last bin; bottom edge far inside it
    # (above its centre): below the first bin; top edge on the reference's own: the middle bin
    index, w_right, w_left = coder.encode(ref, torch.tensor([[0.0, 0.45, 1.0, 0.3]]))
    assert index[0] == pytest.approx(31.9) and w_right[0] == 1 and w_left[0] == 0
    assert index[3] == 0 and w_left[3] == 1 and w_right[3] == 0
    w = coder.weights()
    i = index[1].long()
    assert (w[i] * w_left[1] + w[i + 1] * w_right[1]).abs() < 1e-5
