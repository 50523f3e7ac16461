import json

import numpy as np
import pytest
import torch

from mmfer.datasets import EXPRESSION_CLASSES
from mmfer.evaluation import ExpressionVOCMetric, voc_ap50

# RAF-DB's label order: Surprise, Fear, Disgust, Happiness, Sadness, Anger, Neutral
SURPRISE, FEAR, DISGUST, HAPPINESS, ANGER = 0, 1, 2, 3, 5


def coco_file(tmp_path, anns):
    """A COCO file of 3 images of 100 px with ``anns``: (image, label, x1y1x2y2, iscrowd)."""
    data = dict(
        images=[dict(id=i, file_name=f'{i}.jpg', width=100, height=100) for i in (1, 2, 3)],
        categories=[dict(id=k + 1, name=c) for k, c in enumerate(EXPRESSION_CLASSES)],
        annotations=[dict(id=n, image_id=img, category_id=label + 1, iscrowd=crowd,
                          bbox=[x1, y1, x2 - x1, y2 - y1], area=(x2 - x1) * (y2 - y1))
                     for n, (img, label, (x1, y1, x2, y2), crowd) in enumerate(anns, 1)])
    path = tmp_path / 'gt.json'
    path.write_text(json.dumps(data))
    return str(path)


def sample(img_id, dets):
    """A data sample of one image's detections: (label, score, x1y1x2y2)."""
    return dict(img_id=img_id, pred_instances=dict(
        labels=torch.tensor([d[0] for d in dets], dtype=torch.long),
        scores=torch.tensor([d[1] for d in dets], dtype=torch.float32),
        bboxes=torch.tensor([d[2] for d in dets], dtype=torch.float32).reshape(-1, 4)))


def evaluate(ann_file, samples):
    metric = ExpressionVOCMetric()
    metric.dataset_meta = dict(classes=EXPRESSION_CLASSES, ann_file=ann_file)
    metric.process({}, samples)
    return metric.compute_metrics(metric.results)


@pytest.fixture
def ann_file(tmp_path):
    return coco_file(tmp_path, [
        (1, SURPRISE, (0, 0, 10, 10), 0), (2, SURPRISE, (0, 0, 10, 10), 0),
        (1, HAPPINESS, (20, 20, 40, 40), 0),
        (3, FEAR, (5, 5, 25, 25), 0), (3, FEAR, (50, 50, 60, 60), 1),
        (2, DISGUST, (30, 30, 50, 50), 0)])


def test_hand_computed_values(ann_file):
    samples = [
        sample(1, [(SURPRISE, 0.9, (0, 0, 10, 10)),     # TP
                   (SURPRISE, 0.6, (0, 0, 10, 10)),     # duplicate of a matched box: FP
                   (HAPPINESS, 0.5, (20, 20, 40, 40)),  # TP, tied with the FP of image 3
                   (ANGER, 0.3, (0, 0, 10, 10))]),      # a class without ground truth
        sample(2, [(SURPRISE, 0.8, (60, 60, 70, 70)),   # misses everything: FP
                   (SURPRISE, 0.7, (1, 0, 10, 10))]),   # IoU 0.9: TP
        sample(3, [(HAPPINESS, 0.5, (0, 0, 5, 5)),      # FP, tied with image 1's TP
                   (FEAR, 0.9, (50, 50, 60, 60)),       # on the crowd box: ignored
                   (FEAR, 0.4, (6, 5, 25, 25))]),       # TP
    ]
    out = evaluate(ann_file, samples)
    # Surprise ranks TP, FP, TP, FP: recall .5 .5 1 1, precision 1 .5 .67 .5 -> .5 + .5 x 2/3
    assert out['AP50_Surprise'] == pytest.approx(0.5 + 0.5 * 2 / 3, abs=1e-4)
    assert out['AP50_Happiness'] == 1.0  # the tie keeps the given order: the TP first
    assert out['AP50_Fear'] == 1.0  # the detection of the crowd box neither counts nor misses
    assert out['AP50_Disgust'] == 0.0  # ground truth, no detection
    for name in ('Sadness', 'Anger', 'Neutral'):
        assert out[f'AP50_{name}'] == -1.0  # no ground truth, detections or not
    assert out['mAP50'] == pytest.approx((0.5 + 0.5 * 2 / 3 + 1 + 1 + 0) / 4, abs=1e-4)


def test_ties_follow_the_order_the_detections_come_in(ann_file):
    fp_first = [sample(3, [(HAPPINESS, 0.5, (0, 0, 5, 5))]),
                sample(1, [(HAPPINESS, 0.5, (20, 20, 40, 40))])]
    # FP then TP: recall 0 1, precision 0 .5
    assert evaluate(ann_file, fp_first)['AP50_Happiness'] == 0.5


def test_equals_mmdetection_eval_map_in_area_mode():
    from mmdet.evaluation.functional import eval_map
    rng = np.random.default_rng(0)
    num_images, num_classes = 12, 3
    annotations, det_results, gts, dets = [], [], {}, {c: [] for c in range(num_classes)}
    for img in range(num_images):
        n = rng.integers(1, 4)
        xy = rng.uniform(0, 60, (n, 2))
        boxes = np.concatenate([xy, xy + rng.uniform(10, 40, (n, 2))], 1)
        labels = rng.integers(0, num_classes, n)
        annotations.append(dict(bboxes=boxes.astype(np.float32), labels=labels))
        per_class = []
        for c in range(num_classes):
            m = rng.integers(0, 4)
            base = boxes[rng.integers(0, n, m)] if m else np.zeros((0, 4))
            pred = base + rng.normal(0, 4, base.shape)
            scores = rng.uniform(size=m)  # continuous: no ties
            per_class.append(np.concatenate([pred, scores[:, None]], 1).astype(np.float32))
            dets[c] += [(img, float(s), p) for p, s in zip(pred, scores)]
            gts.setdefault(c, {})[img] = boxes[labels == c]
        det_results.append(per_class)
    _, results = eval_map(det_results, annotations, iou_thr=0.5, eval_mode='area',
                          logger='silent')
    for c in range(num_classes):
        assert voc_ap50(gts[c], dets[c]) == pytest.approx(float(results[c]['ap']), abs=1e-5)


def test_an_empty_class_is_minus_one_and_no_detection_at_all_is_zero():
    assert voc_ap50({}, [(1, 0.9, np.array([0, 0, 1, 1]))]) == -1.0
    assert voc_ap50({1: np.array([[0, 0, 10, 10.]])}, []) == 0.0


def test_without_an_annotation_file_it_says_what_to_give():
    metric = ExpressionVOCMetric()
    metric.dataset_meta = dict(classes=EXPRESSION_CLASSES)
    with pytest.raises(ValueError, match='ann_file'):
        metric.compute_metrics([])
