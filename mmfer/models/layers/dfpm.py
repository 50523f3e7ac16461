"""The dual-gated facial prior modulator (DFPM) of Natten-DEIM, equations (1) and (2)."""
from typing import Optional

import torch
import torch.nn.functional as F
from mmcv.cnn import ConvModule
from mmengine.model import BaseModule
from torch import Tensor, nn


class ChannelGate(BaseModule):
    """ch = sigmoid(MLP(GAP(p))): which channels the prior favours.

    A low-rank MLP (1x1 convs C -> C / reduction -> C) on the globally pooled prior.

    Shapes: (B, C, H, W) -> (B, C, 1, 1), values in (0, 1).
    """

    def __init__(self, channels: int, reduction: int = 4, init_cfg=None) -> None:
        super().__init__(init_cfg)
        hidden = max(channels // reduction, 8)
        self.mlp = nn.Sequential(nn.Conv2d(channels, hidden, 1), nn.ReLU(inplace=True),
                                 nn.Conv2d(hidden, channels, 1))

    def forward(self, prior: Tensor) -> Tensor:
        return torch.sigmoid(self.mlp(F.adaptive_avg_pool2d(prior, 1)))


class SpatialGate(BaseModule):
    """sp = sigmoid(convs(p)): where the prior points, from a local-context conv stack.

    1x1 conv (C -> C / reduction), 3x3 conv + BN + ReLU, then a dilated 3x3 conv (wider
    context) to one map. The 1x1 reduction first keeps the gate cheap on wide (1024-channel)
    stride-32 features.

    Shapes: (B, C, H, W) -> (B, 1, H, W), values in (0, 1).
    """

    def __init__(self, channels: int, reduction: int = 8, init_cfg=None) -> None:
        super().__init__(init_cfg)
        hidden = max(channels // reduction, 8)
        self.reduce = nn.Conv2d(channels, hidden, 1)
        self.context = ConvModule(hidden, hidden, 3, padding=1, norm_cfg=dict(type='BN'))
        self.out = nn.Conv2d(hidden, 1, 3, padding=2, dilation=2)

    def forward(self, prior: Tensor) -> Tensor:
        return torch.sigmoid(self.out(self.context(self.reduce(prior))))


class DFPM(BaseModule):
    """Dual-gated facial prior modulator at one level.

    With the expression feature x (B, C, H, W) and the landmark prior p (B, C_p, H_p, W_p):

    1. align: p is resized to H x W (bilinear) and projected to C channels (1x1 conv + BN);
    2. gates: ch = ChannelGate(p) (B, C, 1, 1), sp = SpatialGate(p) (B, 1, H, W);
    3. Eq. (1): ``x_hat = x * (1 + alpha * ch) * (1 + beta * sp)``;
    4. Eq. (2): ``y = gamma * ReLU(BN(PWConv1x1(DWConv3x3(x_hat)))) + x``: the paper's "3x3
       depth-wise separable convolution with a single normalization and activation", i.e. a
       depth-wise 3x3 then a point-wise 1x1, one BN and one ReLU after both.

    alpha and beta are learnable scalars initialised to 0, as the paper has them. Eq. (2) as
    written is not the identity at init (its conv branch adds ``ReLU(BN(DWConv(x)))``), so a
    learnable layer scale ``gamma``, also initialised to 0, weights that branch: at
    initialisation ``y == x`` exactly, and every parameter still gets a gradient once gamma
    moves (zero-initialising the BN weight instead would leave ReLU at 0, whose gradient is 0:
    the branch would never train).

    Without a prior (``prior_channels=None``; the neck inside a detector with no landmark
    branch), the gates read the feature itself (self-gating) and there is no alignment step.

    Args:
        channels (int): C of the expression feature.
        prior_channels (int, optional): C_p of the prior, or None for self-gating.
        reduction (int): bottleneck ratio of the channel gate (the spatial gate uses twice
            it). Defaults to 4.
        init_cfg (dict, optional): mmengine initialisation config.

    Shapes: x (B, C, H, W), prior (B, C_p, H_p, W_p) or None -> (B, C, H, W).

    Examples:
        >>> import torch
        >>> dfpm = DFPM(32, prior_channels=64)
        >>> x = torch.randn(2, 32, 20, 20)
        >>> torch.equal(dfpm(x, torch.randn(2, 64, 7, 7)), x)
        True
    """

    def __init__(self, channels: int, prior_channels: Optional[int] = None,
                 reduction: int = 4, init_cfg=None) -> None:
        super().__init__(init_cfg)
        self.align = None if prior_channels is None else ConvModule(
            prior_channels, channels, 1, norm_cfg=dict(type='BN'), act_cfg=None)
        self.channel_gate = ChannelGate(channels, reduction)
        self.spatial_gate = SpatialGate(channels, 2 * reduction)
        self.alpha = nn.Parameter(torch.zeros(()))
        self.beta = nn.Parameter(torch.zeros(()))
        self.gamma = nn.Parameter(torch.zeros(()))
        self.dwconv = nn.Conv2d(channels, channels, 3, padding=1, groups=channels, bias=False)
        self.pwconv = nn.Conv2d(channels, channels, 1, bias=False)
        self.bn = nn.BatchNorm2d(channels)

    def aligned(self, prior: Tensor, size) -> Tensor:
        """The prior resized to ``size`` (bilinear) and projected (1x1 conv + BN).

        In eval mode the projection runs first where the prior is the smaller map: a 1x1
        conv and a BN on its running statistics are the same affine map at every pixel, and
        bilinear weights sum to 1, so both orders compute the same (a stride-8 level at 640
        px projects 28 x 28 pixels instead of 80 x 80). In training the BN's batch statistics
        are those of the resized map, as the paper orders the steps.
        """
        def resize(t: Tensor) -> Tensor:
            return F.interpolate(t, size=size, mode='bilinear', align_corners=False)
        if not self.training and prior.shape[-2] * prior.shape[-1] < size[0] * size[1]:
            return resize(self.align(prior))
        return self.align(resize(prior))

    def forward(self, x: Tensor, prior: Optional[Tensor] = None) -> Tensor:
        if self.align is not None:
            if prior is None:
                raise ValueError('this DFPM was built with prior_channels and needs a prior')
            prior = self.aligned(prior, x.shape[-2:])
        else:
            prior = x
        x_hat = x * (1 + self.alpha * self.channel_gate(prior)) \
            * (1 + self.beta * self.spatial_gate(prior))
        return self.gamma * F.relu(self.bn(self.pwconv(self.dwconv(x_hat)))) + x
