"""VOC-style AP50 per expression, on the same COCO files as ``ExpressionCocoMetric``.

The FER-YOLO papers whose figures fill most of the paper's Table 1 scored with the PASCAL VOC
devkit's rule: every detection ranked by score, each matched to the unmatched ground-truth box
it overlaps most at IoU >= 0.5, AP the area under the monotone precision-recall envelope over
every detection ("all points", VOC 2010+). COCO's AP50 differs: 101 recall points and at most
100 detections an image. A reader compares those rows on this side.
"""
from typing import Dict, List, Sequence

import numpy as np
from mmdet.datasets.api_wrappers import COCO
from mmengine.evaluator import BaseMetric
from mmengine.fileio import get_local_path
from mmengine.logging import MMLogger

from mmfer.registry import METRICS

from ..table import format_table1


def box_iou(box: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """IoU of one (4,) x1y1x2y2 box with (n, 4) boxes, in continuous coordinates (no +1)."""
    w = np.clip(np.minimum(box[2], boxes[:, 2]) - np.maximum(box[0], boxes[:, 0]), 0, None)
    h = np.clip(np.minimum(box[3], boxes[:, 3]) - np.maximum(box[1], boxes[:, 1]), 0, None)
    inter = w * h
    union = ((box[2] - box[0]) * (box[3] - box[1])
             + (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1]) - inter)
    return inter / np.maximum(union, np.finfo(np.float64).eps)


def area_ap(recall: np.ndarray, precision: np.ndarray) -> float:
    """The area under the monotone envelope of a precision-recall curve (VOC 2010+).

    >>> area_ap(np.array([0.5, 0.5, 1.0]), np.array([1.0, 0.5, 2 / 3]))
    0.8333333333333333
    """
    r = np.concatenate([[0.0], recall, [1.0]])
    p = np.concatenate([[0.0], precision, [0.0]])
    p = np.maximum.accumulate(p[::-1])[::-1]
    steps = np.flatnonzero(r[1:] != r[:-1])
    return float(np.sum((r[steps + 1] - r[steps]) * p[steps + 1]))


def voc_ap50(gts: Dict[int, np.ndarray], dets: List[tuple], ignored=None) -> float:
    """One class's VOC AP at IoU 0.5.

    Args:
        gts: image id -> (n, 4) ground-truth boxes x1y1x2y2 of the class.
        dets: (image id, score, (4,) box) of the class, in the order the detector gave them;
            ties in score keep that order (a stable sort, as the MATLAB devkit's ``sort``).
        ignored: image id -> (n,) bool, ground truth that neither counts nor is missed
            (COCO's ``iscrowd``, VOC's ``difficult``).

    Returns:
        float: AP in [0, 1]; -1 when the class has no (counted) ground truth.
    """
    ignored = ignored or {}
    num_gts = sum(int((~ignored.get(i, np.zeros(len(b), bool))).sum()) for i, b in gts.items())
    if num_gts == 0:
        return -1.0
    order = sorted(range(len(dets)), key=lambda k: -dets[k][1])  # Python's sort is stable
    taken = {i: np.zeros(len(b), bool) for i, b in gts.items()}
    tp, fp = [], []
    for k in order:
        image, _, box = dets[k]
        boxes = gts.get(image, np.zeros((0, 4)))
        if len(boxes) == 0:
            tp.append(0), fp.append(1)
            continue
        ious = box_iou(np.asarray(box, np.float64), boxes)
        best = int(np.argmax(ious))
        if ious[best] < 0.5:
            tp.append(0), fp.append(1)
        elif ignored.get(image, np.zeros(len(boxes), bool))[best]:
            continue
        elif taken[image][best]:
            tp.append(0), fp.append(1)
        else:
            taken[image][best] = True
            tp.append(1), fp.append(0)
    if not tp:
        return 0.0
    tp, fp = np.cumsum(tp), np.cumsum(fp)
    return area_ap(tp / num_gts, tp / np.maximum(tp + fp, np.finfo(np.float64).eps))


@METRICS.register_module()
class ExpressionVOCMetric(BaseMetric):
    """VOC-style AP50 per expression (``voc/AP50_<class>``) and their mean (``voc/mAP50``,
    over the classes with ground truth), from the COCO file of the evaluated dataset.

    Every detection the model returns is ranked (no 100-per-image cap), as the VOC devkit
    ranks them; ``iscrowd`` ground truth is ignored as VOC's ``difficult`` is.

    Args:
        ann_file (str, optional): the COCO file; defaults to the evaluated dataset's own
            (its metainfo's ``ann_file``), as ``ExpressionCocoMetric`` does.
        prefix (str, optional): defaults to ``'voc'``.
    """

    default_prefix = 'voc'

    def __init__(self, ann_file=None, backend_args=None, collect_device: str = 'cpu',
                 prefix=None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.ann_file, self.backend_args = ann_file, backend_args

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        for sample in data_samples:
            pred = sample['pred_instances']
            self.results.append(dict(
                img_id=sample['img_id'], bboxes=_numpy(pred['bboxes']),
                scores=_numpy(pred['scores']), labels=_numpy(pred['labels']).astype(int)))

    def compute_metrics(self, results: list) -> Dict[str, float]:
        ann_file = self.ann_file or (self.dataset_meta or {}).get('ann_file')
        if not ann_file:
            raise ValueError('ExpressionVOCMetric has no ann_file and the evaluated dataset '
                             'names none in its metainfo: give the metric ann_file')
        with get_local_path(ann_file, backend_args=self.backend_args) as path:
            coco = COCO(path)
        classes = self.dataset_meta['classes']
        cat_ids = coco.get_cat_ids(cat_names=classes)
        image_ids = {r['img_id'] for r in results}
        out = {}
        for label, (name, cat_id) in enumerate(zip(classes, cat_ids)):
            gts, ignored = {}, {}
            for ann in coco.load_anns(coco.get_ann_ids(img_ids=sorted(image_ids),
                                                       cat_ids=[cat_id])):
                x, y, w, h = ann['bbox']
                gts.setdefault(ann['image_id'], []).append([x, y, x + w, y + h])
                ignored.setdefault(ann['image_id'], []).append(bool(ann.get('iscrowd', 0)))
            gts = {i: np.asarray(b, np.float64) for i, b in gts.items()}
            ignored = {i: np.asarray(v) for i, v in ignored.items()}
            dets = [(r['img_id'], float(s), b) for r in results
                    for b, s, lab in zip(r['bboxes'], r['scores'], r['labels']) if lab == label]
            out[f'AP50_{name}'] = round(voc_ap50(gts, dets, ignored), 4)
        valid = [v for v in out.values() if v >= 0]
        out['mAP50'] = round(float(np.mean(valid)), 4) if valid else -1.0
        rows = {'model (VOC)': {c: out[f'AP50_{c}'] for c in classes} | {'mAP50': out['mAP50']}}
        MMLogger.get_current_instance().info('VOC-style AP50 per expression (all points, '
                                             'IoU 0.5):\n' + format_table1(rows, classes))
        return out


def _numpy(value) -> np.ndarray:
    return value.cpu().numpy() if hasattr(value, 'cpu') else np.asarray(value)
