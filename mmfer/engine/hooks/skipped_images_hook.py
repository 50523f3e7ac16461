"""The images a run trains and evaluates without: a dataset with ``bad_images='skip'`` drops the
files its check finds bad (:mod:`mmfer.datasets.image_check`), and this hook puts the count in
the log when training starts and beside the metrics of every evaluation, so the final table
says on how many images fewer a figure stands."""
from typing import Dict, Optional

from mmengine.hooks import Hook

from mmfer.registry import HOOKS
from mmfer.utils.dataset_config import innermost_dataset


def skipped_images(dataloader) -> int:
    """How many bad images the dataset behind ``dataloader`` dropped (0 for a dataset that does
    not check its images)."""
    return int(getattr(innermost_dataset(dataloader.dataset), 'num_bad_images', 0))


@HOOKS.register_module()
class SkippedImagesHook(Hook):
    """Adds ``skipped_images/train`` and ``skipped_images/val`` (``/test`` in a test run) to the
    metrics of each evaluation, and logs the training set's count before the first iteration.

    Runs first (before mmengine's RuntimeInfoHook, which hands the metrics to the logger and
    the JSON scalars).
    """
    priority = 'HIGHEST'

    def __init__(self) -> None:
        self.train_skipped: Optional[int] = None

    def before_train(self, runner) -> None:
        self.train_skipped = skipped_images(runner.train_dataloader)
        if self.train_skipped:
            runner.logger.warning(f'training without {self.train_skipped} bad images '
                                  "(bad_images='skip'; listed above)")

    def after_val_epoch(self, runner, metrics: Optional[Dict[str, float]] = None) -> None:
        self._add(metrics, 'val', runner.val_dataloader)

    def after_test_epoch(self, runner, metrics: Optional[Dict[str, float]] = None) -> None:
        self._add(metrics, 'test', runner.test_dataloader)

    def _add(self, metrics: Optional[Dict[str, float]], split: str, dataloader) -> None:
        if metrics is None:
            return
        if self.train_skipped is not None:
            metrics['skipped_images/train'] = self.train_skipped
        metrics[f'skipped_images/{split}'] = skipped_images(dataloader)
