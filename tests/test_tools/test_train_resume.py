"""tools/train.py --resume refuses, naming each file, when no checkpoint of the work dir
loads."""
import pytest

from tests.conftest import MAIN_CONFIG
from tests.test_engine.test_resume_and_atomic_files import checkpoint
from tools.train import build_config, parse_args


def test_resume_refuses_when_no_checkpoint_loads(tmp_path):
    work = tmp_path / 'work'
    work.mkdir()
    checkpoint(work / 'epoch_1.pth', size=100)
    with pytest.raises(ValueError, match='no checkpoint in .* loads .*epoch_1.pth: not a whole'):
        build_config(parse_args([MAIN_CONFIG, '--work-dir', str(work), '--resume']))
