"""Convolutions start from PyTorch's default initialisation, as DEIM's HGNetV2 and encoder do:
uniform weights within +-1 / sqrt(fan_in) (timm's and MMCV's Kaiming-normal fan-out starts
exceed that bound and learn far slower from scratch)."""
import math

import torch
from torch import nn

from mmfer.models.backbones import DualBranchBackbone
from mmfer.models.necks import DFPMNattenNeck, HybridEncoder


def assert_pytorch_default(module):
    convs = [m for m in module.modules() if isinstance(m, nn.Conv2d)]
    assert convs
    for conv in convs:
        fan_in = conv.weight[0].numel()
        assert conv.weight.abs().max() <= 1 / math.sqrt(fan_in) + 1e-6


def test_expression_branch_and_necks_start_from_pytorch_defaults():
    torch.manual_seed(0)
    assert_pytorch_default(DualBranchBackbone('hgnetv2_b0', with_lpb=False).ebb)
    encoder = HybridEncoder(in_channels=[512, 1024], out_channels=64, feedforward_channels=128)
    neck = DFPMNattenNeck([32, 64], out_channels=32, num_heads=4)
    for module in (encoder, neck):
        assert_pytorch_default(module)
        module.init_weights()  # the runner's call: MMCV's ConvModule would re-init them
        assert_pytorch_default(module)
    x = torch.randn(1, 32, 8, 8)
    assert torch.equal(neck.dfpms[0](x), x)  # the DFPM is still the identity at init
