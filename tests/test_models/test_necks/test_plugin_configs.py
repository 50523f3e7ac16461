"""The neck dropped into stock MMDetection detectors: forward, loss, backward and predict."""
import os.path as osp

import pytest
import torch
from mmengine.config import Config

from mmfer.registry import MODELS
from mmfer.testing import fake_face_batch
from tests.conftest import REPO


@pytest.mark.parametrize('config', [
    'configs/plugins/retinanet_r18-dfpm-natten_12e_synth.py',
    'configs/plugins/faster-rcnn_r18-dfpm-natten_12e_synth.py',
])
def test_detector_with_the_neck_trains_and_predicts(config):
    cfg = Config.fromfile(osp.join(REPO, config))
    assert cfg.model.neck.type == 'DFPMNattenNeck'
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model.init_weights()
    data = model.data_preprocessor(fake_face_batch(batch=2, size=96), training=True)
    total, log_vars = model.parse_losses(model(**data, mode='loss'))
    assert torch.isfinite(total) and len(log_vars) > 1
    total.backward()
    assert model.neck.nat_blocks[0].attn.qkv.weight.grad is not None
    model.eval()
    with torch.no_grad():
        results = model(**model.data_preprocessor(fake_face_batch(batch=2, size=96)),
                        mode='predict')
    assert len(results) == 2 and results[0].pred_instances.bboxes.shape[-1] == 4
