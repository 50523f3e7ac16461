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


def test_ebb_pretrained_file_is_loaded(tmp_path):
    torch.manual_seed(4)
    full = timm.create_model('hgnetv2_b0', pretrained=False)
    torch.save(full.state_dict(), tmp_path / 'hgnetv2_b0.pth')
    backbone = DualBranchBackbone('N', ebb_pretrained=str(tmp_path / 'hgnetv2_b0.pth'),
                                  with_lpb=False)
    assert torch.equal(backbone.ebb.stem.stem1.conv.weight, full.stem.stem1.conv.weight)


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
