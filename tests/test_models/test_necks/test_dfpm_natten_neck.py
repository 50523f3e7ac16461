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


@pytest.mark.parametrize('dfpm_position', ['input', 'projection'])
def test_every_parameter_gets_a_gradient(dfpm_position):
    neck = DFPMNattenNeck([8, 16], out_channels=16, num_heads=2, prior_channels=[4, 4],
                          num_outs=3, dfpm_position=dfpm_position)
    with torch.no_grad():  # let the prior in, so the gates are on the gradient's path
        for dfpm in neck.dfpms:
            dfpm.alpha.fill_(0.5)
            dfpm.beta.fill_(0.5)
            dfpm.gamma.fill_(0.5)
    inputs = maps([8, 16], [(12, 12), (6, 6)]) + maps([4, 4], [(7, 7), (7, 7)])
    sum(o.sum() for o in neck(inputs)).backward()
    missing = [n for n, p in neck.named_parameters() if p.grad is None or not p.grad.any()]
    assert not missing


def test_dfpm_after_the_projection_gates_the_projected_map():
    torch.manual_seed(0)
    kwargs = dict(in_channels=[8, 16], out_channels=12, num_heads=2, prior_channels=[4, 6])
    paper, cheap = DFPMNattenNeck(**kwargs), DFPMNattenNeck(**kwargs, dfpm_position='projection')
    assert [d.dwconv.in_channels for d in paper.dfpms] == [8, 16]
    assert [d.dwconv.in_channels for d in cheap.dfpms] == [12, 12]
    shared = {k: v for k, v in paper.state_dict().items() if not k.startswith('dfpms.')}
    cheap.load_state_dict({**cheap.state_dict(), **shared})
    paper.eval(), cheap.eval()
    inputs = maps([8, 16], [(10, 10), (5, 5)]) + maps([4, 6], [(7, 7), (7, 7)])
    # the DFPM is the identity at initialisation: both orders compute the same neck
    for a, b in zip(paper(inputs), cheap(inputs)):
        torch.testing.assert_close(a, b)
    with torch.no_grad():
        for dfpm in cheap.dfpms:
            dfpm.alpha.fill_(0.5), dfpm.beta.fill_(0.5), dfpm.gamma.fill_(0.5)
        level = cheap.dfpms[0](cheap.projections[0](inputs[0]), inputs[2])
        expected = cheap.refinements[0](cheap.nat_blocks[0](level))
        context = cheap.fusion([expected, cheap.refinements[1](cheap.nat_blocks[1](
            cheap.dfpms[1](cheap.projections[1](inputs[1]), inputs[3])))])
        expected = expected + torch.nn.functional.interpolate(context, size=(10, 10),
                                                              mode='bilinear')
        torch.testing.assert_close(cheap(inputs)[0], expected)
        assert not torch.allclose(cheap(inputs)[0], paper(inputs)[0])


def test_bad_inputs():
    neck = DFPMNattenNeck([8, 16], out_channels=16, num_heads=2, prior_channels=[4, 4])
    with pytest.raises(ValueError, match='expects 4 inputs'):
        neck(maps([8, 16], [(8, 8), (4, 4)]))
    with pytest.raises(ValueError, match='num_outs'):
        DFPMNattenNeck([8, 16], num_outs=1)
    with pytest.raises(ValueError, match='prior_channels'):
        DFPMNattenNeck([8, 16], prior_channels=[4])
    with pytest.raises(ValueError, match="dfpm_position must be 'input' or 'projection'"):
        DFPMNattenNeck([8, 16], dfpm_position='output')
