from .dense_o2o_hook import DenseO2OHook
from .unfreeze_lpb_hook import UnfreezeLPBHook

__all__ = ['DenseO2OHook', 'UnfreezeLPBHook']
