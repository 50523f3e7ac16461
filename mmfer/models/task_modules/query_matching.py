"""Query-target matching for the DEIM head: per-output Hungarian matching and D-FINE's union
("GO") of the matchings of all outputs, used by the box losses."""
from collections import Counter
from typing import List, Sequence, Tuple

import torch
from mmengine.structures import InstanceData
from torch import Tensor

Indices = List[Tuple[Tensor, Tensor]]  # per image: (query indices, target indices)


def hungarian_match(assigner, logits: Tensor, boxes_xyxy: Tensor, gt_boxes: List[Tensor],
                    gt_labels: List[Tensor]) -> Indices:
    """One-to-one matching of every image's queries to its targets.

    Shapes: logits (B, Q, C), boxes_xyxy (B, Q, 4) normalized; per image gt (n_i, 4), (n_i,).
    """
    indices = []
    meta = dict(img_shape=(1, 1))  # boxes are normalized already
    for b in range(logits.shape[0]):
        pred = InstanceData(scores=logits[b].detach(), bboxes=boxes_xyxy[b].detach())
        gt = InstanceData(bboxes=gt_boxes[b], labels=gt_labels[b])
        result = assigner.assign(pred, gt, img_meta=meta)
        query = torch.nonzero(result.gt_inds > 0, as_tuple=False).flatten()
        indices.append((query, result.gt_inds[query] - 1))
    return indices


def union_indices(matchings: Sequence[Indices]) -> Indices:
    """D-FINE's GO indices: all (query, target) pairs any output matched, one target per query.

    A query matched to different targets by different outputs keeps the most frequent one
    (ties: the one met first, i.e. the final layer's).
    """
    result = []
    for per_image in zip(*matchings):
        counts = Counter()
        for query, target in per_image:
            counts.update(zip(query.tolist(), target.tolist()))
        chosen = {}
        for (q, t), _ in counts.most_common():
            chosen.setdefault(q, t)
        device = per_image[0][0].device
        result.append((torch.tensor(list(chosen.keys()), dtype=torch.long, device=device),
                       torch.tensor(list(chosen.values()), dtype=torch.long, device=device)))
    return result
