"""DEIM's decoder (on D-FINE): self-attention, gated deformable cross-attention, FFN, and
Fine-grained Distribution Refinement of the boxes, layer by layer."""
from typing import List, Optional, Sequence

import torch
import torch.nn.functional as F
from mmcv.cnn import build_activation_layer
from mmdet.models.layers.transformer import inverse_sigmoid
from torch import Tensor, nn

from ..task_modules import FDRCoder
from .deim_outputs import DecoderOutputs
from .mlp import MLP
from .ms_deform_attn import MSDeformableAttention


def prior_bias(prob: float) -> float:
    """The logit bias whose sigmoid is ``prob`` (a focal-loss class prior)."""
    return -torch.log(torch.tensor((1 - prob) / prob)).item()


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


class LQE(nn.Module):
    """Localization-quality estimator: a score from the edge distributions' sharpness.

    The top-``k`` probabilities of every edge and their mean go through a 2-layer MLP whose
    output is added to every class logit. The last layer starts at zero (no effect at init).

    Shapes: scores (B, Q, C), corners (B, Q, 4 * (reg_max + 1)) -> (B, Q, C).
    """

    def __init__(self, reg_max: int, k: int = 4, hidden_dim: int = 64,
                 act_cfg: dict = dict(type='ReLU')) -> None:
        super().__init__()
        self.k, self.reg_max = k, reg_max
        self.mlp = MLP(4 * (k + 1), hidden_dim, 1, 2, act_cfg)
        nn.init.zeros_(self.mlp.layers[-1].weight)
        nn.init.zeros_(self.mlp.layers[-1].bias)

    def forward(self, scores: Tensor, corners: Tensor) -> Tensor:
        b, q, _ = corners.shape
        prob = F.softmax(corners.reshape(b, q, 4, self.reg_max + 1), dim=-1)
        topk = prob.topk(self.k, dim=-1).values
        stat = torch.cat([topk, topk.mean(dim=-1, keepdim=True)], dim=-1)
        return scores + self.mlp(stat.reshape(b, q, -1))


class DEIMDecoderLayer(nn.Module):
    """One decoder layer. Shapes: queries (B, Q, C), ref_boxes (B, Q, 4) -> (B, Q, C).

    Post-norm self-attention, deformable cross-attention blended in by the :class:`Gate`, and
    an FFN with ``act_cfg`` (SiLU in DEIM, ReLU in D-FINE).
    """

    def __init__(self, embed_dims: int, num_heads: int, num_points: Sequence[int],
                 feedforward_channels: int, dropout: float = 0.0,
                 act_cfg: dict = dict(type='SiLU')) -> None:
        super().__init__()
        self.self_attn = nn.MultiheadAttention(embed_dims, num_heads, dropout=dropout,
                                               batch_first=True)
        self.norm1 = nn.LayerNorm(embed_dims)
        self.cross_attn = MSDeformableAttention(embed_dims, num_heads, num_points)
        self.gate = Gate(embed_dims)
        self.ffn = nn.Sequential(nn.Linear(embed_dims, feedforward_channels),
                                 build_activation_layer(act_cfg), nn.Dropout(dropout),
                                 nn.Linear(feedforward_channels, embed_dims), nn.Dropout(dropout))
        self.norm3 = nn.LayerNorm(embed_dims)
        self.dropout = nn.Dropout(dropout)
        nn.init.xavier_uniform_(self.ffn[0].weight)
        nn.init.xavier_uniform_(self.ffn[3].weight)

    def forward(self, query: Tensor, ref_boxes: Tensor, values: List[Tensor], query_pos: Tensor,
                attn_mask: Optional[Tensor] = None) -> Tensor:
        qk = query + query_pos
        query = self.norm1(query + self.dropout(self.self_attn(qk, qk, query,
                                                                attn_mask=attn_mask)[0]))
        attended = self.cross_attn(query + query_pos, ref_boxes, values)
        query = self.gate(query, self.dropout(attended))
        return self.norm3((query + self.ffn(query)).clamp(-65504, 65504))


