"""D-FINE's Fine-grained Distribution Refinement (FDR) box coder.

Each of a box's four edges is predicted as logits over ``reg_max + 1`` bins whose centres are
the non-uniform weighting function W(n): dense near 0 (fine corrections), sparse towards
+-2ac (large ones), a = ``up``, c = ``reg_scale``. An edge's offset is the softmax-weighted sum
of the bin centres, in units of the reference box's size / c, around the reference box's own
edges. This coder owns the three numbers; the decoder decodes with it, the head encodes the
FGL targets with it.
"""
from typing import Dict, Tuple

import torch
import torch.nn.functional as F
from mmdet.structures.bbox import bbox_xyxy_to_cxcywh
from torch import Tensor

from mmfer.registry import TASK_UTILS


@TASK_UTILS.register_module()
class FDRCoder:
    """Edge distributions <-> boxes around a reference box.

    Args:
        reg_max (int): bins per edge minus one; an even number >= 4. Defaults to 32.
        reg_scale (float): c, the curvature of W(n). Defaults to 4.
        up (float): a, W's outer bins sit at +-2ac. Defaults to 0.5.

    Examples:
        >>> coder = FDRCoder(reg_max=8)
        >>> [round(v, 3) for v in coder.weights().tolist()]
        [-4.0, -2.0, -1.08, -0.442, 0.0, 0.442, 1.08, 2.0, 4.0]
        >>> ref = torch.tensor([[0.5, 0.5, 0.2, 0.4]])
        >>> coder.decode(ref, torch.zeros(1, 4 * 9))  # uniform bins: offsets 0, the box itself
        tensor([[0.5000, 0.5000, 0.2000, 0.4000]])
    """

    def __init__(self, reg_max: int = 32, reg_scale: float = 4.0, up: float = 0.5) -> None:
        if reg_max < 4 or reg_max % 2:
            raise ValueError(f'reg_max must be an even number >= 4, got {reg_max}')
        self.reg_max, self.reg_scale, self.up = int(reg_max), float(reg_scale), float(up)
        self._weights: Dict[Tuple, Tensor] = {}

    @property
    def num_bins(self) -> int:
        return self.reg_max + 1

    def weights(self, device=None, dtype=torch.float32) -> Tensor:
        """W(n), the ``reg_max + 1`` bin centres (cached per device and dtype).

        W(0) = -2ac and W(reg_max) = 2ac; in between a geometric progression symmetric around
        W(reg_max / 2) = 0 whose outermost inner values are +-ac. Computed in float32 tensor
        arithmetic, as D-FINE does, so the bins agree with its own to the last bit.
        """
        key = (str(device), dtype)
        if key not in self._weights:
            up = torch.tensor([self.up])
            bound1 = up.abs()[0] * abs(self.reg_scale)
            bound2 = bound1 * 2
            step = (bound1 + 1) ** (2 / (self.reg_max - 2))
            half = self.reg_max // 2
            left = [(-(step ** i) + 1)[None] for i in range(half - 1, 0, -1)]
            right = [(step ** i - 1)[None] for i in range(1, half)]
            values = torch.cat([-bound2[None], *left, torch.zeros(1), *right, bound2[None]])
            self._weights[key] = values.to(device=device, dtype=dtype)
        return self._weights[key]

    def integral(self, corners: Tensor) -> Tensor:
        """Expected edge offsets: (..., 4 * (reg_max + 1)) logits -> (..., 4) offsets."""
        shape = corners.shape[:-1]
        prob = F.softmax(corners.reshape(*shape, 4, self.num_bins), dim=-1)
        return prob @ self.weights(corners.device, corners.dtype)

    def distance2bbox(self, ref: Tensor, distance: Tensor) -> Tensor:
        """Boxes from reference boxes and edge offsets.

        Args:
            ref: (..., 4) reference boxes, normalized (cx, cy, w, h).
            distance: (..., 4) offsets (left, top, right, bottom) in units of size / c.

        Returns:
            (..., 4) boxes, normalized (cx, cy, w, h).
        """
        c = abs(self.reg_scale)
        half = 0.5 * c
        x1 = ref[..., 0] - (half + distance[..., 0]) * (ref[..., 2] / c)
        y1 = ref[..., 1] - (half + distance[..., 1]) * (ref[..., 3] / c)
        x2 = ref[..., 0] + (half + distance[..., 2]) * (ref[..., 2] / c)
        y2 = ref[..., 1] + (half + distance[..., 3]) * (ref[..., 3] / c)
        return bbox_xyxy_to_cxcywh(torch.stack([x1, y1, x2, y2], dim=-1))

    def decode(self, ref: Tensor, corners: Tensor) -> Tensor:
        """(..., 4) reference cxcywh and (..., 4 * (reg_max + 1)) logits -> (..., 4) cxcywh."""
        return self.distance2bbox(ref, self.integral(corners))

    def encode(self, ref: Tensor, target_xyxy: Tensor,
               eps: float = 0.1) -> Tuple[Tensor, Tensor, Tensor]:
        """Targets of the edge distributions: the inverse of :meth:`decode` on the bin grid.

        Args:
            ref: (N, 4) reference boxes, normalized (cx, cy, w, h).
            target_xyxy: (N, 4) target boxes, normalized (x1, y1, x2, y2).

        Returns:
            ``(index, weight_right, weight_left)``, each (N * 4,): the bin just left of every
            edge's target (as a float, clamped to [0, reg_max - eps]) and the linear
            interpolation weights of that bin and the next (they sum to 1; targets beyond the
            outer bins put all weight on the outermost one).
        """
        c = abs(self.reg_scale)
        w = ref[:, 2] / c + 1e-16
        h = ref[:, 3] / c + 1e-16
        dist = torch.stack([
            (ref[:, 0] - target_xyxy[:, 0]) / w - 0.5 * c,
            (ref[:, 1] - target_xyxy[:, 1]) / h - 0.5 * c,
            (target_xyxy[:, 2] - ref[:, 0]) / w - 0.5 * c,
            (target_xyxy[:, 3] - ref[:, 1]) / h - 0.5 * c,
        ], dim=-1).reshape(-1)
        project = self.weights(dist.device, dist.dtype)
        left_idx = (project[None] <= dist[:, None]).sum(dim=1) - 1
        index = left_idx.to(dist.dtype)
        weight_right = torch.zeros_like(dist)
        weight_left = torch.zeros_like(dist)
        inside = (left_idx >= 0) & (left_idx < self.reg_max)
        li = left_idx[inside]
        to_left = (dist[inside] - project[li]).abs()
        to_right = (project[li + 1] - dist[inside]).abs()
        weight_right[inside] = to_left / (to_left + to_right)
        weight_left[inside] = 1 - weight_right[inside]
        below, above = left_idx < 0, left_idx >= self.reg_max
        weight_left[below], index[below] = 1.0, 0.0
        weight_right[above], index[above] = 1.0, self.reg_max - eps
        index = index.clamp(0, self.reg_max - eps)
        return index.detach(), weight_right.detach(), weight_left.detach()

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(reg_max={self.reg_max}, reg_scale={self.reg_scale}, '
                f'up={self.up})')
