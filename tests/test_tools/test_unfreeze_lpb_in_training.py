"""In a real training run the landmark branch stays frozen until the hook's epoch."""
import os.path as osp

import torch

from mmfer.engine import load_local_checkpoint
from tests.conftest import REPO
from tests.test_tools.runs import data_options

CONFIG = osp.join(REPO, 'configs/plugins/retinanet_dualbranch-dfpm-natten_12e_synth.py')


def lpb_state(checkpoint):
    state = load_local_checkpoint(checkpoint, map_location='cpu')['state_dict']
    return {k: v for k, v in state.items() if k.startswith('backbone.lpb.')}


def test_lpb_unfreezes_at_the_configured_epoch(tmp_path, tiny_synthetic_root):
    from tools.train import main as train_main
    work_dir = str(tmp_path / 'work')
    train_main([CONFIG, '--work-dir', work_dir, '--cfg-options',
                *data_options(tiny_synthetic_root, 2), 'custom_hooks.0.unfreeze_epoch=1'])
    after_epoch1 = lpb_state(osp.join(work_dir, 'epoch_1.pth'))
    after_epoch2 = lpb_state(osp.join(work_dir, 'epoch_2.pth'))
    # the first epoch ran frozen: the BN statistics are still the initial 0 / 1
    means = [v for k, v in after_epoch1.items() if k.endswith('running_mean')]
    variances = [v for k, v in after_epoch1.items() if k.endswith('running_var')]
    assert means and all(not m.any() for m in means)
    assert all(torch.equal(v, torch.ones_like(v)) for v in variances)
    # the second one trained it: weights and statistics moved
    moved = {k for k in after_epoch2 if not torch.equal(after_epoch2[k], after_epoch1[k])}
    assert 'backbone.lpb.conv1.conv.weight' in moved
    assert 'backbone.lpb.conv_6_sep.bn.running_mean' in moved
