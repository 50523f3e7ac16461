"""The synthetic-set results: tools/reproduce_synth_results.sh (dry run) and seed_table.py."""
import json
import os
import os.path as osp
import re
import subprocess

import pytest

from tests.conftest import REPO
from tools.analysis_tools.seed_table import main as seed_table_main

SCRIPT = osp.join(REPO, 'tools/reproduce_synth_results.sh')
# the main recipe's runs of one seed, in the script's order: the main job, its baseline, ablations
MAIN_RECIPE = ['natten_deim_n_lite_synth_pretrained_8e_cls3.py',
               'deim_hgnetv2_n_synth_pretrained_8e_cls3.py',
               'natten_deim_n_lite_synth_pretrained_8e_cls3_no_prior.py',
               'natten_deim_n_lite_synth_pretrained_8e_cls3_no_attention.py']
# the v1 recipe's three models, in the script's order
V1_RECIPE = ['natten_deim_n_synth_pretrained.py', 'deim_hgnetv2_n_synth_pretrained.py',
             'natten_deim_n_lite_synth_pretrained.py']


def dry_run(*args, results_dir='/nonexistent/synth_results', **env_vars):
    env = dict(os.environ, DRY_RUN='1', RESULTS_DIR=str(results_dir), **env_vars)
    return subprocess.run(['bash', SCRIPT, *args], env=env, capture_output=True, text=True)


def train_commands(stdout):
    """The dry run's tools/train.py command lines, in order."""
    return [line for line in stdout.splitlines() if 'tools/train.py' in line]


def config_name(command):
    return osp.basename(re.search(r'configs/\S+\.py', command)[0])


def test_dry_run_trains_the_seven_models_per_seed_and_the_v1_ablations_then_tabulates():
    result = dry_run()
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == 'make pretrained'
    trains = train_commands(result.stdout)
    runs = [(config_name(t), re.search(r'randomness.seed=(\d+)', t)[1]) for t in trains]
    assert runs == [(m, s) for s in '012' for m in MAIN_RECIPE] + [
        (m, s) for s in '012' for m in V1_RECIPE] + [
        ('natten_deim_n_synth_pretrained_no_prior.py', '0'),
        ('natten_deim_n_synth_pretrained_no_attention.py', '0')]
    assert all(osp.isfile(osp.join(REPO, 'configs', d, c)) for c, _ in runs
               for d in ('natten_deim', 'deim') if c.startswith(d))
    # every run its own work dir, and the table reads exactly those
    dirs = [re.search(r'--work-dir (\S+)', t)[1] for t in trains]
    assert len(set(dirs)) == len(dirs)
    assert 'seed_table.py' in lines[-1] and all(d in lines[-1] for d in dirs)


def test_dry_run_with_chosen_seeds_and_no_v1_ablation():
    result = dry_run('3', '4', ABLATION_SEEDS='')
    assert result.returncode == 0, result.stderr
    trains = train_commands(result.stdout)
    assert [re.search(r'randomness.seed=(\d+)', t)[1] for t in trains] == \
        ['3'] * 4 + ['4'] * 4 + ['3'] * 3 + ['4'] * 3
    assert 'v1: Natten-DEIM-N, no landmark prior' not in result.stdout


def test_cfg_options_reach_every_run_after_the_seed():
    result = dry_run('0', ABLATION_SEEDS='',
                     CFG_OPTIONS='optim_wrapper.optimizer.lr=8e-4 train_cfg.max_epochs=7')
    assert result.returncode == 0, result.stderr
    trains = train_commands(result.stdout)
    assert len(trains) == 7
    assert all(t.endswith('--cfg-options randomness.seed=0 optim_wrapper.optimizer.lr=8e-4 '
                          'train_cfg.max_epochs=7') for t in trains)
    assert all(t.endswith('randomness.seed=0')
               for t in train_commands(dry_run('0', ABLATION_SEEDS='').stdout))


def test_a_finished_run_is_kept_unless_forced(tmp_path):
    finished = tmp_path / 'natten_deim_n_synth_pretrained_seed0'
    finished.mkdir()
    (finished / 'epoch_5.pth').write_bytes(b'')  # the schedule's last epoch
    (tmp_path / 'deim_hgnetv2_n_synth_pretrained_seed0').mkdir()  # unfinished: no epoch_5.pth

    def trained(**env):
        out = dry_run('0', results_dir=tmp_path, ABLATION_SEEDS='', **env).stdout
        return [config_name(t) for t in train_commands(out)], out

    runs, out = trained()
    assert runs == MAIN_RECIPE + V1_RECIPE[1:]
    assert f'kept: {finished}/epoch_5.pth exists' in out
    assert trained(FORCE='1')[0] == MAIN_RECIPE + V1_RECIPE


def test_v1_0_trains_and_tabulates_only_the_main_recipe():
    result = dry_run('0', V1='0')
    assert result.returncode == 0, result.stderr
    assert [config_name(t) for t in train_commands(result.stdout)] == MAIN_RECIPE
    assert 'v1:' not in result.stdout.splitlines()[-1]


def test_a_run_finished_under_cfg_options_is_kept_by_its_own_last_epoch(tmp_path):
    work_dir = tmp_path / 'natten_deim_n_lite_synth_pretrained_8e_cls3_seed0'
    work_dir.mkdir()
    (work_dir / 'epoch_8.pth').write_bytes(b'')  # the config's last epoch, not the run's

    def kept():
        out = dry_run('0', results_dir=tmp_path, V1='0',
                      CFG_OPTIONS='train_cfg.max_epochs=6').stdout
        return f'kept: {work_dir}/epoch_6.pth exists' in out, len(train_commands(out))

    assert kept() == (False, 4)
    (work_dir / 'epoch_6.pth').write_bytes(b'')
    assert kept() == (True, 3)


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
                'expr/accuracy': accuracy, 'step': 2}]
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
    assert row in capsys.readouterr().out
    assert row in open(out).read()
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
