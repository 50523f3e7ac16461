"""COCO box mAP with the per-expression AP50 of the paper's Table 1."""
import copy
from typing import Dict, List, Optional

import numpy as np
from mmdet.datasets.api_wrappers import COCO
from mmdet.evaluation import CocoMetric
from mmengine.fileio import get_local_path
from mmengine.logging import MMLogger
from pycocotools.cocoeval import COCOeval

from mmfer.registry import METRICS

from ..table import format_table1, table1_row


def per_class_ap50(coco_gt, detections: List[dict], cat_ids: List[int],
                   img_ids: Optional[List[int]] = None) -> np.ndarray:
    """AP at IoU 0.5 (all areas, 100 detections) per category, as COCOeval computes it.

    Args:
        coco_gt: the ground truth as a pycocotools ``COCO`` object.
        detections: COCO result dicts (``image_id``, ``category_id``, ``bbox`` xywh, ``score``).
        cat_ids: the categories, in the order of the returned values.
        img_ids: the images evaluated (default: every image of ``coco_gt``).

    Returns:
        np.ndarray: (len(cat_ids),) AP50 in [0, 1]; -1 where a category has no ground truth.
    """
    img_ids = sorted(coco_gt.getImgIds() if img_ids is None else img_ids)
    if not detections:
        return np.array([0.0 if coco_gt.getAnnIds(imgIds=img_ids, catIds=[c]) else -1.0
                         for c in cat_ids])
    coco_eval = COCOeval(coco_gt, coco_gt.loadRes(detections), 'bbox')
    coco_eval.params.catIds = list(cat_ids)
    coco_eval.params.imgIds = img_ids
    coco_eval.params.iouThrs = np.array([0.5])
    coco_eval.evaluate()
    coco_eval.accumulate()
    # precision: [iou thresholds, recall thresholds, categories, area ranges, max detections]
    precision = coco_eval.eval['precision'][0, :, :, 0, -1]
    valid = precision > -1
    return np.array([precision[valid[:, k], k].mean() if valid[:, k].any() else -1.0
                     for k in range(len(cat_ids))])


@METRICS.register_module()
class ExpressionCocoMetric(CocoMetric):
    """MMDetection's ``CocoMetric`` (box, class-wise) plus AP50 per expression.

    Reports everything ``CocoMetric`` does (``coco/bbox_mAP``, ``coco/bbox_mAP_50``, ...) and
    ``coco/AP50_<class>`` for every class, then logs the paper's Table 1 row.

    The ground truth is the COCO file of the evaluated dataset itself (mmfer's datasets put
    their ``ann_file`` in their ``metainfo``, which the runner gives the metric), so pointing a
    config's dataloader at other data (``data_root=...``) also moves the evaluation; an explicit
    ``ann_file`` overrides it, as in ``CocoMetric``.

    Args:
        model_name (str): the row's name in the logged table. Defaults to ``'model'``.
        **kwargs: passed to :class:`mmdet.evaluation.CocoMetric`; ``metric`` defaults to
            ``'bbox'`` and ``classwise`` to True.
    """

    def __init__(self, model_name: str = 'model', **kwargs) -> None:
        kwargs.setdefault('metric', 'bbox')
        kwargs.setdefault('classwise', True)
        super().__init__(**kwargs)
        self.model_name = model_name
        self.ann_file_from_dataset = not kwargs.get('ann_file')

    @property
    def dataset_meta(self) -> Optional[dict]:
        return self._dataset_meta

    @dataset_meta.setter
    def dataset_meta(self, meta: dict) -> None:
        self._dataset_meta = copy.deepcopy(meta)
        if not self.ann_file_from_dataset:
            return
        ann_file = (meta or {}).get('ann_file')
        if not ann_file:
            raise ValueError('ExpressionCocoMetric has no ann_file and the evaluated dataset '
                             'names none in its metainfo: give the metric ann_file (the COCO '
                             'file of the evaluated split)')
        with get_local_path(ann_file, backend_args=self.backend_args) as local_path:
            self._coco_api = COCO(local_path)
        self.cat_ids = self.img_ids = None

    def compute_metrics(self, results: list) -> Dict[str, float]:
        """CocoMetric's, and AP50 per expression, over the images evaluated: an image its
        dataset skipped as bad (``bad_images='skip'``) is not a missed face."""
        self.img_ids = sorted({pred['img_id'] for _, pred in results})
        eval_results = super().compute_metrics(results)
        classes = self.dataset_meta['classes']
        detections = self._detections(results)
        if not detections:
            # CocoMetric returns nothing when there is no detection at all; every AP is 0 then,
            # and the keys that checkpoint selection and the logs rely on must still exist.
            for key in ('mAP', 'mAP_50', 'mAP_75', 'mAP_s', 'mAP_m', 'mAP_l'):
                eval_results.setdefault(f'bbox_{key}', 0.0)
        ap50 = per_class_ap50(self._coco_api, detections, self.cat_ids, self.img_ids)
        for name, value in zip(classes, ap50):
            eval_results[f'AP50_{name}'] = round(float(value), 4)
        prefixed = {f'{self.prefix}/{k}': v for k, v in eval_results.items()}
        table = format_table1({self.model_name: table1_row(prefixed, self.prefix, classes)},
                              classes)
        unseen = len(self._coco_api.get_img_ids()) - len(self.img_ids)
        if unseen:
            table += (f'\n({unseen} of the {len(self._coco_api.get_img_ids())} images of the '
                      'annotation file not evaluated: skipped as bad)')
        MMLogger.get_current_instance().info('AP50 per expression (Table 1):\n' + table)
        return eval_results

    def _detections(self, results: list) -> List[dict]:
        detections = []
        for _, pred in results:
            for box, score, label in zip(pred['bboxes'], pred['scores'], pred['labels']):
                x1, y1, x2, y2 = (float(v) for v in box)
                detections.append(dict(image_id=pred['img_id'],
                                       category_id=self.cat_ids[int(label)],
                                       bbox=[x1, y1, x2 - x1, y2 - y1], score=float(score)))
        return detections
