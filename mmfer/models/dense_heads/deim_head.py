"""DEIM's query head (DEIM on D-FINE on RT-DETR) as an MMDetection dense head."""
from typing import Dict, List, Optional, Sequence, Tuple

import torch
from mmcv.cnn import ConvModule
from mmdet.models.layers import MLP
from mmdet.structures import SampleList
from mmdet.structures.bbox import bbox_cxcywh_to_xyxy, bbox_overlaps
from mmdet.utils import reduce_mean
from mmengine.model import BaseModule
from mmengine.structures import InstanceData
from torch import Tensor, nn

from mmfer.registry import MODELS, TASK_UTILS

from ..layers.deim_decoder import DEIMDecoder, split_queries
from ..layers.denoising import DenoisingQueryGenerator, denoising_indices
from ..layers.fdr import bbox2distance
from ..layers.ms_deform_attn import split_values
from .deim_matching import Indices, hungarian_match, union_indices


@MODELS.register_module()
class DEIMHead(BaseModule):
    """Query selection, denoising, the FDR decoder, and DEIM's losses.

    Input: L feature maps (B, in_channels[l], H_l, W_l) from any neck (HybridEncoder,
    DFPMNattenNeck, FPN, ...). Each goes through a 1x1 conv + BN to ``embed_dims`` (skipped
    where the widths agree), and all tokens form the memory (B, S, C).

    Queries: the ``num_queries`` memory tokens with the highest class score (encoder head) give
    the content (detached) and the reference boxes (a box head on top of a grid anchor of
    size 0.05 * 2^level; anchors near the border are never selected). In training,
    contrastive denoising queries (label noise 0.5, box noise 1.0, up to ``num_dn_queries``)
    go first, masked from the matching queries.

    Losses, on the final, auxiliary (earlier layers), pre (layer 0's first box), encoder and
    denoising outputs: MAL for classes; L1 and GIoU for boxes; FGL and DDF on the edge
    distributions. Class losses use each output's own Hungarian matching; box losses use the
    union of all outputs' matchings (D-FINE's GO indices). Keys: ``loss_cls``, ``d0.loss_cls``
    (auxiliary layer 0), ``pre.``, ``enc.``, ``dn.`` (``dn.d0.``, ``dn.pre.``).

    Args:
        num_classes: expression classes (7).
        in_channels: channels per input level.
        embed_dims, num_heads, num_layers, num_points, feedforward_channels: decoder sizes.
        num_queries: matching queries (300).
        reg_max, reg_scale, up: FDR's bins (32), c (4) and a (0.5).
        num_dn_queries, label_noise_scale, box_noise_scale: denoising (0 queries: off).
        loss_cls, loss_bbox, loss_iou, loss_fgl, loss_ddf: loss configs (weights 1/5/2/0.15/1.5).
        train_cfg: ``assigner`` (HungarianAssigner with FocalLossCost 2, BBoxL1Cost 5,
            IoUCost giou 2), ``use_union_matching`` (True).
        test_cfg: ``max_per_img`` (100): top (query, class) pairs kept per image.
    """

    def __init__(self, num_classes: int = 7, in_channels: Sequence[int] = (256, 256, 256),
                 embed_dims: int = 256, num_heads: int = 8, num_layers: int = 3,
                 num_points: Sequence[int] = (3, 6, 3), feedforward_channels: int = 1024,
                 num_queries: int = 300, reg_max: int = 32, reg_scale: float = 4.0,
                 up: float = 0.5, num_dn_queries: int = 100, label_noise_scale: float = 0.5,
                 box_noise_scale: float = 1.0, anchor_size: float = 0.05, dropout: float = 0.0,
                 loss_cls=dict(type='MALLoss', gamma=1.5, loss_weight=1.0),
                 loss_bbox=dict(type='mmdet.L1Loss', loss_weight=5.0),
                 loss_iou=dict(type='mmdet.GIoULoss', loss_weight=2.0),
                 loss_fgl=dict(type='FGLLoss', loss_weight=0.15),
                 loss_ddf=dict(type='DDFLoss', temperature=5.0, loss_weight=1.5),
                 train_cfg=None, test_cfg=None, init_cfg=None) -> None:
        super().__init__(init_cfg)
        if len(num_points) != len(in_channels):
            raise ValueError(f'num_points {list(num_points)} needs one entry per input level '
                             f'(in_channels {list(in_channels)})')
        self.num_classes, self.num_queries = num_classes, num_queries
        self.embed_dims, self.num_heads = embed_dims, num_heads
        self.reg_scale, self.anchor_size = reg_scale, anchor_size
        self.train_cfg = train_cfg or {}
        self.test_cfg = test_cfg or {}
        self.input_proj = nn.ModuleList(
            nn.Identity() if c == embed_dims else
            ConvModule(c, embed_dims, 1, norm_cfg=dict(type='BN'), act_cfg=None)
            for c in in_channels)
        self.enc_output = nn.Sequential(nn.Linear(embed_dims, embed_dims),
                                        nn.LayerNorm(embed_dims))
        self.enc_cls_head = nn.Linear(embed_dims, num_classes)
        self.enc_bbox_head = MLP(embed_dims, embed_dims, 4, 3)
        self.decoder = DEIMDecoder(embed_dims, num_heads, num_points, feedforward_channels,
                                   num_layers, num_classes, reg_max, reg_scale, up, dropout)
        self.dn_generator = None
        if num_dn_queries > 0:
            self.dn_generator = DenoisingQueryGenerator(
                num_classes, embed_dims, num_queries, label_noise_scale=label_noise_scale,
                box_noise_scale=box_noise_scale,
                group_cfg=dict(dynamic=True, num_dn_queries=num_dn_queries))
        self.loss_cls = MODELS.build(loss_cls)
        self.loss_bbox = MODELS.build(loss_bbox)
        self.loss_iou = MODELS.build(loss_iou)
        self.loss_fgl = MODELS.build(loss_fgl)
        self.loss_ddf = MODELS.build(loss_ddf)
        self.assigner = None
        if 'assigner' in self.train_cfg:
            self.assigner = TASK_UTILS.build(self.train_cfg['assigner'])
        self.reset_parameters()

    def init_weights(self) -> None:
        super().init_weights()
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Class prior 0.01 for the encoder scores, zero box residuals on the anchors."""
        bias = -torch.log(torch.tensor((1 - 0.01) / 0.01)).item()
        nn.init.constant_(self.enc_cls_head.bias, bias)
        nn.init.zeros_(self.enc_bbox_head.layers[-1].weight)
        nn.init.zeros_(self.enc_bbox_head.layers[-1].bias)
        self.decoder.init_weights()

    # ------------------------------------------------------------------ forward
    def anchors(self, shapes: List[Tuple[int, int]], device) -> Tuple[Tensor, Tensor]:
        """Grid anchors, inverse-sigmoid (1, S, 4) cxcywh, and their validity mask (1, S)."""
        anchors = []
        for level, (h, w) in enumerate(shapes):
            ys, xs = torch.meshgrid(torch.arange(h, device=device),
                                    torch.arange(w, device=device), indexing='ij')
            xy = (torch.stack([xs, ys], -1).float() + 0.5) / torch.tensor([w, h], device=device)
            wh = torch.full_like(xy, self.anchor_size * 2.0 ** level)
            anchors.append(torch.cat([xy, wh], -1).reshape(-1, 4))
        anchors = torch.cat(anchors)[None]
        valid = ((anchors > 0.01) & (anchors < 0.99)).all(-1)
        logit = torch.log(anchors / (1 - anchors)).masked_fill(~valid[..., None], 0.0)
        return logit, valid

    def forward(self, x: Tuple[Tensor, ...], dn: Optional[Tuple] = None) -> Dict[str, Tensor]:
        """Run the head.

        Args:
            x: L maps (B, C_l, H_l, W_l).
            dn: optional ``(label_query, bbox_query, attn_mask, meta)`` denoising queries.

        Returns:
            The decoder's outputs (see ``DEIMDecoder.forward``) for the matching queries, and
            in training ``enc_logits`` (B, Q, C), ``enc_boxes`` (B, Q, 4) and, with ``dn``,
            the denoising part under ``dn`` (a dict of the same keys).
        """
        feats = [proj(f) for proj, f in zip(self.input_proj, x)]
        shapes = [tuple(f.shape[-2:]) for f in feats]
        memory = torch.cat([f.flatten(2).transpose(1, 2) for f in feats], dim=1)
        num_tokens = memory.shape[1]
        if num_tokens < self.num_queries:
            raise ValueError(
                f'num_queries={self.num_queries} exceeds the {num_tokens} memory tokens of '
                f'feature maps {shapes}: lower num_queries or use a larger input')
        anchors, valid = self.anchors(shapes, memory.device)
        enc_memory = self.enc_output(memory * valid[..., None].to(memory.dtype))
        enc_logits = self.enc_cls_head(enc_memory)
        rank = enc_logits.max(-1).values.masked_fill(~valid, float('-inf'))
        index = rank.topk(self.num_queries, dim=1).indices  # (B, Q)

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
        values = split_values(memory, shapes, self.num_heads)
        output = self.decoder(query, ref_unact, values, attn_mask)
        if self.training:
            if num_dn:
                dn_output, output = split_queries(output, num_dn)
                output['dn'] = dn_output
            output['enc_logits'] = gather(enc_logits)
            output['enc_boxes'] = enc_unact.sigmoid()
        return output

    # ------------------------------------------------------------------ targets
    @staticmethod
    def normalized_targets(batch_data_samples: SampleList) -> Tuple[List[Tensor], List[Tensor]]:
        """Per image, target boxes normalized by the padded batch input (x1, y1, x2, y2)."""
        boxes, labels = [], []
        for sample in batch_data_samples:
            h, w = sample.metainfo.get('batch_input_shape', sample.img_shape)
            gt = sample.gt_instances
            bboxes = gt.bboxes
            if not torch.is_tensor(bboxes):  # a HorizontalBoxes
                bboxes = bboxes.tensor
            if not torch.isfinite(bboxes).all():
                raise ValueError('non-finite ground-truth box in '
                                 f"{sample.metainfo.get('img_path', 'an image')}")
            boxes.append((bboxes / bboxes.new_tensor([w, h, w, h])).clamp(0, 1))
            labels.append(gt.labels.long())
        return boxes, labels

    def check_labels(self, labels: List[Tensor], batch_data_samples: SampleList) -> None:
        for sample, label in zip(batch_data_samples, labels):
            if len(label) and (label.min() < 0 or label.max() >= self.num_classes):
                raise ValueError(
                    f'{type(self).__name__} has num_classes={self.num_classes} but '
                    f"{sample.metainfo.get('img_path', 'an image')} has a ground-truth label "
                    f'{int(label.max())}: the config and the dataset disagree on the classes')

    # ------------------------------------------------------------------ losses
    def loss(self, x: Tuple[Tensor, ...], batch_data_samples: SampleList) -> Dict[str, Tensor]:
        gt_boxes, gt_labels = self.normalized_targets(batch_data_samples)
        self.check_labels(gt_labels, batch_data_samples)
        dn = None
        num_targets = [len(b) for b in gt_boxes]
        if self.dn_generator is not None and sum(num_targets) > 0:
            dn = self.dn_generator.generate(gt_boxes, gt_labels)
        output = self(x, dn)
        num_boxes = reduce_mean(gt_boxes[0].new_tensor(float(sum(num_targets)))).clamp(min=1)
        return self.loss_by_feat(output, gt_boxes, gt_labels, float(num_boxes),
                                 None if dn is None else dn[3])

    def loss_by_feat(self, output: Dict, gt_boxes: List[Tensor], gt_labels: List[Tensor],
                     num_boxes: float, dn_meta: Optional[Dict] = None) -> Dict[str, Tensor]:
        """All loss terms from the head's outputs and the normalized targets."""
        if self.assigner is None:
            raise RuntimeError('DEIMHead needs train_cfg.assigner to compute losses')
        layers = self.layer_outputs(output)
        pre = dict(logits=output['pre_logits'], boxes=output['pre_boxes'])
        enc = dict(logits=output['enc_logits'], boxes=output['enc_boxes'])
        named = [('', layers[-1])] + [(f'd{i}.', o) for i, o in enumerate(layers[:-1])]
        named += [('pre.', pre), ('enc.', enc)]
        matchings = [hungarian_match(self.assigner, o['logits'], bbox_cxcywh_to_xyxy(o['boxes']),
                                     gt_boxes, gt_labels) for _, o in named]
        box_indices, box_num = matchings, [num_boxes] * len(matchings)
        if self.train_cfg.get('use_union_matching', True):
            union = union_indices(matchings)
            num_union = reduce_mean(gt_boxes[0].new_tensor(
                float(sum(len(q) for q, _ in union)))).clamp(min=1)
            box_indices, box_num = [union] * len(named), [float(num_union)] * len(named)
        losses = {}
        for (prefix, out), cls_idx, box_idx, n_box in zip(named, matchings, box_indices, box_num):
            losses.update(self.output_losses(out, gt_boxes, gt_labels, cls_idx, box_idx,
                                             num_boxes, n_box, prefix, teacher=layers[-1]))
        # DDF of the denoising outputs weighs its means by the last auxiliary layer's
        # matched / unmatched counts, as the reference does
        n_matched = sum(len(q) for q, _ in box_indices[len(layers) - 1])
        ddf_counts = (n_matched, layers[0]['logits'].shape[:2].numel() - n_matched)
        if dn_meta is not None and 'dn' in output:
            dn_layers = self.layer_outputs(output['dn'])
            dn_pre = dict(logits=output['dn']['pre_logits'], boxes=output['dn']['pre_boxes'])
            idx = denoising_indices([len(b) for b in gt_boxes], dn_meta, gt_boxes[0].device)
            n_dn = num_boxes * dn_meta['num_denoising_groups']
            dn_named = [('dn.', dn_layers[-1])] + [
                (f'dn.d{i}.', o) for i, o in enumerate(dn_layers[:-1])] + [('dn.pre.', dn_pre)]
            for prefix, out in dn_named:
                losses.update(self.output_losses(out, gt_boxes, gt_labels, idx, idx, n_dn,
                                                 n_dn, prefix, teacher=dn_layers[-1],
                                                 ddf_counts=ddf_counts))
        return losses

    @staticmethod
    def layer_outputs(output: Dict) -> List[Dict[str, Tensor]]:
        """The stacked decoder outputs as one dict per layer."""
        return [dict(logits=output['logits'][i], boxes=output['boxes'][i],
                     corners=output['corners'][i], refs=output['refs'][i])
                for i in range(len(output['logits']))]

    def output_losses(self, out: Dict[str, Tensor], gt_boxes: List[Tensor],
                      gt_labels: List[Tensor], cls_idx: Indices, box_idx: Indices,
                      num_cls: float, num_box: float, prefix: str,
                      teacher: Dict[str, Tensor],
                      ddf_counts: Optional[Tuple[int, int]] = None) -> Dict[str, Tensor]:
        """MAL, L1, GIoU (and FGL, DDF where the output has edge distributions) of one output.

        ``ddf_counts``: (matched, unmatched) query counts that weigh DDF's two means; by
        default this output's own.
        """
        logits, boxes = out['logits'], out['boxes']
        b_idx, q_idx, t_boxes, t_labels = self.gather_matched(cls_idx, gt_boxes, gt_labels)
        labels = torch.full(logits.shape[:2], self.num_classes, dtype=torch.long,
                            device=logits.device)
        labels[b_idx, q_idx] = t_labels
        ious = torch.zeros(logits.shape[:2], device=logits.device)
        ious[b_idx, q_idx] = self.paired_iou(boxes[b_idx, q_idx], t_boxes)
        losses = {f'{prefix}loss_cls': self.loss_cls(logits, labels, ious, avg_factor=num_cls)}

        if box_idx is not cls_idx:  # denoising outputs use one set of indices for both
            b_idx, q_idx, t_boxes, _ = self.gather_matched(box_idx, gt_boxes, gt_labels)
        pred = boxes[b_idx, q_idx]
        t_cxcywh = torch.cat([(t_boxes[:, :2] + t_boxes[:, 2:]) / 2,
                              t_boxes[:, 2:] - t_boxes[:, :2]], dim=-1)
        if len(pred):
            losses[f'{prefix}loss_bbox'] = self.loss_bbox(pred, t_cxcywh, avg_factor=num_box)
            losses[f'{prefix}loss_iou'] = self.loss_iou(bbox_cxcywh_to_xyxy(pred), t_boxes,
                                                        avg_factor=num_box)
        else:  # no target in the batch: zero losses that keep the graph
            losses[f'{prefix}loss_bbox'] = boxes.sum() * 0
            losses[f'{prefix}loss_iou'] = boxes.sum() * 0
        if 'corners' not in out:
            return losses
        corners = out['corners']
        bins = self.decoder.project.numel()
        iou = self.paired_iou(pred, t_boxes)
        if len(pred):
            index, w_right, w_left = bbox2distance(out['refs'][b_idx, q_idx].detach(), t_boxes,
                                                   self.decoder.project, self.reg_scale)
            losses[f'{prefix}loss_fgl'] = self.loss_fgl(
                corners[b_idx, q_idx].reshape(-1, bins), index, w_right, w_left,
                iou.repeat_interleave(4), avg_factor=num_box)
        else:
            losses[f'{prefix}loss_fgl'] = corners.sum() * 0
        if out is not teacher:
            weight = teacher['logits'].detach().sigmoid().max(-1).values
            weight[b_idx, q_idx] = iou.to(weight.dtype)
            pos = torch.zeros_like(weight, dtype=torch.bool)
            pos[b_idx, q_idx] = True
            losses[f'{prefix}loss_ddf'] = self.loss_ddf(
                corners.reshape(-1, bins), teacher['corners'].reshape(-1, bins),
                weight.repeat_interleave(4, dim=-1).reshape(-1),
                pos.repeat_interleave(4, dim=-1).reshape(-1), counts=ddf_counts)
        return losses

    @staticmethod
    def gather_matched(indices: Indices, gt_boxes: List[Tensor], gt_labels: List[Tensor]):
        """Flatten per-image matches to (batch index, query index, target box, target label)."""
        device = gt_boxes[0].device
        b_idx = torch.cat([torch.full_like(q, b) for b, (q, _) in enumerate(indices)]).to(device)
        q_idx = torch.cat([q for q, _ in indices]).to(device)
        t_boxes = torch.cat([gt_boxes[b][t] for b, (_, t) in enumerate(indices)])
        t_labels = torch.cat([gt_labels[b][t] for b, (_, t) in enumerate(indices)])
        return b_idx.long(), q_idx.long(), t_boxes, t_labels

    @staticmethod
    def paired_iou(pred_cxcywh: Tensor, target_xyxy: Tensor) -> Tensor:
        """IoU of each prediction with its own target, detached: (N, 4), (N, 4) -> (N,)."""
        if not len(pred_cxcywh):
            return pred_cxcywh.new_zeros(0)
        return bbox_overlaps(bbox_cxcywh_to_xyxy(pred_cxcywh.detach()), target_xyxy,
                             is_aligned=True)

    # ------------------------------------------------------------------ inference
    def predict(self, x: Tuple[Tensor, ...], batch_data_samples: SampleList,
                rescale: bool = True) -> List[InstanceData]:
        output = self(x)
        return self.predict_by_feat(output['logits'][-1], output['boxes'][-1],
                                    [s.metainfo for s in batch_data_samples], rescale)

    def predict_by_feat(self, logits: Tensor, boxes: Tensor, metas: List[dict],
                        rescale: bool = True) -> List[InstanceData]:
        """Top ``max_per_img`` (query, class) pairs per image, as pixel boxes.

        Shapes: logits (B, Q, C), boxes (B, Q, 4) normalized cxcywh.
        """
        return [self.predict_single(*args, rescale=rescale)
                for args in zip(logits, boxes, metas)]

    def predict_single(self, logits: Tensor, boxes: Tensor, meta: dict,
                       rescale: bool = True) -> InstanceData:
        k = min(self.test_cfg.get('max_per_img', 100), logits.numel())
        scores, index = logits.sigmoid().flatten().topk(k)
        labels = index % self.num_classes
        boxes = bbox_cxcywh_to_xyxy(boxes[index // self.num_classes])
        h, w = meta.get('batch_input_shape', meta['img_shape'])
        boxes = boxes * boxes.new_tensor([w, h, w, h])
        img_h, img_w = meta['img_shape']
        boxes[:, 0::2] = boxes[:, 0::2].clamp(0, img_w)
        boxes[:, 1::2] = boxes[:, 1::2].clamp(0, img_h)
        if rescale and 'scale_factor' in meta:
            boxes = boxes / boxes.new_tensor(meta['scale_factor']).repeat(2)
        return InstanceData(bboxes=boxes, scores=scores, labels=labels)
