import numpy as np
import pytest
import torch
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

from mmfer.datasets import EXPRESSION_CLASSES
from mmfer.evaluation import ExpressionCocoMetric, per_class_ap50


def noisy_predictions(coco, seed=0):
    """Per image: the true box jittered with the true label, plus wrong-label distractors."""
    rng = np.random.default_rng(seed)
    samples = []
    for img_id in coco.getImgIds():
        ann = coco.loadAnns(coco.getAnnIds(imgIds=[img_id]))[0]
        x, y, w, h = ann['bbox']
        boxes, scores, labels = [], [], []
        for _ in range(3):
            jitter = rng.normal(0, 0.15 * w, 4)
            boxes.append([x + jitter[0], y + jitter[1], x + w + jitter[2], y + h + jitter[3]])
            scores.append(rng.uniform())
            correct = rng.uniform() < 0.6
            labels.append(ann['category_id'] - 1 if correct else rng.integers(7))
        img = coco.imgs[img_id]
        samples.append(dict(img_id=img_id, ori_shape=(img['height'], img['width']),
                            pred_instances=dict(bboxes=torch.tensor(boxes, dtype=torch.float32),
                                                scores=torch.tensor(scores, dtype=torch.float32),
                                                labels=torch.tensor(labels))))
    return samples


def direct_cocoeval(ann_file, samples):
    coco = COCO(ann_file)
    dets = []
    for s in samples:
        p = s['pred_instances']
        for box, score, label in zip(p['bboxes'].tolist(), p['scores'].tolist(),
                                     p['labels'].tolist()):
            dets.append(dict(image_id=s['img_id'], category_id=int(label) + 1,
                             bbox=[box[0], box[1], box[2] - box[0], box[3] - box[1]],
                             score=score))
    results = coco.loadRes(dets)

    def evaluate(cat_ids=None):
        coco_eval = COCOeval(coco, results, 'bbox')
        if cat_ids is not None:
            coco_eval.params.catIds = cat_ids
        coco_eval.evaluate()
        coco_eval.accumulate()
        coco_eval.summarize()
        return coco_eval.stats

    # each class's AP50 from its own COCOeval run: pycocotools' summary of one category,
    # independent of how the metric slices the precision array
    return evaluate(), [evaluate([k + 1])[1] for k in range(7)]


def test_metric_equals_pycocotools(tiny_synthetic_root):
    ann_file = f'{tiny_synthetic_root}/annotations/synth_test.json'
    metric = ExpressionCocoMetric(ann_file=ann_file, model_name='noisy')
    metric.dataset_meta = dict(classes=EXPRESSION_CLASSES)
    samples = noisy_predictions(COCO(ann_file))
    metric.process({}, samples)
    results = metric.evaluate(len(samples))

    stats, ap50 = direct_cocoeval(ann_file, samples)
    assert results['coco/bbox_mAP'] == pytest.approx(stats[0], abs=5e-4)
    assert results['coco/bbox_mAP_50'] == pytest.approx(stats[1], abs=5e-4)
    assert results['coco/bbox_mAP_75'] == pytest.approx(stats[2], abs=5e-4)
    for name, value in zip(EXPRESSION_CLASSES, ap50):
        assert results[f'coco/AP50_{name}'] == pytest.approx(value, abs=1e-4)
    # mAP50 is the mean of the per-class AP50 over the classes present
    assert np.mean(ap50) == pytest.approx(stats[1], abs=1e-6)
    assert 0 < stats[1] < 1  # the predictions are neither all right nor all wrong


def test_perfect_predictions_score_one(tiny_synthetic_root):
    ann_file = f'{tiny_synthetic_root}/annotations/synth_test.json'
    coco = COCO(ann_file)
    dets = [dict(image_id=a['image_id'], category_id=a['category_id'], bbox=a['bbox'],
                 score=1.0) for a in coco.loadAnns(coco.getAnnIds())]
    present = {a['category_id'] for a in coco.loadAnns(coco.getAnnIds())}
    ap50 = per_class_ap50(coco, dets, list(range(1, 8)))
    for cat_id, value in zip(range(1, 8), ap50):
        assert value == pytest.approx(1.0 if cat_id in present else -1.0)
    assert all(v in (0.0, -1.0) for v in per_class_ap50(coco, [], list(range(1, 8))))


