from .branch_pretraining_metrics import CropAccuracyMetric, LandmarkNMEMetric
from .expression_accuracy import ExpressionAccuracyMetric
from .expression_coco_metric import ExpressionCocoMetric, per_class_ap50

__all__ = ['CropAccuracyMetric', 'ExpressionAccuracyMetric', 'ExpressionCocoMetric',
           'LandmarkNMEMetric', 'per_class_ap50']
