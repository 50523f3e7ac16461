"""tools/setup_env.sh: the GPU route stops clearly where torch sees no GPU."""
import os
import os.path as osp
import subprocess
import sys

import pytest
import torch

from tests.conftest import REPO


@pytest.mark.skipif(torch.cuda.is_available(), reason='this machine has a GPU')
def test_the_gpu_route_without_a_gpu_stops_clearly():
    venv = osp.dirname(osp.dirname(sys.executable))  # the environment the tests run in
    result = subprocess.run(['bash', osp.join(REPO, 'tools/setup_env.sh'), '--venv', venv,
                             '--cuda'], capture_output=True, text=True, timeout=900,
                            env=dict(os.environ, MMFER_CACHE=osp.join(venv, '.no-cache')))
    assert result.returncode == 1
    assert '--cuda, but torch' in result.stderr and 'sees no GPU' in result.stderr
    assert 'run without --cuda for the CPU route' in result.stderr
    assert '[setup] mmcv' not in result.stdout  # stopped before building anything


def dry_setup(venv, *make_args):
    """`make setup` as a dry run on the environment folder ``venv``: the route it prints."""
    result = subprocess.run(['make', '-s', '--no-print-directory', '-C', REPO, 'setup',
                             f'MMFER_VENV={venv}', 'SETUP_FLAGS=--dry-run', *make_args],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert '[setup] dry run: would set up' in result.stdout
    return result.stdout


def test_the_gpu_route_through_make_persists_until_cpu_is_asked_for(tmp_path):
    venv = tmp_path / 'venv'
    assert 'torch cpu, mmcv ops cpu (the default)' in dry_setup(venv)
    out = dry_setup(venv, 'CUDA=1')
    assert 'torch cuda, mmcv ops cpu (asked for)' in out and 'torch_cuda.txt' in out
    # a set-up that finished records its route (its stamp's last line); later commands
    # without CUDA keep it
    venv.mkdir()
    (venv / '.mmfer-setup-stamp').write_text('0123abcd\ncuda cpu\n')
    assert f'torch cuda, mmcv ops cpu (kept from {venv}/.mmfer-setup-stamp)' in dry_setup(venv)
    assert 'torch cpu, mmcv ops cpu (asked for)' in dry_setup(venv, 'CUDA=0')
    (venv / '.mmfer-setup-stamp').write_text('0123abcd\ntpu\n')
    result = subprocess.run(['bash', osp.join(REPO, 'tools/setup_env.sh'), '--venv', str(venv),
                             '--dry-run'], capture_output=True, text=True)
    assert result.returncode == 2 and "ends with 'tpu', not a route" in result.stderr


@pytest.mark.parametrize('target', ['test', 'train-demo'])
def test_make_targets_pass_the_gpu_route_to_the_set_up(target):
    result = subprocess.run(['make', '-n', '-C', REPO, target, 'CUDA=1'],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert 'tools/setup_env.sh --venv .venv --cuda' in result.stdout
