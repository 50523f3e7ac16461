"""Training under autocast: the matching costs and losses are computed in float32, so confident
class logits (where fp16's log(1 - p) is -inf and scipy's matcher stops) train in fp16 and bf16.

CPU autocast stands in for the GPU's: the same ops run in the low precision on both."""
import os.path as osp

import pytest
import torch
from mmengine.config import Config

from mmfer.registry import MODELS
from mmfer.testing.fake_data import fake_face_batch
from tests.conftest import REPO

# each at the smallest input whose feature maps hold the 300 queries' memory tokens
CONFIGS = {'configs/deim/deim_hgnetv2-n_72e_rafdb-320.py': 256,
           'configs/natten_deim/natten-deim_hgnetv2-n_72e_rafdb-320.py': 128}


def confident_model(config, bias=12.0):
    cfg = Config.fromfile(osp.join(REPO, config))
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model.init_weights()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if 'cls_head' in name and name.endswith('bias'):
                p.fill_(bias)  # every class scored p = sigmoid(12) = 0.999994
    return model


@pytest.mark.parametrize('dtype', [torch.float16, torch.bfloat16], ids=str)
@pytest.mark.parametrize('config', CONFIGS, ids=osp.basename)
def test_confident_logits_train_under_autocast(config, dtype):
    model = confident_model(config)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    data = model.data_preprocessor(fake_face_batch(2, CONFIGS[config], seed=1), True)
    with torch.autocast('cpu', dtype=dtype):
        losses = model(**data, mode='loss')
    assert all(torch.isfinite(v).all() for v in losses.values()), \
        {k: float(v) for k, v in losses.items() if not torch.isfinite(v).all()}
    assert all(v.dtype == torch.float32 for v in losses.values())
    before = [p.detach().clone() for p in model.parameters()]
    optimizer.zero_grad()
    sum(losses.values()).backward()
    optimizer.step()
    params = list(model.parameters())
    assert all(torch.isfinite(p).all() for p in params)
    assert any(not torch.equal(p, b) for p, b in zip(params, before))


def test_the_fp16_matching_cost_that_this_guards_against_is_infinite():
    # what the head's float32 cast prevents: MMDetection's FocalLossCost on fp16 logits
    p = torch.tensor([12.0], dtype=torch.float16).sigmoid()
    assert torch.isinf((1 - p + 1e-12).log()).all()
    assert torch.isfinite((1 - p.float() + 1e-12).log()).all()
