"""The ported row configs: each file is what porting its ``# port:`` lines gives (so a fresh
port changes nothing) and the writer's entries resolve to the port (the port and print tools:
tests/test_tools/test_port_mmdet_recipe.py)."""
import glob
import os.path as osp

import pytest
from mmengine.config import Config

from mmfer.recipes.config_writer import config_text, merged, override
from mmfer.recipes.port_file import port_text, read_header
from tests.conftest import REPO

PORTED = sorted(p for p in glob.glob(osp.join(REPO, 'configs', '*', '*.py'))
                if '# port:' in open(p).read())


def test_every_mmdet_row_is_ported():
    assert len(PORTED) == 23
    for path in PORTED:
        lines = open(path).read().splitlines()
        assert not [line for line in lines if line.startswith(('import ', 'from '))]  # data


@pytest.mark.parametrize('path', PORTED, ids=lambda p: osp.relpath(p, REPO))
def test_porting_again_changes_nothing(path):
    assert port_text(path) == open(path).read()


def test_a_child_states_only_what_differs_from_its_parent():
    """The 320-px variant of a row overrides sizes only: its schedule is its parent's."""
    path = osp.join(REPO, 'configs/yolox/yolox_s_72e_rafdb-320.py')
    _, args = read_header(path)
    assert args['parent'] == './yolox_s_72e_rafdb.py'
    body = Config.fromfile(path)
    parent = Config.fromfile(osp.join(REPO, 'configs/yolox/yolox_s_72e_rafdb.py'))
    assert body.train_cfg == parent.train_cfg and body.param_scheduler == parent.param_scheduler
    assert body.optim_wrapper == parent.optim_wrapper
    assert body.img_scale == (320, 320) and parent.img_scale == (640, 640)
    text = open(path).read()
    assert 'param_scheduler' not in text and 'optim_wrapper' not in text


@pytest.mark.parametrize('parent, target', [
    (dict(a=dict(type='X', b=1, c=[1, 2])), dict(a=dict(type='X', b=2, c=[1, 2]))),
    (dict(a=dict(type='X', b=1)), dict(a=dict(type='Y', d=3))),
    (dict(a=dict(type='X', b=1, c=2)), dict(a=dict(type='X', b=1))),
    (dict(a=[1, 2], b=None), dict(a=(1, 2), b=dict(type='Z'), e='new')),
    (dict(a=dict(type='X', init_cfg=dict(type='Pretrained'))), dict(a=dict(type='X',
                                                                         init_cfg=None))),
])
def test_the_entries_merged_over_the_parent_give_the_target(parent, target, tmp_path):
    entries = override(parent, target)
    assert merged(parent, entries) == target
    # and as mmengine reads a config file
    (tmp_path / 'parent.py').write_text(config_text('', parent).split('\n', 1)[1])
    (tmp_path / 'child.py').write_text(config_text('./parent.py', entries))
    assert Config.fromfile(str(tmp_path / 'child.py')).to_dict() == target



def test_a_file_without_port_lines_is_refused(tmp_path):
    path = tmp_path / 'mine.py'
    path.write_text('# my row\n_base_ = "x.py"\n')
    with pytest.raises(ValueError, match='no "# port:" line'):
        read_header(str(path))
    path.write_text('# port: recipe=mmdet::x.py data=synth\n')
    with pytest.raises(ValueError, match='lack img_scale, max_epochs'):
        read_header(str(path))
