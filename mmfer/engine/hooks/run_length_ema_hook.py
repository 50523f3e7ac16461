"""An EMA whose averaging window and warm-up are fractions of the run, not constants."""
from typing import Optional

from mmengine.hooks import EMAHook
from mmengine.logging import MMLogger
from mmengine.runner import BaseLoop

from mmfer.registry import HOOKS


def ema_momentum(window_iters: float) -> float:
    """The momentum (weight of the newest weights) of an EMA that averages ~``window_iters``
    (at least 2: an EMA needs a momentum below 1).

    >>> round(ema_momentum(500), 6), ema_momentum(0.4)
    (0.002, 0.5)
    """
    return 1.0 / max(float(window_iters), 2.0)


@HOOKS.register_module()
class RunLengthEMAHook(EMAHook):
    """mmengine's ``EMAHook`` with ``ExpMomentumEMA`` sized by the length of the run (as
    ``ForeachExpMomentumEMA``, the same averages in two multi-tensor calls a step).

    A recipe copied from a long schedule keeps its proportions: the averaging window is
    ``window_ratio`` of the run's iterations and the ramp of the momentum (mmdet's
    ``ExpMomentumEMA``: ``m_t = (1 - m) exp(-(1 + t) / gamma) + m``, DEIM's "warmups") is
    ``warmup_ratio`` of it. DEIM-N's COCO recipe has a 10,000-iteration window (decay 0.9999)
    in about 146,000 iterations (160 epochs at batch 128) and a 2,000-iteration ramp: 7 % and
    1.4 %, the defaults. A config that changes its epochs or its dataset gets the same
    proportions without editing a number.

    Without a training loop (``tools/test.py``) the EMA is only loaded, and the window does not
    matter; ``window_iters`` and ``warmup_iters`` fix them instead of the ratios.

    Args:
        window_ratio (float): the averaging window as a fraction of the run's iterations.
        warmup_ratio (float): the momentum's ramp as a fraction of the run's iterations.
        window_iters, warmup_iters (float, optional): fixed sizes, overriding the ratios.
        **kwargs: passed to ``EMAHook`` (``update_buffers``, ``priority``, ...).
    """

    def __init__(self, window_ratio: float = 0.07, warmup_ratio: float = 0.014,
                 window_iters: Optional[float] = None, warmup_iters: Optional[float] = None,
                 **kwargs) -> None:
        kwargs.setdefault('ema_type', 'ForeachExpMomentumEMA')
        super().__init__(**kwargs)
        if not 0 < window_ratio <= 1 or not 0 < warmup_ratio <= 1:
            raise ValueError(f'window_ratio and warmup_ratio must lie in (0, 1], got '
                             f'{window_ratio}, {warmup_ratio}')
        self.window_ratio, self.warmup_ratio = window_ratio, warmup_ratio
        self.window_iters, self.warmup_iters = window_iters, warmup_iters

    def before_run(self, runner) -> None:
        total = self.run_length(runner)
        window = self.window_iters or (self.window_ratio * total if total else 2000)
        warmup = self.warmup_iters or (self.warmup_ratio * total if total else 2000)
        self.ema_cfg.update(momentum=ema_momentum(window), gamma=max(warmup, 1.0))
        if total:
            MMLogger.get_current_instance().info(
                f'EMA over ~{window:.0f} of the run\'s {total} iterations (momentum '
                f'{self.ema_cfg["momentum"]:.2e}), ramped over ~{warmup:.0f}')
        super().before_run(runner)

    @staticmethod
    def run_length(runner) -> Optional[int]:
        """The run's training iterations, or None outside training (a test run's train loop is
        still a config, and building it would build the training data)."""
        loop = getattr(runner, '_train_loop', None)
        return int(loop.max_iters) if isinstance(loop, BaseLoop) else None
