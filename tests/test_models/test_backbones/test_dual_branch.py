import pytest
import timm
import torch

from mmfer.models.backbones import DualBranchBackbone, MobileFaceNet
from mmfer.registry import MODELS


@pytest.mark.parametrize('size, channels', [('N', [256, 512, 1024]), ('S', [256, 512, 1024]),
                                            ('M', [384, 768, 1536])])
def test_shapes_for_each_size(size, channels):
    backbone = MODELS.build(dict(type='DualBranchBackbone', arch=size))
    outs = backbone(torch.randn(2, 3, 96, 128))
    assert [tuple(o.shape) for o in outs] == [
        (2, channels[0], 12, 16), (2, channels[1], 6, 8), (2, channels[2], 3, 4),
        (2, 64, 28, 28), (2, 128, 14, 14), (2, 512, 7, 7)]
    assert backbone.out_channels == channels + [64, 128, 512]


def test_without_landmark_branch():
    backbone = DualBranchBackbone('hgnetv2_b0', with_lpb=False)
    assert len(backbone(torch.randn(1, 3, 64, 64))) == 3 and backbone.lpb is None


def test_frozen_lpb_gets_no_gradient_and_keeps_bn_statistics_until_unfrozen():
    backbone = DualBranchBackbone('N').train()
    stats = {k: v.clone() for k, v in backbone.lpb.state_dict().items() if 'running' in k}
    sum(o.mean() for o in backbone(torch.randn(2, 3, 64, 64))).backward()
    assert all(p.grad is None for p in backbone.lpb.parameters())
    # requires_grad stays on: one parameter set for the optimizer and DDP in both phases
    assert all(p.requires_grad for p in backbone.lpb.parameters())
    assert all(torch.equal(backbone.lpb.state_dict()[k], v) for k, v in stats.items())
    assert any(p.grad is not None for p in backbone.ebb.parameters())

    backbone.unfreeze_lpb()
    assert backbone.lpb.training
    sum(o.mean() for o in backbone(torch.randn(2, 3, 64, 64))).backward()
    assert all(p.grad is not None for p in backbone.lpb.parameters())
    assert any(not torch.equal(backbone.lpb.state_dict()[k], v) for k, v in stats.items())


def test_lpb_checkpoint_is_loaded_and_survives_init_weights(tmp_path):
    torch.manual_seed(3)
    source = MobileFaceNet(num_landmarks=5)
    torch.save(dict(state_dict=source.state_dict()), tmp_path / 'lpb.pth')
    backbone = DualBranchBackbone('N', lpb_checkpoint=str(tmp_path / 'lpb.pth'),
                                  init_cfg=dict(type='Kaiming', layer='Conv2d'))
    backbone.init_weights()
    assert torch.equal(backbone.lpb.conv_6_sep.conv.weight, source.conv_6_sep.conv.weight)


def hgnetv2_b0_file(tmp_path, layout):
    """An HGNetV2-B0 checkpoint in one of the layouts users have, and its source model."""
    torch.manual_seed(4)
    full = timm.create_model('hgnetv2_b0', pretrained=False)
    for bn in (m for m in full.modules() if isinstance(m, torch.nn.BatchNorm2d)):
        bn.running_mean.normal_()  # distinguishable from a fresh model's statistics
    state = full.state_dict()
    if layout == 'deim_imagenet':  # PPHGNetV2_B0_stage1.pth: the backbone, no classifier
        state = {k: v for k, v in state.items() if not k.startswith('head.')}
    elif layout == 'detector':  # a DEIM training checkpoint: the detector's backbone.*
        state = dict(model={f'backbone.{k}': v for k, v in state.items()
                            if not k.startswith('head.')}
                     | {'decoder.enc_score_head.bias': torch.zeros(80)})
    path = tmp_path / f'{layout}.pth'
    torch.save(state, path)
    return str(path), full


