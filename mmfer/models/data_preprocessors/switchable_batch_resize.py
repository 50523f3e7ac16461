"""Multi-scale batches that a hook can switch off (DEIM stops them with the augmentations)."""
from typing import List, Tuple

from mmdet.models.data_preprocessors import BatchSyncRandomResize
from mmdet.structures import DetDataSample
from torch import Tensor

from mmfer.registry import MODELS


@MODELS.register_module()
class SwitchableBatchResize(BatchSyncRandomResize):
    """mmdet's ``BatchSyncRandomResize`` (every ``interval`` iterations, a new random size in
    ``random_size_range``, the same on every process; boxes scaled along) while ``enabled``.

    DEIM resizes its batches to one of 0.75x .. 1.25x the training size until the last stage;
    ``DenseO2OHook`` switches ``enabled`` off there. Shapes: (B, 3, H, W) -> (B, 3, H', W').
    """

    def __init__(self, random_size_range: Tuple[int, int], interval: int = 1,
                 size_divisor: int = 32, enabled: bool = True) -> None:
        super().__init__(random_size_range, interval, size_divisor)
        self.enabled = enabled

    def forward(self, inputs: Tensor, data_samples: List[DetDataSample]
                ) -> Tuple[Tensor, List[DetDataSample]]:
        if not self.enabled:
            return inputs, data_samples
        return super().forward(inputs, data_samples)
