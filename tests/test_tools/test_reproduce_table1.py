"""tools/reproduce_table1.sh: what it runs (dry run), its inputs and errors, and a whole run on a
RAF-DB stand-in (the synthetic faces in RAF-DB's own layout, converted by rafdb2coco.py)."""
import os
import os.path as osp
import re
import subprocess
import sys

import pytest
from mmengine.config import Config

from mmfer.evaluation.table1_rows import ROWS
from tests.conftest import REPO, cli

SCRIPT = osp.join(REPO, 'tools/reproduce_table1.sh')
WEIGHTS = ('LPB_CHECKPOINT', 'EBB_CHECKPOINT', 'DEIM_CHECKPOINT')
ENV_KEYS = WEIGHTS + ('DATA_ROOT', 'WORK_DIR', 'RECIPE', 'AMP', 'FORCE')


def run(*args, dry=True, **env_vars):
    env = {k: v for k, v in os.environ.items() if k not in ENV_KEYS}
    env.update(DRY_RUN='1' if dry else '0', **env_vars)
    env['PATH'] = osp.dirname(sys.executable) + os.pathsep + env['PATH']
    return subprocess.run(['bash', SCRIPT, *args], env=env, capture_output=True, text=True,
                          cwd=REPO)


def commands(result, tool):
    return [line for line in result.stdout.splitlines() if tool in line]


def test_dry_run_trains_both_with_one_recipe_selects_on_val_tests_once_then_the_table():
    result = run('s', '2', '320')
    assert result.returncode == 0, result.stderr
    configs = re.findall(r'configs/\S+\.py', result.stdout)
    assert {osp.basename(c) for c in configs} == {'deim_hgnetv2-s_72e_rafdb-320.py',
                                                  'natten-deim_hgnetv2-s_72e_rafdb-320.py'}
    assert all(osp.isfile(osp.join(REPO, c)) for c in configs)
    trains = commands(result, 'dist_train.sh')
    assert len(trains) == 2 and all('--auto-scale-lr' in t for t in trains)
    tests = commands(result, 'tools/test.py')
    assert len(tests) == 2 and all('best_coco_bbox_mAP_50' in t for t in tests)
    table = result.stdout.splitlines()[-1]
    assert 'table1.py' in table and ' deim=' in table and ' natten-deim=' in table
    assert '--out work_dirs/table1/table1_s_320.md' in table
    # the lr scaled from DEIM-S's 4e-4 at 32 images to the 2 x 8 used
    assert 'lr 0.0004 x 16 / 32 = 0.0002 (batch 16 = 2 x 8)' in table
    assert 'no LPB_CHECKPOINT' in result.stderr and 'train from scratch' in result.stderr


def test_the_paper_recipe_and_the_data_and_work_dirs_reach_every_command():
    result = run('n', '1', '640', RECIPE='paper', DATA_ROOT='/data/raf', WORK_DIR='/runs/t1')
    assert result.returncode == 0, result.stderr
    configs = {osp.basename(c) for c in re.findall(r'configs/\S+\.py', result.stdout)}
    assert configs == {'deim_hgnetv2-n_sgd-100e_rafdb.py',
                       'natten-deim_hgnetv2-n_sgd-100e_rafdb.py'}
    for line in commands(result, 'tools/train.py') + commands(result, 'tools/test.py'):
        assert 'data_root=/data/raf/' in line and '--work-dir /runs/t1/' in line
    assert 'SGD, lr 0.001 x 8 / 256' in result.stdout
    assert '--out /runs/t1/table1_n_640.md' in result.stdout


@pytest.mark.parametrize('amp, flags', [('1', '--amp --cfg'),
                                        ('bf16', '--amp --amp-dtype bfloat16')])
def test_amp_trains_with_mixed_precision(amp, flags):
    trains = commands(run('n', '1', AMP=amp), 'tools/train.py')
    assert len(trains) == 2 and all(flags in t for t in trains)