def test_images_not_evaluated_are_not_missed_faces(tiny_synthetic_root):
    """A dataset that skipped bad images evaluates the rest: scored on those alone, as
    pycocotools scores them, and the log's table says how many were not evaluated."""
    from unittest import mock
    ann_file = f'{tiny_synthetic_root}/annotations/synth_test.json'
    samples = noisy_predictions(COCO(ann_file))[3:]  # three images skipped
    metric = ExpressionCocoMetric(ann_file=ann_file)
    metric.dataset_meta = dict(classes=EXPRESSION_CLASSES)
    metric.process({}, samples)
    with mock.patch('mmfer.evaluation.metrics.expression_coco_metric.MMLogger') as logger:
        results = metric.evaluate(len(samples))
    subset = COCO(ann_file)
    kept = {s['img_id'] for s in samples}
    subset.dataset['images'] = [i for i in subset.dataset['images'] if i['id'] in kept]
    subset.dataset['annotations'] = [a for a in subset.dataset['annotations']
                                     if a['image_id'] in kept]
    subset.createIndex()
    dets = [dict(image_id=s['img_id'], category_id=int(label) + 1, score=score,
                 bbox=[b[0], b[1], b[2] - b[0], b[3] - b[1]])
            for s in samples for b, score, label in zip(
                s['pred_instances']['bboxes'].tolist(), s['pred_instances']['scores'].tolist(),
                s['pred_instances']['labels'].tolist())]
    expected = per_class_ap50(subset, dets, list(range(1, 8)))
    for name, value in zip(EXPRESSION_CLASSES, expected):
        assert results[f'coco/AP50_{name}'] == pytest.approx(value, abs=1e-4)
    table = logger.get_current_instance().info.call_args[0][0]
    assert '(3 of the 14 images of the annotation file not evaluated: skipped as bad)' in table


def test_without_ann_file_the_metric_scores_the_evaluated_datasets_own_file(
        tiny_synthetic_root):
    from mmfer.datasets import RAFDBDataset
    ann_file = f'{tiny_synthetic_root}/annotations/synth_test.json'
    dataset = RAFDBDataset(data_root=tiny_synthetic_root, ann_file='annotations/synth_test.json',
                           data_prefix=dict(img='images/test/'), test_mode=True)
    assert dataset.metainfo['ann_file'] == ann_file
    metric = ExpressionCocoMetric()
    metric.dataset_meta = dataset.metainfo  # what the runner's loops do
    samples = noisy_predictions(COCO(ann_file))
    metric.process({}, samples)
    explicit = ExpressionCocoMetric(ann_file=ann_file)
    explicit.dataset_meta = dict(classes=EXPRESSION_CLASSES)
    explicit.process({}, samples)
    assert metric.evaluate(len(samples)) == explicit.evaluate(len(samples))
    with pytest.raises(ValueError, match='names none in its metainfo: give the metric ann_file'):
        ExpressionCocoMetric().dataset_meta = dict(classes=EXPRESSION_CLASSES)


def test_no_detection_at_all_scores_zero(tiny_synthetic_root):
    ann_file = f'{tiny_synthetic_root}/annotations/synth_test.json'
    metric = ExpressionCocoMetric(ann_file=ann_file)
    metric.dataset_meta = dict(classes=EXPRESSION_CLASSES)
    samples = noisy_predictions(COCO(ann_file))
    for s in samples:
        p = s['pred_instances']
        p['bboxes'], p['scores'], p['labels'] = p['bboxes'][:0], p['scores'][:0], p['labels'][:0]
    metric.process({}, samples)
    results = metric.evaluate(len(samples))
    assert results['coco/bbox_mAP_50'] == 0.0 and results['coco/bbox_mAP'] == 0.0
    assert all(results[f'coco/AP50_{c}'] in (0.0, -1.0) for c in EXPRESSION_CLASSES)