class DEIMDecoder(nn.Module):
    """The decoder stack with per-layer class, box-distribution and LQE heads.

    Layer 0 also predicts the "pre" box (an unconstrained residual on the query's reference);
    every layer then predicts the four edge distributions relative to that box, each layer's
    logits added to the previous layer's (residual refinement), decoded by ``bbox_coder``.

    Args:
        embed_dims, num_heads, num_points, feedforward_channels, num_layers: decoder sizes.
        num_classes: classes (sigmoid scores, no background).
        bbox_coder: the :class:`FDRCoder` (reg_max, reg_scale, up).
        act_cfg: activation of the FFNs and the LQE (DEIM: SiLU, D-FINE: ReLU).
        mlp_act_cfg: activation of the box and query-position MLPs (DEIM: SiLU, D-FINE: ReLU).
        eval_idx: the layer whose output is the prediction at test time (-1: the last).
    """

    def __init__(self, embed_dims: int = 256, num_heads: int = 8,
                 num_points: Sequence[int] = (3, 6, 3), feedforward_channels: int = 1024,
                 num_layers: int = 3, num_classes: int = 7,
                 bbox_coder: Optional[FDRCoder] = None, dropout: float = 0.0,
                 act_cfg: dict = dict(type='SiLU'), mlp_act_cfg: dict = dict(type='SiLU'),
                 eval_idx: int = -1) -> None:
        super().__init__()
        if not -num_layers <= eval_idx < num_layers:
            raise ValueError(f'eval_idx {eval_idx} is not a layer of a {num_layers}-layer decoder')
        self.coder = bbox_coder or FDRCoder()
        self.num_layers, self.eval_idx = num_layers, eval_idx % num_layers
        self.layers = nn.ModuleList(
            DEIMDecoderLayer(embed_dims, num_heads, num_points, feedforward_channels, dropout,
                             act_cfg) for _ in range(num_layers))
        self.query_pos_head = MLP(4, 2 * embed_dims, embed_dims, 2, mlp_act_cfg)
        self.pre_bbox_head = MLP(embed_dims, embed_dims, 4, 3, mlp_act_cfg)
        self.cls_heads = nn.ModuleList(nn.Linear(embed_dims, num_classes)
                                       for _ in range(num_layers))
        self.reg_heads = nn.ModuleList(
            MLP(embed_dims, embed_dims, 4 * self.coder.num_bins, 3, mlp_act_cfg)
            for _ in range(num_layers))
        self.lqe_layers = nn.ModuleList(LQE(self.coder.reg_max, act_cfg=act_cfg)
                                        for _ in range(num_layers))
        self.init_weights()

    def init_weights(self) -> None:
        """Class prior 0.01, zero box residuals (every layer starts at its reference box)."""
        for head in self.cls_heads:
            nn.init.constant_(head.bias, prior_bias(0.01))
        for mlp in [self.pre_bbox_head, *self.reg_heads]:
            nn.init.zeros_(mlp.layers[-1].weight)
            nn.init.zeros_(mlp.layers[-1].bias)
        for layer in self.query_pos_head.layers:
            nn.init.xavier_uniform_(layer.weight)

    def switch_to_deploy(self) -> None:
        """Drop what inference never runs, as DEIM's ``deploy()`` does: the layers after
        ``eval_idx`` with their heads, and the class and LQE heads of the layers before it.
        Idempotent; the decoder then refuses to train."""
        keep = self.eval_idx + 1
        self.layers, self.reg_heads = self.layers[:keep], self.reg_heads[:keep]
        self.cls_heads = nn.ModuleList(head if i == self.eval_idx else nn.Identity()
                                       for i, head in enumerate(self.cls_heads[:keep]))
        self.lqe_layers = nn.ModuleList(lqe if i == self.eval_idx else nn.Identity()
                                        for i, lqe in enumerate(self.lqe_layers[:keep]))
        self.deployed = True

    def train(self, mode: bool = True) -> 'DEIMDecoder':
        if mode and getattr(self, 'deployed', False):
            raise RuntimeError('this decoder was switched to deploy (its auxiliary heads are '
                               'gone): it is for inference only; build the model from its '
                               'config to train it')
        return super().train(mode)

    def forward(self, query: Tensor, ref_unact: Tensor, values: List[Tensor],
                attn_mask: Optional[Tensor] = None) -> DecoderOutputs:
        """Run the layers.

        Args:
            query: (B, Q, C) content queries; ref_unact: (B, Q, 4) inverse-sigmoid reference
                boxes (cx, cy, w, h); values: split memory (see ``split_values``);
                attn_mask: (Q, Q) bool, True where a query may not attend (denoising groups).

        Returns:
            :class:`DecoderOutputs` with every layer in training and only the ``eval_idx``
            layer in eval mode (and no ``pre_logits``: only the losses read them). A
            non-finite box coordinate (a diverged model) becomes 0.5 so that matching and IoU
            stay defined; finite boxes are not touched (they may lie outside [0, 1], as in
            DEIM).
        """
        ref = ref_unact.sigmoid()
        kept: List[tuple] = []
        corners_prev = torch.zeros((), device=query.device)
        query_detached = torch.zeros((), device=query.device)
        for i, layer in enumerate(self.layers):
            query_pos = self.query_pos_head(ref).clamp(-10, 10)
            query = layer(query, ref, values, query_pos, attn_mask)
            if i == 0:
                pre_boxes = torch.sigmoid(self.pre_bbox_head(query) + inverse_sigmoid(ref))
                pre_logits = self.cls_heads[0](query) if self.training else None
                ref_initial = pre_boxes.detach()
            corners = self.reg_heads[i](query + query_detached) + corners_prev
            boxes = torch.nan_to_num(self.coder.decode(ref_initial, corners), nan=0.5)
            if self.training or i == self.eval_idx:
                logits = self.lqe_layers[i](self.cls_heads[i](query), corners)
                kept.append((logits, boxes, corners, ref_initial))
                if not self.training:
                    break
            corners_prev = corners
            ref = boxes.detach()
            query_detached = query.detach()
        logits, boxes, corners, refs = (torch.stack(t) for t in zip(*kept))
        return DecoderOutputs(logits, boxes, corners, refs, pre_logits, pre_boxes)
