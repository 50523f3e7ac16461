"""Stopping a diverging run by name, before it writes a checkpoint of non-finite weights."""
import math
from typing import Dict, List, Optional

import torch
from mmengine.hooks import Hook

from mmfer.registry import HOOKS

from ..resume import named_checkpoint


class TrainingDiverged(ArithmeticError):
    """A loss or gradient went non-finite; tools exit with status 2 (``run_cli``)."""
    exit_status = 2


def non_finite_terms(outputs: Optional[Dict]) -> List[str]:
    """The names of the loss terms (``train_step``'s log variables) that are not finite.

    >>> non_finite_terms({'loss': torch.tensor(float('nan')), 'loss_cls': torch.tensor(1.0)})
    ['loss']
    """
    bad = []
    for name, value in (outputs or {}).items():
        if isinstance(value, (torch.Tensor, float, int)) and \
                not bool(torch.isfinite(torch.as_tensor(value, dtype=torch.float64)).all()):
            bad.append(name)
    return bad


@HOOKS.register_module()
class DivergenceHook(Hook):
    """Check every training iteration that the loss, each loss term and the gradient norm are
    finite; stop the run with :class:`TrainingDiverged` at the first that is not.

    The message names the iteration, the epoch, the terms, the learning rate and the last
    checkpoint still good (every checkpoint before this iteration: the hook runs before the
    checkpoint hook, so nothing written after the first non-finite value replaces them).

    The gradient norm is the one the optimizer wrapper logs (``train/grad_norm``, after it has
    unscaled the gradients; written where the config clips gradients). Under mixed precision a
    step whose gradients overflowed is skipped by the loss scaler (its scale falls): that is
    counted, not fatal, unless ``max_skipped_steps`` steps in a row are skipped.

    Args:
        max_skipped_steps (int): consecutive steps the loss scaler may skip. Defaults to 20.
    """
    priority = 'VERY_HIGH'

    def __init__(self, max_skipped_steps: int = 20) -> None:
        self.max_skipped_steps = max_skipped_steps
        self.skipped_in_a_row = 0
        self.skipped_total = 0
        self._scale: Optional[float] = None

    def after_train_iter(self, runner, batch_idx: int, data_batch=None,
                         outputs: Optional[dict] = None) -> None:
        bad = non_finite_terms(outputs)
        scaler = getattr(runner.optim_wrapper, 'loss_scaler', None)
        if scaler is not None:
            scale = float(scaler.get_scale())
            skipped = self._scale is not None and scale < self._scale
            self._scale = scale
            if skipped and not bad:
                self.skipped_total += 1
                self.skipped_in_a_row += 1
                runner.message_hub.update_scalar('train/skipped_steps', self.skipped_total)
                if self.skipped_in_a_row < self.max_skipped_steps:
                    return
                bad = [f'gradient ({self.skipped_in_a_row} overflowing steps in a row, skipped '
                       'by the loss scaler)']
            elif not skipped:
                self.skipped_in_a_row = 0
        elif not bad:
            grad_norm = self._grad_norm(runner)
            if grad_norm is not None and not math.isfinite(grad_norm):
                bad = ['gradient norm']
        if bad:
            raise TrainingDiverged(self._message(runner, bad))

    @staticmethod
    def _grad_norm(runner) -> Optional[float]:
        scalars = runner.message_hub.log_scalars
        if 'train/grad_norm' not in scalars:
            return None
        return float(scalars['train/grad_norm'].current())

    @staticmethod
    def _message(runner, bad: List[str]) -> str:
        lrs = runner.optim_wrapper.get_lr()
        lr = next(iter(lrs.values()))[0] if lrs else float('nan')
        checkpoint = named_checkpoint(runner.work_dir) or 'none was written yet'
        return (f'training diverged at iteration {runner.iter + 1} (epoch {runner.epoch + 1}): '
                f'non-finite {", ".join(bad)} at lr {lr:.3g}; the last good checkpoint: '
                f'{checkpoint} (resume from it with a lower lr, or look for bad data)')
