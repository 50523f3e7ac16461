"""The two branches' pre-training (configs/pretrain/) through tools/train.py on the tiny
synthetic set: it learns, writes the branch in the layout the detector's backbone loads, follows
its seed, and never overwrites a branch."""
import os.path as osp

import numpy as np
import pytest
import torch

from mmfer.datasets.synthetic import read_synthetic_info
from mmfer.models.backbones import DualBranchBackbone
from tests.conftest import REPO
from tests.test_tools.runs import scalars

EXPRESSION = osp.join(REPO, 'configs/pretrain/hgnetv2-b0_expression-crops_8e_synth.py')
LANDMARKS = osp.join(REPO, 'configs/pretrain/mobilefacenet_landmarks_1e_synth.py')


def options(root, epochs, batch, *extra):
    synthetic = dict(read_synthetic_info(root)['config'], faces_per_image=(1, 1))
    opts = [f'train_cfg.max_epochs={epochs}', f'train_cfg.val_interval={epochs}',
            f'train_dataloader.batch_size={batch}',
            'default_hooks.logger.interval=1', 'log_processor.window_size=1']
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        opts += [f'{loader}.num_workers=0', f'{loader}.persistent_workers=False',
                 f'{loader}.dataset.faces.data_root={root}']
        opts += [f'{loader}.dataset.faces.synthetic.{k}={v}'.replace(' ', '')
                 for k, v in synthetic.items()]
    return opts + list(extra)


def train(config, work_dir, *opts):
    from tools.train import main
    assert main([config, '--work-dir', work_dir, '--cfg-options', *opts]) == 0


def mean_loss(records, key, first):
    values = [r[key] for r in records if key in r]
    return np.mean(values[:3] if first else values[-3:])


def test_expression_pretraining_learns_and_the_backbone_loads_it(tmp_path, tiny_synthetic_root):
    work_dir = str(tmp_path / 'expression')
    train(EXPRESSION, work_dir, *options(tiny_synthetic_root, 15, 7,
                                         'train_dataloader.dataset.crop_size=32',
                                         'val_dataloader.dataset.crop_size=32'))
    records = scalars(work_dir)
    assert mean_loss(records, 'loss_cls', False) < mean_loss(records, 'loss_cls', True) - 0.3
    assert 0 <= [r for r in records if 'crop/accuracy' in r][-1]['crop/accuracy'] <= 1
    out = osp.join(work_dir, 'expression_branch.pth')
    backbone = DualBranchBackbone('hgnetv2_b0', with_lpb=False, ebb_pretrained=out)
    saved = torch.load(out, weights_only=True)
    assert saved['meta']['arch'] == 'hgnetv2_b0' and saved['meta']['epochs'] == 15
    loaded = {k.replace('stages_', 'stages.'): v for k, v in backbone.ebb.state_dict().items()}
    names = [k for k in saved['state_dict'] if k in loaded and saved['state_dict'][k].dim() == 4]
    assert len(names) == sum(v.dim() == 4 for v in loaded.values())  # every conv
    assert all(torch.equal(loaded[k], saved['state_dict'][k]) for k in names)
    # a second run into the same work dir stops before it trains, the branch intact
    with pytest.raises(FileExistsError, match='expression_branch.pth already exists'):
        train(EXPRESSION, work_dir, *options(tiny_synthetic_root, 1, 7))
    assert torch.equal(torch.load(out, weights_only=True)['state_dict'][names[0]],
                       saved['state_dict'][names[0]])


def test_landmark_pretraining_learns_and_the_backbone_loads_it(tmp_path, tiny_synthetic_root):
    work_dirs = [str(tmp_path / f'seed{seed}') for seed in (1, 2)]
    for seed, work_dir in zip((1, 2), work_dirs):
        train(LANDMARKS, work_dir, *options(tiny_synthetic_root, 4 if seed == 1 else 1, 8,
                                            f'randomness.seed={seed}'))
    records = scalars(work_dirs[0])
    assert mean_loss(records, 'loss_landmarks', False) < \
        mean_loss(records, 'loss_landmarks', True)
    assert [r for r in records if 'landmarks/nme' in r][-1]['landmarks/nme'] < 0.5
    out = osp.join(work_dirs[0], 'landmark_branch.pth')
    backbone = DualBranchBackbone('N', lpb_checkpoint=out)
    saved = torch.load(out, weights_only=True)
    # trained channels-last (the config's ChannelsLastHook), written in the usual layout
    assert all(v.is_contiguous() for v in saved['state_dict'].values())
    assert torch.equal(backbone.lpb.conv1.conv.weight, saved['state_dict']['conv1.conv.weight'])
    # the training set's mean shape standardised the targets: left eye left of the right one
    mean = np.array(saved['meta']['landmark_mean'])
    assert mean.shape == (5, 2) and mean[0, 0] < mean[1, 0]
    # the seed reaches the training: another seed, other weights
    other = torch.load(osp.join(work_dirs[1], 'landmark_branch.pth'), weights_only=True)
    assert not torch.equal(other['state_dict']['conv1.conv.weight'],
                           saved['state_dict']['conv1.conv.weight'])
