from .branch_pretraining_hooks import ExportBranchHook, LandmarkStatisticsHook
from .channels_last_hook import ChannelsLastHook
from .dense_o2o_hook import DenseO2OHook
from .divergence_hook import DivergenceHook, TrainingDiverged
from .random_state_hook import RandomStateHook
from .run_length_ema_hook import RunLengthEMAHook
from .skipped_images_hook import SkippedImagesHook
from .unfreeze_lpb_hook import UnfreezeLPBHook

__all__ = ['ChannelsLastHook', 'DenseO2OHook', 'DivergenceHook', 'ExportBranchHook',
           'LandmarkStatisticsHook', 'RandomStateHook', 'RunLengthEMAHook', 'SkippedImagesHook',
           'TrainingDiverged', 'UnfreezeLPBHook']
