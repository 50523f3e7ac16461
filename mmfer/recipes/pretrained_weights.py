"""Model configs for inference: a trained checkpoint holds every weight."""
import copy

from mmengine.config import ConfigDict

# arguments that point a model part at pretrained weights on this machine
PRETRAINED_KEYS = ('ebb_pretrained', 'lpb_checkpoint', 'pretrained')


def without_pretrained_weights(model_cfg: dict) -> ConfigDict:
    """A copy of ``model_cfg`` that loads no pretrained file: the ``PRETRAINED_KEYS`` of every
    part are removed, and ``Pretrained`` init_cfgs too, so that a model whose checkpoint holds
    all its weights builds on a machine that lacks the files it was first initialised from.

    >>> cfg = dict(type='DEIM', backbone=dict(type='DualBranchBackbone', lpb_checkpoint='x.pth',
    ...            init_cfg=dict(type='Pretrained', checkpoint='y.pth')))
    >>> without_pretrained_weights(cfg)['backbone']
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
