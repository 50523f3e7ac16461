"""Multi-scale deformable cross-attention with a per-level number of sampling points.

As in D-FINE/DEIM: no value and no output projection (the memory is already projected by the
encoder), offsets scaled by the reference box's size and by 1 / points-of-its-level, sampling
by ``grid_sample`` (bilinear, zeros outside), which runs on every device.
"""
import math
from typing import List, Sequence, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn


class MSDeformableAttention(nn.Module):
    """Deformable attention over L feature levels, ``num_points[l]`` points per head at level l.

    Shapes:
        query: (B, Q, C); ref_boxes: (B, Q, 4) normalized (cx, cy, w, h);
        values: one (B * heads, C / heads, H_l, W_l) map per level -> (B, Q, C).
    """

    def __init__(self, embed_dims: int = 256, num_heads: int = 8,
                 num_points: Sequence[int] = (4, 4, 4), offset_scale: float = 0.5) -> None:
        super().__init__()
        if embed_dims % num_heads:
            raise ValueError(f'embed_dims {embed_dims} is not divisible by num_heads {num_heads}')
        self.embed_dims, self.num_heads = embed_dims, num_heads
        self.num_points = list(num_points)
        self.offset_scale = offset_scale
        total = sum(self.num_points)
        self.sampling_offsets = nn.Linear(embed_dims, num_heads * total * 2)
        self.attention_weights = nn.Linear(embed_dims, num_heads * total)
        scale = [1 / n for n in self.num_points for _ in range(n)]
        self.register_buffer('points_scale', torch.tensor(scale).view(total, 1), persistent=False)
        self.init_weights()

    def init_weights(self) -> None:
        """Offsets start on a ring per head (radius 1..n per level), weights uniform."""
        total = sum(self.num_points)
        nn.init.zeros_(self.sampling_offsets.weight)
        thetas = torch.arange(self.num_heads, dtype=torch.float32) * (2 * math.pi / self.num_heads)
        grid = torch.stack([thetas.cos(), thetas.sin()], -1)
        grid = grid / grid.abs().max(-1, keepdim=True).values
        radius = torch.cat([torch.arange(1, n + 1) for n in self.num_points]).float()
        grid = grid[:, None, :].repeat(1, total, 1) * radius[None, :, None]
        with torch.no_grad():
            self.sampling_offsets.bias.copy_(grid.flatten())
        nn.init.zeros_(self.attention_weights.weight)
        nn.init.zeros_(self.attention_weights.bias)

    def forward(self, query: Tensor, ref_boxes: Tensor, values: List[Tensor]) -> Tensor:
        if len(values) != len(self.num_points):
            raise ValueError(f'got {len(values)} value levels for num_points {self.num_points}')
        b, q, _ = query.shape
        total = sum(self.num_points)
        offsets = self.sampling_offsets(query).view(b, q, self.num_heads, total, 2)
        weights = self.attention_weights(query).view(b, q, self.num_heads, total).softmax(-1)
        offsets = offsets * self.points_scale * ref_boxes[:, :, None, None, 2:] * self.offset_scale
        locations = ref_boxes[:, :, None, None, :2] + offsets  # (B, Q, heads, total, 2)
        return sample_levels(values, locations, weights, self.num_points)


def sample_levels(values: List[Tensor], locations: Tensor, weights: Tensor,
                  num_points: Sequence[int]) -> Tensor:
    """Bilinear samples of every level at its points, summed with the attention weights.

    Shapes: values as in ``MSDeformableAttention``; locations (B, Q, heads, P, 2) in [0, 1];
    weights (B, Q, heads, P) with P = sum(num_points) -> (B, Q, heads * head_dim).
    """
    b, q, heads, total, _ = locations.shape
    grids = (2 * locations - 1).permute(0, 2, 1, 3, 4).flatten(0, 1)  # (B*heads, Q, P, 2)
    sampled = [
        F.grid_sample(value, grid, mode='bilinear', padding_mode='zeros', align_corners=False)
        for value, grid in zip(values, grids.split(list(num_points), dim=2))
    ]
    sampled = torch.cat(sampled, dim=-1)  # (B*heads, head_dim, Q, P)
    weights = weights.permute(0, 2, 1, 3).reshape(b * heads, 1, q, total)
    out = (sampled * weights).sum(-1)  # (B*heads, head_dim, Q)
    return out.view(b, heads * out.shape[1], q).transpose(1, 2)


def split_values(memory: Tensor, spatial_shapes: Sequence[Tuple[int, int]],
                 num_heads: int) -> List[Tensor]:
    """(B, sum(H_l * W_l), C) memory -> per level (B * heads, C / heads, H_l, W_l) maps."""
    b, _, c = memory.shape
    chunks = memory.split([h * w for h, w in spatial_shapes], dim=1)
    return [
        chunk.reshape(b, h * w, num_heads, c // num_heads).permute(0, 2, 3, 1)
        .reshape(b * num_heads, c // num_heads, h, w)
        for chunk, (h, w) in zip(chunks, spatial_shapes)
    ]
