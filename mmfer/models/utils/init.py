"""The initialisation DEIM trains from: PyTorch's own defaults for convolutions."""
from torch import nn


def reset_convs_to_pytorch_default(module: nn.Module) -> nn.Module:
    """Give every ``nn.Conv2d`` in ``module`` PyTorch's default initialisation (weights
    uniform in +-1 / sqrt(fan_in), biases likewise), as DEIM's HGNetV2 and HybridEncoder have.

    timm's HGNetV2 and MMCV's ConvModule use Kaiming-normal (fan-out) weights instead, several
    times larger, which learn far slower from scratch (docs/design.md).
    """
    for m in module.modules():
        if isinstance(m, nn.Conv2d):
            m.reset_parameters()
    return module
