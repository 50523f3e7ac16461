"""Validation of both the EMA weights and the raw weights of a run."""
import torch
from mmengine.hooks import EMAHook
from mmengine.runner import BaseLoop, ValLoop

from mmfer.registry import LOOPS


@LOOPS.register_module()
class RawAndEMAValLoop(ValLoop):
    """mmengine's ``ValLoop`` that, in a run with an ``EMAHook``, also evaluates the raw
    (not averaged) weights.

    The EMA weights are evaluated as usual (the EMA hook swaps them in) and their metrics keep
    their names, so checkpoint selection and the logs read them as before; the raw weights are
    evaluated first, without hooks, and their metrics are added as ``raw/<name>``
    (``raw/coco/bbox_mAP_50``, ``raw/expr/accuracy``, ...). Without an EMA hook it is
    ``ValLoop``. A stale or too slow EMA then shows as a gap between the two.

    Args:
        raw_at (str): ``'last'`` (default) evaluates the raw weights only at the training
            run's last validation (and at every validation outside training, as
            ``tools/test.py``-style ``runner.val()`` calls), so a run pays for one extra
            evaluation, not one per validation; ``'every'`` evaluates them at every
            validation, to watch the gap grow.
        Other arguments are ``ValLoop``'s.
    """

    def __init__(self, *args, raw_at: str = 'last', **kwargs) -> None:
        if raw_at not in ('last', 'every'):
            raise ValueError(f"raw_at is 'last' or 'every', got {raw_at!r}")
        super().__init__(*args, **kwargs)
        self.raw_at = raw_at

    def run(self) -> dict:
        if not any(isinstance(hook, EMAHook) for hook in self.runner.hooks) or not (
                self.raw_at == 'every' or self.is_last_validation()):
            return super().run()
        raw = {f'raw/{k}': v for k, v in self.evaluate_current_weights().items()}
        evaluate = self.evaluator.evaluate
        self.evaluator.evaluate = lambda size: {**evaluate(size), **raw}
        try:
            return super().run()
        finally:
            del self.evaluator.evaluate  # back to the class's method

    def is_last_validation(self) -> bool:
        """Whether the training run (if one is running) has reached its end."""
        # the private attribute: the ``train_loop`` property would build a loop that
        # runner.val() never made
        loop = self.runner._train_loop
        if not isinstance(loop, BaseLoop):
            return True
        if hasattr(loop, 'max_epochs'):
            return loop.epoch >= loop.max_epochs
        return loop.iter >= loop.max_iters

    @torch.no_grad()
    def evaluate_current_weights(self) -> dict:
        """Metrics of the model as it is, without calling any hook."""
        self.runner.model.eval()
        for data_batch in self.dataloader:
            outputs = self.runner.model.val_step(data_batch)
            self.evaluator.process(data_samples=outputs, data_batch=data_batch)
        return self.evaluator.evaluate(len(self.dataloader.dataset))
