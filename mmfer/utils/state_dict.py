"""Reading weights files and checking that a state dict fits a model, with clear errors."""
import os.path as osp
from typing import Dict, List, Tuple

import torch
from torch import Tensor

StateDict = Dict[str, Tensor]


def read_weights_file(path: str, what: str = 'checkpoint'):
    """``torch.load(path, weights_only=True)`` on the CPU, with errors that name the file.

    Raises:
        FileNotFoundError: no file at ``path``.
        ValueError: the file is not a weights-only PyTorch checkpoint.
    """
    if not osp.isfile(path):
        raise FileNotFoundError(f'{what} {path} does not exist')
    try:
        return torch.load(path, map_location='cpu', weights_only=True)
    except Exception as e:  # torch raises several types for files that are not checkpoints
        raise ValueError(f'{path}: not a readable weights-only PyTorch checkpoint ({e})') from e


def is_state_dict(obj) -> bool:
    return isinstance(obj, dict) and bool(obj) and all(
        isinstance(k, str) and isinstance(v, Tensor) for k, v in obj.items())


def find_state_dict(checkpoint, path: str, use_ema: bool = False) -> Tuple[StateDict, str]:
    """The model weights inside a loaded checkpoint, and where they were found.

    Looks for DEIM / D-FINE's ``ema.module`` and ``model``, mmengine's ``state_dict``, or a
    bare state dict. ``use_ema`` demands the EMA weights (``ema.module``, or mmengine's
    ``ema_state_dict``); otherwise the plain model weights come first.

    Raises:
        ValueError: nothing of the kind in the file (the message lists its top-level keys).
    """
    ema = None
    if isinstance(checkpoint, dict):
        if isinstance(checkpoint.get('ema'), dict) and is_state_dict(
                checkpoint['ema'].get('module')):
            ema = (checkpoint['ema']['module'], 'ema.module')
        elif is_state_dict(checkpoint.get('ema_state_dict')):
            ema = ({k[len('module.'):]: v for k, v in checkpoint['ema_state_dict'].items()
                    if k.startswith('module.')}, 'ema_state_dict')
    if use_ema:
        if ema is None:
            raise ValueError(f'{path}: --ema asks for EMA weights, but the file has no '
                             f'"ema.module" (top-level keys: {top_level_keys(checkpoint)})')
        return ema
    if isinstance(checkpoint, dict):
        for key in ('model', 'state_dict'):
            if is_state_dict(checkpoint.get(key)):
                return checkpoint[key], key
    if ema is not None:
        return ema
    if is_state_dict(checkpoint):
        return checkpoint, 'the file itself'
    raise ValueError(f'{path}: no state dict found (looked for "model", "ema.module", '
                     f'"state_dict" or a bare dict of tensors; top-level keys: '
                     f'{top_level_keys(checkpoint)})')


def top_level_keys(obj) -> str:
    if not isinstance(obj, dict):
        return f'none, it holds a {type(obj).__name__}'
    keys = sorted(map(str, obj))
    return ', '.join(keys[:10]) + (' ...' if len(keys) > 10 else '')


def compare(own: StateDict, state: StateDict) -> Tuple[List[str], List[str], List[str]]:
    """(missing, unexpected, shape-mismatched) keys of ``state`` against ``own``."""
    missing = sorted(set(own) - set(state))
    unexpected = sorted(set(state) - set(own))
    mismatched = sorted(k for k in set(own) & set(state) if own[k].shape != state[k].shape)
    return missing, unexpected, mismatched


def show_keys(keys: List[str], limit: int = 8) -> str:
    return ', '.join(keys[:limit]) + (f' ... (+{len(keys) - limit})' if len(keys) > limit else '')


def check_fits(own: StateDict, state: StateDict, path: str, target: str) -> None:
    """Raise a ValueError listing missing, unexpected and mismatched keys, if there are any."""
    missing, unexpected, mismatched = compare(own, state)
    problems = [f'{name} ({len(keys)}): {show_keys(keys)}' for name, keys in
                (('missing keys', missing), ('unexpected keys', unexpected)) if keys]
    problems += [f'shape mismatch ({len(mismatched)}): ' + show_keys(
        [f'{k} {tuple(state[k].shape)} vs {tuple(own[k].shape)}' for k in mismatched])
        ] if mismatched else []
    if problems:
        raise ValueError(f'{path} does not fit {target}: ' + '; '.join(problems))
