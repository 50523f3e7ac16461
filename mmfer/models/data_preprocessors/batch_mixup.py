"""DEIM's batch MixUp: blend each image with its neighbour in the batch, keep both targets."""
import random
from typing import List, Tuple

from mmdet.structures import DetDataSample
from mmengine.structures import InstanceData
from torch import Tensor, nn

from mmfer.registry import MODELS


@MODELS.register_module()
class BatchMixUp(nn.Module):
    """With probability ``prob`` per batch, image i becomes ``r * img_i + (1 - r) * img_{i-1}``
    (r drawn from ``ratio_range``) and its targets the union of both images' targets.

    A batch augment of ``DetDataPreprocessor`` (``batch_augments=[dict(type='BatchMixUp')]``),
    so it runs on padded, normalized batches in training only. ``enabled`` is switched by
    ``DenseO2OHook`` (Dense O2O's middle phase).

    Shapes: inputs (B, 3, H, W) -> (B, 3, H, W); every image must have the same size.
    """

    def __init__(self, prob: float = 0.5, ratio_range: Tuple[float, float] = (0.45, 0.55),
                 enabled: bool = True) -> None:
        super().__init__()
        if not 0 <= prob <= 1:
            raise ValueError(f'prob must lie in [0, 1], got {prob}')
        self.prob, self.ratio_range, self.enabled = prob, tuple(ratio_range), enabled

    def forward(self, inputs: Tensor, data_samples: List[DetDataSample]
                ) -> Tuple[Tensor, List[DetDataSample]]:
        if not self.enabled or len(inputs) < 2 or random.random() >= self.prob:
            return inputs, data_samples
        ratio = random.uniform(*self.ratio_range)
        mixed = inputs * ratio + inputs.roll(shifts=1, dims=0) * (1 - ratio)
        originals = [s.gt_instances for s in data_samples]
        for i, sample in enumerate(data_samples):
            sample.gt_instances = InstanceData.cat([originals[i], originals[i - 1]])
            sample.set_metainfo(dict(mixup_ratio=ratio))
        return mixed, data_samples
