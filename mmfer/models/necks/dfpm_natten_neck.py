"""Natten-DEIM's neck: DFPM + neighborhood attention per level, then a global fusion."""
from typing import List, Optional, Sequence, Tuple, Union

import torch
import torch.nn.functional as F
from mmcv.cnn import ConvModule
from mmdet.models.layers import SinePositionalEncoding
from mmengine.model import BaseModule
from torch import Tensor, nn

from mmfer.registry import MODELS

from ..layers.dfpm import DFPM
from ..layers.natten_block import NATBlock
from ..utils.init import reset_convs_to_pytorch_default


def pool_to(x: Tensor, size: Tuple[int, int]) -> Tensor:
    """Average-pool (B, C, H, W) to ``size``: a plain average pooling where the size divides
    the map (strides 8 / 16 / 32 do), which ONNX exports for any input; adaptive otherwise."""
    h, w = (int(v) for v in x.shape[-2:])
    if (h, w) == tuple(size):
        return x
    if h % size[0] == 0 and w % size[1] == 0:
        return F.avg_pool2d(x, (h // size[0], w // size[1]))
    return F.adaptive_avg_pool2d(x, size)


class GlobalFusion(BaseModule):
    """Align the levels to the coarsest one's size, concatenate, fuse, and self-attend.

    Shapes: L maps (B, C, H_l, W_l) -> context (B, C, H_c, W_c), the coarsest level's size.
    """

    def __init__(self, channels: int, num_levels: int, num_heads: int = 8,
                 init_cfg=None) -> None:
        super().__init__(init_cfg)
        self.fuse = ConvModule(channels * num_levels, channels, 1, norm_cfg=dict(type='BN'))
        self.pos = SinePositionalEncoding(num_feats=channels // 2, normalize=True)
        self.norm = nn.LayerNorm(channels)
        self.attn = nn.MultiheadAttention(channels, num_heads, batch_first=True)

    def forward(self, feats: Sequence[Tensor]) -> Tensor:
        # plain ints: an exported graph pools to a constant size
        size = tuple(int(v) for v in min((f.shape[-2:] for f in feats),
                                         key=lambda s: s[0] * s[1]))
        x = self.fuse(torch.cat([pool_to(f, size) for f in feats], dim=1))
        b, c, h, w = x.shape
        pos = self.pos(x.new_zeros(b, h, w, dtype=torch.bool)).flatten(2).transpose(1, 2)
        tokens = x.flatten(2).transpose(1, 2)
        q = self.norm(tokens)
        tokens = tokens + self.attn(q + pos, q + pos, q)[0]
        return tokens.transpose(1, 2).reshape(b, c, h, w)


@MODELS.register_module()
class DFPMNattenNeck(BaseModule):
    """DFPM and neighborhood attention per level, fused globally; a drop-in MMDetection neck.

    Per level: ``DFPM`` (the landmark prior gates the expression map; identity at init), a 1x1
    projection to ``out_channels`` (before the DFPM with ``dfpm_position='projection'``), a
    ``NATBlock`` of kernel ``kernel_sizes[i]``, and a 3x3 refinement; then ``GlobalFusion``'s
    context is added back to every level (docs/design.md gives the order and why).

    It takes FPN's arguments with FPN's meaning: in a stock MMDetection config ``type='FPN'``
    -> ``type='mmfer.DFPMNattenNeck'`` is the whole edit. With ``prior_channels`` it takes
    ``2 * L`` maps (the L expression maps, then the L landmark maps, as
    ``DualBranchBackbone`` returns them); without, L maps, each DFPM gating a map with itself.

    Shapes: L (or 2L) maps (B, C_i, H_i, W_i) -> ``num_outs`` maps (B, out_channels, H_i, W_i).

    Args:
        in_channels (list[int]): channels of the L expression maps.
        out_channels (int): channels of every output. Defaults to 256.
        num_outs (int, optional): outputs; defaults to the levels used.
        start_level, end_level (int): the first and last backbone level used (FPN's; -1: the
            last). Defaults to 0 and -1.
        add_extra_convs (bool | str): how extra levels are made (FPN's: False max-pools, or
            ``'on_input'`` / ``'on_lateral'`` / ``'on_output'`` stride-2 3x3 convs). Defaults
            to False.
        relu_before_extra_convs (bool): FPN's. Defaults to False.
        prior_channels (list[int], optional): channels of the L landmark maps, or None.
        kernel_sizes (sequence[int]): neighborhood size per level used. Defaults to (7, 5, 3);
            with more levels the last one repeats.
        num_heads (int): heads of the neighborhood attention and the fusion. Defaults to 8.
        mlp_ratio (float): NAT blocks' MLP ratio. Defaults to 2.
        refinement (str): ``'depthwise'`` or ``'full'`` 3x3 conv after each NAT block.
            Defaults to ``'depthwise'``.
        use_fusion (bool): the global fusion step. Defaults to True.
        use_attention (bool): the neighborhood-attention blocks; False replaces them by the
            identity (an ablation: DFPM, projection, refinement and fusion only). Defaults to
            True.
        dfpm_position (str): ``'input'``: the DFPM gates the backbone's map, then the 1x1
            projection (the paper's order); ``'projection'``: the projection first, the DFPM
            on its ``out_channels`` map. Defaults to ``'input'``.
        na_backend (str): ``'auto'``, ``'natten'`` or ``'pytorch'``. Defaults to ``'auto'``.
        init_cfg (dict, optional): mmengine initialisation config.

    Examples:
        >>> import torch
        >>> neck = DFPMNattenNeck([16, 32, 64, 128], out_channels=32, num_heads=4,
        ...                       start_level=1, add_extra_convs='on_input', num_outs=4)
        >>> feats = [torch.randn(1, c, s, s) for c, s in ((16, 32), (32, 16), (64, 8), (128, 4))]
        >>> [tuple(o.shape) for o in neck(feats)]
        [(1, 32, 16, 16), (1, 32, 8, 8), (1, 32, 4, 4), (1, 32, 2, 2)]
    """

    def __init__(self,
                 in_channels: List[int],
                 out_channels: int = 256,
                 num_outs: Optional[int] = None,
                 start_level: int = 0,
                 end_level: int = -1,
                 add_extra_convs: Union[bool, str] = False,
                 relu_before_extra_convs: bool = False,
                 prior_channels: Optional[List[int]] = None,
                 kernel_sizes: Sequence[int] = (7, 5, 3),
                 num_heads: int = 8,
                 mlp_ratio: float = 2.0,
                 refinement: str = 'depthwise',
                 use_fusion: bool = True,
                 use_attention: bool = True,
                 dfpm_position: str = 'input',
                 na_backend: str = 'auto',
                 init_cfg: Union[dict, List[dict], None] = None) -> None:
        super().__init__(init_cfg)
        num_inputs = len(in_channels)
        end = num_inputs if end_level == -1 else end_level + 1
        if not 0 <= start_level < end <= num_inputs:
            raise ValueError(f'start_level {start_level} and end_level {end_level} choose no '
                             f'level of {num_inputs} inputs (in_channels {list(in_channels)})')
        num_levels = end - start_level
        num_outs = num_levels if num_outs is None else num_outs
        if num_outs < num_levels:
            raise ValueError(f'num_outs ({num_outs}) must be at least the number of levels '
                             f'used ({num_levels})')
        if prior_channels is not None and len(prior_channels) != num_inputs:
            raise ValueError(f'prior_channels has {len(prior_channels)} entries for '
                             f'{num_inputs} input levels')
        if add_extra_convs is True:
            add_extra_convs = 'on_input'
        if add_extra_convs not in (False, 'on_input', 'on_lateral', 'on_output'):
            raise ValueError("add_extra_convs must be False, True, 'on_input', 'on_lateral' or "
                             f"'on_output', got {add_extra_convs!r}")
        if refinement not in ('depthwise', 'full'):
            raise ValueError(f"refinement must be 'depthwise' or 'full', got {refinement!r}")
        if dfpm_position not in ('input', 'projection'):
            raise ValueError("dfpm_position must be 'input' or 'projection', got "
                             f'{dfpm_position!r}')
        kernels = [kernel_sizes[min(i, len(kernel_sizes) - 1)] for i in range(num_levels)]
        self.in_channels = list(in_channels)
        self.out_channels = out_channels
        self.num_outs = num_outs
        self.start_level, self.end = start_level, end
        self.add_extra_convs = add_extra_convs
        self.relu_before_extra_convs = relu_before_extra_convs
        self.prior_channels = prior_channels
        self.kernel_sizes = kernels
        self.dfpm_position = dfpm_position

        used = list(in_channels[start_level:end])
        priors = list(prior_channels[start_level:end]) if prior_channels else [None] * num_levels
        gated = used if dfpm_position == 'input' else [out_channels] * num_levels
        self.dfpms = nn.ModuleList(DFPM(c, p) for c, p in zip(gated, priors))
        self.projections = nn.ModuleList(
            ConvModule(c, out_channels, 1, norm_cfg=dict(type='BN'), act_cfg=None)
            for c in used)
        self.nat_blocks = nn.ModuleList(
            NATBlock(out_channels, num_heads, k, mlp_ratio, backend=na_backend)
            if use_attention else nn.Identity() for k in kernels)
        groups = out_channels if refinement == 'depthwise' else 1
        self.refinements = nn.ModuleList(
            ConvModule(out_channels, out_channels, 3, padding=1, groups=groups,
                       norm_cfg=dict(type='BN'))
            for _ in used)
        self.fusion = GlobalFusion(out_channels, num_levels, num_heads) if use_fusion else None
        num_extra = num_outs - num_levels if add_extra_convs else 0
        first_in = in_channels[end - 1] if add_extra_convs == 'on_input' else out_channels
        self.extra_convs = nn.ModuleList(
            nn.Conv2d(first_in if i == 0 else out_channels, out_channels, 3, stride=2,
                      padding=1)
            for i in range(num_extra))
        reset_convs_to_pytorch_default(self)

    def init_weights(self) -> None:
        """Convolutions from PyTorch's defaults, as the DEIM baseline's encoder (MMCV's
        ConvModule would re-init them Kaiming-normal); the DFPM stays the identity."""
        super().init_weights()
        reset_convs_to_pytorch_default(self)

    def _split(self, inputs: Sequence[Tensor]) -> Tuple[list, list]:
        """The used levels' expression maps and landmark maps (None without a prior)."""
        num_inputs = len(self.in_channels)
        expected = num_inputs * (2 if self.prior_channels else 1)
        if len(inputs) != expected:
            what = ('expression maps then as many landmark maps'
                    if self.prior_channels else 'maps')
            raise ValueError(f'DFPMNattenNeck expects {expected} inputs ({num_inputs} {what}), '
                             f'got {len(inputs)}')
        feats = list(inputs[self.start_level:self.end])
        if self.prior_channels:
            return feats, list(inputs[num_inputs + self.start_level:num_inputs + self.end])
        return feats, [None] * len(feats)

    def forward(self, inputs: Sequence[Tensor]) -> Tuple[Tensor, ...]:
        """(B, C_i, H_i, W_i) per input level (then the priors) -> ``num_outs`` maps
        (B, C_out, H, W)."""
        feats, priors = self._split(inputs)
        outs, lateral = [], None
        for i, (x, prior) in enumerate(zip(feats, priors)):
            if self.dfpm_position == 'input':
                lateral = self.projections[i](self.dfpms[i](x, prior))
            else:
                lateral = self.dfpms[i](self.projections[i](x), prior)
            outs.append(self.refinements[i](self.nat_blocks[i](lateral)))
        if self.fusion is not None:
            context = self.fusion(outs)
            outs = [o + F.interpolate(context, size=o.shape[-2:], mode='bilinear',
                                      align_corners=False) for o in outs]
        if not self.add_extra_convs:
            while len(outs) < self.num_outs:
                outs.append(F.max_pool2d(outs[-1], 1, stride=2))
            return tuple(outs)
        source = dict(on_input=feats[-1], on_lateral=lateral,
                      on_output=outs[-1])[self.add_extra_convs]
        for i, conv in enumerate(self.extra_convs):
            x = source if i == 0 else outs[-1]
            outs.append(conv(F.relu(x) if i and self.relu_before_extra_convs else x))
        return tuple(outs)
