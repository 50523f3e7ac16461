"""Distributed training and testing on CPU processes (gloo), for machines without GPUs.

mmengine's runner assumes a GPU per process: it calls ``torch.cuda.set_device`` while
initializing and gives DistributedDataParallel the local rank as a device id. On a CPU-only
machine, ``setup_cpu_distributed`` initializes the gloo process group first (so mmengine skips
its own initialization) and wraps the model in ``CPUDistributedDataParallel``.
"""
import torch
import torch.distributed as dist
from mmengine.config import Config
from mmengine.model import MMDistributedDataParallel
from mmengine.registry import MODEL_WRAPPERS


# mmengine's runner looks wrappers up in its own root registry without a scope, which does not
# reach a scope's registry: this one is registered there.
@MODEL_WRAPPERS.register_module()
class CPUDistributedDataParallel(MMDistributedDataParallel):
    """``MMDistributedDataParallel`` for a module on the CPU: the device ids are dropped."""

    def __init__(self, module, device_ids=None, **kwargs) -> None:
        super().__init__(module=module, device_ids=None, **kwargs)


def setup_cpu_distributed(cfg: Config, launcher: str) -> bool:
    """Prepare ``cfg`` for a CPU-only distributed run; False when nothing needed changing.

    A CPU run must be asked for: ``env_cfg.dist_cfg.backend='gloo'`` (the configs' default,
    'nccl', is a GPU run, which is refused on a machine where torch sees no GPU rather than
    quietly run on CPU processes). Initializes the process group from the launcher's
    environment (``RANK``, ``WORLD_SIZE``, ``MASTER_ADDR``, ``MASTER_PORT``), and sets
    ``model_wrapper_cfg`` to ``CPUDistributedDataParallel`` with the config's
    ``find_unused_parameters`` (keeping any other wrapper options).

    Raises:
        RuntimeError: GPUs were asked for (backend 'nccl') and torch sees none.
    """
    if launcher == 'none' or torch.cuda.is_available():
        return False
    if launcher != 'pytorch':
        raise ValueError(f'CPU-only distributed runs support --launcher pytorch, got {launcher}')
    backend = cfg.env_cfg.get('dist_cfg', {}).get('backend', 'nccl')
    if backend != 'gloo':
        raise RuntimeError(
            f"--launcher {launcher} with env_cfg.dist_cfg.backend='{backend}' is a GPU run, but "
            f'torch {torch.__version__} sees no GPU (torch.cuda.is_available() is False: no '
            'driver, no visible GPU, or a CPU build of torch); to train on CPU processes '
            "instead, pass --cfg-options env_cfg.dist_cfg.backend=gloo")
    if not dist.is_initialized():
        dist.init_process_group(backend='gloo')
    wrapper = dict(cfg.get('model_wrapper_cfg') or {})
    wrapper.setdefault('broadcast_buffers', False)
    wrapper.setdefault('find_unused_parameters', cfg.get('find_unused_parameters', False))
    wrapper['type'] = 'CPUDistributedDataParallel'
    cfg.model_wrapper_cfg = wrapper
    return True
