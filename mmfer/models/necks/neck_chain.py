"""Necks applied one after another, as one neck."""
from typing import List, Sequence, Tuple

from mmengine.model import BaseModule
from torch import Tensor, nn

from mmfer.registry import MODELS


@MODELS.register_module()
class NeckChain(BaseModule):
    """The output maps of each neck are the input of the next; the last one's are returned.

    For a neck built from parts of two: e.g. ``DFPMNattenNeck(use_fusion=False)`` then
    DEIM's ``HybridEncoder`` is Natten-DEIM with DEIM's fusion (AIFI + CCFF) in place of its own.

    Args:
        necks (list[dict]): the necks' configs, in order.
        init_cfg (dict, optional): mmengine initialisation config.

    Examples:
        >>> import torch
        >>> chain = NeckChain([
        ...     dict(type='DFPMNattenNeck', in_channels=[16, 32], out_channels=8, num_heads=2,
        ...          kernel_sizes=(3, 3), use_fusion=False),
        ...     dict(type='HybridEncoder', in_channels=[8, 8], out_channels=8, num_heads=2,
        ...          feedforward_channels=16)])
        >>> outs = chain([torch.randn(1, 16, 8, 8), torch.randn(1, 32, 4, 4)])
        >>> [tuple(o.shape) for o in outs]
        [(1, 8, 8, 8), (1, 8, 4, 4)]
    """

    def __init__(self, necks: List[dict], init_cfg=None) -> None:
        super().__init__(init_cfg)
        if not necks:
            raise ValueError('NeckChain needs at least one neck')
        self.necks = nn.ModuleList(MODELS.build(neck) for neck in necks)

    def forward(self, inputs: Sequence[Tensor]) -> Tuple[Tensor, ...]:
        for neck in self.necks:
            inputs = neck(inputs)
        return tuple(inputs)
