"""DEIM's query head (DEIM on D-FINE on RT-DETR) as an MMDetection dense head: targets,
losses and predictions around :class:`DEIMTransformer`."""
from typing import Dict, List, Optional, Sequence, Tuple

import torch
from mmdet.structures import SampleList
from mmdet.structures.bbox import bbox_cxcywh_to_xyxy, bbox_overlaps
from mmdet.utils import reduce_mean
from mmengine.model import BaseModule
from mmengine.structures import InstanceData
from torch import Tensor

from mmfer.registry import MODELS, TASK_UTILS

from ..layers.deim_outputs import DEIMOutputs, Predictions
from ..layers.deim_transformer import DEIMTransformer
from ..layers.denoising import DenoisingQueryGenerator, denoising_indices
from ..task_modules.query_matching import Indices, hungarian_match, union_indices


def boxes_in_image(boxes: Tensor, meta: dict, clip: bool = True,
                   rescale: bool = True) -> Tensor:
    """(k, 4) x1 y1 x2 y2 boxes in the network input's pixels -> clipped to ``img_shape``
    (``clip``), then in the original image's pixels (divided by ``scale_factor``, ``rescale``)."""
    if clip:
        img_h, img_w = meta['img_shape']
        boxes[:, 0::2] = boxes[:, 0::2].clamp(0, img_w)
        boxes[:, 1::2] = boxes[:, 1::2].clamp(0, img_h)
    if rescale and 'scale_factor' in meta:
        boxes = boxes / boxes.new_tensor(meta['scale_factor']).repeat(2)
    return boxes


def is_deim_style(detector: torch.nn.Module) -> bool:
    """Whether ``detector``'s head is a DEIM-style query head (a ``DEIMHead``, or one with its
    transformer): what export, deployed timing and the attention maps need."""
    return hasattr(detector.bbox_head, 'transformer')


