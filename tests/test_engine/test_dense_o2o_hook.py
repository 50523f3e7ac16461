from types import SimpleNamespace

import pytest
import torch
from mmdet.models.data_preprocessors import DetDataPreprocessor

from mmfer.engine.hooks import DenseO2OHook
from mmfer.models.data_preprocessors import BatchMixUp


class FakeMixDataset:
    def __init__(self):
        self.skip = ['Mosaic', 'RandomAffine']

    def update_skip_type_keys(self, keys):
        self.skip = list(keys)


def fake_runner(dataset, persistent=True):
    preprocessor = DetDataPreprocessor()
    preprocessor.batch_augments = torch.nn.ModuleList([BatchMixUp(enabled=False)])
    loader = SimpleNamespace(dataset=dataset, persistent_workers=persistent,
                             _iterator='workers')
    return SimpleNamespace(model=SimpleNamespace(data_preprocessor=preprocessor),
                           train_dataloader=loader, epoch=0,
                           logger=SimpleNamespace(info=lambda msg: None))


def test_phases_follow_the_epoch_and_workers_restart_on_a_change():
    runner = fake_runner(FakeMixDataset())
    hook = DenseO2OHook(start_epoch=2, stop_epoch=4)
    hook.before_train(runner)
    states = []
    for epoch in range(6):
        runner.epoch = epoch
        runner.train_dataloader._iterator = 'workers'
        hook.before_train_epoch(runner)
        mixup = runner.model.data_preprocessor.batch_augments[0]
        states.append((mixup.enabled, tuple(runner.train_dataloader.dataset.skip),
                       runner.train_dataloader._iterator is None))
    off, on = (False, ('Mosaic', 'RandomAffine')), (True, ())
    assert states == [(*off, False), (*off, False), (*on, True), (*on, False), (*off, True),
                      (*off, False)]


def test_a_resumed_run_starts_in_its_epochs_phase():
    runner = fake_runner(FakeMixDataset())
    runner.epoch = 3
    DenseO2OHook(start_epoch=2, stop_epoch=4).before_train_epoch(runner)
    assert runner.model.data_preprocessor.batch_augments[0].enabled
    assert runner.train_dataloader.dataset.skip == []


def test_clear_errors():
    with pytest.raises(ValueError, match='start_epoch <= stop_epoch'):
        DenseO2OHook(start_epoch=5, stop_epoch=2)
    with pytest.raises(TypeError, match='MultiImageMixDataset'):
        DenseO2OHook(1, 2).before_train(fake_runner(object()))
