"""DEIM's transformer body: feature maps -> selected queries -> decoder outputs."""
from collections import OrderedDict
from typing import List, Optional, Sequence, Tuple

import torch
from mmcv.cnn import ConvModule
from mmengine.model import BaseModule
from torch import Tensor, nn

from ..task_modules import FDRCoder
from .deim_decoder import DEIMDecoder, prior_bias
from .deim_outputs import DEIMOutputs, Predictions
from .mlp import MLP
from .ms_deform_attn import split_values


class DEIMTransformer(BaseModule):
    """Query selection and the FDR decoder of DEIM (on D-FINE on RT-DETR).

    Dataflow::

        L maps (B, C_l, H_l, W_l) --input_proj--> memory (B, S, C), S = sum H_l * W_l
        memory --enc_output--> enc_memory --enc_cls_head--> enc logits (B, S, K)
        top num_queries tokens by their best class logit:
            content = enc_memory (detached), reference = enc_bbox_head(enc_memory) + anchor
        [denoising queries] + selected queries --DEIMDecoder(memory)--> DecoderOutputs

    Anchors are a grid per level (centres of the cells, size ``anchor_size * 2^level``);
    tokens whose anchor lies within ``eps`` of the border are zeroed and their anchor set to
    +inf, exactly as DEIM does (such a token can still be selected; its box is then 1, 1, 1, 1).

    Args:
        num_classes (int): classes of the encoder and decoder class heads.
        in_channels (sequence[int]): channels per input level; a 1x1 conv + BN projects a
            level to ``embed_dims`` where the widths differ.
        embed_dims, num_heads, num_layers, feedforward_channels: decoder sizes.
        num_points (sequence[int]): deformable sampling points per level.
        num_queries (int): matching queries (DEIM: 300).
        bbox_coder (FDRCoder): the FDR coder shared with the head.
        act_cfg, mlp_act_cfg, eval_idx, dropout: see :class:`DEIMDecoder`.
        anchor_size (float): the finest level's anchor size (normalized). Defaults to 0.05.
        eps (float): anchors closer to the border are invalid. Defaults to 0.01.
    """

    def __init__(self, num_classes: int = 7, in_channels: Sequence[int] = (256, 256, 256),
                 embed_dims: int = 256, num_heads: int = 8, num_layers: int = 3,
                 num_points: Sequence[int] = (3, 6, 3), feedforward_channels: int = 1024,
                 num_queries: int = 300, bbox_coder: Optional[FDRCoder] = None,
                 act_cfg: dict = dict(type='SiLU'), mlp_act_cfg: dict = dict(type='SiLU'),
                 eval_idx: int = -1, dropout: float = 0.0, anchor_size: float = 0.05,
                 eps: float = 0.01, init_cfg=None) -> None:
        super().__init__(init_cfg)
        if len(num_points) != len(in_channels):
            raise ValueError(f'num_points {list(num_points)} needs one entry per input level '
                             f'(in_channels {list(in_channels)})')
        self.num_classes, self.num_queries = num_classes, num_queries
        self.embed_dims, self.num_heads = embed_dims, num_heads
        self.anchor_size, self.eps = anchor_size, eps
        self.input_proj = nn.ModuleList(
            nn.Identity() if c == embed_dims else
            ConvModule(c, embed_dims, 1, bias=False, norm_cfg=dict(type='BN'), act_cfg=None)
            for c in in_channels)
        self.enc_output = nn.Sequential(OrderedDict(proj=nn.Linear(embed_dims, embed_dims),
                                                    norm=nn.LayerNorm(embed_dims)))
        self.enc_cls_head = nn.Linear(embed_dims, num_classes)
        self.enc_bbox_head = MLP(embed_dims, embed_dims, 4, 3, mlp_act_cfg)
        self.decoder = DEIMDecoder(embed_dims, num_heads, num_points, feedforward_channels,
                                   num_layers, num_classes, bbox_coder, dropout, act_cfg,
                                   mlp_act_cfg, eval_idx)
        self.reset_parameters()

    def init_weights(self) -> None:
        super().init_weights()
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """DEIM's initialisation: class prior 0.01, zero box residuals on the anchors."""
        nn.init.constant_(self.enc_cls_head.bias, prior_bias(0.01))
        nn.init.zeros_(self.enc_bbox_head.layers[-1].weight)
        nn.init.zeros_(self.enc_bbox_head.layers[-1].bias)
        nn.init.xavier_uniform_(self.enc_output.proj.weight)
        for proj in self.input_proj:  # DEIM: Xavier for the projections it has
            if isinstance(proj, ConvModule):
                nn.init.xavier_uniform_(proj.conv.weight)
        self.decoder.init_weights()

    def anchors(self, shapes: List[Tuple[int, int]], device) -> Tuple[Tensor, Tensor]:
        """Inverse-sigmoid grid anchors (1, S, 4) cxcywh (+inf where invalid), valid (1, S, 1).
        """
        anchors = []
        for level, (h, w) in enumerate(shapes):
            ys, xs = torch.meshgrid(torch.arange(h, device=device),
                                    torch.arange(w, device=device), indexing='ij')
            xy = (torch.stack([xs, ys], -1).float() + 0.5) / torch.tensor([w, h], device=device)
            wh = torch.full_like(xy, self.anchor_size * 2.0 ** level)
            anchors.append(torch.cat([xy, wh], -1).reshape(-1, 4))
        anchors = torch.cat(anchors)[None]
        valid = ((anchors > self.eps) & (anchors < 1 - self.eps)).all(-1, keepdim=True)
        logit = torch.log(anchors / (1 - anchors))
        return torch.where(valid, logit, torch.inf), valid

    def forward(self, feats: Sequence[Tensor],
                dn: Optional[Tuple[Tensor, Tensor, Tensor, dict]] = None) -> DEIMOutputs:
        """Run the transformer.

        Args:
            feats: L maps (B, C_l, H_l, W_l).
            dn: optional denoising queries ``(label_query (B, D, C), bbox_query (B, D, 4)
                inverse-sigmoid, attn_mask (D + Q, D + Q), meta)``; they go first.

        Returns:
            :class:`DEIMOutputs`; ``enc`` and ``dn`` only in training.
        """
        feats = [proj(f) for proj, f in zip(self.input_proj, feats)]
        shapes = [tuple(f.shape[-2:]) for f in feats]
        memory = torch.cat([f.flatten(2).transpose(1, 2) for f in feats], dim=1)
        if memory.shape[1] < self.num_queries:
            raise ValueError(
                f'num_queries={self.num_queries} exceeds the {memory.shape[1]} memory tokens of '
                f'feature maps {shapes}: lower num_queries or use a larger input')
        anchors, valid = self.anchors(shapes, memory.device)
        enc_memory = self.enc_output(memory * valid.to(memory.dtype))
        enc_logits = self.enc_cls_head(enc_memory)
        index = enc_logits.max(-1).values.topk(self.num_queries, dim=1).indices  # (B, Q)

        def gather(t):
            return t.gather(1, index[..., None].expand(-1, -1, t.shape[-1]))

        top_memory = gather(enc_memory)
        enc_unact = self.enc_bbox_head(top_memory) + gather(anchors.expand(len(index), -1, -1))
        query, ref_unact = top_memory.detach(), enc_unact.detach()
        attn_mask, num_dn = None, 0
        if dn is not None:
            label_query, bbox_query, attn_mask, meta = dn
            num_dn = meta['num_denoising_queries']
            query = torch.cat([label_query, query], dim=1)
            ref_unact = torch.cat([bbox_query, ref_unact], dim=1)
        decoded = self.decoder(query, ref_unact, split_values(memory, shapes, self.num_heads),
                               attn_mask)
        if not self.training:
            return DEIMOutputs(decoded)
        dn_out = None
        if num_dn:
            dn_out, decoded = decoded.split(num_dn)
        return DEIMOutputs(decoded, Predictions(gather(enc_logits), enc_unact.sigmoid()), dn_out)
