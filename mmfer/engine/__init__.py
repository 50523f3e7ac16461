"""mmfer's engine: checkpoint loading for torch >= 2.6 (hooks come with later issues)."""
from .checkpoint import load_local_checkpoint

__all__ = ['load_local_checkpoint']
