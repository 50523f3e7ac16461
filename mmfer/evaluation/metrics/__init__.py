from .branch_pretraining_metrics import CropAccuracyMetric, LandmarkNMEMetric
from .expression_accuracy import ExpressionAccuracyMetric
from .expression_coco_metric import ExpressionCocoMetric, per_class_ap50
from .expression_voc_metric import ExpressionVOCMetric, area_ap, voc_ap50

__all__ = ['CropAccuracyMetric', 'ExpressionAccuracyMetric', 'ExpressionCocoMetric',
           'ExpressionVOCMetric', 'LandmarkNMEMetric', 'area_ap', 'per_class_ap50', 'voc_ap50']
