"""Validation of both the EMA weights and the raw weights of a run."""
import torch
from mmengine.hooks import EMAHook
from mmengine.runner import ValLoop

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
    """

    def run(self) -> dict:
        if not any(isinstance(hook, EMAHook) for hook in self.runner.hooks):
            return super().run()
        raw = {f'raw/{k}': v for k, v in self.evaluate_current_weights().items()}
        evaluate = self.evaluator.evaluate
        self.evaluator.evaluate = lambda size: {**evaluate(size), **raw}
        try:
            return super().run()
        finally:
            del self.evaluator.evaluate  # back to the class's method

    @torch.no_grad()
    def evaluate_current_weights(self) -> dict:
        """Metrics of the model as it is, without calling any hook."""
        self.runner.model.eval()
        for data_batch in self.dataloader:
            outputs = self.runner.model.val_step(data_batch)
            self.evaluator.process(data_samples=outputs, data_batch=data_batch)
        return self.evaluator.evaluate(len(self.dataloader.dataset))