@MODELS.register_module()
class DEIMHead(BaseModule):
    """Targets, DEIM's losses and predictions for the queries of a :class:`DEIMTransformer`.

    Input: L feature maps (B, C_l, H_l, W_l) from any neck (HybridEncoder, DFPMNattenNeck,
    FPN, ...). The transformer selects ``num_queries`` queries and decodes them; in training,
    contrastive denoising queries (mmdet's CDN generator) go first, masked from the others.

    Losses, on the final, auxiliary (earlier layers), pre (layer 0's first box), encoder and
    denoising outputs: MAL for classes; L1 and GIoU for boxes; FGL and DDF on the edge
    distributions. Class losses use each output's own Hungarian matching; box losses use the
    union of all outputs' matchings (D-FINE's GO indices). Keys: ``loss_cls``, ``d0.loss_cls``
    (auxiliary layer 0), ``pre.``, ``enc.``, ``dn.`` (``dn.d0.``, ``dn.pre.``).

    Args:
        num_classes (int): classes (7 expressions).
        num_queries (int): matching queries (DEIM: 300).
        transformer (dict): :class:`DEIMTransformer` arguments (``in_channels``,
            ``embed_dims``, ``num_heads``, ``num_layers``, ``num_points``,
            ``feedforward_channels``, ``act_cfg``, ``mlp_act_cfg``, ``eval_idx``, ...).
        bbox_coder (dict): the :class:`FDRCoder` (reg_max 32, reg_scale 4, up 0.5).
        dn_cfg (dict): ``num_dn_queries`` (0: no denoising), ``label_noise_scale``,
            ``box_noise_scale``.
        loss_cls, loss_bbox, loss_iou, loss_fgl, loss_ddf: loss configs (weights 1/5/2/0.15/1.5).
        train_cfg (dict): ``assigner`` (HungarianAssigner with FocalLossCost 2, BBoxL1Cost 5,
            IoUCost giou 2), ``use_union_matching`` (True).
        test_cfg (dict): ``max_per_img`` (100): top (query, class) pairs kept per image (DEIM
            keeps 300); ``clip_boxes`` (True): clip boxes to the image (DEIM does not).
    """

    def __init__(self, num_classes: int = 7, num_queries: int = 300,
                 transformer: dict = dict(),
                 bbox_coder: dict = dict(type='FDRCoder', reg_max=32, reg_scale=4.0, up=0.5),
                 dn_cfg: dict = dict(num_dn_queries=100, label_noise_scale=0.5,
                                     box_noise_scale=1.0),
                 loss_cls=dict(type='MALLoss', gamma=1.5, loss_weight=1.0),
                 loss_bbox=dict(type='mmdet.L1Loss', loss_weight=5.0),
                 loss_iou=dict(type='mmdet.GIoULoss', loss_weight=2.0),
                 loss_fgl=dict(type='FGLLoss', loss_weight=0.15),
                 loss_ddf=dict(type='DDFLoss', temperature=5.0, loss_weight=1.5),
                 train_cfg=None, test_cfg=None, init_cfg=None) -> None:
        super().__init__(init_cfg)
        self.num_classes, self.num_queries = num_classes, num_queries
        self.train_cfg = train_cfg or {}
        self.test_cfg = test_cfg or {}
        self.bbox_coder = TASK_UTILS.build(bbox_coder)
        self.transformer = DEIMTransformer(num_classes=num_classes, num_queries=num_queries,
                                           bbox_coder=self.bbox_coder, **transformer)
        self.dn_generator = None
        dn_cfg = dict(dn_cfg)
        num_dn_queries = dn_cfg.pop('num_dn_queries', 0)
        if num_dn_queries > 0:
            self.dn_generator = DenoisingQueryGenerator(
                num_classes, self.transformer.embed_dims, num_queries,
                group_cfg=dict(dynamic=True, num_dn_queries=num_dn_queries), **dn_cfg)
        self.loss_cls = MODELS.build(loss_cls)
        self.loss_bbox = MODELS.build(loss_bbox)
        self.loss_iou = MODELS.build(loss_iou)
        self.loss_fgl = MODELS.build(loss_fgl)
        self.loss_ddf = MODELS.build(loss_ddf)
        self.assigner = None
        if 'assigner' in self.train_cfg:
            self.assigner = TASK_UTILS.build(self.train_cfg['assigner'])

    def forward(self, x: Sequence[Tensor], dn: Optional[Tuple] = None) -> DEIMOutputs:
        """The transformer's outputs for L maps (B, C_l, H_l, W_l) and optional denoising."""
        return self.transformer(x, dn)

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
    def loss(self, x: Sequence[Tensor], batch_data_samples: SampleList) -> Dict[str, Tensor]:
        gt_boxes, gt_labels = self.normalized_targets(batch_data_samples)
        self.check_labels(gt_labels, batch_data_samples)
        dn = None
        num_targets = [len(b) for b in gt_boxes]
        if self.dn_generator is not None and sum(num_targets) > 0:
            dn = self.dn_generator.generate(gt_boxes, gt_labels)
        outputs = self(x, dn)
        num_boxes = reduce_mean(gt_boxes[0].new_tensor(float(sum(num_targets)))).clamp(min=1)
        with torch.autocast(gt_boxes[0].device.type, enabled=False):
            return self.loss_by_feat(outputs.float(), [b.float() for b in gt_boxes],
                                     gt_labels, float(num_boxes),
                                     None if dn is None else dn[3])

    def loss_by_feat(self, outputs: DEIMOutputs, gt_boxes: List[Tensor],
                     gt_labels: List[Tensor], num_boxes: float,
                     dn_meta: Optional[Dict] = None) -> Dict[str, Tensor]:
        """All loss terms from the transformer's outputs and the normalized targets."""
        if self.assigner is None:
            raise RuntimeError('DEIMHead needs train_cfg.assigner to compute losses')
        layers = outputs.decoder.layers()
        named = [('', layers[-1])] + [(f'd{i}.', o) for i, o in enumerate(layers[:-1])]
        named += [('pre.', outputs.decoder.pre()), ('enc.', outputs.enc)]
        matchings = [hungarian_match(self.assigner, o.logits, bbox_cxcywh_to_xyxy(o.boxes),
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
        ddf_counts = (n_matched, layers[0].logits.shape[:2].numel() - n_matched)
        if dn_meta is not None and outputs.dn is not None:
            dn_layers = outputs.dn.layers()
            idx = denoising_indices([len(b) for b in gt_boxes], dn_meta, gt_boxes[0].device)
            n_dn = num_boxes * dn_meta['num_denoising_groups']
            dn_named = [('dn.', dn_layers[-1])] + [
                (f'dn.d{i}.', o) for i, o in enumerate(dn_layers[:-1])]
            dn_named += [('dn.pre.', outputs.dn.pre())]
            for prefix, out in dn_named:
                losses.update(self.output_losses(out, gt_boxes, gt_labels, idx, idx, n_dn,
                                                 n_dn, prefix, teacher=dn_layers[-1],
                                                 ddf_counts=ddf_counts))
        return losses

    def output_losses(self, out: Predictions, gt_boxes: List[Tensor],
                      gt_labels: List[Tensor], cls_idx: Indices, box_idx: Indices,
                      num_cls: float, num_box: float, prefix: str, teacher: Predictions,
                      ddf_counts: Optional[Tuple[int, int]] = None) -> Dict[str, Tensor]:
        """MAL, L1, GIoU (and FGL, DDF where the output has edge distributions) of one output.

        ``ddf_counts``: (matched, unmatched) query counts that weigh DDF's two means; by
        default this output's own.
        """
        logits, boxes = out.logits, out.boxes
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
        if out.corners is None:
            return losses
        corners = out.corners
        bins = self.bbox_coder.num_bins
        iou = self.paired_iou(pred, t_boxes)
        if len(pred):
            index, w_right, w_left = self.bbox_coder.encode(out.refs[b_idx, q_idx].detach(),
                                                            t_boxes)
            losses[f'{prefix}loss_fgl'] = self.loss_fgl(
                corners[b_idx, q_idx].reshape(-1, bins), index, w_right, w_left,
                iou.repeat_interleave(4), avg_factor=num_box)
        else:
            losses[f'{prefix}loss_fgl'] = corners.sum() * 0
        if out is not teacher:
            weight = teacher.logits.detach().sigmoid().max(-1).values
            weight[b_idx, q_idx] = iou.to(weight.dtype)
            pos = torch.zeros_like(weight, dtype=torch.bool)
            pos[b_idx, q_idx] = True
            losses[f'{prefix}loss_ddf'] = self.loss_ddf(
                corners.reshape(-1, bins), teacher.corners.reshape(-1, bins),
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
    def predict(self, x: Sequence[Tensor], batch_data_samples: SampleList,
                rescale: bool = True) -> List[InstanceData]:
        final = self(x).decoder.layers()[-1]
        return self.predict_by_feat(final.logits, final.boxes,
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
        """One image: sigmoid scores, top-k over (query, class), boxes in input pixels
        (divided by ``scale_factor`` with ``rescale``); each detection also carries its query's
        index (``queries``, (k,)) and all its class scores (``class_scores``, (k, C)): a query
        is one face, and may appear once per class among the top k."""
        k = min(self.test_cfg.get('max_per_img', 100), logits.numel())
        probs = logits.sigmoid()
        scores, index = probs.flatten().topk(k)
        labels = index % self.num_classes
        query = index // self.num_classes
        boxes = bbox_cxcywh_to_xyxy(boxes[query])
        h, w = meta.get('batch_input_shape', meta['img_shape'])
        boxes = boxes_in_image(boxes * boxes.new_tensor([w, h, w, h]), meta,
                               self.test_cfg.get('clip_boxes', True), rescale)
        return InstanceData(bboxes=boxes, scores=scores, labels=labels, queries=query,
                            class_scores=probs[query])
