"""DEIM's augmentations as mmfer transforms: Mosaic with its affine on mosaics only, zoom-out
and IoU crop skipped for mosaics."""
import random

import numpy as np
import pytest
from mmdet.structures.bbox import HorizontalBoxes

from mmfer.datasets.transforms import IoUCrop, MosaicAffine, ZoomOut


def sample(seed=0, size=80):
    rng = np.random.default_rng(seed)
    box = np.array([[20.0, 15.0, 60.0, 70.0]], dtype=np.float32)
    return dict(img=rng.integers(0, 255, (size, size, 3), dtype=np.uint8),
                img_shape=(size, size), gt_bboxes=HorizontalBoxes(box),
                gt_bboxes_labels=np.array([seed % 7]), gt_ignore_flags=np.array([False]))


def with_mix(results):
    results['mix_results'] = [sample(i + 1) for i in range(3)]
    return results


def test_mosaic_combines_four_images_and_marks_the_result():
    random.seed(0)
    np.random.seed(0)
    out = MosaicAffine(img_scale=(80, 80), prob=1.0, max_rotate_degree=0,
                       scaling_ratio_range=(1, 1), max_translate_ratio=0)(with_mix(sample()))
    assert out['mosaic'] is True and out['img'].shape[:2] == (160, 160)
    assert 2 <= len(out['gt_bboxes']) <= 4  # the centre's crop may cut some faces off
    assert set(out['gt_bboxes_labels'].tolist()) <= {0, 1, 2, 3}


def test_no_mosaic_leaves_the_image_untouched_and_drops_the_other_images():
    original = sample()
    out = MosaicAffine(img_scale=(80, 80), prob=0.0)(with_mix(sample()))
    assert out['mosaic'] is False and 'mix_results' not in out
    assert np.array_equal(out['img'], original['img'])
    assert np.array_equal(out['gt_bboxes'].tensor.numpy(), original['gt_bboxes'].tensor.numpy())


@pytest.mark.parametrize('transform', [ZoomOut(prob=1.0), IoUCrop(prob=1.0)])
def test_zoom_out_and_iou_crop_skip_mosaics(transform):
    results = sample()
    results['mosaic'] = True
    out = transform(results)
    assert out['img'].shape == (80, 80, 3)
    assert np.array_equal(out['gt_bboxes'].tensor.numpy(), sample()['gt_bboxes'].tensor.numpy())


def test_zoom_out_puts_the_image_on_a_larger_canvas_and_moves_the_box_with_it():
    np.random.seed(1)
    results = sample()
    out = ZoomOut(prob=1.0, ratio_range=(2, 2))(results)
    assert out['img'].shape == (160, 160, 3)
    box = out['gt_bboxes'].tensor.numpy()[0]
    x, y = int(box[0]) - 20, int(box[1]) - 15  # where the original image was placed
    assert np.array_equal(out['img'][y:y + 80, x:x + 80], sample()['img'])
    assert np.allclose(box[2:] - box[:2], [40, 55])


def test_iou_crop_keeps_boxes_inside_the_crop():
    np.random.seed(3)
    for seed in range(10):
        out = IoUCrop(prob=1.0)(sample(seed))
        h, w = out['img'].shape[:2]
        boxes = out['gt_bboxes'].tensor.numpy()
        assert len(boxes) == 1 and (boxes >= 0).all()
        assert (boxes[:, 2] <= w).all() and (boxes[:, 3] <= h).all()
