"""A resumed run is the uninterrupted run: the same weights, bit for bit, and the same mAP50.

This one SIGKILLs the main job's recipe (EMA, Dense O2O, batch MixUp, DataLoader workers that
persist) at a random iteration of its second epoch and resumes it with tools/train.py, as a
user would (slow). The CI-sized one, beside the run it resumes (the tools' tests' shared
``tiny_run``): test_train_and_test_tools.py.
"""
import glob
import json
import os
import random
import re
import signal
import subprocess
import sys
import time

import pytest
import torch

from tests.conftest import MAIN_CONFIG, REPO
from tests.test_tools.runs import data_options


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
