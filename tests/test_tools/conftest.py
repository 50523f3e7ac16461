"""Fixtures the tools' tests share."""
import pytest

from tests.test_tools.runs import CONFIG, tiny_run_options


@pytest.fixture(scope='session')
def tiny_run(tmp_path_factory, tiny_synthetic_root):
    """The work dir of CONFIG (stock RetinaNet R-18) trained by tools/train.py with
    :func:`tiny_run_options`: ``epoch_1.pth``, ``epoch_2.pth`` and one run's logs. Read it;
    write elsewhere."""
    from tools.train import main
    work_dir = str(tmp_path_factory.mktemp('tiny_run') / 'work')
    assert main([CONFIG, '--work-dir', work_dir, '--cfg-options',
                 *tiny_run_options(tiny_synthetic_root)]) == 0
    return work_dir
