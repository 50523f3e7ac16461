from .expression_classifier import ExpressionCropClassifier
from .landmark_regressor import LandmarkRegressor

__all__ = ['ExpressionCropClassifier', 'LandmarkRegressor']
