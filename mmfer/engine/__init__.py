"""mmfer's engine: weights-only checkpoint loading and training hooks."""
from .checkpoint import load_local_checkpoint
from .hooks import UnfreezeLPBHook

__all__ = ['load_local_checkpoint', 'UnfreezeLPBHook']
