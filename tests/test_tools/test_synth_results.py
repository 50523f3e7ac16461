"""The synthetic-set results: tools/reproduce_synth_results.sh (dry run) and seed_table.py."""
import glob
import json
import os
import os.path as osp
import re
import subprocess

import pytest

from mmfer.datasets.expressions import EXPRESSION_CLASSES
from tests.conftest import MAIN_CONFIG, REPO
from tools.analysis_tools.seed_table import main as seed_table_main

SCRIPT = osp.join(REPO, 'tools/reproduce_synth_results.sh')
MAIN = osp.basename(MAIN_CONFIG)
BASELINE = 'deim_hgnetv2-n_8e_synth.py'
# the rows after the main job and its baseline, in the script's order: the ablation ladder's
# rungs 1 to 4, then the main job with DEIM's fusion
OTHERS = ['deim_hgnetv2-n-p3_8e_synth.py', 'natten-deim_hgnetv2-n-lite-gating_8e_synth.py',
          'natten-deim_hgnetv2-n-lite-prior_8e_synth.py',
          'natten-deim_hgnetv2-n-lite-prior-na_8e_synth.py',
          'natten-deim_hgnetv2-n-lite-ccff_8e_synth.py']


def dry_run(*args, results_dir='/nonexistent/synth_results', **env_vars):
    env = dict(os.environ, DRY_RUN='1', RESULTS_DIR=str(results_dir), **env_vars)
    return subprocess.run(['bash', SCRIPT, *args], env=env, capture_output=True, text=True)


def train_commands(stdout):
    """The dry run's tools/train.py command lines, in order."""
    return [line for line in stdout.splitlines() if 'tools/train.py' in line]


def config_name(command):
    return osp.basename(re.search(r'configs/\S+\.py', command)[0])


def runs_of(stdout):
    return [(config_name(t), re.search(r'randomness.seed=(\d+)', t)[1])
            for t in train_commands(stdout)]


def test_dry_run_trains_the_main_rows_first_then_the_ladder_seed_by_seed_then_tabulates():
    result = dry_run()
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == 'make pretrained'
    runs = runs_of(result.stdout)
    assert runs == [(m, s) for s in '012' for m in (MAIN, BASELINE)] + [
        (m, s) for s in '012' for m in OTHERS]
    assert all(glob.glob(osp.join(REPO, 'configs', '*', c)) for c, _ in runs)
    # every run its own work dir; the two tables read exactly those
    trains = train_commands(result.stdout)
    dirs = [re.search(r'--work-dir (\S+)', t)[1] for t in trains]
    assert len(set(dirs)) == len(dirs)
    main_table, ladder = lines[-2:]
    assert 'seed_table.py' in main_table and all(d in main_table for d in dirs[:6])
    assert all(d in ladder for d in dirs) and ladder.index('0. DEIM-N') < ladder.index('1. +')


def test_chosen_seeds_and_cfg_options_reach_every_run_after_the_seed():
    result = dry_run('3', '4', CFG_OPTIONS='optim_wrapper.optimizer.lr=8e-4 train_cfg.max_epochs=7')
    assert result.returncode == 0, result.stderr
    assert [s for _, s in runs_of(result.stdout)] == ['3', '3', '4', '4'] + ['3'] * 5 + ['4'] * 5
    assert all(t.endswith('optim_wrapper.optimizer.lr=8e-4 train_cfg.max_epochs=7')
               for t in train_commands(result.stdout))


def test_a_finished_run_is_kept_unless_forced(tmp_path):
    finished = tmp_path / f'{MAIN[:-3]}_seed0'
    finished.mkdir()
    (finished / 'epoch_8.pth').write_bytes(b'')  # the schedule's last epoch
    (tmp_path / f'{BASELINE[:-3]}_seed0').mkdir()  # unfinished: no epoch_8.pth

    def trained(**env):
        out = dry_run('0', results_dir=tmp_path, **env).stdout
        return [c for c, _ in runs_of(out)], out

    runs, out = trained()
    assert runs == [BASELINE] + OTHERS
    assert f'kept: {finished}/epoch_8.pth exists' in out
    assert trained(FORCE='1')[0] == [MAIN, BASELINE] + OTHERS


