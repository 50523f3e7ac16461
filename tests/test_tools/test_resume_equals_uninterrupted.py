"""A resumed run is the uninterrupted run: the same weights, bit for bit, and the same mAP50.

The CI-sized test resumes a tiny RetinaNet run (the tools' tests' shared ``tiny_run``) from its
first epoch's checkpoint, as a kill between two checkpoints leaves it. The slow one SIGKILLs
the main job's recipe (EMA, Dense O2O, batch MixUp, DataLoader workers that persist) at a
random iteration of its second epoch and resumes it with tools/train.py, as a user would.
"""
import glob
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest
import torch

from tests.conftest import MAIN_CONFIG, REPO
from tests.test_tools.runs import CONFIG, data_options, scalars, tiny_run_options


def weights_difference(a: str, b: str) -> float:
    """The largest absolute difference between two checkpoints' weights (EMA ones included)."""
    sa, sb = (torch.load(p, map_location='cpu', weights_only=False) for p in (a, b))
    worst = 0.0
    for key in ('state_dict', 'ema_state_dict'):
        for name, value in sa.get(key, {}).items():
            if value.is_floating_point():
                worst = max(worst, (value - sb[key][name]).abs().max().item())
    return worst


def final_map50(work_dir: str) -> float:
    last = sorted(glob.glob(f'{work_dir}/2*/vis_data/scalars.json'))[-1]
    with open(last) as f:
        rows = [json.loads(line) for line in f]
    return [r for r in rows if 'coco/bbox_mAP_50' in r][-1]['coco/bbox_mAP_50']


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


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_the_main_job_killed_in_its_second_epoch_resumes_to_the_same_result(
        tmp_path, tiny_synthetic_root):
    options = [*data_options(tiny_synthetic_root, 3, wrapped_train_set=True),
               'model.backbone.ebb_pretrained=None', 'model.backbone.lpb_checkpoint=None',
               'randomness.deterministic=True', 'train_cfg.val_interval=1',
               'train_dataloader.num_workers=2', 'train_dataloader.persistent_workers=True']
    env = dict(os.environ, OMP_NUM_THREADS='1', PYTHONPATH=REPO)

    def command(work_dir, *extra):
        return [sys.executable, f'{REPO}/tools/train.py', MAIN_CONFIG, '--work-dir',
                str(work_dir), *extra, '--cfg-options', *options]

    def train(work_dir, *extra):
        done = subprocess.run(command(work_dir, *extra), env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stderr

    train(tmp_path / 'whole')
    # killed at a random iteration of the second epoch (1-based, of 3 an epoch)
    iteration = random.Random().randint(1, 3)
    run = subprocess.Popen(command(tmp_path / 'killed'), env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
    for line in run.stdout:
        if re.search(rf'Epoch\(train\) +\[2\]\[ *{iteration}/', line):
            run.send_signal(signal.SIGKILL)
            break
    run.wait()
    run.stdout.close()
    assert run.returncode == -signal.SIGKILL, f'the run ended before iteration {iteration}'
    time.sleep(0.1)
    assert not glob.glob(f'{tmp_path}/killed/epoch_3.pth')
    # the killed run's work-dir lock is taken over, by name
    assert 'was held by a run that did not end (pid' in train(tmp_path / 'killed', '--resume')
    difference = weights_difference(f'{tmp_path}/whole/epoch_3.pth',
                                    f'{tmp_path}/killed/epoch_3.pth')
    whole, resumed = final_map50(tmp_path / 'whole'), final_map50(tmp_path / 'killed')
    print(f'killed at iteration {iteration} of epoch 2: largest weight difference {difference}, '
          f'mAP50 {whole} uninterrupted, {resumed} resumed')
    assert difference == 0.0 and whole == resumed
