from .deim_head import DEIMHead, is_deim_style
from .predictable_ssd_head import PredictableSSDHead

__all__ = ['DEIMHead', 'PredictableSSDHead', 'is_deim_style']
