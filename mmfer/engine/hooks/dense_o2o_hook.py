"""DEIM's Dense O2O schedule: Mosaic and MixUp on in the middle epochs only."""
from typing import Sequence

from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mmfer.registry import HOOKS


@HOOKS.register_module()
class DenseO2OHook(Hook):
    """Switch the dense-target augmentations on for epochs [start_epoch, stop_epoch).

    Before every training epoch the phase is derived from the epoch alone (so a resumed run is
    in the same phase as an uninterrupted one):

    - the training set must be a ``MultiImageMixDataset``; outside the phase its transforms
      named in ``transform_types`` (Mosaic, RandomAffine) are skipped;
    - every ``BatchMixUp`` in the data preprocessor's ``batch_augments`` is enabled inside the
      phase only.

    Dataloader workers that persist across epochs hold a copy of the dataset, so when the
    phase changes they are restarted, as MMDetection's ``PipelineSwitchHook`` does.

    Args:
        start_epoch: first 0-based epoch with the augmentations (DEIM: a few warm-up epochs).
        stop_epoch: first epoch without them again (DEIM: the last ~10 % of the epochs).
        transform_types: class names of the dataset-wrapper transforms to switch.
    """

    priority = 'NORMAL'

    def __init__(self, start_epoch: int, stop_epoch: int,
                 transform_types: Sequence[str] = ('Mosaic', 'RandomAffine')) -> None:
        if not 0 <= start_epoch <= stop_epoch:
            raise ValueError(f'need 0 <= start_epoch <= stop_epoch, got {start_epoch}, '
                             f'{stop_epoch}')
        self.start_epoch, self.stop_epoch = start_epoch, stop_epoch
        self.transform_types = list(transform_types)
        self.active = None

    def before_train(self, runner) -> None:
        dataset = runner.train_dataloader.dataset
        if self.transform_types and not hasattr(dataset, 'update_skip_type_keys'):
            raise TypeError(
                f'DenseO2OHook switches {self.transform_types}, which needs the training set '
                f'wrapped in MultiImageMixDataset; got {type(dataset).__name__}')

    def before_train_epoch(self, runner) -> None:
        active = self.start_epoch <= runner.epoch < self.stop_epoch
        if active == self.active:
            return
        loader = runner.train_dataloader
        if self.transform_types:
            loader.dataset.update_skip_type_keys([] if active else self.transform_types)
        for augment in self.batch_mixups(runner):
            augment.enabled = active
        if self.active is not None and getattr(loader, 'persistent_workers', False):
            loader._iterator = None  # the next epoch starts fresh workers
        self.active = active
        runner.logger.info(f'Dense O2O augmentations {"on" if active else "off"} from epoch '
                           f'{runner.epoch}')

    @staticmethod
    def batch_mixups(runner) -> list:
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        augments = getattr(model.data_preprocessor, 'batch_augments', None) or []
        return [a for a in augments if type(a).__name__ == 'BatchMixUp']
