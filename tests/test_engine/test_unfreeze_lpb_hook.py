from types import SimpleNamespace

import pytest
import torch

from mmfer.engine.hooks import UnfreezeLPBHook
from mmfer.models.backbones import DualBranchBackbone


class FakeRunner(SimpleNamespace):
    pass


def runner_with(backbone, epoch=0, it=0):
    logger = SimpleNamespace(info=lambda msg: None)
    return FakeRunner(model=SimpleNamespace(backbone=backbone), epoch=epoch, iter=it,
                      logger=logger)


def test_unfreezes_at_the_configured_epoch():
    backbone = DualBranchBackbone('N')
    hook = UnfreezeLPBHook(unfreeze_epoch=2)
    runner = runner_with(backbone)
    hook.before_train(runner)
    for epoch in range(2):
        runner.epoch = epoch
        hook.before_train_epoch(runner)
        assert backbone.lpb_frozen
    runner.epoch = 2
    hook.before_train_epoch(runner)
    assert not backbone.lpb_frozen and backbone.lpb.training == backbone.training


def test_unfreezes_at_the_configured_iteration_and_after_resume():
    backbone = DualBranchBackbone('N')
    hook = UnfreezeLPBHook(unfreeze_iter=5)
    runner = runner_with(backbone, it=4)
    hook.before_train_iter(runner, 0)
    assert backbone.lpb_frozen
    runner.iter = 17  # e.g. resumed past the point
    hook.before_train_iter(runner, 0)
    assert not backbone.lpb_frozen


def test_a_ratio_unfreezes_at_that_fraction_of_the_run():
    backbone = DualBranchBackbone('N')
    hook = UnfreezeLPBHook(unfreeze_ratio=0.1)
    runner = runner_with(backbone)
    runner.max_epochs = 30
    hook.before_train(runner)
    runner.epoch = 2
    hook.before_train_epoch(runner)
    assert backbone.lpb_frozen
    runner.epoch = 3  # round(0.1 * 30)
    hook.before_train_epoch(runner)
    assert not backbone.lpb_frozen


def test_bad_configuration_and_model():
    with pytest.raises(ValueError, match='exactly one'):
        UnfreezeLPBHook()
    with pytest.raises(ValueError, match='exactly one'):
        UnfreezeLPBHook(unfreeze_epoch=1, unfreeze_iter=1)
    with pytest.raises(ValueError, match='fraction of the run'):
        UnfreezeLPBHook(unfreeze_ratio=1.5)
    with pytest.raises(TypeError, match='DualBranchBackbone'):
        UnfreezeLPBHook(unfreeze_epoch=1).before_train(runner_with(torch.nn.Conv2d(1, 1, 1)))
