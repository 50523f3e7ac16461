"""Loading HGNetV2 weights into timm's HGNetV2 (the expression branch), from any of the files
users have: timm's checkpoints, D-FINE / DEIM's ImageNet files (``PPHGNetV2_B0_stage1.pth``
...), and whole DEIM / D-FINE detector checkpoints (their ``backbone.*``)."""
import re
from typing import Dict, List

from torch import nn

from mmfer.utils.state_dict import StateDict, check_fits, find_state_dict, read_weights_file

# where a file's HGNetV2 weights sit: a detector's backbone, mmfer's expression branch
_PREFIXES = ('backbone.ebb.', 'backbone.')


def hgnetv2_to_timm_features(state: StateDict) -> Dict[str, object]:
    """Map an HGNetV2 state dict (timm's, D-FINE's or a detector's) to the key layout of timm's
    ``features_only`` HGNetV2 (``stem.*``, ``stages_<i>.*``).

    Returns:
        dict: ``state`` (the mapped weights), ``dropped`` (keys that are not backbone weights:
        the classifier ``head.*`` of an ImageNet file, or a detector's other parts), ``prefix``
        (the prefix that was stripped, '' for a backbone-only file).
    """
    prefix = next((p for p in _PREFIXES if any(k.startswith(p) for k in state)), '')
    mapped, dropped = {}, []
    for key, value in state.items():
        if not key.startswith(prefix) or key[len(prefix):].startswith('head.'):
            dropped.append(key)
            continue
        mapped[re.sub(r'^stages\.(\d+)\.', r'stages_\1.', key[len(prefix):])] = value
    return dict(state=mapped, dropped=sorted(dropped), prefix=prefix)


def load_hgnetv2_weights(ebb: nn.Module, path: str, use_ema: bool = False) -> Dict[str, List]:
    """Load the HGNetV2 weights of ``path`` into ``ebb`` (timm, ``features_only``), strictly.

    Stages the feature extractor did not build (beyond its last ``out_indices``) are left out
    and listed; D-FINE's frozen BatchNorm (no ``num_batches_tracked``) is accepted. Anything
    else missing, unexpected or of another shape is a ValueError that names the keys.

    Returns:
        dict: ``dropped`` (keys of the file not used) and ``source`` (where in the file).
    """
    checkpoint = read_weights_file(path, 'HGNetV2 checkpoint')
    state, source = find_state_dict(checkpoint, path, use_ema)
    result = hgnetv2_to_timm_features(state)
    own = ebb.state_dict()
    built = {k.split('.')[0] for k in own}
    weights, dropped = {}, list(result['dropped'])
    for key, value in result['state'].items():
        if key.split('.')[0] in built:
            weights[key] = value
        else:
            dropped.append(result['prefix'] + key)
    if not any(k.startswith('stem.') for k in weights):
        raise ValueError(f'{path}: no HGNetV2 weights found in {source} (expected keys like '
                         '"stem.stem1.conv.weight" or "backbone.stem.stem1.conv.weight")')
    for key in own:
        if key.endswith('num_batches_tracked') and key not in weights:
            weights[key] = own[key]
    check_fits(own, weights, path, f'the HGNetV2 expression branch ({type(ebb).__name__})')
    ebb.load_state_dict(weights, strict=True)
    return dict(dropped=sorted(dropped), source=source)