def test_each_checkpoint_goes_where_it_belongs(tmp_path):
    files = {}
    for name in WEIGHTS:
        files[name] = tmp_path / f'{name.lower()}.pth'
        files[name].write_bytes(b'x')
    result = run('n', '1', **{k: str(v) for k, v in files.items()})
    assert result.returncode == 0, result.stderr
    converts = commands(result, 'deim2mmfer.py')
    assert len(converts) == 2 and all('--num-classes 7' in c for c in converts)
    assert '--config configs/deim/deim_hgnetv2-n_72e_rafdb.py' in converts[0]
    assert '--fit configs/natten_deim/natten-deim_hgnetv2-n_72e_rafdb.py' in converts[1]
    trains = commands(result, 'tools/train.py')
    assert 'load_from=work_dirs/table1/deim_hgnetv2-n_72e_rafdb_from_deim.pth' in trains[0]
    assert 'lpb_checkpoint' not in trains[0]
    assert trains[1].endswith(f'model.backbone.lpb_checkpoint={files["LPB_CHECKPOINT"]}')
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
        assert line.endswith('train_cfg.max_epochs=3 train_dataloader.batch_size=4')


def test_bad_arguments_fail_clearly(tmp_path):
    result = run('x')
    assert result.returncode == 2 and "SIZE must be n, s or m, got 'x'" in result.stderr
    assert 'Pretrained weights' in result.stderr  # the usage follows
    result = run('n', '1', '512')
    assert result.returncode == 2 and 'INPUT must be 640, 320 or synth' in result.stderr
    result = run('n', ROWS='ssd,yolo9')
    assert result.returncode != 0 and 'unknown row(s) yolo9' in result.stderr
    result = run('n', 'two')
    assert result.returncode == 2 and 'NUM_PROCS must be a positive integer' in result.stderr
    result = run('n', '1', '640', '--amp')
    assert result.returncode == 2 and 'must be KEY=VALUE' in result.stderr
    assert "RECIPE must be deim or paper, got 'sgd'" in run('n', RECIPE='sgd').stderr
    assert "AMP must be 1, fp16 or bf16, got 'yes'" in run('n', AMP='yes').stderr
    result = run('n', '1', dry=False, DATA_ROOT=str(tmp_path))
    assert result.returncode == 2
    assert f'{tmp_path}/annotations/rafdb_train.json is missing' in result.stderr
    assert run('--help').returncode == 0


def test_all_rows_each_trained_with_its_recipe_tested_costed_then_one_table():
    result = run('n', '1', '320', ROWS='all', WORK_DIR='/runs/t1')
    assert result.returncode == 0, result.stderr
    runnable = [row for row in ROWS if row.configs]
    trains = commands(result, 'tools/train.py')
    assert [re.search(r'configs/(\S+\.py)', t).group(1) for t in trains] == [
        row.config('rafdb-320') for row in runnable]
    assert all('--work-dir /runs/t1/' in t and '--auto-scale-lr' in t for t in trains)
    tests = commands(result, 'tools/test.py')
    assert len(tests) == len(runnable) and all('best_coco_bbox_mAP_50' in t for t in tests)
    costs = [c for c in commands(result, 'benchmark.py') if 'table1.py' not in c]
    assert len(costs) == len(runnable) and all('--network' in c for c in costs)
    assert '--shape 300' in costs[0] and '--shape 320' in costs[1]  # SSD300 keeps its 300 px
    table = commands(result, 'table1.py')[-1]
    for row in ROWS:
        assert (f' {row.key}=' in table) == bool(row.configs)
        assert (f'--skipped {row.key} ' in table) == bool(row.unavailable)
    # no ImageNet weights in checkpoints/ here: each MMDetection row says so and trains from
    # scratch with the options that unfreeze what its recipe froze
    assert 'warning: retinanet: checkpoints/resnet50-0676ba61.pth missing' in result.stderr
    retinanet = next(t for t in trains if 'retinanet_r50_fpn_72e' in t)
    assert retinanet.endswith('model.backbone.init_cfg=None model.backbone.frozen_stages=-1 '
                              'model.backbone.norm_eval=False')
    assert 'retinanet: its own recipe, backbone from scratch (SGD, lr 0.01 x 2 / 16' in table


def test_the_synthetic_set_runs_every_rows_synthetic_config():
    result = run('n', '1', 'synth', 'train_cfg.max_epochs=1', ROWS='all')
    assert result.returncode == 0, result.stderr
    configs = [re.search(r'configs/(\S+\.py)', t).group(1)
               for t in commands(result, 'tools/train.py')]
    assert configs == [row.config('synth') for row in ROWS if row.configs]
    assert not any('data_root=' in line for line in result.stdout.splitlines())
    assert '--out work_dirs/table1/table1_n_synth.md' in result.stdout
    assert 'warning' not in result.stderr  # synthetic rows need no downloaded weights


