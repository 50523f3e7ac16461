"""DEIM's decoder (on D-FINE): self-attention, gated deformable cross-attention, SiLU FFN,
and Fine-grained Distribution Refinement of the boxes, layer by layer."""
from typing import Dict, List, Optional, Sequence, Tuple

import torch
from mmdet.models.layers import MLP
from mmdet.models.layers.transformer import inverse_sigmoid
from torch import Tensor, nn

from .fdr import LQE, distance2bbox, integral, weighting_function
from .ms_deform_attn import MSDeformableAttention


class Gate(nn.Module):
    """Sigmoid gate that blends the residual and the cross-attention output, then LayerNorm.

    Starts as 0.5 * (x + y) normalized. Shapes: (B, Q, C), (B, Q, C) -> (B, Q, C).
    """

    def __init__(self, dims: int) -> None:
        super().__init__()
        self.gate = nn.Linear(2 * dims, 2 * dims)
        nn.init.zeros_(self.gate.weight)
        nn.init.zeros_(self.gate.bias)
        self.norm = nn.LayerNorm(dims)

    def forward(self, x: Tensor, y: Tensor) -> Tensor:
        g1, g2 = torch.sigmoid(self.gate(torch.cat([x, y], dim=-1))).chunk(2, dim=-1)
        return self.norm(g1 * x + g2 * y)


class DEIMDecoderLayer(nn.Module):
    """One decoder layer. Shapes: queries (B, Q, C), ref_boxes (B, Q, 4) -> (B, Q, C)."""

    def __init__(self, embed_dims: int, num_heads: int, num_points: Sequence[int],
                 feedforward_channels: int, dropout: float = 0.0) -> None:
        super().__init__()
        self.self_attn = nn.MultiheadAttention(embed_dims, num_heads, dropout=dropout,
                                               batch_first=True)
        self.norm1 = nn.LayerNorm(embed_dims)
        self.cross_attn = MSDeformableAttention(embed_dims, num_heads, num_points)
        self.gate = Gate(embed_dims)
        self.ffn = nn.Sequential(nn.Linear(embed_dims, feedforward_channels), nn.SiLU(),
                                 nn.Dropout(dropout), nn.Linear(feedforward_channels, embed_dims),
                                 nn.Dropout(dropout))
        self.norm3 = nn.LayerNorm(embed_dims)
        self.dropout = nn.Dropout(dropout)

    def forward(self, query: Tensor, ref_boxes: Tensor, values: List[Tensor], query_pos: Tensor,
                attn_mask: Optional[Tensor] = None) -> Tensor:
        qk = query + query_pos
        query = self.norm1(query + self.dropout(self.self_attn(qk, qk, query,
                                                                attn_mask=attn_mask)[0]))
        attended = self.cross_attn(query + query_pos, ref_boxes, values)
        query = self.gate(query, self.dropout(attended))
        return self.norm3(query + self.ffn(query))


