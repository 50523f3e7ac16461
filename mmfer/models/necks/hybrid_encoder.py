"""The DEIM baseline's neck: D-FINE's hybrid encoder (AIFI + CCFF), as DEIM builds it."""
from typing import List, Sequence, Tuple

import torch
import torch.nn.functional as F
from mmcv.cnn import ConvModule
from mmdet.models.layers import DetrTransformerEncoderLayer
from mmengine.model import BaseModule
from torch import Tensor, nn

from mmfer.registry import MODELS

from ..layers.elan import RepNCSPELAN4, SCDown
from ..utils.init import reset_convs_to_pytorch_default


def sincos_position_embedding(h: int, w: int, dims: int, temperature: float = 10000.0,
                              device=None) -> Tensor:
    """RT-DETR's 2-D sine-cosine embedding for an h x w map flattened row by row: (h*w, dims).

    As in RT-DETR / D-FINE / DEIM, the x part of token k is computed from k // h and the y part
    from k % h (a meshgrid over (w, h) flattened against tokens ordered (h, w)): on a square
    map x and y trade places. Kept exactly, since the published weights were trained with it.
    """
    if dims % 4:
        raise ValueError(f'the embedding width ({dims}) must be divisible by 4')
    grid_w, grid_h = torch.meshgrid(torch.arange(w, dtype=torch.float32, device=device),
                                    torch.arange(h, dtype=torch.float32, device=device),
                                    indexing='ij')
    quarter = dims // 4
    omega = 1.0 / temperature ** (torch.arange(quarter, dtype=torch.float32, device=device)
                                  / quarter)
    out_w = grid_w.flatten()[:, None] @ omega[None]
    out_h = grid_h.flatten()[:, None] @ omega[None]
    return torch.cat([out_w.sin(), out_w.cos(), out_h.sin(), out_h.cos()], dim=1)


