"""mmfer installed from its wheel (`pip install .`, not editable) into a fresh virtual
environment carries its configs and model index: models resolve by name outside the checkout,
in FERInferencer and in tools/test.py."""
import json
import os
import os.path as osp
import site
import subprocess
import sys

import pytest

from tests.conftest import MAIN_CONFIG, REPO
from tests.test_tools.runs import data_options

NAME = osp.basename(MAIN_CONFIG)[:-3]


@pytest.fixture(scope='module')
def installed(tmp_path_factory):
    """A fresh venv whose only mmfer is the wheel built from this checkout (the heavy
    dependencies come from the test environment's site-packages, as a plain path)."""
    venv = tmp_path_factory.mktemp('venv')
    subprocess.run([sys.executable, '-m', 'venv', '--without-pip', str(venv)], check=True)
    python = str(venv / 'bin' / 'python')
    purelib = subprocess.run([python, '-c', 'import sysconfig; print(sysconfig.get_paths()'
                              '["purelib"])'], check=True, capture_output=True,
                             text=True).stdout.strip()
    with open(osp.join(purelib, 'deps.pth'), 'w') as f:
        f.write('\n'.join(site.getsitepackages()) + '\n')
    subprocess.run([python, '-m', 'pip', 'install', '-q', '--no-deps', '--no-build-isolation',
                    REPO], check=True, cwd=str(venv), capture_output=True)
    return python, osp.join(purelib, 'mmfer')


def run_python(python, code, cwd):
    return subprocess.run([python, '-c', code], cwd=cwd, capture_output=True, text=True,
                          env={k: v for k, v in os.environ.items() if k != 'PYTHONPATH'})


def test_the_wheel_carries_the_configs_and_resolves_models_by_name(installed, tmp_path,
                                                                   main_job_checkpoint):
    python, package = installed
    assert not package.startswith(REPO) and osp.isdir(osp.join(package, '.mim', 'configs'))
    result = run_python(python, f'''
import mmfer
from mmfer.apis import FERInferencer
from mmfer.apis.model_index import configs_root, find_config
print(mmfer.__file__, configs_root(), find_config({NAME!r}))
inferencer = FERInferencer({NAME!r}, weights={main_job_checkpoint!r})
print(type(inferencer.model.neck).__name__)
''', str(tmp_path))
    assert result.returncode == 0, result.stderr[-3000:]
    module, root, config = result.stdout.split()[:3]
    assert module.startswith(package) and root == osp.join(package, '.mim')
    assert config == osp.join(package, '.mim', osp.relpath(MAIN_CONFIG, REPO))
    assert result.stdout.split()[-1] == 'DFPMNattenNeck'


def test_the_installed_test_tool_evaluates_a_model_by_name(installed, tmp_path,
                                                           main_job_checkpoint,
                                                           tiny_synthetic_root):
    python, package = installed
    work = tmp_path / 'test'
    result = subprocess.run(
        [python, osp.join(package, '.mim', 'tools', 'test.py'), NAME, main_job_checkpoint,
         '--work-dir', str(work), '--cfg-options',
         *data_options(tiny_synthetic_root, 1, wrapped_train_set=True)],
        cwd=str(tmp_path), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    (metrics,) = [osp.join(d, f) for d, _, fs in os.walk(work) for f in fs if f.endswith('.json')
                  and 'vis_data' not in d]
    assert 0 <= json.load(open(metrics))['coco/bbox_mAP_50'] <= 1
