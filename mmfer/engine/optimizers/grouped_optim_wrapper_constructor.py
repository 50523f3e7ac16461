"""mmengine's paramwise optimizer constructor, with one parameter group per setting."""
from typing import List, Optional

from mmengine.optim import DefaultOptimWrapperConstructor
from torch import nn

from mmfer.registry import OPTIM_WRAPPER_CONSTRUCTORS


def merge_param_groups(groups: List[dict]) -> List[dict]:
    """Groups of equal settings (every key but ``params``) joined into one, in the order each
    setting first appears.

    >>> import torch
    >>> a, b, c = (torch.nn.Parameter(torch.zeros(1)) for _ in range(3))
    >>> merged = merge_param_groups([dict(params=[a], lr=1.0), dict(params=[b], lr=0.5),
    ...                              dict(params=[c], lr=1.0)])
    >>> [(g['lr'], len(g['params'])) for g in merged]
    [(1.0, 2), (0.5, 1)]
    """
    merged = {}
    for group in groups:
        setting = tuple(sorted((k, v) for k, v in group.items() if k != 'params'))
        merged.setdefault(setting, dict(group, params=[]))['params'].extend(group['params'])
    return list(merged.values())


@OPTIM_WRAPPER_CONSTRUCTORS.register_module()
class GroupedOptimWrapperConstructor(DefaultOptimWrapperConstructor):
    """``DefaultOptimWrapperConstructor`` whose ``paramwise_cfg`` groups are merged by setting.

    mmengine gives every parameter a group of its own when a ``paramwise_cfg`` is set (DEIM's
    recipe: half the lr in the backbone, no decay on norms and biases), and PyTorch's
    multi-tensor (``foreach``, ``fused``) optimizers then step one tensor at a time: about 600
    groups for Natten-DEIM-N. Merged, the same recipe is a handful of groups, and each step
    updates the same values with the same arithmetic in a few kernel calls.
    """

    def add_params(self, params: List[dict], module: nn.Module, prefix: str = '',
                   is_dcn_module: Optional[int] = None) -> None:
        super().add_params(params, module, prefix, is_dcn_module)
        if not prefix:  # the top-level call, after every submodule's groups were added
            params[:] = merge_param_groups(params)
