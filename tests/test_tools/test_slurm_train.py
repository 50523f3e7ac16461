"""tools/slurm_train.sh: the srun command it builds (a stand-in srun records it) and its
argument checks."""
import os
import subprocess

from tests.conftest import REPO

SCRIPT = f'{REPO}/tools/slurm_train.sh'
CONFIG = f'{REPO}/configs/natten_deim/natten-deim_hgnetv2-s_72e_rafdb.py'


def run(args, tmp_path, with_srun=True, **env_vars):
    bin_dir = tmp_path / 'bin'
    bin_dir.mkdir(parents=True, exist_ok=True)
    if with_srun:
        srun = bin_dir / 'srun'
        srun.write_text('#!/bin/sh\necho "srun $*"\n')
        srun.chmod(0o755)
    path = f'{bin_dir}:/usr/bin:/bin'
    env = dict(os.environ, PATH=path, **env_vars)
    return subprocess.run(['bash', SCRIPT, *args], env=env, capture_output=True, text=True)


def test_builds_mmdetections_srun_command(tmp_path):
    result = run(['gpu', 'job', CONFIG, 'work_dirs/x', '--auto-scale-lr'], tmp_path,
                 GPUS='16', SRUN_ARGS='--qos=high --time=10')
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip()
    assert line.startswith('srun -p gpu --job-name=job --gres=gpu:8 --ntasks=16 '
                           '--ntasks-per-node=8 --cpus-per-task=5 --kill-on-bad-exit=1 '
                           '--qos=high --time=10 ')
    assert line.endswith(f'tools/train.py {CONFIG} --work-dir=work_dirs/x --launcher=slurm '
                         '--auto-scale-lr')


def test_checks_its_arguments(tmp_path):
    result = run(['gpu', 'job'], tmp_path)
    assert result.returncode == 2 and 'expected PARTITION JOB_NAME CONFIG WORK_DIR' in \
        result.stderr and 'bash tools/slurm_train.sh PARTITION' in result.stderr
    result = run(['gpu', 'job', 'nope.py', 'w'], tmp_path)
    assert result.returncode == 2 and 'config nope.py: no such file' in result.stderr
    result = run(['gpu', 'job', CONFIG, 'w'], tmp_path, GPUS='eight')
    assert result.returncode == 2 and "GPUS must be a positive integer, got 'eight'" in \
        result.stderr
    result = run(['gpu', 'job', CONFIG, 'w'], tmp_path / 'none', with_srun=False)
    assert result.returncode == 2 and 'srun not found' in result.stderr
    assert run(['--help'], tmp_path).returncode == 0
