"""tools/misc/port_mmdet_recipe.py checks and rewrites ported row configs;
tools/misc/print_config.py prints any config resolved."""
import os.path as osp
import shutil

from tests.conftest import REPO
from tools.misc.port_mmdet_recipe import main as port_main
from tools.misc.print_config import main as print_main


def test_the_port_tool_checks_and_rewrites(tmp_path, capsys):
    folder = tmp_path / 'yolox'
    folder.mkdir()
    for name in ('yolox_s_72e_rafdb.py', 'yolox_s_72e_rafdb-320.py'):
        shutil.copy(osp.join(REPO, 'configs/yolox', name), folder / name)
    parent, child = str(folder / 'yolox_s_72e_rafdb.py'), str(folder / 'yolox_s_72e_rafdb-320.py')
    assert port_main([parent, child, '--check']) == 0
    # an edited entry is found by --check and written back by a port
    with open(child, 'a') as f:
        f.write('train_cfg = dict(val_interval=1)\n')
    assert port_main([parent, child, '--check']) == 1
    assert '+++' in capsys.readouterr().out
    assert port_main([child]) == 0
    assert open(child).read() == open(osp.join(REPO, 'configs/yolox',
                                               'yolox_s_72e_rafdb-320.py')).read()


def test_print_config_prints_the_resolved_config(capsys):
    assert print_main([osp.join(REPO, 'configs/yolox/yolox_s_3e_synth.py'),
                       '--cfg-options', 'train_cfg.max_epochs=5']) == 0
    out = capsys.readouterr().out
    assert "type='SyntheticFERDataset'" in out and 'max_epochs=5' in out
