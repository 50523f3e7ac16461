"""The images a dataset skipped as bad are counted in the log before training and beside the
metrics of every evaluation."""
from types import SimpleNamespace
from unittest import mock

from mmengine.dataset import RepeatDataset

from mmfer.engine.hooks import SkippedImagesHook
from tests.test_datasets.test_image_check import dataset, write_set


def test_counts_of_the_innermost_dataset_beside_the_metrics(tmp_path):
    write_set(tmp_path / 'train', [f'{i}.jpg' for i in range(5)], broken={'1.jpg', '3.jpg'})
    write_set(tmp_path / 'val', ['0.jpg', '1.jpg'], broken={'0.jpg'})
    train = RepeatDataset(dataset(tmp_path / 'train', bad_images='skip'), times=2)
    runner = SimpleNamespace(train_dataloader=SimpleNamespace(dataset=train),
                             val_dataloader=SimpleNamespace(
                                 dataset=dataset(tmp_path / 'val', bad_images='skip')),
                             logger=mock.Mock())
    hook = SkippedImagesHook()
    hook.before_train(runner)
    assert 'training without 2 bad images' in runner.logger.warning.call_args[0][0]
    metrics = {'coco/bbox_mAP_50': 0.5}
    hook.after_val_epoch(runner, metrics)
    assert metrics == {'coco/bbox_mAP_50': 0.5, 'skipped_images/train': 2,
                       'skipped_images/val': 1}
    # a test run (no training) counts its test set only
    tester = SimpleNamespace(test_dataloader=runner.val_dataloader)
    metrics = {}
    SkippedImagesHook().after_test_epoch(tester, metrics)
    assert metrics == {'skipped_images/test': 1}
