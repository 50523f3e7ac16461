"""mmfer's engine: weights-only checkpoint loading, files written whole, resuming from the newest
checkpoint that loads, training hooks, optimizer constructors, schedulers and loops."""
from .atomic_files import AtomicLocalBackend
from .checkpoint import load_local_checkpoint
from .cpu_distributed import CPUDistributedDataParallel, setup_cpu_distributed
from .hooks import DenseO2OHook, RunLengthEMAHook, UnfreezeLPBHook
from .optimizers import GroupedOptimWrapperConstructor
from .resume import latest_loadable_checkpoint
from .runner import RawAndEMAValLoop
from .schedulers import FlatCosineLR, RunFractionScheduler

__all__ = ['AtomicLocalBackend', 'latest_loadable_checkpoint', 'load_local_checkpoint',
           'CPUDistributedDataParallel', 'setup_cpu_distributed', 'DenseO2OHook',
           'RunLengthEMAHook', 'UnfreezeLPBHook', 'GroupedOptimWrapperConstructor',
           'RawAndEMAValLoop', 'FlatCosineLR', 'RunFractionScheduler']
