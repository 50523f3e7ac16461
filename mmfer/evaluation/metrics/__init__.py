from .expression_accuracy import ExpressionAccuracyMetric
from .expression_coco_metric import ExpressionCocoMetric, per_class_ap50

__all__ = ['ExpressionAccuracyMetric', 'ExpressionCocoMetric', 'per_class_ap50']
