"""ForeachExpMomentumEMA: MMDetection's ExpMomentumEMA, the same averages to the bit."""
import pytest
import torch
from mmdet.models.layers import ExpMomentumEMA
from torch import nn

from mmfer.models.layers import ForeachExpMomentumEMA


@pytest.mark.parametrize('update_buffers, interval', [(True, 1), (False, 2)])
def test_the_averages_equal_mmdets_at_every_step(update_buffers, interval):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.Linear(2, 2))
    emas = [cls(model, momentum=0.1, gamma=3, interval=interval, update_buffers=update_buffers)
            for cls in (ExpMomentumEMA, ForeachExpMomentumEMA)]
    for _ in range(5):
        with torch.no_grad():
            for param in model.parameters():
                param.add_(torch.randn_like(param))
        model[1].num_batches_tracked += 1
        model[1].running_mean.add_(torch.randn(4))
        for ema in emas:
            ema.update_parameters(model)
    reference, ours = (ema.module.state_dict() for ema in emas)
    assert reference.keys() == ours.keys()
    for key in reference:
        assert torch.equal(reference[key], ours[key]), key
    # averaged, not copied
    assert not torch.equal(ours['0.weight'], model[0].weight)
    assert emas[1].steps == 5


def test_the_hook_builds_it_by_default():
    from mmfer.engine import RunLengthEMAHook
    assert RunLengthEMAHook().ema_cfg['type'] == 'ForeachExpMomentumEMA'
    assert RunLengthEMAHook(ema_type='ExpMomentumEMA').ema_cfg['type'] == 'ExpMomentumEMA'
