from .branch_pretraining_hooks import ExportBranchHook, LandmarkStatisticsHook
from .dense_o2o_hook import DenseO2OHook
from .run_length_ema_hook import RunLengthEMAHook
from .unfreeze_lpb_hook import UnfreezeLPBHook

__all__ = ['DenseO2OHook', 'ExportBranchHook', 'LandmarkStatisticsHook', 'RunLengthEMAHook',
           'UnfreezeLPBHook']
