"""Pretrained weights in a model config: where each part's file is, and two ways to do without.

:func:`strip_pretrained_files` is for a checkpoint that holds every weight (inference, testing):
the model builds on a machine that lacks the files it was first initialised from.
:func:`from_scratch` is for training without them: no pretrained init, nothing frozen.
"""
import copy
import inspect
import os.path as osp
from typing import Dict, Iterator, List, Mapping, Tuple

from mmengine.config import ConfigDict

# arguments that point a model part at pretrained weights on this machine
PRETRAINED_KEYS = ('ebb_pretrained', 'lpb_checkpoint', 'pretrained')
# where a recipe's pretrained backbone is looked for (MMDetection's habit: checkpoints/)
CHECKPOINT_DIR = 'checkpoints'


def strip_pretrained_files(model_cfg: dict) -> ConfigDict:
    """A copy of ``model_cfg`` that loads no pretrained file: the ``PRETRAINED_KEYS`` of every
    part are removed, and ``Pretrained`` init_cfgs too, so that a model whose checkpoint holds
    all its weights builds on a machine that lacks the files it was first initialised from.

    >>> cfg = dict(type='DEIM', backbone=dict(type='DualBranchBackbone', lpb_checkpoint='x.pth',
    ...            init_cfg=dict(type='Pretrained', checkpoint='y.pth')))
    >>> strip_pretrained_files(cfg)['backbone']
    {'type': 'DualBranchBackbone'}
    """
    def strip(node):
        if isinstance(node, dict):
            init = node.get('init_cfg')
            return {k: strip(v) for k, v in node.items()
                    if k not in PRETRAINED_KEYS and not (
                        k == 'init_cfg' and isinstance(init, dict)
                        and init.get('type') == 'Pretrained')}
        if isinstance(node, (list, tuple)):
            return type(node)(strip(v) for v in node)
        return node

    return ConfigDict(strip(copy.deepcopy(dict(model_cfg))))


def from_scratch(model: dict) -> dict:
    """``model`` trained from scratch: every ``Pretrained`` init_cfg removed, and the part it
    initialised unfrozen (``frozen_stages`` its class's default, which freezes nothing in
    MMDetection's backbones, and ``norm_eval=False``): frozen stages and BatchNorm statistics
    kept at their initial values only make sense for pretrained weights (a ResNet-50 whose
    BatchNorms never see its activations diverges at once)."""
    def scratch(part: dict) -> dict:
        arguments = _arguments(part['type'])
        part = dict(part, init_cfg=None)
        if 'frozen_stages' in arguments:
            part['frozen_stages'] = arguments['frozen_stages'].default
        if 'norm_eval' in arguments:
            part['norm_eval'] = False
        return part

    return _map_pretrained(model, scratch)


def _arguments(kind: str) -> Mapping[str, inspect.Parameter]:
    """The arguments a registered model part takes."""
    from mmfer.registry import MODELS
    from mmfer.utils import register_all_modules
    register_all_modules(init_default_scope=False)
    return inspect.signature(MODELS.get(kind).__init__).parameters


def with_local_pretrained(model: dict) -> Tuple[dict, Dict[str, str]]:
    """``model`` with each ``Pretrained`` checkpoint a local file, ``checkpoints/`` + the file
    name of the URL the recipe downloads from (``torchvision://resnet50`` ->
    ``checkpoints/resnet50-0676ba61.pth``), and {local file: URL}."""
    sources = {}

    def local(part: dict) -> dict:
        url = weights_url(part['init_cfg']['checkpoint'])
        path = osp.join(CHECKPOINT_DIR, osp.basename(url))
        sources[path] = url
        return dict(part, init_cfg=dict(part['init_cfg'], checkpoint=path))

    return _map_pretrained(model, local), sources


def pretrained_parts(node, key: str = 'model') -> Iterator[Tuple[str, dict]]:
    """(config key, part) of every part of a model config whose init_cfg is ``Pretrained``."""
    if isinstance(node, dict):
        init = node.get('init_cfg')
        if isinstance(init, dict) and init.get('type') == 'Pretrained':
            yield key, node
        for name, value in node.items():
            if name != 'init_cfg':
                yield from pretrained_parts(value, f'{key}.{name}')


def missing_pretrained_files(model: dict) -> List[Tuple[str, str]]:
    """(config key, checkpoint) of every ``Pretrained`` part whose local file does not exist; a
    URL (torchvision://, https://) is mmengine's to fetch where there is a network."""
    return [(key, part['init_cfg']['checkpoint']) for key, part in pretrained_parts(model)
            if part['init_cfg'].get('checkpoint')
            and '://' not in part['init_cfg']['checkpoint']
            and not osp.isfile(part['init_cfg']['checkpoint'])]


def scratch_options(model: dict) -> List[str]:
    """The ``--cfg-options`` that train the pretrained parts of ``model`` from scratch, as
    :func:`from_scratch` does (``init_cfg=None``, unfrozen, BatchNorms training).

    >>> scratch_options(dict(type='RetinaNet', backbone=dict(  # doctest: +NORMALIZE_WHITESPACE
    ...     type='ResNet', depth=50, frozen_stages=1, norm_eval=True,
    ...     init_cfg=dict(type='Pretrained', checkpoint='x.pth'))))
    ['model.backbone.init_cfg=None', 'model.backbone.frozen_stages=-1',
     'model.backbone.norm_eval=False']
    """
    options = []
    for key, part in pretrained_parts(model):
        arguments = _arguments(part['type'])
        options.append(f'{key}.init_cfg=None')
        if 'frozen_stages' in arguments:
            default = arguments['frozen_stages'].default
            if part.get('frozen_stages', default) != default:
                options.append(f'{key}.frozen_stages={default}')
        if 'norm_eval' in arguments and part.get(
                'norm_eval', arguments['norm_eval'].default) is not False:
            options.append(f'{key}.norm_eval=False')
    return options


def _map_pretrained(node, change):
    """``node`` with ``change`` applied to every part whose init_cfg is ``Pretrained``."""
    if isinstance(node, (list, tuple)):
        return type(node)(_map_pretrained(v, change) for v in node)
    if not isinstance(node, dict):
        return node
    out = {k: _map_pretrained(v, change) for k, v in node.items()}
    init = node.get('init_cfg')
    if isinstance(init, dict) and init.get('type') == 'Pretrained':
        out = change(out)
    return out


def weights_url(checkpoint: str) -> str:
    """The URL behind mmengine's ``torchvision://`` and ``open-mmlab://`` names (a URL or a
    path as it is)."""
    from mmengine.runner.checkpoint import get_external_models, get_torchvision_models
    for prefix, table in (('torchvision://', get_torchvision_models),
                          ('open-mmlab://', get_external_models)):
        if checkpoint.startswith(prefix):
            return table()[checkpoint[len(prefix):]]
    return checkpoint
