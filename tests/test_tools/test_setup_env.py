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
