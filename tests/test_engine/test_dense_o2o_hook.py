from types import SimpleNamespace

import pytest
import torch
from mmdet.models.data_preprocessors import DetDataPreprocessor

from mmfer.engine.hooks import DenseO2OHook
from mmfer.engine.hooks.dense_o2o_hook import POLICY_TYPES
from mmfer.models.data_preprocessors import BatchMixUp, SwitchableBatchResize


class FakeMixDataset:
    def __init__(self):
        self.skip = list(POLICY_TYPES)

    def update_skip_type_keys(self, keys):
        self.skip = list(keys)


def fake_runner(dataset, persistent=True, max_epochs=8):
    preprocessor = DetDataPreprocessor()
    preprocessor.batch_augments = torch.nn.ModuleList([
        BatchMixUp(enabled=False), SwitchableBatchResize((128, 192), enabled=False)])
    loader = SimpleNamespace(dataset=dataset, persistent_workers=persistent,
                             _iterator='workers')
    return SimpleNamespace(model=SimpleNamespace(data_preprocessor=preprocessor),
                           train_dataloader=loader, epoch=0, max_epochs=max_epochs,
                           logger=SimpleNamespace(info=lambda msg: None))


def run_epochs(hook, runner, epochs):
    states = []
    for epoch in range(epochs):
        runner.epoch = epoch
        runner.train_dataloader._iterator = 'workers'
        hook.before_train_epoch(runner)
        mixup, resize = runner.model.data_preprocessor.batch_augments
        states.append((tuple(runner.train_dataloader.dataset.skip), mixup.enabled,
                       resize.enabled, runner.train_dataloader._iterator is None))
    return states


def test_four_stages_follow_the_epoch_and_workers_restart_on_a_change():
    runner = fake_runner(FakeMixDataset())
    hook = DenseO2OHook(policy_epochs=(2, 4, 6))
    hook.before_train(runner)
    everything = tuple(POLICY_TYPES)
    assert run_epochs(hook, runner, 8) == [
        (everything, False, True, False), (everything, False, True, False),  # plain
        ((), True, True, True), ((), True, True, False),  # Mosaic + MixUp + the rest
        (('MosaicAffine',), False, True, True), (('MosaicAffine',), False, True, False),
        (everything, False, False, True), (everything, False, False, False)]  # plain again


def test_ratios_scale_with_the_run():
    hook = DenseO2OHook(policy_ratios=(0.08, 0.5, 0.83))
    assert hook.epochs(24) == [2, 12, 20]
    assert hook.epochs(72) == [6, 36, 60]


def test_a_resumed_run_starts_in_its_epochs_stage():
    runner = fake_runner(FakeMixDataset())
    runner.epoch = 3
    DenseO2OHook(policy_epochs=(2, 4, 6)).before_train_epoch(runner)
    assert runner.model.data_preprocessor.batch_augments[0].enabled
    assert runner.train_dataloader.dataset.skip == []


def test_clear_errors():
    with pytest.raises(ValueError, match='three increasing'):
        DenseO2OHook(policy_epochs=(5, 2, 6))
    with pytest.raises(ValueError, match='either policy_epochs or policy_ratios'):
        DenseO2OHook()
    with pytest.raises(ValueError, match='fractions of the run'):
        DenseO2OHook(policy_ratios=(1, 2, 3))
    with pytest.raises(TypeError, match='MultiImageMixDataset'):
        DenseO2OHook(policy_epochs=(1, 2, 3)).before_train(fake_runner(object()))
