"""DEIM's own models, from DEIM's own code, to benchmark beside ours.

``checkout`` is a directory holding DEIM's code as ``benchmarks/official_deim_checkout.sh
OUT_DIR`` makes it (the repository with today's packages patched in, and its
extra packages under ``OUT_DIR/.extra``).
"""
import os.path as osp
import sys

from torch import nn


def load_official_config(checkout: str, config: str, **overrides):
    """DEIM's ``YAMLConfig`` of ``config`` (a file of the checkout), ``overrides`` merged into
    it as DEIM's command line merges ``-u`` options; its ``model``, ``criterion``,
    ``optimizer`` and ``train_dataloader`` are built on first access.

    DEIM's ``load_config(file_path, cfg=dict())`` merges every file it reads into its default
    argument, one dict for the whole process, so a second model inherits every key of the
    first that its own files do not set (DEIM-S built after DEIM-N has 9.44 M parameters, not
    its own 10.23 M): that dict is emptied first.
    """
    if not osp.isfile(config):
        raise FileNotFoundError(f'{config}: no such file; is {checkout} a DEIM checkout '
                                '(benchmarks/official_deim_checkout.sh makes one)?')
    for path in (checkout, osp.join(checkout, '.extra')):
        if path not in sys.path:
            sys.path.insert(0, path)
    from engine.core import YAMLConfig, yaml_utils
    yaml_utils.load_config.__defaults__[0].clear()
    return YAMLConfig(config, **overrides)


def official_config(checkout: str, size: str, shape: int = 640, num_classes: int = 7,
                    **overrides):
    """:func:`load_official_config` of ``configs/deim_dfine/deim_hgnetv2_{size}_coco.yml``
    (n, s, m, l, x) for ``shape`` x ``shape`` images (its eval-time anchors and position
    embeddings are made for one size) and ``num_classes`` classes, without pretrained
    weights."""
    config = osp.join(checkout, 'configs', 'deim_dfine', f'deim_hgnetv2_{size}_coco.yml')
    defaults = dict(HGNetv2=dict(pretrained=False), num_classes=num_classes,
                    eval_spatial_size=[shape, shape])
    return load_official_config(checkout, config, **{**defaults, **overrides})


def build_official(checkout: str, size: str, shape: int = 640, num_classes: int = 7,
                   deploy: bool = True) -> nn.Module:
    """DEIM-``size`` as :func:`official_config` builds it, random weights, in eval mode; after
    DEIM's ``model.deploy()`` if ``deploy``. Takes an image batch (B, 3, S, S) in [0, 1] and
    returns ``{'pred_logits': (B, Q, C), 'pred_boxes': (B, Q, 4)}``."""
    model = official_config(checkout, size, shape, num_classes).model
    return model.deploy() if deploy else model.eval()
