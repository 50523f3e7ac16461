"""mmfer's DEIM-N computes what DEIM's own code computes, on weights DEIM's code trained.

The reference (tests/data/deim_official/, see its README) holds the EMA weights of a DEIM-N
that DEIM trained for 3 epochs on a 7-class copy of the synthetic set (rounded to float16), one
test image, and the official model's outputs for both in eval mode.
"""
import pytest
import torch
from mmdet.structures import DetDataSample
from mmengine.config import Config

from mmfer.models.utils.deim_conversion import convert_deim_state_dict, fit_to_model
from mmfer.recipes.pretrained_weights import strip_pretrained_files
from mmfer.registry import MODELS
from mmfer.testing import match_queries
from tests.conftest import REPO

CONFIG = f'{REPO}/configs/deim/deim_hgnetv2-n_8e_synth.py'


@pytest.fixture(scope='module')
def reference(deim_trained):
    return torch.load(deim_trained, weights_only=True)


@pytest.fixture(scope='module')
def converted(reference):
    model_cfg = strip_pretrained_files(Config.fromfile(CONFIG).model)
    model_cfg.test_cfg = dict(max_per_img=300, clip_boxes=False)  # DEIM's post-processing
    model = MODELS.build(model_cfg).eval()
    result = convert_deim_state_dict(reference['state_dict'], num_classes=7)
    fit = fit_to_model(result['state'], model.state_dict(), strict=True)
    model.load_state_dict(fit['state'], strict=True)
    return model


def test_every_key_of_the_reference_is_mapped_or_dropped_with_a_reason(reference):
    state = reference['state_dict']
    result = convert_deim_state_dict(state, num_classes=7)
    assert len(result['mapped']) + len(result['dropped']) == len(state) == 674
    assert {k for k, _ in result['dropped']} == {
        'decoder.up', 'decoder.reg_scale', 'decoder.decoder.up', 'decoder.decoder.reg_scale',
        'decoder.anchors', 'decoder.valid_mask',
        *(f'decoder.decoder.layers.{i}.cross_attn.num_points_scale' for i in range(3))}
    assert all(reason for _, reason in result['dropped'])


def test_logits_and_boxes_match_the_official_model(converted, reference):
    with torch.no_grad():
        final = converted.bbox_head(converted.extract_feat(reference['image'])).decoder
    logits, boxes = final.logits[-1][0], final.boxes[-1][0]
    ref_logits, ref_boxes = reference['pred_logits'][0], reference['pred_boxes'][0]
    order = match_queries(boxes, logits, ref_boxes, ref_logits)
    assert (boxes[order] - ref_boxes).abs().max() <= 1e-4
    assert (logits[order] - ref_logits).abs().max() <= 1e-4
    # the outputs depend on the input: another image moves the logits far beyond the tolerance
    with torch.no_grad():
        other = converted.bbox_head(converted.extract_feat(reference['image'].flip(-1)))
    assert (other.decoder.logits[-1][0].sort(0).values - ref_logits.sort(0).values
            ).abs().max() > 1e-2


def test_post_processed_detections_match_the_official_ones(converted, reference):
    sample = DetDataSample(metainfo=dict(img_shape=(160, 160), ori_shape=(160, 160),
                                         scale_factor=(1.0, 1.0), batch_input_shape=(160, 160)))
    with torch.no_grad():
        pred = converted.predict(reference['image'], [sample])[0].pred_instances
    post = reference['post']
    assert len(pred) == len(post['scores']) == 300
    assert (pred.scores - post['scores']).abs().max() <= 1e-5
    # equal scores may come in another order: compare as sets of (label, box) per score
    ours = sorted(zip(pred.scores.tolist(), pred.labels.tolist(), pred.bboxes.tolist()))
    theirs = sorted(zip(post['scores'].tolist(), post['labels'].tolist(),
                        post['boxes'].tolist()))
    for (s1, l1, b1), (s2, l2, b2) in zip(ours, theirs):
        assert l1 == l2 and abs(s1 - s2) <= 1e-5
        assert max(abs(x - y) for x, y in zip(b1, b2)) <= 1e-2  # pixels (1e-4 normalised)


def test_backbone_weights_of_a_detector_checkpoint_give_the_official_backbone_maps(
        converted, reference, deim_trained):
    """``ebb_pretrained`` reads a DEIM checkpoint's ``backbone.*`` (HGNetv2's own layout); its
    maps equal those of the converted baseline, whose outputs equal DEIM's (tests above)."""
    from mmfer.models.backbones import DualBranchBackbone
    ebb = DualBranchBackbone('hgnetv2_b0', out_indices=(2, 3), with_lpb=False,
                             ebb_pretrained=deim_trained).eval()
    with torch.no_grad():
        for ours, theirs in zip(ebb(reference['image']), converted.backbone(reference['image'])):
            assert ours.shape == theirs.shape and torch.equal(ours, theirs)
