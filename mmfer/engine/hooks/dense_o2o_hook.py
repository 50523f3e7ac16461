"""DEIM's data policy (Dense O2O): which augmentations run in which stage of training."""
from typing import Optional, Sequence

from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mmfer.registry import HOOKS

# the augmentations of DEIM's pipeline that the hook switches by stage
POLICY_TYPES = ('MosaicAffine', 'PhotoMetricDistortion', 'ZoomOut', 'IoUCrop')


@HOOKS.register_module()
class DenseO2OHook(Hook):
    """DEIM's four-stage policy over epochs ``e0 < e1 < e2`` (its ``policy.epoch``):

    ======================  ==========================================================
    epochs                  augmentations
    ======================  ==========================================================
    [0, e0)                 none of ``policy_types`` (flip and resize only)
    [e0, e1)                all: Mosaic (then no zoom-out / IoU crop on that image),
                            photometric distortion, zoom-out, IoU crop; batch MixUp
    [e1, e2)                all but Mosaic and MixUp
    [e2, end)               none again: the model sees plain images at the end
    ======================  ==========================================================

    Multi-scale batches (a ``SwitchableBatchResize`` batch augment, where configured) run until
    ``e2``. The stage is derived from the epoch alone before every training epoch, so a resumed
    run is in the stage of an uninterrupted one. The epochs come as ``policy_epochs`` or, for a
    recipe that scales with the run, as ``policy_ratios`` of ``max_epochs`` (rounded).

    Dataloader workers that persist across epochs hold a copy of the dataset, so when the stage
    changes they are restarted, as MMDetection's ``PipelineSwitchHook`` does.

    Args:
        policy_epochs (sequence[int], optional): (e0, e1, e2).
        policy_ratios (sequence[float], optional): (e0, e1, e2) as fractions of max_epochs.
        policy_types (sequence[str]): class names of the switched transforms; the training set
            must be a ``MultiImageMixDataset`` whose pipeline holds them.
        mosaic_type (str): the one that stops at e1.
    """

    priority = 'NORMAL'

    def __init__(self, policy_epochs: Optional[Sequence[int]] = None,
                 policy_ratios: Optional[Sequence[float]] = None,
                 policy_types: Sequence[str] = POLICY_TYPES,
                 mosaic_type: str = 'MosaicAffine') -> None:
        if (policy_epochs is None) == (policy_ratios is None):
            raise ValueError('give DenseO2OHook either policy_epochs or policy_ratios')
        stages = policy_epochs if policy_epochs is not None else policy_ratios
        if len(stages) != 3 or not 0 <= stages[0] <= stages[1] <= stages[2]:
            raise ValueError(f'the policy needs three increasing epochs (or ratios) '
                             f'e0 <= e1 <= e2, got {list(stages)}')
        if policy_ratios is not None and stages[2] > 1:
            raise ValueError(f'policy_ratios are fractions of the run, got {list(stages)}')
        self.policy_epochs = None if policy_epochs is None else [int(e) for e in policy_epochs]
        self.policy_ratios = None if policy_ratios is None else [float(r) for r in policy_ratios]
        self.policy_types, self.mosaic_type = list(policy_types), mosaic_type
        self.stage = None

    def epochs(self, max_epochs: int) -> list:
        """(e0, e1, e2) for a run of ``max_epochs``."""
        if self.policy_epochs is not None:
            return self.policy_epochs
        return [int(round(r * max_epochs)) for r in self.policy_ratios]

    def before_train(self, runner) -> None:
        dataset = runner.train_dataloader.dataset
        if self.policy_types and not hasattr(dataset, 'update_skip_type_keys'):
            raise TypeError(
                f'DenseO2OHook switches {self.policy_types}, which needs the training set '
                f'wrapped in MultiImageMixDataset; got {type(dataset).__name__}')
        e0, e1, e2 = self.epochs(runner.max_epochs)
        runner.logger.info(f'Dense O2O policy: plain until epoch {e0}, Mosaic + MixUp until '
                           f'{e1}, other augmentations until {e2}, plain to the end')

    def before_train_epoch(self, runner) -> None:
        e0, e1, e2 = self.epochs(runner.max_epochs)
        epoch = runner.epoch
        stage = 0 if epoch < e0 else 1 if epoch < e1 else 2 if epoch < e2 else 3
        if stage == self.stage:
            return
        loader = runner.train_dataloader
        skip = {0: self.policy_types, 1: [], 2: [self.mosaic_type], 3: self.policy_types}[stage]
        if self.policy_types:
            loader.dataset.update_skip_type_keys(list(skip))
        for augment in self.batch_augments(runner):
            if type(augment).__name__ == 'BatchMixUp':
                augment.enabled = stage == 1
            elif type(augment).__name__ == 'SwitchableBatchResize':
                augment.enabled = stage < 3
        if self.stage is not None and getattr(loader, 'persistent_workers', False):
            loader._iterator = None  # the next epoch starts fresh workers
        self.stage = stage
        runner.logger.info(f'Dense O2O stage {stage + 1} of 4 from epoch {epoch} (skipping '
                           f'{list(skip) or "nothing"})')

    @staticmethod
    def batch_augments(runner) -> list:
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        return list(getattr(model.data_preprocessor, 'batch_augments', None) or [])