def standin(root, num_train, num_test):
    """RAF-DB's layout written with synthetic faces, then converted as RAF-DB is."""
    from tools.dataset_converters.rafdb2coco import main as convert_main
    convert = cli('rafdb2coco', convert_main)
    from tools.misc.make_synthetic_fer import main as make_main
    make = cli('make_synthetic_fer', make_main)
    assert make([root, '--layout', 'rafdb', '--num-train', str(num_train), '--num-test',
                 str(num_test)]) == 0
    assert convert([root, root]) == 0
    return root


TABLE1_ROWS = {'deim_hgnetv2-n_72e_rafdb-320': '| DEIM (Baseline) |',
               'natten-deim_hgnetv2-n_72e_rafdb-320': '| Natten-DEIM |'}


def check_table1_run(data_root, work_dir, result, from_checkpoints=False, rows=TABLE1_ROWS):
    """The ``rows`` (both by default) trained with the same recipe on DATA_ROOT, tested, and
    tabulated (each from its own conversion of DEIM's checkpoint where ``from_checkpoints``)."""
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    table = open(osp.join(work_dir, 'table1_n_320.md')).read()
    assert all(TABLE1_ROWS[name] in table for name in rows)
    assert 'Recipe: deim (AdamW, lr 0.0008 x 4 / 128' in table
    dumped = {}
    for name in rows:
        cfg = Config.fromfile(osp.join(work_dir, name, f'{name}.py'))  # mmengine's dump
        for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
            dataset = cfg[loader].dataset
            assert dataset.get('dataset', dataset).data_root == data_root + '/'
        assert osp.isfile(osp.join(work_dir, name, 'test_of_best.json'))
        dumped[name] = cfg.to_dict()
    if len(dumped) < 2:
        return table
    deim, natten = dumped.values()
    # the two rows differ in the model and in the hook only a landmark branch can have
    assert {k for k in deim.keys() | natten.keys() if deim.get(k) != natten.get(k)} <= \
        {'model', 'custom_hooks', 'work_dir'} | ({'load_from'} if from_checkpoints else set())
    assert natten['custom_hooks'] == deim['custom_hooks'] + [
        dict(type='UnfreezeLPBHook', unfreeze_ratio=0.1)]
    return table


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_table1_on_the_rafdb_standin(tmp_path):
    """What `make table1-standin` runs: 2 epochs of both rows on 120 + 60 stand-in images."""
    data_root = standin(str(tmp_path / 'rafdb'), 120, 60)
    work_dir = str(tmp_path / 'table1')
    result = run('n', '1', '320', 'train_cfg.max_epochs=2', 'train_dataloader.batch_size=4',
                 dry=False, DATA_ROOT=data_root, WORK_DIR=work_dir)
    print(check_table1_run(data_root, work_dir, result))


@pytest.mark.slow
@pytest.mark.timeout(5400)
def test_every_row_on_a_tiny_rafdb_standin(tmp_path):
    """ROWS=all end to end: each runnable row trained one epoch, chosen on val, tested, costed,
    with COCO's and the VOC devkit's AP50 in the table; the others listed with the reason."""
    data_root = standin(str(tmp_path / 'rafdb'), 40, 8)
    work_dir = str(tmp_path / 'table1')
    result = run('n', '1', '320', 'train_cfg.max_epochs=1', 'train_dataloader.batch_size=2',
                 dry=False, ROWS='all', DATA_ROOT=data_root, WORK_DIR=work_dir,
                 COST_THREADS='1')
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    table = open(osp.join(work_dir, 'table1_n_320.md')).read()
    print(table)
    coco, voc = table.split('VOC AP50')
    for row in ROWS:
        for part in (coco, voc):
            line = next(line for line in part.splitlines() if line.startswith(f'| {row.label} |'))
            cells = [c.strip() for c in line.strip('|').split('|')]
            map50, params = cells[9], cells[12]
            if row.configs:
                assert re.fullmatch(r'\d+\.\d', map50) and float(params) > 0, line
            else:
                assert map50 == '-' and f'- {row.label}: {row.unavailable}' in table
