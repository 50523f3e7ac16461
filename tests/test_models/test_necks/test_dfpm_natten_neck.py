import pytest
import torch

from mmfer.models.necks import DFPMNattenNeck
from mmfer.registry import MODELS

HGNET_CHANNELS = {'N': [256, 512, 1024], 'S': [256, 512, 1024], 'M': [384, 768, 1536]}
LPB_CHANNELS = [64, 128, 512]


def maps(channels, sizes, batch=2):
    return [torch.randn(batch, c, h, w) for c, (h, w) in zip(channels, sizes)]


@pytest.mark.parametrize('size', ['N', 'S', 'M'])
def test_shapes_with_prior_for_each_size(size):
    neck = MODELS.build(dict(type='DFPMNattenNeck', in_channels=HGNET_CHANNELS[size],
                             out_channels=64, prior_channels=LPB_CHANNELS, num_heads=4))
    sizes = [(16, 16), (8, 8), (4, 4)]
    inputs = maps(HGNET_CHANNELS[size], sizes) + maps(LPB_CHANNELS, [(28, 28), (14, 14), (7, 7)])
    outs = neck(inputs)
    assert [tuple(o.shape) for o in outs] == [(2, 64, h, w) for h, w in sizes]
    assert neck.kernel_sizes == [7, 5, 3]


def test_without_prior_any_levels_and_extra_outputs():
    neck = DFPMNattenNeck([16, 32, 64, 128], out_channels=32, num_outs=6, num_heads=4,
                          kernel_sizes=(5, 3))
    assert neck.kernel_sizes == [5, 3, 3, 3]
    outs = neck(maps([16, 32, 64, 128], [(33, 17), (17, 9), (9, 5), (5, 3)]))
    assert [tuple(o.shape[-2:]) for o in outs] == [(33, 17), (17, 9), (9, 5), (5, 3), (3, 2),
                                                    (2, 1)]
    assert all(o.shape[1] == 32 for o in outs)


def test_every_parameter_gets_a_gradient():
    neck = DFPMNattenNeck([8, 16], out_channels=16, num_heads=2, prior_channels=[4, 4],
                          num_outs=3)
    with torch.no_grad():  # let the prior in, so the gates are on the gradient's path
        for dfpm in neck.dfpms:
            dfpm.alpha.fill_(0.5)
            dfpm.beta.fill_(0.5)
            dfpm.gamma.fill_(0.5)
    inputs = maps([8, 16], [(12, 12), (6, 6)]) + maps([4, 4], [(7, 7), (7, 7)])
    sum(o.sum() for o in neck(inputs)).backward()
    missing = [n for n, p in neck.named_parameters() if p.grad is None or not p.grad.any()]
    assert not missing


def test_bad_inputs():
    neck = DFPMNattenNeck([8, 16], out_channels=16, num_heads=2, prior_channels=[4, 4])
    with pytest.raises(ValueError, match='expects 4 inputs'):
        neck(maps([8, 16], [(8, 8), (4, 4)]))
    with pytest.raises(ValueError, match='num_outs'):
        DFPMNattenNeck([8, 16], num_outs=1)
    with pytest.raises(ValueError, match='prior_channels'):
        DFPMNattenNeck([8, 16], prior_channels=[4])
