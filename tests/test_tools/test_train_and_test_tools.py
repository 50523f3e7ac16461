"""tools/train.py and tools/test.py end to end on the tiny synthetic set (stock RetinaNet)."""
import glob
import json
import math
import os.path as osp

import pytest

from mmfer.datasets.synthetic import read_synthetic_info
from tests.conftest import REPO

CONFIG = osp.join(REPO, 'configs/retinanet/retinanet_r18_fpn_12e_synth.py')


def data_options(root, epochs, wrapped_train_set=False):
    """--cfg-options that point a synthetic-set config at ``root`` and shorten it.

    ``wrapped_train_set``: the training set sits inside a MultiImageMixDataset (DEIM configs).
    """
    synthetic = dict(read_synthetic_info(root)['config'], faces_per_image=(1, 1))
    options = [f'train_cfg.max_epochs={epochs}', f'train_cfg.val_interval={epochs}',
               'default_hooks.logger.interval=1', 'log_processor.window_size=1']
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        dataset = f'{loader}.dataset' + ('.dataset' if wrapped_train_set and
                                          loader == 'train_dataloader' else '')
        options += [f'{loader}.num_workers=0', f'{loader}.persistent_workers=False',
                    f'{dataset}.data_root={root}']
        options += [f'{dataset}.synthetic.{k}={v}'.replace(' ', '') for k, v in synthetic.items()]
    for evaluator in ('val_evaluator', 'test_evaluator'):
        options.append(f'{evaluator}.0.ann_file={root}/annotations/synth_test.json')
    return options


def scalars(work_dir):
    (path,) = glob.glob(f'{work_dir}/*/vis_data/scalars.json')
    with open(path) as f:
        return [json.loads(line) for line in f]


def test_train_then_test(tmp_path, tiny_synthetic_root):
    from tools.test import main as tools_test_main
    from tools.train import main as train_main
    work_dir = str(tmp_path / 'work')
    train_main([CONFIG, '--work-dir', work_dir, '--cfg-options',
                *data_options(tiny_synthetic_root, 2)])
    records = scalars(work_dir)
    losses = [r['loss'] for r in records if 'loss' in r]
    assert len(losses) == 6  # 2 epochs x 3 iterations
    assert all(math.isfinite(v) for v in losses)
    evaluation = [r for r in records if 'coco/bbox_mAP_50' in r][-1]
    for key in ('coco/AP50_Surprise', 'coco/AP50_Neutral', 'expr/accuracy', 'expr/mean_recall'):
        assert 0.0 <= evaluation[key] <= 1.0 or evaluation[key] == -1.0
    # the images trained and evaluated without (bad_images='skip'), beside the metrics
    assert evaluation['skipped_images/train'] == evaluation['skipped_images/val'] == 0
    checkpoint = osp.join(work_dir, 'epoch_2.pth')
    assert osp.isfile(checkpoint)
    (run_dir,) = glob.glob(f'{work_dir}/2*/')
    assert osp.isfile(osp.join(run_dir, 'confusion_matrix.csv'))

    out = str(tmp_path / 'preds.pkl')
    tools_test_main([CONFIG, checkpoint, '--work-dir', str(tmp_path / 'test'), '--out', out,
                     '--cfg-options', *data_options(tiny_synthetic_root, 2)])
    assert osp.isfile(out)
    with pytest.raises(FileExistsError, match='preds.pkl already exists; remove it'):
        tools_test_main([CONFIG, checkpoint, '--out', out, '--cfg-options',
                         *data_options(tiny_synthetic_root, 2)])


def test_resume_through_the_command_line(tmp_path, tiny_synthetic_root):
    """``--resume`` without a path continues from the work dir's latest checkpoint."""
    from tools.train import main as train_main
    work_dir = str(tmp_path / 'work')
    assert train_main([CONFIG, '--work-dir', work_dir, '--cfg-options',
                       *data_options(tiny_synthetic_root, 1)]) in (0, None)
    assert train_main([CONFIG, '--work-dir', work_dir, '--resume', '--cfg-options',
                       *data_options(tiny_synthetic_root, 2)]) in (0, None)
    first, second = sorted(glob.glob(f'{work_dir}/2*/vis_data/scalars.json'))
    with open(second) as f:
        resumed = [json.loads(line) for line in f]
    # the second run trains only epoch 2: iterations 4 to 6 of 3 per epoch
    assert [r['iter'] for r in resumed if 'loss' in r] == [4, 5, 6]
    (log,) = glob.glob(osp.join(osp.dirname(osp.dirname(second)), '*.log'))
    assert 'resumed epoch: 1, iter: 3' in open(log).read()
    assert osp.isfile(osp.join(work_dir, 'epoch_2.pth'))
    assert not glob.glob(f'{work_dir}/*.tmp')  # every checkpoint written whole, then renamed
