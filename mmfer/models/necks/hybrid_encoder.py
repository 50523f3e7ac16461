"""The DEIM baseline's neck: RT-DETR's hybrid encoder (AIFI + CCFF)."""
from typing import List, Sequence, Tuple

import torch
import torch.nn.functional as F
from mmcv.cnn import ConvModule
from mmdet.models.layers import CSPLayer, DetrTransformerEncoderLayer, SinePositionalEncoding
from mmengine.model import BaseModule
from torch import Tensor, nn

from mmfer.registry import MODELS


@MODELS.register_module()
class HybridEncoder(BaseModule):
    """Intra-scale attention on the coarsest map, then cross-scale CNN fusion (FPN + PAN).

    1. ``input_proj``: a 1x1 conv + BN per level to ``out_channels``;
    2. AIFI: ``num_encoder_layers`` transformer encoder layers (post-norm, GELU FFN, sine
       positions) on the level(s) in ``encoder_levels`` (the stride-32 map);
    3. CCFF: top-down (1x1 lateral conv, 2x nearest upsampling, concatenation, CSP block) then
       bottom-up (stride-2 3x3 conv, concatenation, CSP block).

    The fusion blocks are MMDetection's ``CSPLayer`` (SiLU); D-FINE/DEIM use a RepNCSPELAN4 block
    there, which MMDetection does not have: same role, similar cost.

    Shapes: L maps (B, in_channels[l], H_l, W_l) -> L maps (B, out_channels, H_l, W_l).

    Args:
        in_channels: channels of the input levels (finest first).
        out_channels: the hidden width (128 for N, 256 for S/M).
        encoder_levels: input levels that get AIFI (indices; default the last).
        num_heads, feedforward_channels, num_encoder_layers: AIFI sizes.
        expand_ratio, num_csp_blocks: CSP block sizes (DEIM's expansion and depth).
    """

    def __init__(self, in_channels: Sequence[int] = (512, 1024, 2048),
                 out_channels: int = 256, encoder_levels: Sequence[int] = (-1,),
                 num_heads: int = 8, feedforward_channels: int = 1024,
                 num_encoder_layers: int = 1, expand_ratio: float = 0.5,
                 num_csp_blocks: int = 1, norm_cfg=dict(type='BN'),
                 act_cfg=dict(type='SiLU'), init_cfg=None) -> None:
        super().__init__(init_cfg)
        self.in_channels = list(in_channels)
        n = len(self.in_channels)
        self.encoder_levels = [i % n for i in encoder_levels]
        self.input_proj = nn.ModuleList(
            ConvModule(c, out_channels, 1, norm_cfg=norm_cfg, act_cfg=None)
            for c in self.in_channels)
        self.pos = SinePositionalEncoding(num_feats=out_channels // 2, normalize=True)
        self.encoders = nn.ModuleList(
            nn.ModuleList(
                DetrTransformerEncoderLayer(
                    self_attn_cfg=dict(embed_dims=out_channels, num_heads=num_heads,
                                       dropout=0.0, batch_first=True),
                    ffn_cfg=dict(embed_dims=out_channels,
                                 feedforward_channels=feedforward_channels, ffn_drop=0.0,
                                 act_cfg=dict(type='GELU')))
                for _ in range(num_encoder_layers))
            for _ in self.encoder_levels)

        def conv(k, stride=1):
            return ConvModule(out_channels, out_channels, k, stride=stride, padding=k // 2,
                              norm_cfg=norm_cfg, act_cfg=act_cfg)

        def csp():
            return CSPLayer(2 * out_channels, out_channels, expand_ratio=expand_ratio,
                            num_blocks=num_csp_blocks, add_identity=False,
                            norm_cfg=norm_cfg, act_cfg=act_cfg)

        self.lateral_convs = nn.ModuleList(conv(1) for _ in range(n - 1))
        self.top_down_blocks = nn.ModuleList(csp() for _ in range(n - 1))
        self.downsample_convs = nn.ModuleList(conv(3, stride=2) for _ in range(n - 1))
        self.bottom_up_blocks = nn.ModuleList(csp() for _ in range(n - 1))

    def encode(self, x: Tensor, layers: nn.ModuleList) -> Tensor:
        """AIFI on one map: (B, C, H, W) -> (B, C, H, W)."""
        b, c, h, w = x.shape
        pos = self.pos(x.new_zeros(b, h, w, dtype=torch.bool)).flatten(2).transpose(1, 2)
        tokens = x.flatten(2).transpose(1, 2)
        for layer in layers:
            tokens = layer(tokens, query_pos=pos, key_padding_mask=None)
        return tokens.transpose(1, 2).reshape(b, c, h, w)

    def forward(self, inputs: Tuple[Tensor, ...]) -> Tuple[Tensor, ...]:
        if len(inputs) != len(self.in_channels):
            raise ValueError(f'HybridEncoder expects {len(self.in_channels)} levels '
                             f'(in_channels={self.in_channels}), got {len(inputs)}')
        feats: List[Tensor] = [proj(x) for proj, x in zip(self.input_proj, inputs)]
        for level, layers in zip(self.encoder_levels, self.encoders):
            feats[level] = self.encode(feats[level], layers)
        # top-down: from the coarsest level to the finest
        inner = [feats[-1]]
        for i in range(len(feats) - 1, 0, -1):
            j = len(feats) - 1 - i
            high = self.lateral_convs[j](inner[0])
            inner[0] = high
            up = F.interpolate(high, size=feats[i - 1].shape[-2:], mode='nearest')
            inner.insert(0, self.top_down_blocks[j](torch.cat([up, feats[i - 1]], dim=1)))
        # bottom-up: from the finest level to the coarsest
        outs = [inner[0]]
        for i in range(len(feats) - 1):
            down = self.downsample_convs[i](outs[-1])
            if down.shape[-2:] != inner[i + 1].shape[-2:]:
                down = F.interpolate(down, size=inner[i + 1].shape[-2:], mode='nearest')
            outs.append(self.bottom_up_blocks[i](torch.cat([down, inner[i + 1]], dim=1)))
        return tuple(outs)
