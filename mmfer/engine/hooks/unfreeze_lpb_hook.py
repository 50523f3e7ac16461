"""Unfreezing Natten-DEIM's landmark prior branch part-way through training."""
from typing import Optional

from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mmfer.registry import HOOKS


@HOOKS.register_module()
class UnfreezeLPBHook(Hook):
    """Unfreeze ``model.backbone``'s landmark branch at an epoch, an iteration or a fraction
    of the run.

    The check runs before every training epoch and iteration, so a run resumed after the
    point unfreezes again at once.

    Args:
        unfreeze_epoch (int, optional): 0-based epoch from which the LPB trains.
        unfreeze_iter (int, optional): 0-based iteration from which the LPB trains (for
            iteration-based loops).
        unfreeze_ratio (float, optional): the fraction of ``max_epochs`` after which the LPB
            trains (rounded to an epoch), for a recipe that scales with the run's length.
            Exactly one of the three must be given.
    """

    priority = 'NORMAL'

    def __init__(self, unfreeze_epoch: Optional[int] = None,
                 unfreeze_iter: Optional[int] = None,
                 unfreeze_ratio: Optional[float] = None) -> None:
        if sum(v is not None for v in (unfreeze_epoch, unfreeze_iter, unfreeze_ratio)) != 1:
            raise ValueError('give exactly one of unfreeze_epoch, unfreeze_iter and '
                             'unfreeze_ratio')
        if unfreeze_ratio is not None and not 0 <= unfreeze_ratio <= 1:
            raise ValueError(f'unfreeze_ratio is a fraction of the run, got {unfreeze_ratio}')
        self.unfreeze_epoch = unfreeze_epoch
        self.unfreeze_iter = unfreeze_iter
        self.unfreeze_ratio = unfreeze_ratio

    @staticmethod
    def _backbone(runner):
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        backbone = getattr(model, 'backbone', None)
        if not hasattr(backbone, 'unfreeze_lpb'):
            raise TypeError('UnfreezeLPBHook needs a model whose backbone has a landmark '
                            f'branch (DualBranchBackbone), got {type(backbone).__name__}')
        return backbone

    def _maybe_unfreeze(self, runner) -> None:
        backbone = self._backbone(runner)
        if not backbone.lpb_frozen:
            return
        due = (runner.epoch >= self.unfreeze_epoch if self.unfreeze_epoch is not None
               else runner.iter >= self.unfreeze_iter)
        if due:
            backbone.unfreeze_lpb()
            runner.logger.info(f'landmark prior branch unfrozen at epoch {runner.epoch}, '
                               f'iteration {runner.iter}')

    def before_train(self, runner) -> None:
        self._backbone(runner)  # fail at start, not at the unfreeze point
        if self.unfreeze_ratio is not None:
            self.unfreeze_epoch = int(round(self.unfreeze_ratio * runner.max_epochs))

    def before_train_epoch(self, runner) -> None:
        self._maybe_unfreeze(runner)

    def before_train_iter(self, runner, batch_idx: int, data_batch=None) -> None:
        if self.unfreeze_iter is not None:
            self._maybe_unfreeze(runner)
