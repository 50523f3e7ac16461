"""tools/misc/run_info.py: the values the shell launchers ask of a config, several configs
in one process."""
import os.path as osp

from tests.conftest import REPO
from tools.misc.run_info import main as run_info_main


def test_run_info_reads_a_config_once_for_every_value_asked(capsys):
    config = osp.join(REPO, 'configs', 'retinanet', 'retinanet_r50_fpn_72e_rafdb-320.py')
    assert run_info_main([config, '--get', 'summary', 'max_epochs', 'input_size',
                          'missing_weights', 'scratch_options',
                          '--cfg-options', 'model.backbone.init_cfg.checkpoint=nope.pth']) == 0
    summary, epochs, size, missing, scratch = capsys.readouterr().out.splitlines()
    assert summary == 'SGD, lr 0.01 x 2 / 16 = 0.00125 (batch 2 = 1 x 2), 72 epochs'
    assert (epochs, size, missing) == ('72', '320', 'nope.pth')
    assert scratch.split()[0] == 'model.backbone.init_cfg=None'
    # several configs in one process: each one's values in turn
    deim = osp.join(REPO, 'configs', 'deim', 'deim_hgnetv2-n_72e_rafdb.py')
    assert run_info_main([config, deim, '--get', 'max_epochs', 'input_size']) == 0
    assert capsys.readouterr().out.splitlines() == ['72', '320', '72', '640']
