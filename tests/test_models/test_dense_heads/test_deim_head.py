"""DEIMHead: loss terms, empty images, border boxes, bad configs, predictions, NaN guard."""
import pytest
import torch

from mmfer.registry import MODELS
from mmfer.testing.fake_data import fake_face_batch

ASSIGNER = dict(type='HungarianAssigner', match_costs=[
    dict(type='FocalLossCost', weight=2.0),
    dict(type='BBoxL1Cost', weight=5.0, box_format='xywh'),
    dict(type='IoUCost', iou_mode='giou', weight=2.0)])


def small_deim(num_layers=2, num_dn_queries=10, **head):
    """A small DEIM on ResNet-18 + FPN: the head as a plug-in for stock mmdet parts."""
    cfg = dict(
        type='DEIM',
        data_preprocessor=dict(type='DetDataPreprocessor', mean=[0, 0, 0], std=[255, 255, 255],
                               pad_size_divisor=32),
        backbone=dict(type='mmdet.ResNet', depth=18, num_stages=4, out_indices=(1, 2, 3),
                      norm_cfg=dict(type='BN')),
        neck=dict(type='mmdet.FPN', in_channels=[128, 256, 512], out_channels=32, num_outs=3),
        bbox_head=dict(type='DEIMHead', num_classes=7, num_queries=20,
                       transformer=dict(in_channels=[32, 32, 32], embed_dims=32, num_heads=4,
                                        num_layers=num_layers, num_points=[2, 2, 2],
                                        feedforward_channels=64),
                       dn_cfg=dict(num_dn_queries=num_dn_queries), **head),
        train_cfg=dict(assigner=ASSIGNER),
        test_cfg=dict(max_per_img=10))
    torch.manual_seed(0)
    model = MODELS.build(cfg)
    model.init_weights()
    return model


def losses_of(model, batch):
    data = model.data_preprocessor(batch, True)
    return model(**data, mode='loss')


def test_every_output_has_its_loss_terms():
    losses = losses_of(small_deim(num_layers=3), fake_face_batch(2, 96, faces_per_image=2))
    final = {'loss_cls', 'loss_bbox', 'loss_iou', 'loss_fgl'}
    aux = final | {'loss_ddf'}
    expected = set(final) | {f'd{i}.{k}' for i in range(2) for k in aux}
    expected |= {f'{p}.{k}' for p in ('pre', 'enc', 'dn.pre') for k in
                 ('loss_cls', 'loss_bbox', 'loss_iou')}
    expected |= {f'dn.{k}' for k in final} | {f'dn.d{i}.{k}' for i in range(2) for k in aux}
    assert set(losses) == expected and len(losses) == 37  # DEIM-N's 37 terms
    assert all(torch.isfinite(v) for v in losses.values())


def test_denoising_ddf_weighs_by_the_matching_branchs_counts(monkeypatch):
    """As DEIM's criterion: dn outputs reuse the last aux layer's matched/unmatched counts."""
    model = small_deim(num_layers=3)
    calls = []
    ddf = model.bbox_head.loss_ddf
    forward = ddf.forward

    def recording(*args, counts=None):
        calls.append(counts)
        return forward(*args, counts=counts)

    monkeypatch.setattr(ddf, 'forward', recording)
    losses_of(model, fake_face_batch(2, 96, faces_per_image=2))
    assert calls[:2] == [None, None]  # d0, d1 use their own masks
    matched, unmatched = calls[2]
    assert calls[2] == calls[3] and matched >= 4 and matched + unmatched == 2 * 20


@pytest.mark.parametrize('faces', [0, 'mixed'])
def test_images_without_faces_give_finite_losses_and_gradients(faces):
    model = small_deim()
    batch = fake_face_batch(2, 64, faces_per_image=0 if faces == 0 else 1)
    if faces == 'mixed':
        empty = fake_face_batch(1, 64, faces_per_image=0, seed=5)
        batch['inputs'][1] = empty['inputs'][0]
        batch['data_samples'][1] = empty['data_samples'][0]
    losses = losses_of(model, batch)
    assert all(torch.isfinite(v) for v in losses.values())
    assert any(k.startswith('dn.') for k in losses) == (faces == 'mixed')
    sum(losses.values()).backward()
    grads = [p.grad for p in model.parameters() if p.grad is not None]
    assert grads and all(torch.isfinite(g).all() for g in grads)


