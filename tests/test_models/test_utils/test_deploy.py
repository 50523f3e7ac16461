"""switch_to_deploy: every mmfer detector re-parameterised for inference computes what it
computed before (eval mode, to 1e-4), holds no BatchNorm, no two-branch RepVGG block and no
stride-1 nn.MaxPool2d (HGNetV2's stem pool becomes a SlicedMaxPool2d), keeps DEIM's
deploy-model parameter counts, and refuses to train afterwards."""
import glob
import os.path as osp

import pytest
import torch
from mmdet.structures import DetDataSample
from mmengine.config import Config
from torch import nn

from mmfer.models.layers import SlicedMaxPool2d
from mmfer.models.layers.elan import VGGBlock
from mmfer.models.utils import switch_to_deploy
from mmfer.models.utils.deim_conversion import convert_deim_state_dict, fit_to_model
from mmfer.recipes.pretrained_weights import strip_pretrained_files
from mmfer.registry import MODELS
from mmfer.testing import match_queries
from tests.conftest import REPO

BASES = sorted(osp.relpath(p, REPO) for p in glob.glob(f'{REPO}/configs/_base_/models/*.py'))

# DEIM's own `model.deploy()` models with 7 classes (DEIM at the commit `fetch` mirrors, each
# built in a fresh process: its YAMLConfig keeps state between models built in one process);
# `python benchmarks/latency.py --official DEIM_CHECKOUT` prints them
OFFICIAL_DEPLOY_PARAMS = {'deim_hgnetv2_n': 3_725_621, 'deim_hgnetv2_s': 10_181_281}


def with_random_statistics(model: nn.Module) -> nn.Module:
    """BatchNorms with statistics and affine parameters far from the identity, so that folding
    them changes the weights."""
    gen = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                for t, (low, high) in ((m.running_mean, (-0.5, 0.5)), (m.running_var, (0.5, 2)),
                                       (m.weight, (0.5, 1.5)), (m.bias, (-0.2, 0.2))):
                    t.copy_(low + (high - low) * torch.rand(t.shape, generator=gen))
    return model


def random_model(base: str) -> nn.Module:
    torch.manual_seed(0)
    model = MODELS.build(strip_pretrained_files(Config.fromfile(f'{REPO}/{base}').model))
    model.init_weights()
    return with_random_statistics(model).eval()


def outputs(model, x):
    """Features, final logits (Q, C) and boxes (Q, 4) of image ``x``, with every memory token
    a query: no top-k boundary for float rounding to move a query across."""
    feats = model.extract_feat(x)
    model.bbox_head.transformer.num_queries = sum(f.shape[-2] * f.shape[-1] for f in feats)
    final = model.bbox_head(feats).decoder
    return feats, final.logits[-1][0], final.boxes[-1][0]


def test_a_fused_vgg_block_computes_the_two_branches():
    block = with_random_statistics(VGGBlock(8, 16)).eval()
    x = torch.randn(2, 8, 10, 10)
    with torch.no_grad():
        expected = block(x)
        block.switch_to_deploy()
        fused = block(x)
    assert not hasattr(block, 'conv1') and block.conv.kernel_size == (3, 3)
    assert (fused - expected).abs().max() <= 1e-5
    assert (fused - block.act(expected)).abs().max() > 1e-2  # an act on top would show


