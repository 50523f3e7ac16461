"""The recipe's proportions follow the run's length: EMA window and ramp, lr phases."""
import math
from types import SimpleNamespace

import pytest
import torch
from mmengine.optim import OptimWrapper
from mmengine.runner import EpochBasedTrainLoop

from mmfer.engine.hooks import RunLengthEMAHook
from mmfer.engine.schedulers import FlatCosineLR, flat_cosine_factor
from mmfer.registry import PARAM_SCHEDULERS


class FakeLoop(EpochBasedTrainLoop):
    def __init__(self, max_iters):  # no runner, no dataloader: only the length
        self._max_iters = max_iters

    @property
    def max_iters(self):
        return self._max_iters


@pytest.mark.parametrize('iters, momentum, gamma', [(2112, 1 / (0.07 * 2112), 0.014 * 2112),
                                                    (146_560, 1 / (0.07 * 146_560),
                                                     0.014 * 146_560)])
def test_ema_window_and_ramp_are_fractions_of_the_run(iters, momentum, gamma):
    hook = RunLengthEMAHook()
    model = torch.nn.Linear(2, 2)
    runner = SimpleNamespace(_train_loop=FakeLoop(iters), model=model)
    hook.before_run(runner)
    assert hook.ema_model.momentum == pytest.approx(momentum)
    assert hook.ema_model.gamma == pytest.approx(gamma)
    # DEIM-N on COCO (146,560 iterations): about its own decay 0.9999 (a 10,000-iteration window)
    if iters == 146_560:
        assert 1 - hook.ema_model.momentum == pytest.approx(0.9999, abs=5e-6)


def test_ema_outside_training_uses_the_fixed_sizes():
    hook = RunLengthEMAHook(window_iters=500, warmup_iters=50)
    runner = SimpleNamespace(_train_loop=dict(type='EpochBasedTrainLoop'),
                             model=torch.nn.Linear(2, 2))
    hook.before_run(runner)  # a test run: the loop is still a config and must stay one
    assert hook.ema_model.momentum == pytest.approx(0.002)
    assert runner._train_loop == dict(type='EpochBasedTrainLoop')


def build_scheduler(epochs, iters_per_epoch, **ratios):
    optimizer = OptimWrapper(torch.optim.SGD(torch.nn.Linear(2, 2).parameters(), lr=1.0))
    cfg = dict(type='FlatCosineLR', by_epoch=True, convert_to_iter_based=True, begin=0,
               end=epochs, **ratios)
    return optimizer, PARAM_SCHEDULERS.build(cfg, default_args=dict(
        optimizer=optimizer, epoch_length=iters_per_epoch))


def lrs(epochs, iters_per_epoch, **ratios):
    optimizer, scheduler = build_scheduler(epochs, iters_per_epoch, **ratios)
    values = []
    for _ in range(epochs * iters_per_epoch):
        values.append(optimizer.param_groups[0]['lr'])
        optimizer.step()
        scheduler.step()
    return values


def test_flat_cosine_has_deims_shape_at_any_length():
    ratios = dict(warmup_ratio=0.05, flat_ratio=0.5, no_aug_ratio=0.2, min_ratio=0.1)
    short, long = lrs(10, 10, **ratios), lrs(40, 25, **ratios)
    for values in (short, long):
        n = len(values)
        assert values[0] == 0 and values[int(0.05 * n) + 1] == pytest.approx(1.0)
        assert values[int(0.3 * n)] == 1.0 and values[int(0.5 * n)] == pytest.approx(1, 1e-3)
        assert values[int(0.65 * n)] == pytest.approx(0.55, abs=0.02)  # half-way down
        assert values[int(0.85 * n)] == pytest.approx(0.1) and values[-1] == pytest.approx(0.1)
        assert all(a >= b for a, b in zip(values[int(0.05 * n) + 1:], values[int(0.05 * n) + 2:]))


def test_flat_cosine_matches_deims_formula():
    def deim(total, warmup, flat, no_aug, it, lr, min_lr):  # DEIM's flat_cosine_schedule
        if it <= warmup:
            return lr * (it / float(warmup)) ** 2
        if warmup < it <= flat:
            return lr
        if it >= total - no_aug:
            return min_lr
        return min_lr + (lr - min_lr) * 0.5 * (1 + math.cos(math.pi * (it - flat) /
                                                            (total - flat - no_aug)))
    for it in range(0, 1000, 37):
        assert flat_cosine_factor(it / 1000, 0.02, 0.4, 0.1, 0.5) == pytest.approx(
            deim(1000, 20, 400, 100, it, 1.0, 0.5))


def test_flat_cosine_refuses_impossible_phases():
    with pytest.raises(ValueError, match='warmup_ratio <= flat_ratio'):
        build_scheduler(10, 10, warmup_ratio=0.6, flat_ratio=0.5)
    with pytest.raises(ValueError, match='finite span'):
        FlatCosineLR(OptimWrapper(torch.optim.SGD(torch.nn.Linear(2, 2).parameters(), lr=1)))
