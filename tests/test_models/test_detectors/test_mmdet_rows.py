"""Table 1's MMDetection rows (configs/{ssd,retinanet,yolov3,...}/ and the DFPM-neck rows of
configs/plugins/): every config builds and passes the config checks, and each row trains one
iteration with its own recipe's pipeline and optimizer on tiny images."""
import os.path as osp
from dataclasses import asdict

import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.logging import MessageHub
from mmengine.optim import build_optim_wrapper
from mmengine.runner import set_random_seed

from mmfer.cli.config_check import check_config
from mmfer.evaluation.table1_rows import ROWS
from mmfer.registry import DATASETS, MODELS
from tests.conftest import REPO, TINY_SYNTHETIC

MMDET_ROWS = [row for row in ROWS if row.configs and row.compare_with == 'voc']
ALL_CONFIGS = sorted({path for row in MMDET_ROWS for path in row.configs.values()})
SYNTH_CONFIGS = [row.configs['synth'] for row in MMDET_ROWS]


def test_every_mmdet_row_of_the_paper_and_the_neck_rows_have_configs():
    keys = {row.key for row in MMDET_ROWS}
    assert keys == {'ssd', 'retinanet', 'yolov3', 'centernet', 'efficientnet', 'yolox',
                    'rtmdet', 'dino', 'retinanet-dfpm-natten', 'yolox-dfpm-natten'}
    assert all(osp.isfile(osp.join(REPO, 'configs', path)) for path in ALL_CONFIGS)


@pytest.mark.parametrize('path', ALL_CONFIGS)
def test_config_builds_on_the_face_classes_and_passes_the_checks(path):
    cfg = Config.fromfile(osp.join(REPO, 'configs', path))
    check_config(cfg, path)
    assert cfg.default_scope == 'mmfer' and cfg.model._scope_ == 'mmfer'
    # the recipe's schedule is placed in shares of the run, so --cfg-options epochs keep it
    assert all(s.type == 'RunFractionScheduler' for s in cfg.param_scheduler)
    if path.endswith('_synth.py'):
        assert cfg.pretrained_weights == {}  # from scratch: nothing can be downloaded here
    else:  # each pretrained part reads a local file named as the recipe's URL names it
        assert all(p.startswith('checkpoints/') for p in cfg.pretrained_weights)
    model = MODELS.build(cfg.model)
    assert model.bbox_head.num_classes == 7


def tiny_train_batch(cfg, root, size=2):
    """``size`` training samples of the tiny synthetic set through the row's own pipeline."""
    dataset_cfg = cfg.train_dataloader.dataset
    inner = dataset_cfg.get('dataset', dataset_cfg)
    inner.update(data_root=root, synthetic=dict(asdict(TINY_SYNTHETIC), faces_per_image=(1, 1)))
    dataset = DATASETS.build(dataset_cfg)
    return pseudo_collate([dataset[i] for i in range(size)])


@pytest.mark.parametrize('path', SYNTH_CONFIGS)
def test_one_training_iteration_with_the_rows_recipe(path, tiny_synthetic_root):
    set_random_seed(0)  # the pipelines' crops draw from random and numpy
    MessageHub.get_current_instance().update_info('iter', 0)  # YOLOX's batch resize reads it
    cfg = Config.fromfile(osp.join(REPO, 'configs', path))
    model = MODELS.build(cfg.model)
    # as the runner does: without their own init (DINO's xavier layers and prior biases) the
    # rows' raw losses are large enough for one backward to overflow, and an infinite gradient
    # norm clipped to zero leaves every parameter as it was
    model.init_weights()
    model.train()
    optim_wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    before = [p.detach().clone() for p in model.parameters() if p.requires_grad]
    losses = model.train_step(tiny_train_batch(cfg, tiny_synthetic_root), optim_wrapper)
    total = sum(v for k, v in losses.items() if 'loss' in k)
    assert torch.isfinite(total) and total > 0
    after = [p for p in model.parameters() if p.requires_grad]
    assert all(torch.isfinite(p).all() for p in after)
    assert any(not torch.equal(b, a) for b, a in zip(before, after))


def test_the_ssd_rows_predict(tiny_synthetic_root):
    """MMDetection 3.3's SSDHead stops every prediction (mmdet#11780); the rows' head does not."""
    cfg = Config.fromfile(osp.join(REPO, 'configs', 'ssd/ssdlite_mobilenetv2_3e_synth.py'))
    model = MODELS.build(cfg.model).eval()
    dataset_cfg = cfg.test_dataloader.dataset
    dataset_cfg.update(data_root=tiny_synthetic_root,
                       synthetic=dict(asdict(TINY_SYNTHETIC), faces_per_image=(1, 1)))
    dataset = DATASETS.build(dataset_cfg)
    with torch.no_grad():
        results = model.test_step(pseudo_collate([dataset[0], dataset[1]]))
    assert len(results) == 2 and results[0].pred_instances.bboxes.shape[-1] == 4
