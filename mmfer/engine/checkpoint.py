"""Loading local checkpoints with ``torch.load(weights_only=True)`` (torch >= 2.6's default).

mmengine 0.10.7 calls ``torch.load`` without ``weights_only``; since torch 2.6 that refuses the
training state mmengine itself saves (its ``HistoryBuffer`` log buffers and numpy values), so
``--resume`` and ``load_from`` fail. Importing this module replaces mmengine's loader for local
files with one that stays in weights-only mode and allows exactly those types. The buffers
pickle their statistics functions as ``getattr(HistoryBuffer, name)``; ``getattr`` itself is
never allowed, only a stand-in that resolves those names on ``HistoryBuffer``.
"""
import os.path as osp
import pickle

import numpy as np
import torch
from mmengine.logging.history_buffer import HistoryBuffer
from mmengine.runner.checkpoint import CheckpointLoader

_STATISTICS = ('min', 'max', 'current', 'mean')


def _history_buffer_attribute(owner, name: str):
    if owner is HistoryBuffer and (name in _STATISTICS
                                   or name in HistoryBuffer._statistics_methods):
        return getattr(HistoryBuffer, name)
    raise pickle.UnpicklingError(
        f'refusing getattr({owner!r}, {name!r}) while loading a checkpoint: only the statistics '
        'methods of mmengine.logging.HistoryBuffer are allowed')


def _numpy_globals() -> list:
    dtypes = set()
    for code in np.typecodes['All']:
        try:
            dtypes.add(type(np.dtype(code)))
        except TypeError:
            continue
    return [np.array(0).__reduce__()[0], np.float64(0).__reduce__()[0], np.ndarray, np.dtype,
            *sorted(dtypes, key=str)]


MMENGINE_SAFE_GLOBALS = [HistoryBuffer, *_numpy_globals(),
                         (_history_buffer_attribute, 'builtins.getattr')]


def load_local_checkpoint(filename: str, map_location=None):
    """``torch.load`` a local checkpoint in weights-only mode, mmengine's state included."""
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise FileNotFoundError(f'{filename} can not be found.')
    with torch.serialization.safe_globals(MMENGINE_SAFE_GLOBALS):
        return torch.load(filename, map_location=map_location, weights_only=True)


CheckpointLoader.register_scheme(prefixes='', force=True)(load_local_checkpoint)
