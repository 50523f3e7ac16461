"""tools/reproduce_table1.sh: what it runs (dry run), its inputs and its errors."""
import os
import os.path as osp
import re
import subprocess

import pytest

from tests.conftest import REPO

SCRIPT = osp.join(REPO, 'tools/reproduce_table1.sh')
WEIGHTS = ('LPB_CHECKPOINT', 'EBB_CHECKPOINT', 'DEIM_CHECKPOINT')


def run(*args, dry=True, **env_vars):
    env = {k: v for k, v in os.environ.items() if k not in WEIGHTS}
    env.update(DRY_RUN='1' if dry else '0', **env_vars)
    return subprocess.run(['bash', SCRIPT, *args], env=env, capture_output=True, text=True)


def commands(result, tool):
    return [line for line in result.stdout.splitlines() if tool in line]


def test_dry_run_trains_both_selects_on_val_tests_once_then_prints_the_table():
    result = run('s', '2', '320')
    assert result.returncode == 0, result.stderr
    configs = re.findall(r'configs/\S+\.py', result.stdout)
    assert {osp.basename(c) for c in configs} == {'deim_hgnetv2_s_rafdb_320.py',
                                                  'natten_deim_s_rafdb_320.py'}
    assert all(osp.isfile(osp.join(REPO, c)) for c in configs)
    trains = commands(result, 'dist_train.sh')
    assert len(trains) == 2 and all('--auto-scale-lr' in t for t in trains)
    tests = commands(result, 'tools/test.py')
    assert len(tests) == 2 and all('best_coco_bbox_mAP_50' in t for t in tests)
    assert 'table1.py' in result.stdout.splitlines()[-1]
    assert 'DEIM (Baseline)=' in result.stdout.splitlines()[-1]
    assert 'no LPB_CHECKPOINT' in result.stderr and 'train from scratch' in result.stderr


def test_one_process_also_scales_the_lr_from_the_configs_base_batch():
    result = run('n', '1')
    trains = commands(result, 'tools/train.py')
    assert len(trains) == 2 and all('--auto-scale-lr' in t for t in trains)


def test_rafdb_configs_choose_checkpoints_on_val_and_test_on_test():
    from mmengine.config import Config
    for name in ('deim/deim_hgnetv2_s_rafdb.py', 'natten_deim/natten_deim_n_rafdb_320.py'):
        cfg = Config.fromfile(osp.join(REPO, 'configs', name))
        assert cfg.train_dataloader.dataset.dataset.ann_file == 'annotations/rafdb_train.json'
        assert cfg.val_dataloader.dataset.ann_file == 'annotations/rafdb_val.json'
        assert cfg.val_evaluator[0].ann_file.endswith('rafdb_val.json')
        assert cfg.test_dataloader.dataset.ann_file == 'annotations/rafdb_test.json'
        assert cfg.test_evaluator[0].ann_file.endswith('rafdb_test.json')
        assert cfg.default_hooks.checkpoint.save_best == 'coco/bbox_mAP_50'


def test_each_checkpoint_goes_where_it_belongs(tmp_path):
    files = {}
    for name in WEIGHTS:
        files[name] = tmp_path / f'{name.lower()}.pth'
        files[name].write_bytes(b'x')
    result = run('n', '1', **{k: str(v) for k, v in files.items()})
    assert result.returncode == 0, result.stderr
    converts = commands(result, 'deim2mmfer.py')
    assert len(converts) == 2 and all('--num-classes 7' in c for c in converts)
    assert '--config configs/deim/deim_hgnetv2_n_rafdb.py' in converts[0]
    assert '--fit configs/natten_deim/natten_deim_n_rafdb.py' in converts[1]
    trains = commands(result, 'tools/train.py')
    assert 'load_from=work_dirs/table1/deim_hgnetv2_n_rafdb_from_deim.pth' in trains[0]
    assert 'lpb_checkpoint' not in trains[0]
    assert trains[1].endswith(f'--cfg-options model.backbone.lpb_checkpoint='
                              f'{files["LPB_CHECKPOINT"]}')
    assert 'ebb_pretrained' not in result.stdout  # DEIM's checkpoint has the HGNetV2 already
    assert 'warning' not in result.stderr

    ebb_only = run('m', '1', EBB_CHECKPOINT=str(files['EBB_CHECKPOINT']))
    trains = commands(ebb_only, 'tools/train.py')
    assert all(f'model.backbone.ebb_pretrained={files["EBB_CHECKPOINT"]}' in t for t in trains)


@pytest.mark.parametrize('name', WEIGHTS)
def test_a_missing_checkpoint_file_is_named(tmp_path, name):
    result = run('n', '1', **{name: str(tmp_path / 'nope.pth')})
    assert result.returncode == 2 and f'{name}={tmp_path}/nope.pth: no such file' in result.stderr


def test_extra_overrides_reach_training_and_testing():
    result = run('n', '1', '640', 'train_cfg.max_epochs=3', 'train_dataloader.batch_size=4')
    for line in commands(result, 'tools/train.py') + commands(result, 'tools/test.py'):
        assert line.endswith('--cfg-options train_cfg.max_epochs=3 '
                             'train_dataloader.batch_size=4')


def test_bad_arguments_fail_clearly():
    result = run('x')
    assert result.returncode == 2 and "SIZE must be n, s or m, got 'x'" in result.stderr
    assert 'Pretrained weights' in result.stderr  # the usage follows
    result = run('n', '1', '512')
    assert result.returncode == 2 and 'INPUT must be 640 or 320' in result.stderr
    result = run('n', 'two')
    assert result.returncode == 2 and 'NUM_PROCS must be a positive integer' in result.stderr
    result = run('n', '1', '640', '--amp')
    assert result.returncode == 2 and 'must be KEY=VALUE' in result.stderr
    if not osp.exists(osp.join(REPO, 'data/rafdb/annotations/rafdb_train.json')):
        result = run('n', '1', dry=False)
        assert result.returncode == 2 and 'rafdb_train.json is missing' in result.stderr
    assert run('--help').returncode == 0
