"""Every DEIM / Natten-DEIM config parses and builds the model it says it builds."""
import glob
import os.path as osp

import pytest
from mmengine.config import Config

from mmfer.registry import MODELS
from tests.conftest import REPO

CONFIGS = sorted(glob.glob(osp.join(REPO, 'configs/deim/*.py')) +
                 glob.glob(osp.join(REPO, 'configs/natten_deim/*.py')))
SIZES = dict(n=('hgnetv2_b0', 128, 3), s=('hgnetv2_b0', 256, 3), m=('hgnetv2_b2', 256, 4))


def test_both_models_come_in_three_sizes_for_rafdb_and_the_synthetic_set():
    names = {osp.basename(c) for c in CONFIGS}
    for model in ('deim/deim_hgnetv2', 'natten_deim/natten_deim'):
        for size in 'nsm':
            for data in ('synth', 'rafdb', 'rafdb_320'):
                assert f'{osp.basename(model)}_{size}_{data}.py' in names


@pytest.mark.parametrize('path', CONFIGS, ids=osp.basename)
def test_config_builds_its_model(path):
    cfg = Config.fromfile(path)
    size = osp.basename(path).split('_')[2]
    natten = 'natten_deim' in path
    model = MODELS.build(cfg.model)
    arch, width, layers = SIZES[size]
    assert type(model).__name__ == 'DEIM'
    assert type(model.neck).__name__ == ('DFPMNattenNeck' if natten else 'HybridEncoder')
    assert (model.backbone.lpb is not None) == natten
    assert model.bbox_head.embed_dims == width
    assert len(model.bbox_head.decoder.layers) == layers
    assert model.backbone.ebb.default_cfg['architecture'] == arch
    hooks = [h['type'] for h in cfg.custom_hooks]
    assert ('UnfreezeLPBHook' in hooks) == natten
    assert cfg.default_hooks.num_class_check.type == 'NumClassCheckHook'
    scale = 160 if 'synth' in path else 320 if '_320' in path else 640
    assert cfg.test_dataloader.dataset.pipeline[1]['scale'] == (scale, scale)