@pytest.mark.parametrize('layout', ['timm', 'deim_imagenet', 'detector'])
def test_ebb_pretrained_accepts_every_hgnetv2_layout_and_computes_the_same_maps(tmp_path,
                                                                                layout):
    path, full = hgnetv2_b0_file(tmp_path, layout)
    backbone = DualBranchBackbone('N', ebb_pretrained=path, with_lpb=False,
                                  init_cfg=dict(type='Kaiming', layer='Conv2d')).eval()
    backbone.init_weights()  # an init_cfg must not overwrite the pretrained weights
    image = torch.rand(1, 3, 64, 64)
    expected = full.eval().forward_intermediates(image, indices=(1, 2, 3),
                                                 intermediates_only=True)
    for ours, theirs in zip(backbone(image), expected):
        assert torch.allclose(ours, theirs, atol=1e-5)


def test_ebb_pretrained_of_another_size_or_kind_fails_naming_the_keys(tmp_path):
    b2 = timm.create_model('hgnetv2_b2', pretrained=False)
    torch.save(b2.state_dict(), tmp_path / 'b2.pth')
    with pytest.raises(ValueError, match=r'b2.pth does not fit .*unexpected keys \(130\).*'
                       r'shape mismatch \(210\): stages_0.blocks.0.aggregation.0.bn.bias '
                       r'\(48,\) vs \(32,\)'):
        DualBranchBackbone('N', ebb_pretrained=str(tmp_path / 'b2.pth'), with_lpb=False)
    torch.save({'conv1.weight': torch.zeros(1)}, tmp_path / 'resnet.pth')
    with pytest.raises(ValueError, match='resnet.pth: no HGNetV2 weights found'):
        DualBranchBackbone('N', ebb_pretrained=str(tmp_path / 'resnet.pth'), with_lpb=False)
    with pytest.raises(FileNotFoundError, match='HGNetV2 checkpoint .*missing.pth does not'):
        DualBranchBackbone('N', ebb_pretrained=str(tmp_path / 'missing.pth'), with_lpb=False)
    (tmp_path / 'text.pth').write_text('not a checkpoint')
    with pytest.raises(ValueError, match='text.pth: not a readable weights-only'):
        DualBranchBackbone('N', ebb_pretrained=str(tmp_path / 'text.pth'), with_lpb=False)


def test_lpb_reads_the_image_normalised_as_posterpp_trained_it():
    torch.manual_seed(6)
    plain = DualBranchBackbone('N').eval()
    normalising = DualBranchBackbone('N', lpb_mean=[0.5, 0.4, 0.3], lpb_std=[0.2, 0.25, 0.3])
    normalising.load_state_dict(plain.state_dict())
    image = torch.rand(1, 3, 112, 112)
    mean = torch.tensor([0.5, 0.4, 0.3]).view(1, 3, 1, 1)
    std = torch.tensor([0.2, 0.25, 0.3]).view(1, 3, 1, 1)
    expected = plain((image - mean) / std)[3:]
    for ours, theirs in zip(normalising.eval()(image)[3:], expected):
        assert torch.allclose(ours, theirs, atol=1e-5)
    with pytest.raises(ValueError, match='both lpb_mean and lpb_std'):
        DualBranchBackbone('N', lpb_mean=[0.5, 0.4, 0.3])


def test_frozen_stages_and_norm_eval():
    backbone = DualBranchBackbone('N', frozen_stages=1, norm_eval=True, with_lpb=False)
    backbone.train()
    assert not any(p.requires_grad for p in backbone.ebb.stem.parameters())
    assert not any(p.requires_grad for p in backbone.ebb.stages_0.parameters())
    assert all(p.requires_grad for p in backbone.ebb.stages_1.parameters())
    bns = [m for m in backbone.ebb.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    assert bns and not any(m.training for m in bns)


def test_bad_arch():
    with pytest.raises(ValueError, match='HGNetV2'):
        DualBranchBackbone('resnet50')


def test_init_cfg_pretrained_loads_the_whole_backbone(tmp_path):
    torch.manual_seed(5)
    source = DualBranchBackbone('N')
    torch.save(dict(state_dict=source.state_dict()), tmp_path / 'backbone.pth')
    backbone = DualBranchBackbone(
        'N', init_cfg=dict(type='Pretrained', checkpoint=str(tmp_path / 'backbone.pth')))
    backbone.init_weights()
    for key, value in source.state_dict().items():
        assert torch.equal(backbone.state_dict()[key], value), key
