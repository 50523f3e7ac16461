"""mmfer's engine: weights-only checkpoint loading, training hooks, optimizer constructors,
schedulers and loops."""
from .checkpoint import load_local_checkpoint
from .cpu_distributed import CPUDistributedDataParallel, setup_cpu_distributed
from .hooks import DenseO2OHook, RunLengthEMAHook, UnfreezeLPBHook
from .optimizers import GroupedOptimWrapperConstructor
from .runner import RawAndEMAValLoop
from .schedulers import FlatCosineLR, RunFractionScheduler

__all__ = ['load_local_checkpoint', 'CPUDistributedDataParallel', 'setup_cpu_distributed',
           'DenseO2OHook', 'RunLengthEMAHook', 'UnfreezeLPBHook',
           'GroupedOptimWrapperConstructor', 'RawAndEMAValLoop', 'FlatCosineLR',
           'RunFractionScheduler']
