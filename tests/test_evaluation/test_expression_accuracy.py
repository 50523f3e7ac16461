import csv

import numpy as np
import pytest
import torch

from mmfer.datasets import EXPRESSION_CLASSES
from mmfer.evaluation import ExpressionAccuracyMetric


def sample(gt_labels, gt_boxes, pred_labels, pred_scores):
    return dict(
        gt_instances=dict(labels=torch.tensor(gt_labels, dtype=torch.long),
                          bboxes=torch.tensor(gt_boxes, dtype=torch.float32).reshape(-1, 4)),
        pred_instances=dict(labels=torch.tensor(pred_labels, dtype=torch.long),
                            scores=torch.tensor(pred_scores, dtype=torch.float32)))


def test_accuracy_recall_and_confusion_files(tmp_path):
    metric = ExpressionAccuracyMetric(output_dir=str(tmp_path))
    metric.dataset_meta = dict(classes=EXPRESSION_CLASSES)
    box = [[0, 0, 10, 10]]
    metric.process({}, [
        sample([3], box, [3, 0], [0.9, 0.5]),        # right: the top score is Happiness
        sample([3], box, [0, 3], [0.9, 0.5]),        # wrong: top is Surprise
        sample([0], box, [0], [0.3]),                # right
        sample([6], box, [], []),                    # no detection: wrong
        sample([], [], [1], [0.9]),                  # no ground truth: left out
        # two faces: the larger one's label counts
        sample([1, 5], [[0, 0, 5, 5], [0, 0, 50, 50]], [5], [0.8]),
    ])
    results = metric.evaluate(6)
    assert results['expr/accuracy'] == pytest.approx(3 / 5)
    recalls = {c: results[f'expr/recall_{c}'] for c in EXPRESSION_CLASSES}
    assert recalls['Happiness'] == 0.5 and recalls['Surprise'] == 1.0
    assert recalls['Neutral'] == 0.0 and recalls['Anger'] == 1.0
    assert results['expr/mean_recall'] == pytest.approx((0.5 + 1 + 0 + 1) / 4)

    with open(tmp_path / 'confusion_matrix.csv') as f:
        rows = list(csv.reader(f))
    assert rows[0][1:] == list(EXPRESSION_CLASSES) + ['no detection']
    matrix = np.array([[int(v) for v in row[1:]] for row in rows[1:]])
    assert matrix.shape == (7, 8) and matrix.sum() == 5
    assert matrix[3, 3] == 1 and matrix[3, 0] == 1 and matrix[6, 7] == 1
    assert (tmp_path / 'confusion_matrix.png').stat().st_size > 1000