@pytest.mark.parametrize('base', BASES, ids=osp.basename)
def test_deploy_keeps_the_outputs(base):
    model = random_model(base)
    x = torch.rand(1, 3, 128, 128)
    with torch.no_grad():
        feats, logits, boxes = outputs(model, x)
        trained_form = sum(p.numel() for p in model.parameters())
        model.switch_to_deploy()
        once = {k: v.clone() for k, v in model.state_dict().items()}
        switch_to_deploy(model)  # idempotent
        assert once.keys() == model.state_dict().keys()
        assert all(torch.equal(v, model.state_dict()[k]) for k, v in once.items())
        deployed_feats, deployed_logits, deployed_boxes = outputs(model, x)
    for before, after in zip(feats, deployed_feats):
        assert (after - before).abs().max() <= 1e-4 * max(1.0, before.abs().max().item())
    order = match_queries(deployed_boxes, deployed_logits, boxes, logits)
    assert (deployed_logits[order] - logits).abs().max() <= 1e-4
    assert (deployed_boxes[order] - boxes).abs().max() <= 1e-4
    assert not any(isinstance(m, nn.BatchNorm2d) for m in model.modules())
    assert not any(hasattr(m, 'conv1') for m in model.modules() if isinstance(m, VGGBlock))
    assert not any(SlicedMaxPool2d.replaces(m) for m in model.modules())
    assert any(isinstance(m, SlicedMaxPool2d) for m in model.modules())
    assert sum(p.numel() for p in model.parameters()) < trained_form
    convs = [m.weight for m in model.modules() if isinstance(m, nn.Conv2d)]
    assert convs and all(w.is_contiguous(memory_format=torch.channels_last) for w in convs)
    assert any(not w.is_contiguous() for w in convs)  # stored channels-last, not just allowed


@pytest.mark.parametrize('name', sorted(OFFICIAL_DEPLOY_PARAMS))
def test_deployed_deim_has_the_official_deploy_models_parameter_count(name):
    model = random_model(f'configs/_base_/models/{name}.py')
    model.switch_to_deploy()
    params = sum(p.numel() for p in model.parameters())
    assert abs(params / OFFICIAL_DEPLOY_PARAMS[name] - 1) <= 0.01


def test_a_deployed_model_refuses_to_train():
    model = random_model('configs/_base_/models/deim_hgnetv2_n.py')
    model.switch_to_deploy()
    with pytest.raises(RuntimeError, match='switched to deploy.*inference only'):
        model.train()


def test_trained_deim_detects_the_same_after_deploy(deim_trained):
    """On weights DEIM trained, the post-processed detections (boxes, scores, labels) stay."""
    reference = torch.load(deim_trained, weights_only=True)
    cfg = strip_pretrained_files(
        Config.fromfile(f'{REPO}/configs/deim/deim_hgnetv2-n_8e_synth.py').model)
    model = MODELS.build(cfg).eval()
    state = convert_deim_state_dict(reference['state_dict'], num_classes=7)['state']
    model.load_state_dict(fit_to_model(state, model.state_dict(), strict=True)['state'])
    sample = DetDataSample(metainfo=dict(img_shape=(160, 160), ori_shape=(160, 160),
                                         scale_factor=(1.0, 1.0), batch_input_shape=(160, 160)))
    with torch.no_grad():
        before = model.predict(reference['image'], [sample])[0].pred_instances
        model.switch_to_deploy()
        after = model.predict(reference['image'], [sample])[0].pred_instances
    assert before.scores[0] > 0.1  # ten times the class prior: a detection, not an untrained guess
    assert (after.scores - before.scores).abs().max() <= 1e-4
    assert (after.bboxes - before.bboxes).abs().max() <= 1e-2  # pixels of a 160 px image
    assert torch.equal(after.labels, before.labels)


def test_a_stock_detector_keeps_its_layout_and_predicts_after_deploy():
    """Channels-last weights only for DEIM-style detectors: MMDetection's CenterNet head
    ``view``s its convolutions' outputs, which a channels-last map refuses."""
    model = MODELS.build(strip_pretrained_files(
        Config.fromfile(f'{REPO}/configs/centernet/centernet_r18_3e_synth.py').model)).eval()
    switch_to_deploy(model)
    assert all(m.weight.is_contiguous() for m in model.modules() if isinstance(m, nn.Conv2d))
    sample = DetDataSample(metainfo=dict(img_shape=(96, 96), ori_shape=(96, 96),
                                         scale_factor=(1.0, 1.0), batch_input_shape=(96, 96),
                                         border=(0, 96, 0, 96)))
    with torch.no_grad():
        (result,) = model(torch.rand(1, 3, 96, 96), [sample], mode='predict')
    assert result.pred_instances.bboxes.shape[-1] == 4
