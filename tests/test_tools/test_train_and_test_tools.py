"""tools/train.py and tools/test.py end to end on the tiny synthetic set (stock RetinaNet)."""
import glob
import math
import os.path as osp

import pytest

from tests.test_tools.runs import CONFIG, data_options, scalars


def test_train_then_test(tmp_path, tiny_synthetic_root, tiny_run):
    from tools.test import main as tools_test_main
    work_dir = tiny_run
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
