import pytest
import torch

from mmfer.models.necks import HybridEncoder


def test_keeps_every_level_at_the_hidden_width_and_reaches_all_inputs():
    neck = HybridEncoder(in_channels=[16, 32, 64], out_channels=32, feedforward_channels=64,
                         num_heads=4)
    feats = [torch.randn(2, c, s, s, requires_grad=True) for c, s in ((16, 16), (32, 8),
                                                                      (64, 4))]
    outs = neck(tuple(feats))
    assert [tuple(o.shape) for o in outs] == [(2, 32, 16, 16), (2, 32, 8, 8), (2, 32, 4, 4)]
    outs[0].sum().backward()  # the finest output sees the coarsest input (top-down path)
    assert feats[2].grad.abs().sum() > 0


def test_odd_sizes_and_wrong_level_count():
    neck = HybridEncoder(in_channels=[8, 8, 8], out_channels=16, feedforward_channels=32,
                         num_heads=2)
    outs = neck((torch.randn(1, 8, 13, 11), torch.randn(1, 8, 7, 6), torch.randn(1, 8, 4, 3)))
    assert [o.shape[-2:] for o in outs] == [(13, 11), (7, 6), (4, 3)]
    with pytest.raises(ValueError, match='expects 3 levels'):
        neck((torch.randn(1, 8, 8, 8),))
