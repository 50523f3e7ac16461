"""Every module mmfer registers can be found and built, so nothing registered rots unseen."""
import pytest
import torch

from mmfer import registry
from mmfer.datasets.synthetic import read_synthetic_info

REGISTRIES = [registry.DATASETS, registry.TRANSFORMS, registry.METRICS, registry.MODELS,
              registry.HOOKS, registry.TASK_UTILS]

# Arguments that the registered modules cannot do without.
DEIM_PARTS = dict(
    backbone=dict(type='DualBranchBackbone', arch='N', with_lpb=False),
    neck=dict(type='HybridEncoder', in_channels=[256, 512, 1024], out_channels=32,
              feedforward_channels=64, num_heads=4),
    bbox_head=dict(type='DEIMHead', num_queries=20, dn_cfg=dict(num_dn_queries=10),
                   transformer=dict(in_channels=[32, 32, 32], embed_dims=32, num_heads=4,
                                    feedforward_channels=64)))

REQUIRED_ARGS = {
    'RAFDBDataset': lambda root: dict(data_root=root, ann_file='annotations/synth_test.json',
                                      data_prefix=dict(img='images/test/')),
    'SyntheticFERDataset': lambda root: dict(
        data_root=root, ann_file='annotations/synth_test.json',
        data_prefix=dict(img='images/test/'), synthetic=read_synthetic_info(root)['config']),
    'ResizeWithLandmarks': lambda root: dict(scale=(64, 64)),
    'RandomFlipWithLandmarks': lambda root: dict(prob=0.5),
    'DFPMNattenNeck': lambda root: dict(in_channels=[16, 32], out_channels=16, num_heads=2),
    'UnfreezeLPBHook': lambda root: dict(unfreeze_epoch=1),
    'DenseO2OHook': lambda root: dict(policy_epochs=(1, 2, 3)),
    'MosaicAffine': lambda root: dict(img_scale=(32, 32)),
    'SwitchableBatchResize': lambda root: dict(random_size_range=(64, 96)),
    'DEIM': lambda root: DEIM_PARTS,
    'NattenDEIM': lambda root: DEIM_PARTS,
    'FaceCropDataset': lambda root: dict(faces=dict(
        type='RAFDBDataset', data_root=root, ann_file='annotations/synth_test.json',
        data_prefix=dict(img='images/test/'))),
    'ExportBranchHook': lambda root: dict(filename='branch.pth'),
    'PredictableSSDHead': lambda root: dict(anchor_generator=dict(
        type='SSDAnchorGenerator', scale_major=False, input_size=300,
        basesize_ratio_range=(0.15, 0.9), strides=[8, 16, 32, 64, 100, 300],
        ratios=[[2], [2, 3], [2, 3], [2, 3], [2], [2]])),
    'ForeachExpMomentumEMA': lambda root: dict(model=torch.nn.Linear(1, 1)),
    'NeckChain': lambda root: dict(necks=[dict(type='DFPMNattenNeck', in_channels=[16, 32],
                                               out_channels=16, num_heads=2)]),
}


def mmfer_modules():
    for reg in REGISTRIES:
        for name in sorted(reg.module_dict):
            yield pytest.param(reg, name, id=f'{reg.name}:{name}')


def test_scope_falls_back_to_mmdet():
    from mmdet.models import RetinaNet
    assert registry.MODELS.get('RetinaNet') is RetinaNet
    assert registry.DATASETS.scope == 'mmfer'


@pytest.mark.parametrize('reg, name', list(mmfer_modules()))
def test_every_registered_module_builds(reg, name, tiny_synthetic_root):
    args = REQUIRED_ARGS.get(name, lambda root: {})(tiny_synthetic_root)
    module = reg.build(dict(type=name, **args))
    # the class registered under that name (NattenDEIM is another name of DEIM), not a stand-in
    assert type(module) is reg.module_dict[name]
