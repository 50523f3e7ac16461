"""DEIM's learning-rate schedule (warm-up, flat, cosine, flat), in fractions of the run."""
import math

from mmengine.optim.scheduler.lr_scheduler import LRSchedulerMixin
from mmengine.optim.scheduler.param_scheduler import INF, _ParamScheduler

from mmfer.registry import PARAM_SCHEDULERS


def flat_cosine_factor(progress: float, warmup: float, flat: float, no_aug: float,
                       min_ratio: float) -> float:
    """DEIM's ``flat_cosine_schedule`` as a factor of the base lr at ``progress`` in [0, 1].

    Quadratic warm-up over [0, warmup], 1 until ``flat``, cosine down to ``min_ratio`` until
    ``1 - no_aug``, then ``min_ratio`` to the end.

    >>> [round(flat_cosine_factor(p, 0.1, 0.5, 0.1, 0.5), 3) for p in (0.05, 0.3, 0.7, 0.95)]
    [0.25, 1.0, 0.75, 0.5]
    """
    if progress <= warmup:
        return (progress / warmup) ** 2 if warmup > 0 else 1.0
    if progress <= flat:
        return 1.0
    if progress >= 1 - no_aug:
        return min_ratio
    cosine = 0.5 * (1 + math.cos(math.pi * (progress - flat) / (1 - flat - no_aug)))
    return min_ratio + (1 - min_ratio) * cosine


@PARAM_SCHEDULERS.register_module()
class FlatCosineLR(LRSchedulerMixin, _ParamScheduler):
    """DEIM's "flatcosine" schedule with its phases as fractions of the scheduler's span.

    DEIM-S on COCO: 132 epochs, 2,000 warm-up iterations, flat until epoch 64, cosine to
    0.5 x until epoch 120, then flat for the 12 epochs without augmentation: ratios about
    (0.014, 0.48, 0.09) and ``min_ratio`` 0.5. Given as ratios, the schedule keeps its shape
    whatever the epochs or the dataset's length. Leave ``end`` out to span the whole run;
    ``convert_to_iter_based=True`` steps it every iteration.

    Args:
        optimizer: wrapped optimizer.
        warmup_ratio (float): quadratic warm-up, as a fraction of the span.
        flat_ratio (float): the end of the flat phase (warm-up included).
        no_aug_ratio (float): the final phase at ``min_ratio`` x the lr.
        min_ratio (float): the final lr as a fraction of the base lr (DEIM's ``lr_gamma``).
        begin, end, last_step, by_epoch, verbose: as mmengine's schedulers.
    """

    def __init__(self, optimizer, warmup_ratio: float = 0.014, flat_ratio: float = 0.5,
                 no_aug_ratio: float = 0.1, min_ratio: float = 0.5, begin: int = 0,
                 end: int = INF, last_step: int = -1, by_epoch: bool = True,
                 verbose: bool = False) -> None:
        if not 0 <= warmup_ratio <= flat_ratio <= 1 - no_aug_ratio <= 1:
            raise ValueError('need 0 <= warmup_ratio <= flat_ratio <= 1 - no_aug_ratio, got '
                             f'{warmup_ratio}, {flat_ratio}, {no_aug_ratio}')
        if end == INF:
            raise ValueError('FlatCosineLR needs a finite span: leave end out inside a runner '
                             '(it becomes the run\'s length) or give it')
        self.phases = (warmup_ratio, flat_ratio, no_aug_ratio, min_ratio)
        super().__init__(optimizer, begin=begin, end=end, last_step=last_step,
                         by_epoch=by_epoch, verbose=verbose)

    @classmethod
    def build_iter_from_epoch(cls, *args, begin=0, end=INF, by_epoch=True, epoch_length=None,
                              **kwargs):
        """An iteration-stepped schedule from an epoch-based config."""
        if not by_epoch or not epoch_length:
            raise ValueError('convert_to_iter_based needs by_epoch=True and the epoch length')
        end = end if end == INF else int(end * epoch_length)
        return cls(*args, begin=int(begin * epoch_length), end=end, by_epoch=False, **kwargs)

    def _get_value(self):
        progress = self.last_step / max(self.end - self.begin, 1)
        factor = flat_cosine_factor(progress, *self.phases)
        return [base * factor for base in self.base_values]