@MODELS.register_module()
class HybridEncoder(BaseModule):
    """Intra-scale attention on the coarsest map, then cross-scale CNN fusion (FPN + PAN).

    1. ``input_proj``: a 1x1 conv + BN per level to ``out_channels``;
    2. AIFI: ``num_encoder_layers`` post-norm transformer encoder layers (GELU FFN, RT-DETR's
       sine-cosine positions) on the level(s) in ``encoder_levels``;
    3. CCFF, top-down: a 1x1 conv + BN (no activation) on the coarser map, 2x nearest
       upsampling, concatenation, a :class:`RepNCSPELAN4` block; bottom-up: :class:`SCDown`
       (stride 2), concatenation, a :class:`RepNCSPELAN4` block.

    This is D-FINE's ``HybridEncoder`` (version 'dfine') that DEIM uses, with the same
    sizes: the ELAN blocks are ``RepNCSPELAN4(2C, C, 2C, round(expansion * C // 2),
    round(3 * depth_mult))``.

    Shapes: L maps (B, in_channels[l], H_l, W_l) -> L maps (B, out_channels, H_l, W_l).

    Args:
        in_channels: channels of the input levels (finest first).
        out_channels: the hidden width (DEIM-N 128, S/M 256).
        encoder_levels: input levels that get AIFI (indices; default the last).
        num_heads, feedforward_channels, num_encoder_layers: AIFI sizes.
        expansion, depth_mult: CCFF sizes (DEIM-N 0.34 / 0.5, S 0.5 / 0.34, M 1.0 / 0.67).
        pe_temperature: of the sine-cosine positions.
        act_cfg: the CCFF activation (SiLU); enc_act_cfg: the AIFI FFN's (GELU).

    Examples:
        >>> neck = HybridEncoder(in_channels=[512, 1024], out_channels=128,
        ...                      feedforward_channels=512, expansion=0.34, depth_mult=0.5)
        >>> outs = neck((torch.randn(1, 512, 10, 10), torch.randn(1, 1024, 5, 5)))
        >>> [tuple(o.shape) for o in outs]
        [(1, 128, 10, 10), (1, 128, 5, 5)]
    """

    def __init__(self, in_channels: Sequence[int] = (512, 1024, 2048),
                 out_channels: int = 256, encoder_levels: Sequence[int] = (-1,),
                 num_heads: int = 8, feedforward_channels: int = 1024,
                 num_encoder_layers: int = 1, expansion: float = 1.0, depth_mult: float = 1.0,
                 pe_temperature: float = 10000.0, act_cfg: dict = dict(type='SiLU'),
                 enc_act_cfg: dict = dict(type='GELU'), init_cfg=None) -> None:
        super().__init__(init_cfg)
        self.in_channels = list(in_channels)
        self.out_channels = out_channels
        self.pe_temperature = pe_temperature
        n = len(self.in_channels)
        self.encoder_levels = [i % n for i in encoder_levels]
        self.input_proj = nn.ModuleList(
            ConvModule(c, out_channels, 1, bias=False, norm_cfg=dict(type='BN'), act_cfg=None)
            for c in self.in_channels)
        self.encoders = nn.ModuleList(
            nn.ModuleList(
                DetrTransformerEncoderLayer(
                    self_attn_cfg=dict(embed_dims=out_channels, num_heads=num_heads,
                                       dropout=0.0, batch_first=True),
                    ffn_cfg=dict(embed_dims=out_channels,
                                 feedforward_channels=feedforward_channels, ffn_drop=0.0,
                                 act_cfg=enc_act_cfg))
                for _ in range(num_encoder_layers))
            for _ in self.encoder_levels)
        c = out_channels
        branch = round(expansion * c // 2)
        blocks = round(3 * depth_mult)

        def elan():
            return RepNCSPELAN4(2 * c, c, 2 * c, branch, blocks, act_cfg)

        self.lateral_convs = nn.ModuleList(
            ConvModule(c, c, 1, bias=False, norm_cfg=dict(type='BN'), act_cfg=None)
            for _ in range(n - 1))
        self.fpn_blocks = nn.ModuleList(elan() for _ in range(n - 1))
        self.downsample_convs = nn.ModuleList(SCDown(c, c, 3, 2) for _ in range(n - 1))
        self.pan_blocks = nn.ModuleList(elan() for _ in range(n - 1))
        reset_convs_to_pytorch_default(self)

    def init_weights(self) -> None:
        """DEIM's initialisation: PyTorch's defaults (MMCV's ConvModule would re-init its
        convs Kaiming-normal)."""
        super().init_weights()
        reset_convs_to_pytorch_default(self)

    def encode(self, x: Tensor, layers: nn.ModuleList) -> Tensor:
        """AIFI on one map: (B, C, H, W) -> (B, C, H, W)."""
        b, c, h, w = x.shape
        pos = sincos_position_embedding(h, w, c, self.pe_temperature, x.device)
        pos = pos.to(x.dtype)[None].expand(b, -1, -1)
        tokens = x.flatten(2).transpose(1, 2)
        for layer in layers:
            tokens = layer(tokens, query_pos=pos, key_padding_mask=None)
        return tokens.transpose(1, 2).reshape(b, c, h, w)

    def forward(self, inputs: Sequence[Tensor]) -> Tuple[Tensor, ...]:
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
            inner.insert(0, self.fpn_blocks[j](torch.cat([up, feats[i - 1]], dim=1)))
        # bottom-up: from the finest level to the coarsest
        outs = [inner[0]]
        for i in range(len(feats) - 1):
            down = self.downsample_convs[i](outs[-1])
            if down.shape[-2:] != inner[i + 1].shape[-2:]:  # odd sizes
                down = F.interpolate(down, size=inner[i + 1].shape[-2:], mode='nearest')
            outs.append(self.pan_blocks[i](torch.cat([down, inner[i + 1]], dim=1)))
        return tuple(outs)
