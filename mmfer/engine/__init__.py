"""mmfer's engine: weights-only checkpoint loading and training hooks."""
from .checkpoint import load_local_checkpoint
from .cpu_distributed import CPUDistributedDataParallel, setup_cpu_distributed
from .hooks import DenseO2OHook, UnfreezeLPBHook

__all__ = ['load_local_checkpoint', 'CPUDistributedDataParallel', 'setup_cpu_distributed',
           'DenseO2OHook', 'UnfreezeLPBHook']
