"""Unfreezing Natten-DEIM's landmark prior branch part-way through training."""
from typing import Optional

from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mmfer.registry import HOOKS


@HOOKS.register_module()
class UnfreezeLPBHook(Hook):
    """Unfreeze ``model.backbone``'s landmark branch at an epoch or an iteration.

    The check runs before every training epoch and iteration, so a run resumed after the
    point unfreezes again at once.

    Args:
        unfreeze_epoch (int, optional): 0-based epoch from which the LPB trains.
        unfreeze_iter (int, optional): 0-based iteration from which the LPB trains (for
            iteration-based loops). Exactly one of the two must be given.
    """

    priority = 'NORMAL'

    def __init__(self, unfreeze_epoch: Optional[int] = None,
                 unfreeze_iter: Optional[int] = None) -> None:
        if (unfreeze_epoch is None) == (unfreeze_iter is None):
            raise ValueError('give exactly one of unfreeze_epoch and unfreeze_iter')
        self.unfreeze_epoch = unfreeze_epoch
        self.unfreeze_iter = unfreeze_iter

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

    def before_train_epoch(self, runner) -> None:
        self._maybe_unfreeze(runner)

    def before_train_iter(self, runner, batch_idx: int, data_batch=None) -> None:
        if self.unfreeze_iter is not None:
            self._maybe_unfreeze(runner)