def test_boxes_at_the_image_border():
    batch = fake_face_batch(2, 64)
    batch['data_samples'][0].gt_instances.bboxes = torch.tensor([[0.0, 0.0, 64.0, 30.0]])
    batch['data_samples'][1].gt_instances.bboxes = torch.tensor([[50.0, 10.0, 64.0, 64.0]])
    losses = losses_of(small_deim(), batch)
    assert all(torch.isfinite(v) for v in losses.values())


def test_labels_beyond_num_classes_fail_clearly():
    batch = fake_face_batch(2, 64)
    batch['data_samples'][1].gt_instances.labels = torch.tensor([8])
    batch['data_samples'][1].set_metainfo(dict(img_path='faces/b.jpg'))
    with pytest.raises(ValueError, match=r'num_classes=7 .*faces/b.jpg.* label 8'):
        losses_of(small_deim(), batch)


def test_non_finite_target_boxes_fail_clearly():
    batch = fake_face_batch(2, 64)
    batch['data_samples'][0].gt_instances.bboxes[0, 2] = float('nan')
    with pytest.raises(ValueError, match='non-finite ground-truth box'):
        losses_of(small_deim(), batch)


def test_too_many_queries_for_the_input_fail_clearly():
    model = small_deim()
    model.bbox_head.transformer.num_queries = 500
    with pytest.raises(ValueError, match='num_queries=500 exceeds the 84 memory tokens'):
        losses_of(model, fake_face_batch(1, 64))


def test_num_points_must_match_the_levels():
    with pytest.raises(ValueError, match='one entry per input level'):
        MODELS.build(dict(type='DEIMHead', transformer=dict(in_channels=[32, 32],
                                                            num_points=[3, 6, 3])))


def test_predictions_lie_in_the_image_with_scores_in_0_1_and_known_labels():
    model = small_deim().eval()
    batch = fake_face_batch(2, 96)
    batch['data_samples'][1].set_metainfo(dict(scale_factor=(0.5, 0.5), ori_shape=(192, 192)))
    with torch.no_grad():
        results = model(**model.data_preprocessor(batch, False), mode='predict')
    for result, limit in zip(results, (96, 192)):
        pred = result.pred_instances
        assert len(pred) == 10
        assert (pred.bboxes >= 0).all() and (pred.bboxes <= limit).all()
        assert ((pred.scores >= 0) & (pred.scores <= 1)).all()
        assert ((pred.labels >= 0) & (pred.labels < 7)).all()


def test_a_diverged_box_becomes_the_documented_centre_box_and_nothing_else_changes():
    """A non-finite box coordinate becomes 0.5 (normalised): cx = cy = w = h = 0.5, the
    image's centre quarter; finite boxes and every logit are left as they are."""
    model = small_deim().eval()
    data = model.data_preprocessor(fake_face_batch(1, 64), False)
    head = model.bbox_head
    with torch.no_grad():
        feats = model.extract_feat(data['inputs'])
        healthy = head(feats).decoder
        # queries whose last box layer outputs NaN: every edge distribution is NaN
        reg = head.transformer.decoder.reg_heads[-1].layers[-1]
        reg.bias[:33] = float('nan')  # the left edge's 33 bins of every query
        broken = head(feats).decoder
    boxes = broken.boxes[-1][0]
    assert torch.isfinite(boxes).all()
    # the left edge is NaN: x1 and so cx and w were NaN and became 0.5; cy and h were not
    assert torch.equal(boxes[:, 0], torch.full_like(boxes[:, 0], 0.5))
    assert torch.equal(boxes[:, 2], torch.full_like(boxes[:, 2], 0.5))
    assert torch.allclose(boxes[:, [1, 3]], healthy.boxes[-1][0][:, [1, 3]], atol=1e-6)
    # logits do not read the box, but the LQE reads the (NaN) distributions: they are NaN,
    # as DEIM's are; predictions then score NaN rather than invent a value
    assert torch.isnan(broken.logits[-1]).all() and torch.isfinite(healthy.logits[-1]).all()