class DEIMDecoder(nn.Module):
    """The decoder stack with per-layer class, box-distribution and LQE heads.

    Layer 0 also predicts the "pre" box (an unconstrained residual on the query's reference);
    every layer then predicts the four edge distributions relative to that box, each layer's
    logits added to the previous layer's (residual refinement).

    Args:
        embed_dims, num_heads, num_points, feedforward_channels, num_layers: decoder sizes.
        num_classes: classes (sigmoid scores, no background).
        reg_max: bins per edge - 1 (32). reg_scale: c (4). up: a (0.5).
        eval_idx: the layer whose output is the prediction at test time (-1: the last).
    """

    def __init__(self, embed_dims: int = 256, num_heads: int = 8,
                 num_points: Sequence[int] = (3, 6, 3), feedforward_channels: int = 1024,
                 num_layers: int = 3, num_classes: int = 7, reg_max: int = 32,
                 reg_scale: float = 4.0, up: float = 0.5, dropout: float = 0.0,
                 eval_idx: int = -1) -> None:
        super().__init__()
        self.num_layers, self.reg_max, self.reg_scale = num_layers, reg_max, reg_scale
        self.eval_idx = eval_idx % num_layers
        self.layers = nn.ModuleList(
            DEIMDecoderLayer(embed_dims, num_heads, num_points, feedforward_channels, dropout)
            for _ in range(num_layers))
        self.query_pos_head = MLP(4, 2 * embed_dims, embed_dims, 2)
        self.pre_bbox_head = MLP(embed_dims, embed_dims, 4, 3)
        self.cls_heads = nn.ModuleList(nn.Linear(embed_dims, num_classes)
                                       for _ in range(num_layers))
        self.reg_heads = nn.ModuleList(MLP(embed_dims, embed_dims, 4 * (reg_max + 1), 3)
                                       for _ in range(num_layers))
        self.lqe_layers = nn.ModuleList(LQE(reg_max) for _ in range(num_layers))
        self.register_buffer('project', weighting_function(reg_max, up, reg_scale),
                             persistent=False)
        self.init_weights()

    def init_weights(self) -> None:
        bias = -torch.log(torch.tensor((1 - 0.01) / 0.01)).item()  # prior probability 0.01
        for head in self.cls_heads:
            nn.init.constant_(head.bias, bias)
        for mlp in [self.pre_bbox_head, *self.reg_heads]:
            nn.init.zeros_(mlp.layers[-1].weight)
            nn.init.zeros_(mlp.layers[-1].bias)

    def forward(self, query: Tensor, ref_unact: Tensor, values: List[Tensor],
                attn_mask: Optional[Tensor] = None) -> Dict[str, Tensor]:
        """Run the layers.

        Args:
            query: (B, Q, C) content queries; ref_unact: (B, Q, 4) inverse-sigmoid reference
            boxes (cx, cy, w, h); values: split memory (see ``split_values``).

        Returns:
            dict with ``boxes`` (L', B, Q, 4) normalized cxcywh, ``logits`` (L', B, Q, C),
            ``corners`` (L', B, Q, 4 * (reg_max + 1)), ``refs`` (L', B, Q, 4) (the layer-0 box
            every layer refines), ``pre_boxes`` (B, Q, 4), ``pre_logits`` (B, Q, C). In training
            L' = num_layers; in inference only the ``eval_idx`` layer is kept (L' = 1).
        """
        ref = ref_unact.sigmoid()
        outputs: Dict[str, List[Tensor]] = dict(boxes=[], logits=[], corners=[], refs=[])
        corners_prev = torch.zeros((), device=query.device)
        query_detached = torch.zeros((), device=query.device)
        pre = {}
        for i, layer in enumerate(self.layers):
            query_pos = self.query_pos_head(ref).clamp(-10, 10)
            query = layer(query, ref, values, query_pos, attn_mask)
            if i == 0:
                pre_boxes = torch.sigmoid(self.pre_bbox_head(query) + inverse_sigmoid(ref))
                pre = dict(pre_boxes=pre_boxes, pre_logits=self.cls_heads[0](query))
                ref_initial = pre_boxes.detach()
            corners = self.reg_heads[i](query + query_detached) + corners_prev
            boxes = distance2bbox(ref_initial, integral(corners, self.project), self.reg_scale)
            boxes = torch.nan_to_num(boxes, nan=0.5).clamp(0, 1)
            if self.training or i == self.eval_idx:
                logits = self.lqe_layers[i](self.cls_heads[i](query), corners)
                for key, value in zip(('boxes', 'logits', 'corners', 'refs'),
                                      (boxes, logits, corners, ref_initial)):
                    outputs[key].append(value)
                if not self.training:
                    break
            corners_prev = corners
            ref = boxes.detach()
            query_detached = query.detach()
        result = {key: torch.stack(value) for key, value in outputs.items()}
        result.update(pre)
        return result


def split_queries(output: Dict[str, Tensor], num_dn: int) -> Tuple[Dict, Dict]:
    """Split every decoder output along the query axis into (denoising, matching) parts."""
    dn, match = {}, {}
    for key, value in output.items():
        dim = value.dim() - 2  # the query axis: (..., Q, D)
        dn[key], match[key] = value.split([num_dn, value.shape[dim] - num_dn], dim=dim)
    return dn, match
