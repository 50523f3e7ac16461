"""tools/train.py and tools/test.py end to end on the tiny synthetic set (stock RetinaNet), and a
run stopped between two checkpoints resumed to the uninterrupted run's weights and mAP50."""
import glob
import math
import os.path as osp
import shutil

import pytest

from tests.test_tools.runs import CONFIG, data_options, scalars, tiny_run_options
from tests.test_tools.test_resume_equals_uninterrupted import final_map50, weights_difference


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


def test_a_run_stopped_and_resumed_ends_with_the_uninterrupted_weights(
        tmp_path, tiny_synthetic_root, tiny_run, capsys):
    """A kill during epoch 2's checkpoint leaves epoch 1's checkpoint and a truncated epoch 2
    that ``last_checkpoint`` names: the run is deterministic, so epoch 1's is the
    uninterrupted run's, copied. ``tools/train.py --resume`` passes over the truncated one, by
    name, and trains epoch 2 alone, to the uninterrupted run's weights and mAP50."""
    from tools.train import main as train_main
    killed = tmp_path / 'killed'
    killed.mkdir()
    shutil.copy(f'{tiny_run}/epoch_1.pth', killed / 'epoch_1.pth')
    cut = open(f'{tiny_run}/epoch_2.pth', 'rb').read()
    (killed / 'epoch_2.pth').write_bytes(cut[:len(cut) // 2])
    (killed / 'last_checkpoint').write_text(str(killed / 'epoch_2.pth'))
    capsys.readouterr()
    assert train_main([CONFIG, '--work-dir', str(killed), '--resume', '--cfg-options',
                       *tiny_run_options(tiny_synthetic_root)]) == 0
    skipped = f'--resume: skipping {killed / "epoch_2.pth"}: not a whole checkpoint'
    assert skipped in capsys.readouterr().err
    # epoch 2 only: iterations 4 to 6 of 3 per epoch, from epoch 1's state
    assert [r['iter'] for r in scalars(killed) if 'loss' in r] == [4, 5, 6]
    (log,) = glob.glob(f'{killed}/2*/*.log')
    assert 'resumed epoch: 1, iter: 3' in open(log).read()
    assert weights_difference(f'{tiny_run}/epoch_2.pth', f'{killed}/epoch_2.pth') == 0.0
    assert final_map50(str(killed)) == final_map50(tiny_run)
    assert not glob.glob(f'{killed}/*.tmp')  # every checkpoint written whole, then renamed
