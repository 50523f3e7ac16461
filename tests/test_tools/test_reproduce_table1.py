import os
import os.path as osp
import re
import subprocess

from tests.conftest import REPO

SCRIPT = osp.join(REPO, 'tools/reproduce_table1.sh')


def run(*args, dry=True):
    env = dict(os.environ, DRY_RUN='1' if dry else '0')
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


def test_bad_arguments_fail_clearly():
    result = run('x')
    assert result.returncode == 2 and 'SIZE must be n, s or m' in result.stderr
    result = run('n', '1', '512')
    assert result.returncode == 2 and 'INPUT must be 640 or 320' in result.stderr
