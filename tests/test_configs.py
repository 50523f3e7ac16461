"""Every DEIM / Natten-DEIM config parses and builds the model it says it builds."""
import glob
import os.path as osp

import pytest
from mmengine.config import Config

from mmfer.registry import MODELS
from tests.conftest import REPO

CONFIGS = sorted(glob.glob(osp.join(REPO, 'configs/deim/*.py')) +
                 glob.glob(osp.join(REPO, 'configs/dfine/*.py')) +
                 glob.glob(osp.join(REPO, 'configs/natten_deim/*.py')))
SIZES = dict(n=('hgnetv2_b0', 128, 3), s=('hgnetv2_b0', 256, 3), m=('hgnetv2_b2', 256, 4))


def test_both_models_come_in_three_sizes_for_rafdb_and_the_synthetic_set():
    names = {osp.basename(c) for c in CONFIGS}
    for model in ('deim/deim_hgnetv2', 'natten_deim/natten_deim'):
        for size in 'nsm':
            for data in ('synth', 'rafdb', 'rafdb_320'):
                assert f'{osp.basename(model)}_{size}_{data}.py' in names
    for model in ('deim_hgnetv2', 'dfine_hgnetv2'):  # for converted COCO checkpoints
        for size in 'nsm':
            assert f'{model}_{size}_coco.py' in names


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
    assert model.bbox_head.transformer.embed_dims == width
    assert len(model.bbox_head.transformer.decoder.layers) == layers
    # DEIM-N reads strides 16 / 32 with 6 + 6 points; the others three levels with 3 + 6 + 3
    levels = 2 if size == 'n' and not natten else 3
    assert len(model.bbox_head.transformer.input_proj) == levels
    ffn_act = model.bbox_head.transformer.decoder.layers[0].ffn[1]
    assert type(ffn_act).__name__ == ('ReLU' if 'dfine' in path else 'SiLU')
    coco = path.endswith('_coco.py')
    assert model.bbox_head.num_classes == (80 if coco else 7)
    # DEIM's input convention ([0, 1] RGB), which its pretrained weights expect
    assert model.data_preprocessor.std.flatten().tolist() == [255.0] * 3
    assert model.backbone.ebb.default_cfg['architecture'] == arch
    hooks = [h['type'] for h in cfg.custom_hooks]
    assert ('UnfreezeLPBHook' in hooks) == natten
    assert cfg.default_hooks.num_class_check.type == 'NumClassCheckHook'
    scale = 160 if 'synth' in path else 320 if '_320' in path else 640
    if coco:
        assert cfg.model.test_cfg == dict(max_per_img=300, clip_boxes=False)
    assert cfg.test_dataloader.dataset.pipeline[1]['scale'] == (scale, scale)
