"""What the two branches' pre-training reports on its test crops."""
from typing import Dict, Sequence

import numpy as np
from mmengine.evaluator import BaseMetric

from mmfer.registry import METRICS


@METRICS.register_module()
class CropAccuracyMetric(BaseMetric):
    """Top-1 accuracy of ``ExpressionCropClassifier``'s predictions: ``crop/accuracy``."""

    default_prefix = 'crop'

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        self.results.extend(s['pred_label'] == s['gt_label'] for s in data_samples)

    def compute_metrics(self, results: list) -> Dict[str, float]:
        return dict(accuracy=float(np.mean(results)))


@METRICS.register_module()
class LandmarkNMEMetric(BaseMetric):
    """Mean normalised error (over the inter-ocular distance) of ``LandmarkRegressor``'s
    landmarks: ``landmarks/nme`` (lower is better)."""

    default_prefix = 'landmarks'

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        self.results.extend(s['nme'] for s in data_samples)

    def compute_metrics(self, results: list) -> Dict[str, float]:
        return dict(nme=float(np.mean(results)))
