from .deim_head import DEIMHead
from .predictable_ssd_head import PredictableSSDHead

__all__ = ['DEIMHead', 'PredictableSSDHead']
