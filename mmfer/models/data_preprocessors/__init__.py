from .batch_mixup import BatchMixUp
from .switchable_batch_resize import SwitchableBatchResize

__all__ = ['BatchMixUp', 'SwitchableBatchResize']
