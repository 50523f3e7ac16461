import pytest
import torch

from mmfer.models.layers import DFPM, ChannelGate, SpatialGate


@pytest.mark.parametrize('prior_channels', [64, None])
def test_dfpm_is_identity_at_init(prior_channels):
    dfpm = DFPM(32, prior_channels)
    dfpm.init_weights()
    x = torch.randn(2, 32, 13, 9)
    prior = torch.randn(2, 64, 7, 7) if prior_channels else None
    for mode in (dfpm.train, dfpm.eval):
        mode()
        assert torch.equal(dfpm(x, prior), x)


def test_dfpm_uses_the_prior_once_trained():
    torch.manual_seed(0)
    dfpm = DFPM(16, prior_channels=8).eval()
    with torch.no_grad():
        dfpm.alpha.fill_(1.0)
        dfpm.beta.fill_(1.0)
        dfpm.gamma.fill_(1.0)
    x = torch.randn(1, 16, 10, 10)
    a = dfpm(x, torch.randn(1, 8, 7, 7))
    b = dfpm(x, torch.randn(1, 8, 7, 7))
    assert not torch.allclose(a, b) and not torch.allclose(a, x)


@pytest.mark.parametrize('prior_size', [7, 20])
def test_eval_projects_the_smaller_map_first_with_the_same_result(prior_size):
    """Resize-then-project (the paper's order) and project-then-resize agree in eval mode."""
    torch.manual_seed(0)
    dfpm = DFPM(16, prior_channels=8).eval()
    with torch.no_grad():
        dfpm.align.bn.running_mean.uniform_(-1, 1)
        dfpm.align.bn.running_var.uniform_(0.5, 2)
        dfpm.align.bn.weight.uniform_(0.5, 1.5)
    prior = torch.randn(2, 8, prior_size, prior_size)
    resized = torch.nn.functional.interpolate(prior, size=(13, 11), mode='bilinear',
                                              align_corners=False)
    with torch.no_grad():
        expected = dfpm.align(resized)
        assert (dfpm.aligned(prior, (13, 11)) - expected).abs().max() < 1e-5
        dfpm.train()  # training keeps the paper's order (its BN statistics are the resized map's)
        assert torch.equal(dfpm.aligned(prior, (13, 11)), dfpm.align(resized))


def test_every_parameter_learns_from_the_identity():
    torch.manual_seed(0)
    dfpm = DFPM(8, prior_channels=4)
    x, prior = torch.randn(2, 8, 6, 6), torch.randn(2, 4, 3, 3)
    optimizer = torch.optim.SGD(dfpm.parameters(), lr=0.5)
    start = {n: p.detach().clone() for n, p in dfpm.named_parameters()}
    for _ in range(4):  # gamma moves first, then alpha and beta, then the gates
        loss = (dfpm(x, prior) - 2 * x).pow(2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    moved = {n for n, p in dfpm.named_parameters() if not torch.equal(p, start[n])}
    # In training mode the BN after the modulation cancels any batch-wide per-channel scale,
    # so the biases that only shift the gates for every sample alike may stay put.
    assert {'gamma', 'alpha', 'beta', 'dwconv.weight', 'pwconv.weight', 'align.conv.weight',
            'channel_gate.mlp.2.weight', 'spatial_gate.out.weight'} <= moved


def test_gate_shapes_and_ranges():
    p = torch.randn(3, 24, 11, 7)
    ch, sp = ChannelGate(24)(p), SpatialGate(24)(p)
    assert ch.shape == (3, 24, 1, 1) and sp.shape == (3, 1, 11, 7)
    assert ((ch > 0) & (ch < 1)).all() and ((sp > 0) & (sp < 1)).all()


def test_missing_prior_is_an_error():
    with pytest.raises(ValueError, match='needs a prior'):
        DFPM(8, prior_channels=4)(torch.randn(1, 8, 4, 4))