def test_a_run_finished_under_cfg_options_is_kept_by_its_own_last_epoch(tmp_path):
    work_dir = tmp_path / f'{MAIN[:-3]}_seed0'
    work_dir.mkdir()
    (work_dir / 'epoch_8.pth').write_bytes(b'')  # the config's last epoch, not the run's

    def kept():
        out = dry_run('0', results_dir=tmp_path, CFG_OPTIONS='train_cfg.max_epochs=6').stdout
        return f'kept: {work_dir}/epoch_6.pth exists' in out, len(train_commands(out))

    assert kept() == (False, 7)
    (work_dir / 'epoch_6.pth').write_bytes(b'')
    assert kept() == (True, 6)


def test_a_seed_that_is_not_an_integer_is_refused():
    result = dry_run('0', 'one')
    assert result.returncode == 2
    assert "seeds are integers, got 'one'" in result.stderr


def fake_run(work_dir, stamp, mAP50, raw, accuracy, minutes):
    run = osp.join(work_dir, stamp)
    os.makedirs(osp.join(run, 'vis_data'))
    records = [dict(loss=3.0, step=10),
               {'coco/bbox_mAP_50': mAP50 / 2, 'step': 1},
               {'coco/bbox_mAP_50': mAP50, 'raw/coco/bbox_mAP_50': raw,
                'expr/accuracy': accuracy, 'step': 2,
                **{f'coco/AP50_{c}': mAP50 - 0.1 * i for i, c in enumerate(EXPRESSION_CLASSES)}}]
    with open(osp.join(run, 'vis_data', 'scalars.json'), 'w') as f:
        f.write('\n'.join(json.dumps(r) for r in records) + '\n')
    with open(osp.join(run, f'{stamp}.log'), 'w') as f:
        f.write(f'2026/11/27 20:00:00 - mmengine - INFO - start\nno stamp here\n'
                f'2026/11/27 20:{minutes:02d}:30 - mmengine - INFO - end\n')


def test_seed_table_takes_the_last_evaluation_of_the_newest_run(tmp_path, capsys):
    a, b = str(tmp_path / 'a'), str(tmp_path / 'b')
    fake_run(a, '20261127_100000', 0.9, 0.2, 0.5, 59)  # an older run in the same work dir
    fake_run(a, '20261127_200000', 0.80, 0.70, 0.75, 20)
    fake_run(b, '20261127_200000', 0.86, 0.80, 0.85, 22)
    out = str(tmp_path / 'table.md')
    assert seed_table_main([f'M={a},{b}', '--out', out]) == 0
    row = '| M | 2 | 80.0, 86.0 | 83.0 | 6.0 | 75.0 | 80.0 % | 22 |'
    per_class = '| M | 83.0 | 73.0 | 63.0 | 53.0 | 43.0 | 33.0 | 23.0 |'
    printed = capsys.readouterr().out
    assert row in printed and per_class in printed
    assert row in open(out).read() and per_class in open(out).read()
    with pytest.raises(FileExistsError, match='table.md already exists'):
        seed_table_main([f'M={a}', '--out', out])


def test_seed_table_names_may_hold_an_equals_sign(tmp_path, capsys):
    a = str(tmp_path / 'x=1')  # a work dir whose own path holds one too
    fake_run(a, '20261127_200000', 0.80, 0.70, 0.75, 20)
    assert seed_table_main([f'PRETRAIN_SEED=1={a}']) == 0
    assert '| PRETRAIN_SEED=1 | 1 | 80.0 |' in capsys.readouterr().out


def test_seed_table_names_a_folder_that_is_not_a_run(tmp_path):
    with pytest.raises(ValueError, match=f'{tmp_path}: no <timestamp>/vis_data/scalars.json'):
        seed_table_main([f'M={tmp_path}'])
    with pytest.raises(ValueError, match="'M': expected NAME=WORK_DIR"):
        seed_table_main(['M'])
    with pytest.raises(ValueError, match="'M=': expected NAME=WORK_DIR"):
        seed_table_main(['M='])
