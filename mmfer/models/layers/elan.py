"""D-FINE's CCFF blocks (used by DEIM's HybridEncoder): RepNCSPELAN4 from YOLOv9, built on a
CSP layer of RepVGG-style blocks, and SCDown from YOLOv10.

Attribute names follow D-FINE's (``cv1``..``cv4``, ``conv1``..``conv3``, ``bottlenecks``) so
that its checkpoints map onto them one to one; every conv is MMCV's ``ConvModule`` (conv + BN
+ optional activation).
"""
import torch
import torch.nn.functional as F
from mmcv.cnn import ConvModule, build_activation_layer
from torch import Tensor, nn

from ..utils.deploy import conv_bn_kernel_bias


def conv_bn(in_channels: int, out_channels: int, kernel_size: int = 1, stride: int = 1,
            groups: int = 1, act_cfg=None) -> ConvModule:
    """Conv (no bias, 'same' padding for odd kernels) + BN (+ activation)."""
    return ConvModule(in_channels, out_channels, kernel_size, stride, padding=kernel_size // 2,
                      groups=groups, norm_cfg=dict(type='BN'), act_cfg=act_cfg)


class VGGBlock(nn.Module):
    """RepVGG block: act(BN(conv3x3(x)) + BN(conv1x1(x))), or after :meth:`switch_to_deploy`
    act(conv3x3(x)) with the two branches fused. (B, C, H, W) -> (B, C_out, H, W)."""

    def __init__(self, in_channels: int, out_channels: int,
                 act_cfg: dict = dict(type='SiLU')) -> None:
        super().__init__()
        self.conv1 = conv_bn(in_channels, out_channels, 3)
        self.conv2 = conv_bn(in_channels, out_channels, 1)
        self.act = build_activation_layer(act_cfg)

    def forward(self, x: Tensor) -> Tensor:
        if hasattr(self, 'conv'):
            return self.act(self.conv(x))
        return self.act(self.conv1(x) + self.conv2(x))

    def switch_to_deploy(self) -> None:
        """Fuse both branches and their BatchNorms into ``self.conv``, one 3x3 convolution
        with bias (the 1x1 kernel zero-padded to 3x3); idempotent."""
        if hasattr(self, 'conv'):
            return
        k3, b3 = conv_bn_kernel_bias(self.conv1.conv, self.conv1.norm)
        k1, b1 = conv_bn_kernel_bias(self.conv2.conv, self.conv2.norm)
        self.conv = nn.Conv2d(k3.shape[1], k3.shape[0], 3, padding=1)
        self.conv.weight.data.copy_(k3 + F.pad(k1, [1, 1, 1, 1]))
        self.conv.bias.data.copy_(b3 + b1)
        del self.conv1, self.conv2


class RepCSPLayer(nn.Module):
    """CSP layer of :class:`VGGBlock` s: conv3(blocks(conv1(x)) + conv2(x)).

    Shapes: (B, in_channels, H, W) -> (B, out_channels, H, W); the blocks run at
    ``out_channels * expansion``; ``conv3`` is the identity when that equals ``out_channels``.
    """

    def __init__(self, in_channels: int, out_channels: int, num_blocks: int = 3,
                 expansion: float = 1.0, act_cfg: dict = dict(type='SiLU')) -> None:
        super().__init__()
        hidden = int(out_channels * expansion)
        self.conv1 = conv_bn(in_channels, hidden, act_cfg=act_cfg)
        self.conv2 = conv_bn(in_channels, hidden, act_cfg=act_cfg)
        self.bottlenecks = nn.Sequential(*(VGGBlock(hidden, hidden, act_cfg)
                                           for _ in range(num_blocks)))
        self.conv3 = (conv_bn(hidden, out_channels, act_cfg=act_cfg) if hidden != out_channels
                      else nn.Identity())

    def forward(self, x: Tensor) -> Tensor:
        return self.conv3(self.bottlenecks(self.conv1(x)) + self.conv2(x))


class RepNCSPELAN4(nn.Module):
    """YOLOv9's CSP-ELAN block: split, two chained (RepCSP + 3x3 conv) branches, concat, 1x1.

    Args:
        in_channels (c1), out_channels (c2), hidden_channels (c3, split in two halves),
        branch_channels (c4), num_blocks (n): D-FINE's ``RepNCSPELAN4(c1, c2, c3, c4, n)``.

    Shapes: (B, c1, H, W) -> (B, c2, H, W).
    """

    def __init__(self, in_channels: int, out_channels: int, hidden_channels: int,
                 branch_channels: int, num_blocks: int = 3,
                 act_cfg: dict = dict(type='SiLU')) -> None:
        super().__init__()
        self.split = hidden_channels // 2
        c4 = branch_channels
        self.cv1 = conv_bn(in_channels, hidden_channels, act_cfg=act_cfg)
        self.cv2 = nn.Sequential(RepCSPLayer(self.split, c4, num_blocks, act_cfg=act_cfg),
                                 conv_bn(c4, c4, 3, act_cfg=act_cfg))
        self.cv3 = nn.Sequential(RepCSPLayer(c4, c4, num_blocks, act_cfg=act_cfg),
                                 conv_bn(c4, c4, 3, act_cfg=act_cfg))
        self.cv4 = conv_bn(hidden_channels + 2 * c4, out_channels, act_cfg=act_cfg)

    def forward(self, x: Tensor) -> Tensor:
        y = list(self.cv1(x).split((self.split, self.split), 1))
        y.append(self.cv2(y[-1]))
        y.append(self.cv3(y[-1]))
        return self.cv4(torch.cat(y, 1))


class SCDown(nn.Module):
    """YOLOv10's spatial-channel decoupled downsampling: 1x1 conv + BN, then a depthwise
    ``kernel_size`` conv + BN with ``stride`` (no activations, as in D-FINE).

    Shapes: (B, C_in, H, W) -> (B, C_out, H / stride, W / stride).
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int = 3,
                 stride: int = 2) -> None:
        super().__init__()
        self.cv1 = conv_bn(in_channels, out_channels)
        self.cv2 = conv_bn(out_channels, out_channels, kernel_size, stride,
                           groups=out_channels)

    def forward(self, x: Tensor) -> Tensor:
        return self.cv2(self.cv1(x))
