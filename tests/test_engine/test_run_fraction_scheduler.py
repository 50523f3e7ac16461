"""RunFractionScheduler: a recipe's schedule placed in shares of the run, resolved in
iterations when the run's length is known (mmfer/engine/schedulers/run_fraction.py)."""
import pytest
import torch
from mmengine.optim.scheduler import MultiStepLR

from mmfer.engine.schedulers import RunFractionScheduler
from mmfer.registry import PARAM_SCHEDULERS


def lrs(schedulers, optimizer, iterations):
    """The learning rate at each iteration, stepping every scheduler after it."""
    values = []
    for _ in range(iterations):
        values.append(optimizer.param_groups[0]['lr'])
        for scheduler in schedulers:
            scheduler.step()
    return values


def build(scheduler, optimizer, epochs, epoch_length):
    return PARAM_SCHEDULERS.build(
        dict(type='RunFractionScheduler', convert_to_iter_based=True, scheduler=scheduler),
        default_args=dict(optimizer=optimizer, epoch_length=epoch_length, end=epochs))


def sgd(lr=0.1):
    return torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr)


@pytest.mark.parametrize('epochs,epoch_length', [(24, 50), (1, 19), (3, 7)])
def test_mmdets_ssd_schedule_keeps_its_shape_at_any_run_length(epochs, epoch_length):
    """SSD300's recipe: a 500-iteration warm-up of ~44,000, x0.1 at epochs 16 and 22 of 24."""
    optimizer = sgd()
    total = epochs * epoch_length
    warmup = build(dict(type='LinearLR', start_factor=0.001, end=500 / 43968), optimizer,
                   epochs, epoch_length)
    steps = build(dict(type='MultiStepLR', milestones=[16 / 24, 22 / 24], gamma=0.1),
                  optimizer, epochs, epoch_length)
    assert isinstance(steps, MultiStepLR) and not steps.by_epoch
    assert steps.milestones == {round(total * 16 / 24): 1, round(total * 22 / 24): 1}
    values = lrs([warmup, steps], optimizer, total)
    assert values[0] == pytest.approx(1e-4)
    # the warm-up ends at the base rate, however short the run (mmengine's LinearLR needs two
    # iterations: with one it would stay at start_factor for good)
    assert warmup.end == max(round(total * 500 / 43968), 2)
    assert values[warmup.end - 1] == pytest.approx(0.1)
    assert values[-1] == pytest.approx(0.001)


def test_cosine_positions_and_lengths_are_shares_of_the_run():
    optimizer = sgd()
    cosine = build(dict(type='CosineAnnealingLR', begin=0.5, T_max=0.5, eta_min=0.0), optimizer,
                   10, 10)
    assert (cosine.begin, cosine.end, cosine.T_max) == (50, 100, 50)
    values = lrs([cosine], optimizer, 100)
    assert values[49] == pytest.approx(0.1) and values[75] == pytest.approx(0.05, abs=2e-3)


def test_clear_errors():
    with pytest.raises(ValueError, match='needs convert_to_iter_based=True'):
        PARAM_SCHEDULERS.build(dict(type='RunFractionScheduler', scheduler=dict(type='LinearLR')),
                               default_args=dict(optimizer=sgd()))
    with pytest.raises(ValueError, match='end=24 is not a fraction of the run'):
        build(dict(type='LinearLR', end=24), sgd(), 24, 10)
    with pytest.raises(ValueError, match='begin=0.5 must come before end=0.2'):
        build(dict(type='LinearLR', begin=0.5, end=0.2), sgd(), 24, 10)
    with pytest.raises(TypeError, match='put them inside scheduler'):
        RunFractionScheduler.build_iter_from_epoch(sgd(), dict(type='LinearLR'), end=2,
                                                   epoch_length=5, gamma=0.1)
