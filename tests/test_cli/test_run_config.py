"""What tools/train.py and tools/test.py make of a config and the command line: the data root
moved as one, and the device a run reports."""
import os.path as osp

import pytest

from mmfer.cli.run_config import device_summary, load_run_config
from tests.conftest import REPO

RAFDB = osp.join(REPO, 'configs/natten_deim/natten-deim_hgnetv2-n_72e_rafdb-320.py')


def loader_roots(cfg):
    roots = []
    for name in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        dataset = cfg[name].dataset
        roots.append(dataset.get('dataset', dataset).data_root)
    return roots


def test_data_root_moves_every_split_and_the_evaluators_follow():
    cfg = load_run_config(RAFDB, {'data_root': '/elsewhere/rafdb/'})
    assert loader_roots(cfg) == ['/elsewhere/rafdb/'] * 3
    # the evaluators name no file: they score against the evaluated dataset's own
    assert all('ann_file' not in e for e in cfg.val_evaluator + cfg.test_evaluator)


def test_an_evaluator_file_under_the_old_root_moves_too():
    cfg = load_run_config(RAFDB, {'data_root': '/new/',
                                  'test_evaluator': [dict(type='ExpressionCocoMetric',
                                                          ann_file='data/rafdb/x.json')]})
    assert cfg.test_evaluator[0].ann_file == '/new/x.json'


def test_moving_one_split_alone_is_refused_by_name():
    with pytest.raises(ValueError, match='train_dataloader reads /x/ but val_dataloader reads '
                                         'data/rafdb/; pass --cfg-options data_root=DIR'):
        load_run_config(RAFDB, {'train_dataloader.dataset.dataset.data_root': '/x/'})
    # a test set of its own (cross-dataset evaluation) is what the user asked for
    cfg = load_run_config(RAFDB, {'test_dataloader.dataset.data_root': '/affectnet/'})
    assert loader_roots(cfg) == ['data/rafdb/', 'data/rafdb/', '/affectnet/']


def test_the_branch_pretraining_configs_move_with_data_root_too():
    cfg = load_run_config(osp.join(REPO, 'configs/pretrain/mobilefacenet_landmarks_30e_rafdb.py'),
                          {'data_root': '/raf/'})
    assert cfg.train_dataloader.dataset.faces.data_root == '/raf/'
    assert cfg.val_dataloader.dataset.faces.data_root == '/raf/'


def test_a_run_says_where_it_computes():
    cfg = load_run_config(RAFDB)
    line = device_summary(cfg)
    assert line.startswith('device cpu (') and 'torch sees no GPU' in line
    assert line.endswith('1 process, launcher none')


def test_a_gpu_launch_on_a_machine_without_one_is_refused():
    with pytest.raises(RuntimeError, match=r"backend='nccl' is a GPU run, but torch .* sees no "
                                           r'GPU .* env_cfg.dist_cfg.backend=gloo'):
        load_run_config(RAFDB, launcher='pytorch')
