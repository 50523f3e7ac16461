"""Hooks of the two branches' pre-training runs (configs/pretrain/)."""
import os.path as osp

import torch
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mmfer.registry import HOOKS
from mmfer.utils.io import write_atomic


def _model(runner):
    return runner.model.module if is_model_wrapper(runner.model) else runner.model


@HOOKS.register_module()
class ExportBranchHook(Hook):
    """After training, write the pre-trained branch to ``work_dir/filename`` in the layout the
    detector's backbone loads (the model's ``export_branch()``), atomically.

    A file already there is an error before training starts, not after it: remove it or train
    into another work dir.

    Args:
        filename (str): the file's name inside the run's work dir.
    """

    priority = 'LOW'

    def __init__(self, filename: str) -> None:
        self.filename = filename

    def _path(self, runner) -> str:
        return osp.join(runner.work_dir, self.filename)

    def before_train(self, runner) -> None:
        if not hasattr(_model(runner), 'export_branch'):
            raise TypeError(f'ExportBranchHook needs a model with export_branch(), got '
                            f'{type(_model(runner)).__name__}')
        if osp.exists(self._path(runner)):
            raise FileExistsError(f'{self._path(runner)} already exists; remove it or train '
                                  'into another --work-dir')

    def after_train(self, runner) -> None:
        branch = _model(runner).export_branch()
        branch['meta'].update(epochs=runner.epoch, seed=runner.seed)
        if runner.rank == 0:
            write_atomic(self._path(runner), lambda tmp: torch.save(branch, tmp))
            runner.logger.info(f'pre-trained branch written to {self._path(runner)}')


@HOOKS.register_module()
class LandmarkStatisticsHook(Hook):
    """Before training, give ``LandmarkRegressor`` the mean shape and spread of the training
    crops' landmarks, which standardise its regression targets."""

    def before_train(self, runner) -> None:
        model = _model(runner)
        dataset = runner.train_dataloader.dataset
        if not hasattr(model, 'set_landmark_statistics') or \
                not hasattr(dataset, 'landmark_statistics'):
            raise TypeError('LandmarkStatisticsHook needs a LandmarkRegressor trained on a '
                            f'FaceCropDataset, got {type(model).__name__} on '
                            f'{type(dataset).__name__}')
        mean, std = dataset.landmark_statistics()
        model.set_landmark_statistics(mean, std)
