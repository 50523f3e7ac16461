"""DEIM's own models, from DEIM's own code, to benchmark beside ours.

``checkout`` is a directory holding DEIM's code as ``../shared/tools/official_deim/
deim_checkout.sh OUT_DIR`` makes it (the repository with today's packages patched in, and its
extra packages under ``OUT_DIR/.extra``).
"""
import os.path as osp
import sys

from torch import nn


def build_official(checkout: str, size: str, shape: int = 640, num_classes: int = 7,
                   deploy: bool = True) -> nn.Module:
    """DEIM-``size`` (n, s, m, l, x) as ``configs/deim_dfine/deim_hgnetv2_{size}_coco.yml``
    builds it, for ``shape`` x ``shape`` images (its eval-time anchors and position
    embeddings are made for one size), with ``num_classes`` classes and random weights, in
    eval mode; after DEIM's ``model.deploy()`` if ``deploy``. Takes an image batch (B, 3, S, S)
    in [0, 1] and returns ``{'pred_logits': (B, Q, C), 'pred_boxes': (B, Q, 4)}``.

    DEIM's ``load_config(file_path, cfg=dict())`` merges every file it reads into its default
    argument, one dict for the whole process, so a second model inherits every key of the
    first that its own files do not set (DEIM-S built after DEIM-N has 9.44 M parameters, not
    its own 10.23 M): that dict is emptied before each build.
    """
    config = osp.join(checkout, 'configs', 'deim_dfine', f'deim_hgnetv2_{size}_coco.yml')
    if not osp.isfile(config):
        raise FileNotFoundError(f'{config}: no such file; is {checkout} a DEIM checkout '
                                '(../shared/tools/official_deim/deim_checkout.sh makes one)?')
    for path in (checkout, osp.join(checkout, '.extra')):
        if path not in sys.path:
            sys.path.insert(0, path)
    from engine.core import YAMLConfig, yaml_utils
    yaml_utils.load_config.__defaults__[0].clear()
    model = YAMLConfig(config, HGNetv2=dict(pretrained=False), num_classes=num_classes,
                       eval_spatial_size=[shape, shape]).model
    return model.deploy() if deploy else model.eval()
