import os
import os.path as osp
import re
import subprocess

from tests.conftest import REPO

SCRIPT = osp.join(REPO, 'tools/reproduce_table1.sh')


def run(*args, dry=True, **env_vars):
    env = {k: v for k, v in os.environ.items() if k != 'LPB_CHECKPOINT'}
    env.update(DRY_RUN='1' if dry else '0', **env_vars)
    return subprocess.run(['bash', SCRIPT, *args], env=env, capture_output=True, text=True)


def test_dry_run_trains_and_tests_both_models_then_prints_the_table():
    result = run('s', '2', '320')
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    configs = re.findall(r'configs/\S+\.py', result.stdout)
    assert {osp.basename(c) for c in configs} == {'deim_hgnetv2_s_rafdb_320.py',
                                                  'natten_deim_s_rafdb_320.py'}
    assert all(osp.isfile(osp.join(REPO, c)) for c in configs)
    assert sum('dist_train.sh' in line and '--auto-scale-lr' in line for line in lines) == 2
    assert sum('tools/test.py' in line for line in lines) == 2
    assert 'table1.py' in lines[-1] and 'DEIM (Baseline)=' in lines[-1]
    assert 'lpb_checkpoint' not in result.stdout
    assert 'no LPB_CHECKPOINT' in result.stderr


def test_the_landmark_checkpoint_goes_to_natten_deim_only(tmp_path):
    ckpt = tmp_path / 'mobilefacenet_model_best.pth.tar'
    ckpt.write_bytes(b'x')
    result = run('n', '1', LPB_CHECKPOINT=str(ckpt))
    assert result.returncode == 0, result.stderr
    trains = [line for line in result.stdout.splitlines() if 'tools/train.py' in line]
    assert len(trains) == 2 and 'lpb_checkpoint' not in trains[0]
    assert trains[1].endswith(f'--cfg-options model.backbone.lpb_checkpoint={ckpt}')
    assert 'warning' not in result.stderr
    missing = run('n', '1', LPB_CHECKPOINT=str(tmp_path / 'nope.pth'))
    assert missing.returncode == 2 and 'nope.pth: no such file' in missing.stderr


def test_bad_arguments_fail_clearly():
    result = run('x')
    assert result.returncode == 2 and 'SIZE must be n, s or m' in result.stderr
    result = run('n', '1', '512')
    assert result.returncode == 2 and 'INPUT must be 640 or 320' in result.stderr
