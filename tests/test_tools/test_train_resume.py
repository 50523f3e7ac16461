"""tools/train.py and its work dir: --resume refuses, naming each file, when no checkpoint of
the work dir loads; a work dir another live run holds is refused, naming that run."""
import os

import pytest

from mmfer.engine.work_dir_lock import work_dir_lock
from tests.conftest import MAIN_CONFIG, cli
from tests.test_engine.test_resume_and_atomic_files import checkpoint
from tests.test_tools.runs import data_options
from tools.train import build_config, main, parse_args


def test_resume_refuses_when_no_checkpoint_loads(tmp_path):
    work = tmp_path / 'work'
    work.mkdir()
    checkpoint(work / 'epoch_1.pth', size=100)
    with pytest.raises(ValueError, match='no checkpoint in .* loads .*epoch_1.pth: not a whole'):
        build_config(parse_args([MAIN_CONFIG, '--work-dir', str(work), '--resume']))


def test_a_work_dir_held_by_a_live_run_is_refused(tmp_path, tiny_synthetic_root, capsys):
    work = tmp_path / 'work'
    train = cli('train', main)
    with work_dir_lock(str(work)):  # the live run: this process
        assert train([MAIN_CONFIG, '--work-dir', str(work), '--cfg-options',
                      *data_options(tiny_synthetic_root, 1, wrapped_train_set=True),
                      'model.backbone.ebb_pretrained=None',
                      'model.backbone.lpb_checkpoint=None']) == 2
    err = capsys.readouterr().err
    assert f'work is in use by another training run (pid {os.getpid()} on ' in err
    assert err.count('\n') == 1
