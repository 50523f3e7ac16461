"""Inference and model lookup. ``FERInferencer`` (and MMDetection's inference stack behind it)
is imported on first use, so that a tool which only finds a config by name starts in a
fraction of the time."""
from .model_index import find_config

__all__ = ['FERInferencer', 'faces_of', 'find_config']


def __getattr__(name: str):
    if name in ('FERInferencer', 'faces_of'):
        from . import fer_inferencer
        return getattr(fer_inferencer, name)
    raise AttributeError(f'module {__name__!r} has no attribute {name!r}')
