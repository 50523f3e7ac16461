"""Storing a model's convolution weights channels-last for the run."""
import torch
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mmfer.registry import HOOKS


@HOOKS.register_module()
class ChannelsLastHook(Hook):
    """Convert the model's 4-D parameters and buffers to ``torch.channels_last`` (NHWC
    strides) before the run.

    PyTorch's CPU convolutions (oneDNN) then run in NHWC and every convolution's output stays
    NHWC, which spares the layout reorders around each one (docs/benchmarks.md times a step
    both ways). The values are unchanged; only the order of float sums inside the
    kernels differs (outputs differ by about 1e-6), so a run is as reproducible as before but
    not bit-identical to a run without the hook.

    It runs at ``VERY_HIGH`` priority in ``before_run``, so the EMA copy, the initialisation
    (pre-trained branches load in place), the optimizer's lazily made state and a resumed
    checkpoint all follow the new layout. Under a distributed wrapper the conversion happens
    after DDP has laid out its gradient buckets, which costs a copy per step: use it for
    single-process runs.
    """

    priority = 'VERY_HIGH'

    def before_run(self, runner) -> None:
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        model.to(memory_format=torch.channels_last)
