"""Configs by model name: the model index (``model-index.yml`` and each config family's
``metafile.yml``, in MMDetection's model-index format).

A checkout (an editable install) has them at its root; an installed mmfer carries them in
``mmfer/.mim/`` (``setup.py`` copies them there when a wheel is built, as MMDetection's does).
The checkout comes first: a build leaves a copy in the checkout's ``mmfer/.mim/``, which must
not shadow the configs being edited.
"""
import os.path as osp
from typing import Dict, List

from mmengine.fileio import load

PACKAGE = osp.dirname(osp.dirname(osp.abspath(__file__)))


def configs_root() -> str:
    """The folder holding ``configs/`` and ``model-index.yml``.

    Raises:
        FileNotFoundError: neither an installed copy nor a checkout holds them.
    """
    for root in (osp.dirname(PACKAGE), osp.join(PACKAGE, '.mim')):
        if osp.isfile(osp.join(root, 'model-index.yml')):
            return root
    raise FileNotFoundError(f'no model-index.yml in {osp.dirname(PACKAGE)} or '
                            f'{osp.join(PACKAGE, ".mim")}: mmfer was installed without its '
                            'configs')


def models() -> Dict[str, dict]:
    """Every model of the index by name: its metafile entry, with ``Config`` an absolute path."""
    root = configs_root()
    found = {}
    for metafile in load(osp.join(root, 'model-index.yml'))['Import']:
        for entry in load(osp.join(root, metafile))['Models']:
            found[entry['Name']] = dict(entry, Config=osp.join(root, entry['Config']))
    return found


def model_names() -> List[str]:
    return sorted(models())


def find_config(name: str) -> str:
    """A config file by its path, or by its model name in the index (the config's file name
    without ``.py``, e.g. ``natten-deim_hgnetv2-n-lite_8e_synth``).

    Raises:
        FileNotFoundError: no such file and no such model (the nearest names are given).
    """
    if osp.isfile(name):
        return name
    index = models()
    key = osp.splitext(osp.basename(name))[0]
    if key in index:
        return index[key]['Config']
    from mmfer.utils.spelling import nearest
    raise FileNotFoundError(f'{name}: no such config file, and no model of that name in '
                            f'{configs_root()}/model-index.yml{nearest(key, index)}')
