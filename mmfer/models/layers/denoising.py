"""Contrastive denoising queries for the DEIM head, built on MMDetection's DINO generator."""
from typing import Dict, List, Tuple

import torch
from mmdet.models.layers import CdnQueryGenerator
from torch import Tensor


class DenoisingQueryGenerator(CdnQueryGenerator):
    """MMDetection's ``CdnQueryGenerator`` (label noise, positive/negative box noise, group
    masks), fed with boxes already normalized by the caller.

    DINO's generator normalizes by each image's ``img_shape``; a mask-free head like DEIM's
    predicts relative to the padded batch input, so the head normalizes the targets itself.
    """

    def generate(self, gt_bboxes: List[Tensor], gt_labels: List[Tensor]
                 ) -> Tuple[Tensor, Tensor, Tensor, Dict[str, int]]:
        """Args:
            gt_bboxes: per image (n_i, 4) normalized (x1, y1, x2, y2); gt_labels: per image (n_i,).

        Returns:
            ``(label_query (B, D, C), bbox_query (B, D, 4) inverse-sigmoid cxcywh,
            attn_mask (D + Q, D + Q) bool, meta)``, D = 2 * groups * max(n_i); meta holds
            ``num_denoising_queries``, ``num_denoising_groups`` and ``max_num_target``.
        """
        max_num_target = max(len(b) for b in gt_bboxes)
        num_groups = self.get_num_groups(max_num_target)
        labels, boxes = torch.cat(gt_labels), torch.cat(gt_bboxes)
        label_query = self.generate_dn_label_query(labels, num_groups)
        bbox_query = self.generate_dn_bbox_query(boxes, num_groups)
        batch_idx = torch.cat([torch.full_like(t.long(), i) for i, t in enumerate(gt_labels)])
        label_query, bbox_query = self.collate_dn_queries(
            label_query, bbox_query, batch_idx, len(gt_bboxes), num_groups)
        attn_mask = self.generate_dn_mask(max_num_target, num_groups, device=boxes.device)
        meta = dict(num_denoising_queries=int(max_num_target * 2 * num_groups),
                    num_denoising_groups=num_groups, max_num_target=max_num_target)
        return label_query, bbox_query, attn_mask, meta


def denoising_indices(num_targets: List[int], meta: Dict[str, int],
                      device=None) -> List[Tuple[Tensor, Tensor]]:
    """Per image, (query indices, target indices) of the positive denoising queries.

    Group g's positives of image b are queries ``2 * g * max_num_target + arange(n_b)``.
    """
    groups, max_n = meta['num_denoising_groups'], meta['max_num_target']
    result = []
    for n in num_targets:
        gt = torch.arange(n, device=device)
        offsets = torch.arange(groups, device=device) * 2 * max_n
        query = (offsets[:, None] + gt[None]).flatten()
        result.append((query, gt.repeat(groups)))
    return result
