"""Fine-grained Distribution Refinement (D-FINE): box edges as distributions over bins.

Each of a box's four edges is predicted as logits over ``reg_max + 1`` bins whose centres are
the non-uniform weighting function W(n): dense near 0 (fine corrections), sparse towards
+-2a*c (large ones). An edge's offset is the softmax-weighted sum of the bin centres, in units
of the reference box's size / ``reg_scale`` (c) around the reference box's own edges.
"""
from typing import Tuple

import torch
import torch.nn.functional as F
from mmdet.structures.bbox import bbox_xyxy_to_cxcywh
from torch import Tensor, nn


def weighting_function(reg_max: int, up: float, reg_scale: float,
                       device=None) -> Tensor:
    """D-FINE's W(n), the ``reg_max + 1`` bin centres.

    W(0) = -2ac and W(reg_max) = 2ac; in between a geometric progression symmetric around
    W(reg_max / 2) = 0, whose outermost inner value is +-(ac) (a = ``up``, c = ``reg_scale``).

    >>> [round(v, 3) for v in weighting_function(8, 0.5, 4).tolist()]
    [-4.0, -2.0, -1.08, -0.442, 0.0, 0.442, 1.08, 2.0, 4.0]
    """
    if reg_max < 4 or reg_max % 2:
        raise ValueError(f'reg_max must be an even number >= 4, got {reg_max}')
    bound1 = abs(up) * abs(reg_scale)
    bound2 = bound1 * 2
    step = (bound1 + 1) ** (2 / (reg_max - 2))
    half = reg_max // 2
    left = [-(step ** i) + 1 for i in range(half - 1, 0, -1)]
    right = [step ** i - 1 for i in range(1, half)]
    values = [-bound2] + left + [0.0] + right + [bound2]
    return torch.tensor(values, dtype=torch.float32, device=device)


def integral(corners: Tensor, project: Tensor) -> Tensor:
    """Expected edge offsets: (..., 4 * (reg_max + 1)) logits -> (..., 4) offsets."""
    shape = corners.shape[:-1]
    prob = F.softmax(corners.reshape(*shape, 4, project.numel()), dim=-1)
    return prob @ project


def distance2bbox(ref: Tensor, distance: Tensor, reg_scale: float) -> Tensor:
    """Boxes from a reference box and edge offsets.

    Args:
        ref: (..., 4) reference boxes, normalized (cx, cy, w, h).
        distance: (..., 4) offsets (left, top, right, bottom) in units of size / reg_scale.

    Returns:
        (..., 4) boxes, normalized (cx, cy, w, h).
    """
    c = abs(reg_scale)
    half = 0.5 * c
    x1 = ref[..., 0] - (half + distance[..., 0]) * (ref[..., 2] / c)
    y1 = ref[..., 1] - (half + distance[..., 1]) * (ref[..., 3] / c)
    x2 = ref[..., 0] + (half + distance[..., 2]) * (ref[..., 2] / c)
    y2 = ref[..., 1] + (half + distance[..., 3]) * (ref[..., 3] / c)
    return bbox_xyxy_to_cxcywh(torch.stack([x1, y1, x2, y2], dim=-1))


def bbox2distance(ref: Tensor, target_xyxy: Tensor, project: Tensor, reg_scale: float,
                  eps: float = 0.1) -> Tuple[Tensor, Tensor, Tensor]:
    """Targets of the edge distributions: the inverse of ``distance2bbox`` on the bin grid.

    Args:
        ref: (N, 4) reference boxes, normalized (cx, cy, w, h).
        target_xyxy: (N, 4) target boxes, normalized (x1, y1, x2, y2).
        project: (reg_max + 1,) bin centres from ``weighting_function``.

    Returns:
        ``(index, weight_right, weight_left)``, each (N * 4,): the bin just left of every
        edge's target (as a float, clamped to [0, reg_max - eps]) and the linear-interpolation
        weights of that bin and the next (they sum to 1; targets beyond the outer bins put all
        weight on the outermost one).
    """
    c = abs(reg_scale)
    w = ref[:, 2] / c + 1e-16
    h = ref[:, 3] / c + 1e-16
    dist = torch.stack([
        (ref[:, 0] - target_xyxy[:, 0]) / w - 0.5 * c,
        (ref[:, 1] - target_xyxy[:, 1]) / h - 0.5 * c,
        (target_xyxy[:, 2] - ref[:, 0]) / w - 0.5 * c,
        (target_xyxy[:, 3] - ref[:, 1]) / h - 0.5 * c,
    ], dim=-1).reshape(-1)
    reg_max = project.numel() - 1
    left_idx = (project[None] <= dist[:, None]).sum(dim=1) - 1
    index = left_idx.float()
    weight_right = torch.zeros_like(dist)
    weight_left = torch.zeros_like(dist)
    inside = (left_idx >= 0) & (left_idx < reg_max)
    li = left_idx[inside]
    to_left = (dist[inside] - project[li]).abs()
    to_right = (project[li + 1] - dist[inside]).abs()
    weight_right[inside] = to_left / (to_left + to_right)
    weight_left[inside] = 1 - weight_right[inside]
    below, above = left_idx < 0, left_idx >= reg_max
    weight_left[below], index[below] = 1.0, 0.0
    weight_right[above], index[above] = 1.0, reg_max - eps
    index = index.clamp(0, reg_max - eps)
    return index.detach(), weight_right.detach(), weight_left.detach()


class LQE(nn.Module):
    """Localization-quality estimator: a score from the edge distributions' sharpness.

    The top-``k`` probabilities of every edge and their mean go through a small MLP whose
    output is added to every class logit. The last layer starts at zero (no effect at init).

    Shapes: scores (B, Q, C), corners (B, Q, 4 * (reg_max + 1)) -> (B, Q, C).
    """

    def __init__(self, reg_max: int, k: int = 4, hidden_dim: int = 64) -> None:
        super().__init__()
        self.k, self.reg_max = k, reg_max
        self.mlp = nn.Sequential(nn.Linear(4 * (k + 1), hidden_dim), nn.ReLU(inplace=True),
                                 nn.Linear(hidden_dim, 1))
        nn.init.zeros_(self.mlp[-1].weight)
        nn.init.zeros_(self.mlp[-1].bias)

    def forward(self, scores: Tensor, corners: Tensor) -> Tensor:
        b, q, _ = corners.shape
        prob = F.softmax(corners.reshape(b, q, 4, self.reg_max + 1), dim=-1)
        topk = prob.topk(self.k, dim=-1).values
        stat = torch.cat([topk, topk.mean(dim=-1, keepdim=True)], dim=-1)
        return scores + self.mlp(stat.reshape(b, q, -1))
